"""The 2-D staircase (:mod:`sim.frontier`): points in the plane sorted by x
descending, with the running maximum of y.

A point (x, y) is on the 2-D Pareto frontier exactly when its y beats every y
before it in the (x desc, y desc) order (:func:`best_before`; Kung, Luccio and
Preparata 1975), and some point weakly dominates a query (t, v) exactly when
the largest y among the points with x >= t is >= v (:meth:`Staircase.reaches`,
a binary search into the same running maximum). The frontier sweep
(:mod:`.exact`), its pruned form for additive utilities (:mod:`.clear`), the
frontier under one moving coordinate (:mod:`.moving`) and the sweeps' cheap
prefilter (:mod:`sim.sweep.evaluate`) all use these two.

>>> s = Staircase(np.array([1., 0., .5]), np.array([0., 1., .5]))
>>> s.reaches(np.array([.5, .5, .6]), np.array([.5, .6, 0.])).tolist()
[True, False, True]
>>> s.reaches(np.array([.5, .5]), np.array([.4, .5]), strict=True).tolist()
[False, False]
>>> best_before(np.array([.2, .1, .3])).tolist()
[-inf, 0.2, 0.2]
"""

from __future__ import annotations

import numpy as np


def best_before(y: np.ndarray) -> np.ndarray:
    """For each position i, the largest of ``y[:i]`` (``-inf`` for the first)."""
    return np.concatenate(([-np.inf], np.maximum.accumulate(y)[:-1]))


class Staircase:
    """Points (x, y) in the plane, queried for "is some point at least (t, v)?".

    ``presorted`` says that ``x`` is already in descending order (``y`` in the
    same order); otherwise the points are sorted here.
    """

    def __init__(self, x: np.ndarray, y: np.ndarray, presorted: bool = False) -> None:
        if not presorted:
            order = np.argsort(-x)
            x, y = x[order], y[order]
        self.neg_x = -x
        #: the running maximum of y in the order of x descending
        self.best = np.maximum.accumulate(y)

    def reaches(self, t: np.ndarray, v: np.ndarray, strict: bool = False) -> np.ndarray:
        """For each query (t, v): is there a point with x >= t and y >= v (``strict``:
        x > t and y > v)?"""
        n = np.searchsorted(self.neg_x, -t, side="left" if strict else "right")  # points past t
        out = n > 0
        top = self.best[n[out] - 1]
        out[out] = top > v[out] if strict else top >= v[out]
        return out
