"""The 2-D frontier of a fixed set of outcomes when one coordinate changes and the
other stays (:mod:`sim.frontier`): sort once, then O(n) per change.

Robustness checks (:mod:`sim.explain.robustness`) re-solve a two-party scenario
many times with one party's weights moved: the other party's utility ``fixed``
stays, the moved party's ``moving`` changes. Sorted once by ``fixed``
descending into groups of equal values, x is on the frontier exactly when its
``moving`` value is the largest of its group and larger than every ``moving``
value of the groups before it (the 2-D sweep of Kung, Luccio and Preparata
1975, with the sort done once). The result is :func:`.exact.pareto_front`'s:
distinct vectors, each with its first enumeration index, sorted by that index.

>>> m = MovingFront(np.array([1., 0., .5, .5]), np.arange(4))
>>> v, o = m.front(np.array([0., 1., .4, .6]))
>>> v.tolist(), o.tolist()
([[1.0, 0.0], [0.0, 1.0], [0.5, 0.6]], [0, 1, 3])
"""

from __future__ import annotations

import numpy as np

from .staircase import best_before


class MovingFront:
    """Outcomes with a fixed first coordinate ``fixed`` and enumeration indices ``order``,
    whose frontier :meth:`front` gives for any second coordinate."""

    def __init__(self, fixed: np.ndarray, order: np.ndarray) -> None:
        sort = np.lexsort((order, -fixed))  # fixed descending, then by index
        self.sort = sort
        self.fixed = fixed[sort]
        self.order = order[sort]
        starts = np.flatnonzero(np.concatenate(([True], self.fixed[1:] != self.fixed[:-1])))
        self.starts = starts
        self.group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(sort))))

    def front(self, moving: np.ndarray, keep: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The frontier of the vectors (fixed, moving) over the rows where ``keep`` (all
        by default): (vectors, first enumeration indices), sorted by index."""
        if not len(self.sort):
            return np.empty((0, 2)), np.empty(0, dtype=self.order.dtype)
        m = moving[self.sort].astype(float)
        if keep is not None:
            m = np.where(keep[self.sort], m, -np.inf)
        best = np.maximum.reduceat(m, self.starts)
        before = best_before(best)
        top = (m == best[self.group]) & (m > before[self.group]) & np.isfinite(m)
        rows = np.flatnonzero(top)
        if not len(rows):
            return np.empty((0, 2)), np.empty(0, dtype=self.order.dtype)
        # copies of a vector sit in one group, by index: keep the first of each
        first = rows[np.concatenate(([True], self.group[rows[1:]] != self.group[rows[:-1]]))]
        vectors = np.stack([self.fixed[first], m[first]], axis=1)
        srt = np.argsort(self.order[first], kind="stable")
        return vectors[srt], self.order[first][srt]
