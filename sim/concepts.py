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
vectorised over rows of utility vectors) registered in :data:`CONCEPTS`.
:func:`select` applies the tolerance and tie-break rules: a candidate ties
with the best when within :data:`~sim.precision.TIE_TOLERANCE` of it; remaining ties go to the
first outcome in enumeration order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Concept:
    name: str
    objective: Key
    tie_break: Key | None


CONCEPTS: dict[str, Concept] = {
    "nash": Concept("nash", nash_objective, None),
    "kalai_smorodinsky": Concept("kalai_smorodinsky", ks_objective, sum_gain),
    "egalitarian": Concept("egalitarian", min_gain, sum_gain),
    "utilitarian": Concept("utilitarian", sum_utility, min_gain),
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
