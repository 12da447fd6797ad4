"""Uncertain numbers: a distribution may stand wherever the scenario format takes a number.

``{uniform: [a, b]}``, ``{normal: [mean, sd]}``, ``{triangular: [low, mode, high]}``
and ``{beta: [a, b]}`` (SPEC section 2). :func:`extract` finds them in a raw
document, replaces each with its central value (the mean, clipped to the field's
valid range) and returns them by dotted path, so that the solver only ever sees
numbers and :mod:`sim.sweep` can draw variants by substituting values at paths.
"""

from __future__ import annotations

import copy
import fnmatch
import functools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .docpaths import set_at, walk
from .errors import Problem, did_you_mean

INF = math.inf
#: Largest magnitude of a number in a scenario, a distribution's parameters included:
#: SPEC section 3 rounds utilities to 9 decimals, which overflows near 1e299 and is
#: meaningless far below that.
MAX_MAGNITUDE = 1e15


@dataclass(frozen=True)
class Bounds:
    """Valid range of a numeric field; ``open_lo``/``open_hi`` exclude the end."""

    lo: float = -INF
    hi: float = INF
    open_lo: bool = False
    open_hi: bool = False

    def clip(self, x: np.ndarray | float) -> np.ndarray | float:
        lo = math.nextafter(self.lo, INF) if self.open_lo else self.lo
        hi = math.nextafter(self.hi, -INF) if self.open_hi else self.hi
        return np.clip(x, lo, hi)

    def contains(self, x: float) -> bool:
        above = x > self.lo if self.open_lo else x >= self.lo
        below = x < self.hi if self.open_hi else x <= self.hi
        return above and below

    def describe(self) -> str:
        lo = "(" if self.open_lo else "["
        hi = ")" if self.open_hi else "]"
        fmt = lambda v: "inf" if v == INF else ("-inf" if v == -INF else f"{v:g}")
        return f"{lo}{fmt(self.lo)}, {fmt(self.hi)}{hi}"


NONNEG = Bounds(0.0)
UNIT = Bounds(0.0, 1.0)
REAL = Bounds()

#: Where a condition stands (red lines, interaction triggers, pressure demands).
CONDITION_PATHS = ("parties.*.red_lines.*", "parties.*.interactions.*.when", "pressures.*.demand")
#: The threshold keys of a condition on a continuous issue.
THRESHOLDS = ("below", "above", "at_most", "at_least")

#: Numeric fields of a scenario (dotted-path patterns, ``*`` = one segment) and
#: their valid ranges, first match wins. This is the one table of where numbers
#: stand (and so where a distribution may stand instead). Value shapes of
#: continuous issues (``ideal``, ``position``, ``points``) and lottery outcomes are checked
#: against the issue's range by the scenario check instead. Lottery
#: probabilities are not in the table: they must sum to 1, which a draw of
#: independent distributions would break. Whole-number settings
#: (``at_round``, ``solve.resolution``, ``solve.max_outcomes``) are not either.
NUMERIC_FIELDS: dict[str, Bounds] = {
    "issues.*.range.*": REAL,
    "parties.*.weights.*": NONNEG,
    "parties.*.values.*.power": Bounds(0.0, open_lo=True),
    "parties.*.values.*.ideal": REAL,
    "parties.*.values.*.position": REAL,
    "parties.*.values.*.points.*.0": REAL,
    "parties.*.values.*.points.*.1": UNIT,
    "parties.*.values.*.*": UNIT,
    "parties.*.disagreement": REAL,
    "parties.*.disagreement.cost": NONNEG,
    "parties.*.disagreement.lottery.*.outcome.*": REAL,
    "parties.*.bargaining_power": Bounds(0.0, open_lo=True),
    "parties.*.discount": Bounds(0.0, 1.0, open_lo=True),
    "parties.*.interactions.*.bonus": REAL,
    "pressures.*.penalty": NONNEG,
    "pressures.*.reward": NONNEG,
    "pressures.*.compliance_cost": NONNEG,
    "pressures.*.cost.*": NONNEG,
    "pressures.*.backing_down_cost.*": NONNEG,
    "pressures.*.credibility": UNIT,
    "breakdown": Bounds(0.0, 1.0, open_hi=True),
    "agreement.votes.*": NONNEG,
    "agreement.threshold": NONNEG,
    "games.*.payoffs.*.*.*": REAL,
    **{f"{where}.*.{key}": REAL for where in CONDITION_PATHS for key in THRESHOLDS},
}


