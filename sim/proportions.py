"""Binomial proportions: Wilson's (1927) score interval.

E. B. Wilson, "Probable inference, the law of succession, and statistical
inference", JASA 22 (1927) 209-212. For k successes in n trials, p = k / n and
z the normal quantile, the interval is
(p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n); unlike p +- z se it
stays inside [0, 1] and is not empty at k = 0 or k = n. ``k`` may be a weighted
count (a lottery's outcomes count their probabilities).
"""

from __future__ import annotations

import math

#: z of the two-sided 95 % normal quantile, Phi^-1(0.975) to double precision;
#: the one z of every 95 % interval in the package.
Z95 = 1.959963984540054


def wilson(k: float, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval for a binomial proportion k / n (95 % by default);
    (0, 1) when n = 0.

    >>> [round(x, 4) for x in wilson(0, 10)]
    [0.0, 0.2775]
    >>> [round(x, 4) for x in wilson(50, 100)]
    [0.4038, 0.5962]
    """
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(max(0.0, p * (1 - p)) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # at k = 0 and k = n the bounds are 0 and 1 exactly (the float sum may miss by an ulp)
    return (0.0 if k <= 0 else max(0.0, centre - half)), (1.0 if k >= n else min(1.0, centre + half))
