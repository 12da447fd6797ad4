"""Selection: each solution concept's solution from a frontier (SPEC section 3, 'Solutions').

One step, whichever path found the frontier (the enumeration chunk by chunk or
the additive path part by part, both a :class:`~sim.results.Frontier`):

1. on the grid, each concept of ``solve.concepts`` picks a frontier vector by
   its objective, its tie-break and then the first outcome in enumeration
   order (:func:`sim.concepts.select`, the registry :data:`sim.concepts.CONCEPTS`);
2. with continuous issues, each is improved over the real range
   (:func:`sim.refine.refine_solutions`);
3. with ``solve.lotteries``, each is taken over the convex hull of the ZOPA's
   utility vectors (:func:`sim.lottery.lottery_solutions`).

Refinement and lotteries dispatch on each concept's registered form, never on
its name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import concepts as cc
from .kernel import Kernel
from .lottery import lottery_solutions
from .refine import refine_solutions
from .results import Frontier, Region, Result, Solution
from .scenario import Pressure


def solutions(kernel: Kernel, front: np.ndarray, order: np.ndarray, d: np.ndarray,
              ideal: np.ndarray, pressures: Sequence[Pressure], region: Region | None = None,
              rows: np.ndarray | None = None) -> dict[str, Solution | None]:
    """Each concept's solution (SPEC 3, 'Solutions') on the frontier ``front``
    (veto-party vectors, ``order`` their first enumeration indices). ``rows``: the
    rounded utilities of the whole space, if at hand; a solution's utilities are
    then its row, the numbers :meth:`Kernel.utilities_at <sim.kernel.Kernel.utilities_at>`
    gives (the same terms, added in the same order; continuous issues and
    lotteries recompute them anyway)."""
    problem = kernel.problem(d, ideal)
    out: dict[str, Solution | None] = {}
    for name in kernel.scenario.solve.concepts:
        row = cc.select(cc.CONCEPTS[name], front, order, problem)
        index = int(order[row])
        point = kernel.space.point(index)
        u = rows[index].copy() if rows is not None else kernel.utilities_at([point], pressures)[0]
        out[name] = Solution(name, u, point=point, index=index)
    if any(i.continuous for i in kernel.scenario.issues):
        out = refine_solutions(kernel, pressures, d, front, order, out, region)
    if kernel.scenario.solve.lotteries:
        out = lottery_solutions(kernel, pressures, d, front, order, out, region)
    return out


def result_of(kernel: Kernel, frontier: Frontier, pressures: Sequence[Pressure],
              region: Region | None = None) -> Result:
    """The :class:`~sim.results.Result` of a frontier: the ideal point (the
    frontier's best per veto party) and each concept's :func:`solutions`; none
    where the ZOPA is empty."""
    f = frontier
    if not len(f.points):
        return Result(f.disagreement, f.zopa_size, f.points, f.index, None,
                      {c: None for c in kernel.scenario.solve.concepts}, zopa_ci95=f.zopa_ci95,
                      **f.rule)
    ideal = f.points.max(axis=0)
    chosen = solutions(kernel, f.points, f.index, f.disagreement, ideal, pressures, region, f.rows)
    return Result(f.disagreement, f.zopa_size, f.points, f.index, ideal, chosen,
                  zopa_ci95=f.zopa_ci95, **f.rule)