def is_finite_number(value: Any) -> bool:
    """A number (not a boolean) that is finite as a float; an integer too large for a
    float (``10**400``) is not.

    >>> is_finite_number(1e308), is_finite_number(10**400), is_finite_number(True)
    (True, False, False)
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


@functools.lru_cache(maxsize=4096)
def bounds_of(path: str) -> Bounds | None:
    """Valid range of the numeric field at ``path``, or ``None`` if no number stands there."""
    parts = path.split(".")
    for pattern, bounds in NUMERIC_FIELDS.items():
        pat = pattern.split(".")
        if len(pat) == len(parts) and all(fnmatch.fnmatchcase(s, p) for s, p in zip(parts, pat)):
            return bounds
    return None


@dataclass(frozen=True)
class Distribution:
    """A named distribution with its parameters, e.g. ``uniform(2, 6)``."""

    kind: str
    params: tuple[float, ...]

    def mean(self) -> float:
        p = self.params
        if self.kind == "uniform":
            return (p[0] + p[1]) / 2
        if self.kind == "normal":
            return p[0]
        if self.kind == "triangular":
            return (p[0] + p[1] + p[2]) / 3
        return p[0] / (p[0] + p[1])  # beta

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        p = self.params
        if self.kind == "uniform":
            return rng.uniform(p[0], p[1], n)
        if self.kind == "normal":
            return rng.normal(p[0], p[1], n)
        if self.kind == "triangular":
            if p[0] == p[2]:
                return np.full(n, p[0])
            return rng.triangular(p[0], p[1], p[2], n)
        return rng.beta(p[0], p[1], n)

    def ppf(self, q: np.ndarray) -> np.ndarray:
        """Quantile function (for Sobol and Morris samples on the unit cube)."""
        from scipy import stats

        p = self.params
        if self.kind == "uniform":
            return p[0] + q * (p[1] - p[0])
        if self.kind == "normal":
            return stats.norm.ppf(q, p[0], p[1]) if p[1] > 0 else np.full_like(q, p[0])
        if self.kind == "triangular":
            if p[0] == p[2]:
                return np.full_like(q, p[0])
            c = (p[1] - p[0]) / (p[2] - p[0])
            return stats.triang.ppf(q, c, loc=p[0], scale=p[2] - p[0])
        return stats.beta.ppf(q, p[0], p[1])

    def describe(self) -> str:
        return f"{self.kind}({', '.join(f'{v:g}' for v in self.params)})"


#: Distribution name -> (number of parameters, check returning a problem or None).
DISTRIBUTIONS: dict[str, tuple[int, Any]] = {
    "uniform": (2, lambda p: None if p[0] <= p[1] else "needs a <= b"),
    "normal": (2, lambda p: None if p[1] >= 0 else "needs sd >= 0"),
    "triangular": (3, lambda p: None if p[0] <= p[1] <= p[2] else "needs low <= mode <= high"),
    "beta": (2, lambda p: None if p[0] > 0 and p[1] > 0 else "needs a > 0 and b > 0"),
}


def is_distribution(node: Any) -> bool:
    """A mapping with exactly one key naming a distribution."""
    return isinstance(node, dict) and len(node) == 1 and next(iter(node)) in DISTRIBUTIONS


def misspelt_distribution(node: Any) -> str | None:
    """What is wrong with a one-key mapping whose key is close to a distribution's
    name (``{unifrom: [0, 1]}``), or None."""
    if not isinstance(node, dict) or len(node) != 1 or is_distribution(node):
        return None
    hint = did_you_mean(next(iter(node)), DISTRIBUTIONS)
    return f"unknown distribution {str(next(iter(node)))!r}{hint}" if hint else None


def parse_distribution(node: dict[str, Any]) -> Distribution | str:
    """The :class:`Distribution` of ``node``, or a message saying what is wrong."""
    (kind, params), = node.items()
    arity, check = DISTRIBUTIONS[kind]
    if (
        not isinstance(params, list)
        or len(params) != arity
        or not all(is_finite_number(v) for v in params)
    ):
        return f"{kind} takes a list of {arity} numbers"
    vals = tuple(float(v) for v in params)
    problem = check(vals)
    if problem is None and max(map(abs, vals)) > MAX_MAGNITUDE:
        problem = (f"a parameter is too large: numbers in a scenario lie within "
                   f"+-{MAX_MAGNITUDE:g} (rescale the unit)")
    if problem is None and not math.isfinite(Distribution(kind, vals).mean()):
        problem = "its mean is not a finite number"
    return f"{kind}{list(vals)}: {problem}" if problem else Distribution(kind, vals)


def extract(doc: Any) -> tuple[Any, dict[str, Distribution], list[Problem]]:
    """Replace every distribution at a numeric field by its central value.

    Returns the document with numbers only (a deep copy when anything was
    replaced), the distributions by dotted path, and the problems found.
    """
    found: list[tuple[tuple[Any, ...], dict[str, Any]]] = []
    problems: list[Problem] = []
    for path, node in walk(doc):
        if not path or bounds_of(".".join(map(str, path))) is None:
            continue
        if is_distribution(node):
            found.append((path, node))
        elif (misspelt := misspelt_distribution(node)) is not None:
            problems.append(Problem(".".join(map(str, path)), misspelt))
    if not found:
        return doc, {}, problems
    doc = copy.deepcopy(doc)
    dists: dict[str, Distribution] = {}
    for path, node in found:
        dotted = ".".join(map(str, path))
        dist = parse_distribution(node)
        if isinstance(dist, str):
            problems.append(Problem(dotted, dist))
            continue
        bounds = bounds_of(dotted)
        assert bounds is not None
        dists[dotted] = dist
        set_at(doc, path, float(bounds.clip(dist.mean())))
    return doc, dists, problems
