"""Numbers and issue values for a reader: the words every text renderer shares.

An issue's value (an option as it is, a real value to :data:`PRINTED_PRECISION`
of its range with the issue's unit) and a count (exact with separators, or to 4
digits past :data:`SCIENTIFIC_FROM`). The JSON report keeps full precision
(SPEC section 5); these are for the terminal, the explanation's sentences and
the dynamics' trace. A leaf: it imports only the scenario's types, so that any
renderer (``sim.report``, ``sim.explain``, ``sim.dynamics``) may use it.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from .scenario import Issue

#: Continuous values are printed to this share of their range: SPEC section 3
#: determines continuous outcomes to 1e-3 only (the JSON keeps 9 decimals).
PRINTED_PRECISION = 1e-3

#: Counts from this size on are printed as 1.235e+15 (the JSON report keeps them exact).
SCIENTIFIC_FROM = 10 ** 15


def value_text(issue: Issue, value: Any) -> str:
    """An issue's value for a reader: an option as it is; a real value to 1e-3 of
    its range, with the issue's unit.

    >>> value_text(Issue("tariff", lo=0, hi=25, unit="percent"), 11.081728746)
    '11.08 percent'
    >>> value_text(Issue("relief", lo=0, hi=1), 0.4), value_text(Issue("a", ("x",)), "x")
    ('0.400', 'x')
    """
    if issue.options is not None:
        return str(value)
    assert issue.lo is not None and issue.hi is not None  # a real-valued issue has a range
    step = (issue.hi - issue.lo) * PRINTED_PRECISION
    digits = max(0, math.ceil(-math.log10(step))) if step > 0 else 9
    text = f"{value:.{min(digits, 9)}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")  # no "-0.000"
    return f"{text} {issue.unit}" if issue.unit else text


def count_text(n: int) -> str:
    """A count for the terminal: exact with separators, or to 4 digits past 1e15
    (any size: no conversion to float).

    >>> count_text(174960), count_text(10 ** 100)
    ('174,960', '1.000e+100')
    """
    return f"{n:,}" if n < SCIENTIFIC_FROM else format(Decimal(n), ".3e").replace("E", "e")
