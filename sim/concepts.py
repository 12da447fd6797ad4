"""Bargaining solution concepts, each the maximiser over the Pareto frontier of an objective.

SPEC section 3. With gains g_i = u_i - d_i over the veto parties and
alpha_i = bargaining_power_i / sum of bargaining powers:

- ``nash``: sum_i alpha_i ln g_i (Nash 1950; asymmetric form, Kalai 1977;
  Roth 1979). Minus infinity where some g_i = 0.
- ``kalai_smorodinsky``: min_i g_i / (I_i - d_i) over the parties with
  I_i > d_i, I the ideal point (Kalai and Smorodinsky 1975); falls back to the
  egalitarian solution when no party has I_i > d_i. Ties: larger sum of gains.
- ``egalitarian``: min_i g_i (Kalai 1977). Ties: larger sum of gains.
- ``utilitarian``: sum_i u_i (Harsanyi 1955). Ties: larger min_i g_i.

Each concept is a :class:`Concept` (objective and tie-break key, both
vectorised over rows of utility vectors, and the ``form`` of its objective,
which says how it is optimised beyond the grid: :mod:`sim.refine` over the
real range, :mod:`sim.lottery` over the convex hull) registered in
:data:`CONCEPTS`; a new concept is one more entry.
:func:`select` applies the tolerance and tie-break rules: a candidate ties
with the best when within :data:`~sim.precision.TIE_TOLERANCE` of it; remaining ties go to the
first outcome in enumeration order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .precision import TIE_TOLERANCE


@dataclass(frozen=True)
class Problem:
    """A bargaining problem over the veto parties: disagreement d, ideal I, weights alpha."""

    d: np.ndarray
    ideal: np.ndarray
    alpha: np.ndarray


Key = Callable[[np.ndarray, Problem], np.ndarray]


def _gains(u: np.ndarray, pb: Problem) -> np.ndarray:
    return u - pb.d


def nash_objective(u: np.ndarray, pb: Problem) -> np.ndarray:
    g = _gains(u, pb)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(g > 0, np.log(np.where(g > 0, g, 1.0)), -np.inf)
    return np.where(np.all(g > 0, axis=1), logs @ pb.alpha, -np.inf)


def min_gain(u: np.ndarray, pb: Problem) -> np.ndarray:
    return _gains(u, pb).min(axis=1)


def sum_gain(u: np.ndarray, pb: Problem) -> np.ndarray:
    return _gains(u, pb).sum(axis=1)


def sum_utility(u: np.ndarray, pb: Problem) -> np.ndarray:
    return u.sum(axis=1)


def ks_objective(u: np.ndarray, pb: Problem) -> np.ndarray:
    span = pb.ideal - pb.d
    live = span > 0
    if not live.any():
        return min_gain(u, pb)
    return (_gains(u, pb)[:, live] / span[live]).min(axis=1)


#: The form of an objective: ``"log_gains"``, sum_i alpha_i ln g_i (smooth and concave;
#: over the hull, the iteration of :mod:`sim.lottery`); ``"min_gains"``, min_i g_i / s_i
#: (kinked: epigraph programmes); ``"sum"``, a linear sum (over the hull, a vertex).
Form = Literal["log_gains", "min_gains", "sum"]


@dataclass(frozen=True)
class Concept:
    """A solution concept: objective and tie-break key over rows of veto-party
    utilities, the ``form`` of the objective, and for ``min_gains`` whether the
    gains are ``relative`` to the ideal point (s_i = I_i - d_i over the parties
    with I_i > d_i; else s_i = 1)."""

    name: str
    objective: Key
    tie_break: Key | None
    form: Form
    relative: bool = False


CONCEPTS: dict[str, Concept] = {
    "nash": Concept("nash", nash_objective, None, "log_gains"),
    "kalai_smorodinsky": Concept("kalai_smorodinsky", ks_objective, sum_gain, "min_gains", True),
    "egalitarian": Concept("egalitarian", min_gain, sum_gain, "min_gains"),
    "utilitarian": Concept("utilitarian", sum_utility, min_gain, "sum"),
}


def _within(values: np.ndarray, candidates: np.ndarray) -> np.ndarray:
    best = values[candidates].max()
    if best == -np.inf:
        return candidates
    return candidates[values[candidates] >= best - TIE_TOLERANCE]


def select(concept: Concept, u: np.ndarray, order: np.ndarray, pb: Problem) -> int:
    """Row of ``u`` that ``concept`` picks: best objective, then tie-break, then first in ``order``.

    >>> pb = Problem(np.zeros(2), np.ones(2), np.array([.5, .5]))
    >>> u = np.array([[1., 0.], [.5, .5], [.6, .3]])
    >>> select(CONCEPTS["nash"], u, np.arange(3), pb)
    1
    """
    rows = np.arange(len(u))
    rows = _within(concept.objective(u, pb), rows)
    if concept.tie_break is not None and len(rows) > 1:
        rows = _within(concept.tie_break(u, pb), rows)
    return int(rows[np.argmin(order[rows])])
