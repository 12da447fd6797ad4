"""Value shapes: how a party values each option or point of one issue, in [0, 1].

SPEC section 2. A discrete issue takes a mapping option -> value or a ranking;
a continuous issue on [lo, hi], with t = (x - lo) / (hi - lo), takes
``increasing`` (t), ``decreasing`` (1 - t), ``{ideal: x0}``, ``{power: e,
direction: ...}`` (t^e or (1 - t)^e), ``{points: [[x, v], ...]}`` (piecewise
linear, flat outside) or the spatial ``{position: x0, loss: linear|quadratic}``
of SPEC section 13 (1 - |x - x0| / (hi - lo), or its square: one slope for
every party on a common scale). Each shape is a small class with a vectorised
``__call__`` and is registered by name in :data:`CONTINUOUS_SHAPES`, so a new
shape is one class and one registry entry.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .distributions import is_finite_number
from .errors import describe_value, did_you_mean, kind_of, listing, unknown


@dataclass(frozen=True)
class Table:
    """Discrete issue: the value of each option, in option order."""

    values: tuple[float, ...]

    def __call__(self, option_index: np.ndarray) -> np.ndarray:
        return np.asarray(self.values, dtype=float)[option_index]

    @property
    def best(self) -> float:
        return max(self.values)


@dataclass(frozen=True)
class Linear:
    """``increasing`` (t) or ``decreasing`` (1 - t) on [lo, hi]."""

    lo: float
    hi: float
    increasing: bool = True

    def __call__(self, x: np.ndarray) -> np.ndarray:
        t = (np.asarray(x, dtype=float) - self.lo) / (self.hi - self.lo)
        return t if self.increasing else 1.0 - t

    best = 1.0


@dataclass(frozen=True)
class Ideal:
    """1 at x0, falling linearly to 0 at the farther end of [lo, hi]."""

    lo: float
    hi: float
    x0: float

    def __call__(self, x: np.ndarray) -> np.ndarray:
        span = max(self.x0 - self.lo, self.hi - self.x0)
        return 1.0 - np.abs(np.asarray(x, dtype=float) - self.x0) / span

    best = 1.0


@dataclass(frozen=True)
class Power:
    """t^e (increasing) or (1 - t)^e (decreasing), e > 0."""

    lo: float
    hi: float
    exponent: float
    increasing: bool = True

    def __call__(self, x: np.ndarray) -> np.ndarray:
        t = np.clip((np.asarray(x, dtype=float) - self.lo) / (self.hi - self.lo), 0.0, 1.0)
        return np.power(t if self.increasing else 1.0 - t, self.exponent)

    best = 1.0


@dataclass(frozen=True)
class Points:
    """Piecewise linear through (x, v) points, flat outside them."""

    xs: tuple[float, ...]
    vs: tuple[float, ...]

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return np.interp(np.asarray(x, dtype=float), self.xs, self.vs)

    @property
    def best(self) -> float:
        return max(self.vs)


@dataclass(frozen=True)
class Position:
    """A spatial ideal point (SPEC section 13): with z = |x - x0| / (hi - lo),
    1 - z (``linear`` loss) or 1 - z^2 (``quadratic``). Unlike :class:`Ideal`,
    the slope is the range's, the same for every party, so that positions and
    saliences on a common scale (the DEU convention, Thomson et al. 2006) keep
    their meaning across parties.

    >>> Position(0, 100, 40, quadratic=True)(np.array([40.0, 90.0, 0.0]))
    array([1.  , 0.75, 0.84])
    """

    lo: float
    hi: float
    x0: float
    quadratic: bool = False

    def __call__(self, x: np.ndarray) -> np.ndarray:
        z = np.abs(np.asarray(x, dtype=float) - self.x0) / (self.hi - self.lo)
        return 1.0 - (z * z if self.quadratic else z)

    best = 1.0


ValueShape = Table | Linear | Ideal | Power | Points | Position


_num = is_finite_number


def _linear(spec: Any, lo: float, hi: float) -> ValueShape | str:
    if spec == "increasing":
        return Linear(lo, hi, True)
    return Linear(lo, hi, False)


def _ideal(spec: dict[str, Any], lo: float, hi: float) -> ValueShape | str:
    if set(spec) != {"ideal"}:
        return f"ideal takes no other key, found {', '.join(map(repr, set(spec) - {'ideal'}))}"
    x0 = spec["ideal"]
    if not _num(x0):
        return f"ideal must be a number, got {describe_value(x0)}"
    if not lo <= x0 <= hi:
        return f"ideal {x0} is outside the range [{lo:g}, {hi:g}]"
    return Ideal(lo, hi, float(x0))


def _power(spec: dict[str, Any], lo: float, hi: float) -> ValueShape | str:
    extra = set(spec) - {"power", "direction"}
    if extra:
        key = str(next(iter(extra)))
        return (f"unknown key {key!r} beside power" + did_you_mean(key, ("direction",))
                + " (power takes only 'direction' beside it)")
    e = spec["power"]
    if not _num(e) or e <= 0:
        return f"power must be a number > 0, got {describe_value(e)}"
    direction = spec.get("direction", "increasing")
    if direction not in ("increasing", "decreasing"):
        return f"direction must be 'increasing' or 'decreasing', not {direction!r}"
    return Power(lo, hi, float(e), direction == "increasing")


def _points(spec: dict[str, Any], lo: float, hi: float) -> ValueShape | str:
    if set(spec) != {"points"}:
        return f"points takes no other key, found {', '.join(map(repr, set(spec) - {'points'}))}"
    pts = spec["points"]
    if (
        not isinstance(pts, list)
        or not pts
        or not all(isinstance(p, list) and len(p) == 2 and all(map(_num, p)) for p in pts)
    ):
        return "points must be a non-empty list of [x, v] pairs of numbers"
    xs = [float(p[0]) for p in pts]
    vs = [float(p[1]) for p in pts]
    if any(b <= a for a, b in itertools.pairwise(xs)):
        return "points: x must be strictly increasing"
    if any(not 0 <= v <= 1 for v in vs):
        return "points: every v must be in [0, 1]"
    return Points(tuple(xs), tuple(vs))


LOSSES = ("linear", "quadratic")


def _position(spec: dict[str, Any], lo: float, hi: float) -> ValueShape | str:
    extra = set(spec) - {"position", "loss"}
    if extra:
        key = str(next(iter(extra)))
        return (f"unknown key {key!r} beside position" + did_you_mean(key, ("loss",))
                + " (position takes only 'loss' beside it)")
    x0 = spec["position"]
    if not _num(x0):
        return f"position must be a number, got {describe_value(x0)}"
    if not lo <= x0 <= hi:
        return f"position {x0} is outside the range [{lo:g}, {hi:g}]"
    loss = spec.get("loss", "linear")
    if loss not in LOSSES:
        return f"loss must be 'linear' or 'quadratic', not {describe_value(loss)}"
    return Position(lo, hi, float(x0), loss == "quadratic")


#: Continuous value shapes by name: name -> parser(spec, lo, hi) -> shape | message.
CONTINUOUS_SHAPES: dict[str, Callable[[Any, float, float], ValueShape | str]] = {
    "increasing": _linear,
    "decreasing": _linear,
    "ideal": _ideal,
    "power": _power,
    "points": _points,
    "position": _position,
}


CONTINUOUS_HELP = ("a continuous issue takes 'increasing', 'decreasing', {ideal: x0}, "
                   "{power: e, direction: ...}, {points: [[x, v], ...]} "
                   "or {position: x0, loss: linear|quadratic}")
_KEYED = ("ideal", "power", "points", "position")
DISCRETE_HELP = ("a discrete issue takes a mapping option -> value in [0, 1], "
                 "or {ranking: [best, ..., worst]}")


def parse_continuous(spec: Any, lo: float, hi: float) -> ValueShape | str:
    """Parse the value shape of a continuous issue, or return what is wrong.

    >>> parse_continuous({"ideal": 0.3}, 0, 1)
    Ideal(lo=0, hi=1, x0=0.3)
    >>> parse_continuous("increasng", 0, 1)
    "unknown value shape 'increasng' (did you mean 'increasing'?)"
    """
    if isinstance(spec, str):
        if spec in ("increasing", "decreasing"):
            return _linear(spec, lo, hi)
        hint = did_you_mean(spec, CONTINUOUS_SHAPES)
        return f"unknown value shape {spec!r}{hint}" if hint else f"{CONTINUOUS_HELP}, not {spec!r}"
    if isinstance(spec, dict):
        names = [k for k in spec if k in _KEYED]
        if len(names) == 1:
            return CONTINUOUS_SHAPES[names[0]](spec, lo, hi)
        if len(names) > 1:
            return f"give one value shape, not {' and '.join(names)}"
        if "ranking" in spec:
            return f"a ranking is for discrete issues; {CONTINUOUS_HELP}"
        for key in spec:
            hint = did_you_mean(key, _KEYED)
            if hint:
                return f"unknown key {str(key)!r} in a value shape{hint}"
    return f"{CONTINUOUS_HELP}, not {describe_value(spec)}"


def _option_key(key: Any, options: tuple[str, ...]) -> str:
    """Why ``key`` is not one of ``options``."""
    if not isinstance(key, str):
        quoted = str(describe_value(key))
        if quoted in options:
            return f"option {quoted} is written as {kind_of(key)}: quote it (\"{quoted}\")"
        return f"{describe_value(key)} is not an option name (options: {listing(options)})"
    return unknown("option", key, options)


def _ranking(ranking: Any, options: tuple[str, ...]) -> tuple[Table | None, list[tuple[str, str]]]:
    if not isinstance(ranking, list) or not ranking:
        return None, [("ranking", "must be a list of option names, best first")]
    known = set(options)  # sets: a 20,000-option ranking is checked in linear time
    problems = [("ranking", _option_key(r, options)) for r in ranking
                if not isinstance(r, str) or r not in known]
    seen: set[str] = set()
    dupes: dict[str, None] = {}  # in ranking order
    for r in ranking:
        if isinstance(r, str) and r in known:
            if r in seen:
                dupes[r] = None
            seen.add(r)
    problems += [("ranking", f"option {r!r} is ranked twice") for r in dupes]
    missing = [o for o in options if o not in seen]
    if missing:
        problems.append(("ranking", f"must name every option once; missing: {listing(missing)}"))
    if problems:
        return None, problems
    n = len(ranking)
    rank = {r: (1.0 if n == 1 else 1.0 - k / (n - 1)) for k, r in enumerate(ranking)}
    return Table(tuple(rank[o] for o in options)), []


def parse_discrete(spec: Any, options: tuple[str, ...]) -> tuple[Table | None, list[tuple[str, str]]]:
    """Parse a discrete value mapping or ranking.

    Returns the table (or None) and a list of (sub-path, message) problems.

    >>> parse_discrete({"ranking": ["b", "a", "c"]}, ("a", "b", "c"))
    (Table(values=(0.5, 1.0, 0.0)), [])
    >>> parse_discrete({"a": 1, "b": 2}, ("a", "b"))
    (None, [('b', 'value 2 is outside [0, 1]')])
    """
    if isinstance(spec, dict) and "ranking" in spec and "ranking" not in options:
        extra = [k for k in spec if k != "ranking"]
        if extra:
            return None, [(str(k), f"a ranking takes no other key, found {str(k)!r}")
                          for k in extra]
        return _ranking(spec["ranking"], options)
    if not isinstance(spec, dict):
        return None, [("", f"{DISCRETE_HELP}, not {describe_value(spec)}")]
    known = set(options)  # a set: thousands of keys are checked in linear time
    if spec and not any(k in known for k in spec):
        hint = [k for k in spec if did_you_mean(k, ("ranking",))]
        if hint:
            return None, [(str(hint[0]), f"unknown key {str(hint[0])!r} (did you mean 'ranking'?)")]
    problems = []
    for key, v in spec.items():
        if key not in known:
            problems.append((str(key), _option_key(key, options)))
        elif not _num(v):
            problems.append((str(key), f"value must be a number in [0, 1], got {describe_value(v)}"))
        elif not 0 <= v <= 1:
            problems.append((str(key), f"value {v} is outside [0, 1]"))
    unquoted = {str(describe_value(k)) for k in spec if not isinstance(k, str)}
    missing = [o for o in options if o not in spec and o not in unquoted]
    if missing:
        problems.append(("", (f"the mapping misses option(s): {listing(missing)} "
                              "(give every option a value, 0 if it is worthless)")))
    if problems:
        return None, problems
    return Table(tuple(float(spec[o]) for o in options)), []
