"""GENIUS evaluators of integer and real issues <-> negsim value shapes.

Every GENIUS evaluator negsim reads (clipped linear, constant, triangular) is
piecewise linear, and so is every negsim shape but ``power``. Both directions
therefore go through *knots*: the points where the function bends, plus the
ends of the range. Two piecewise-linear functions that agree on the union of
their knots agree everywhere, which is how an export is checked to be exact.

Import writes the simplest negsim shape with the same knots: ``increasing``,
``decreasing``, ``{ideal: x0}`` or ``{points: ...}``. Export fits, in turn, a
constant, a clipped line and a (variable-top) triangle; a shape none of them
reproduces is replaced by the straight line through its values at the ends of
the range, and the exporter reports it.

>>> shape_of(Linear(slope=1.0, offset=0.0), 0.0, 1.0)
'increasing'
>>> shape_of(Triangular(lower=-1.0, upper=1.0, top=0.0), -1.0, 1.0)
{'ideal': 0.0}
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..values import Ideal, Points, Position, Power, ValueShape
from .model import Constant, Linear, RealEvaluator, Triangular

#: Imported values and knots are rounded to this many decimals (far below the
#: 9-decimal lattice of the analysis), so that reading back an export gives the
#: same numbers.
DECIMALS = 12
#: Two functions agree when they differ by less than this at every knot.
TOLERANCE = 1e-9


def _round(x: Any) -> Any:
    return np.round(np.asarray(x, dtype=float), DECIMALS)


def simplify(xs: np.ndarray, vs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Drop interior knots on the line through their neighbours, and flat ends."""
    keep = [0]
    for k in range(1, len(xs) - 1):
        a = keep[-1]
        line = vs[a] + (vs[k + 1] - vs[a]) * (xs[k] - xs[a]) / (xs[k + 1] - xs[a])
        if abs(line - vs[k]) > TOLERANCE:
            keep.append(k)
    keep.append(len(xs) - 1)
    while len(keep) > 2 and vs[keep[-1]] == vs[keep[-2]]:  # a flat end: points are flat outside
        keep.pop()
    while len(keep) > 2 and vs[keep[0]] == vs[keep[1]]:
        keep.pop(0)
    return xs[keep], vs[keep]


def knots(ev: RealEvaluator, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray]:
    """The knots of a GENIUS evaluator on [lo, hi] and its values there (rounded)."""
    inner = [k for k in ev.kinks() if lo < k < hi]
    xs = np.unique(_round([lo, hi, *inner]))
    xs = xs[(xs >= lo) & (xs <= hi)]
    xs = np.unique(np.concatenate([[lo, hi], xs]))
    return simplify(xs, _round(ev(xs)))


def shape_of(ev: RealEvaluator, lo: float, hi: float) -> Any:
    """The negsim value shape (as written in a scenario) of a GENIUS evaluator on [lo, hi]."""
    xs, vs = knots(ev, lo, hi)
    whole = xs[0] == lo and xs[-1] == hi  # no flat end was trimmed
    if whole and len(xs) == 2 and (vs[0], vs[1]) == (0.0, 1.0):
        return "increasing"
    if whole and len(xs) == 2 and (vs[0], vs[1]) == (1.0, 0.0):
        return "decreasing"
    if whole and len(xs) == 3 and vs[1] == 1.0:
        x0 = float(xs[1])
        ideal = Ideal(lo, hi, x0)(np.array([lo, hi]))
        if np.allclose(ideal, vs[[0, 2]], rtol=0, atol=10.0 ** -DECIMALS):
            return {"ideal": x0}
    return {"points": [[float(x), float(v)] for x, v in zip(xs, vs)]}


def _agrees(candidate: RealEvaluator, xs: np.ndarray, vs: np.ndarray, lo: float, hi: float) -> bool:
    test = np.unique(np.concatenate([xs, [k for k in candidate.kinks() if lo <= k <= hi]]))
    return bool(np.allclose(candidate(test), np.interp(test, xs, vs), rtol=0, atol=TOLERANCE))


def _candidates(xs: np.ndarray, vs: np.ndarray, lo: float, hi: float) -> list[RealEvaluator]:
    if np.ptp(vs) <= TOLERANCE:
        return [Constant(float(vs[0]))]
    found: list[RealEvaluator] = []
    for k in range(len(xs) - 1):
        slope = (vs[k + 1] - vs[k]) / (xs[k + 1] - xs[k])
        if slope != 0:
            found.append(Linear(float(slope), float(vs[k] - slope * xs[k])))
    m = int(np.argmax(vs))
    top, height, span = float(xs[m]), float(vs[m]), hi - lo
    lower, upper = top - span, top + span
    if m > 0:
        rise = (height - vs[m - 1]) / (top - xs[m - 1])
        lower = top - height / rise if rise > 0 else lower
    if m < len(xs) - 1:
        fall = (vs[m + 1] - height) / (xs[m + 1] - top)
        upper = top - height / fall if fall < 0 else upper
    found.append(Triangular(float(lower), float(upper), top, height))
    return found


def fit(xs: np.ndarray, vs: np.ndarray, lo: float, hi: float) -> RealEvaluator | None:
    """A GENIUS real evaluator equal to the piecewise-linear (xs, vs) on [lo, hi], or None."""
    xs, vs = simplify(np.asarray(xs, dtype=float), np.asarray(vs, dtype=float))
    for candidate in _candidates(xs, vs, lo, hi):
        if _agrees(candidate, xs, vs, lo, hi):
            return candidate
    return None


def shape_knots(shape: ValueShape, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray, bool]:
    """Knots of a negsim continuous shape on [lo, hi], and whether they describe it exactly
    (``power`` with an exponent other than 1 and a quadratic ``position`` are curved)."""
    if isinstance(shape, Points):
        xs = np.unique(np.concatenate([[lo, hi], [x for x in shape.xs if lo < x < hi]]))
    elif isinstance(shape, (Ideal, Position)):
        xs = np.unique([lo, shape.x0, hi])
    else:
        xs = np.array([lo, hi])
    exact = not ((isinstance(shape, Power) and shape.exponent != 1.0)
                 or (isinstance(shape, Position) and shape.quadratic))
    return xs, np.asarray(shape(xs), dtype=float), exact


def real_evaluator(shape: ValueShape, lo: float, hi: float) -> tuple[RealEvaluator, bool]:
    """The GENIUS evaluator of a negsim continuous shape, and whether it is exact; an
    inexact one is the straight line through the shape's values at lo and hi."""
    xs, vs, exact = shape_knots(shape, lo, hi)
    found = fit(xs, vs, lo, hi) if exact else None
    if found is not None:
        return found, True
    a, b = float(shape(np.array([lo]))[0]), float(shape(np.array([hi]))[0])
    slope = (b - a) / (hi - lo)
    return Linear(slope, a - slope * lo), False


def integer_evaluator(values: tuple[float, ...], lo: int) -> Linear | None:
    """A GENIUS integer evaluator ``clip(offset + slope (x - lo), 0, 1)`` giving ``values``
    at lo, lo + 1, ..., or None. The line is taken through the two farthest values
    strictly inside (0, 1), or else through each step between different values."""
    vs = np.asarray(values, dtype=float)
    xs = np.arange(len(vs), dtype=float)
    if np.ptp(vs) <= TOLERANCE:
        return Linear(0.0, float(vs[0]), float(lo))
    inner = np.nonzero((vs > 0) & (vs < 1))[0]
    pairs = [(int(inner[0]), int(inner[-1]))] if len(inner) >= 2 else []
    pairs += [(k, k + 1) for k in range(len(vs) - 1) if vs[k] != vs[k + 1]][:4]
    for a, b in pairs:
        slope = (vs[b] - vs[a]) / (xs[b] - xs[a])
        line = Linear(float(slope), float(vs[a] - slope * xs[a]), float(lo))
        if np.allclose(line(xs + lo), vs, rtol=0, atol=TOLERANCE):
            return line
    return None
