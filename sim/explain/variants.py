"""Variants of a scenario solved whole, for spaces that are not enumerated.

Up to ``solve.max_outcomes`` the explanations pass over the enumerated outcome
space. Past it they solve variants of the scenario instead (a red line dropped,
a disagreement point taken away, a pressure changed) with :meth:`Solver.solve
<sim.analysis.Solver.solve>`, which takes the additive path there and is exact
on it (SPEC section 3, 'Large additive spaces'). That path stops with an
:class:`~sim.errors.AnalysisError` where interactions, red lines or demands
fuse issues into a compound past its limit; the explanation then leaves that
item out and says why (:func:`leave_out`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from ..analysis import Solver
from ..pressure import apply_to_disagreement
from ..results import Region, Result
from ..scenario import Pressure, Scenario

#: Items an explanation left out: ``{"item", "what", "why"}`` (see :func:`leave_out`).
LeftOut = list[dict[str, str]]


def enumerated(solver: Solver) -> bool:
    """Whether the explanations may pass over the enumerated space (SPEC section 3)."""
    return solver.space.enumerable(solver.scenario.solve.max_outcomes)


def leave_out(left_out: LeftOut | None, item: str, what: str, why: object) -> None:
    """Record that ``item`` (a path into the explanation object; ``what`` says it in
    words) is left out, and why."""
    if left_out is not None:
        left_out.append({"item": item, "what": what, "why": str(why)})


def lean(scenario: Scenario) -> Scenario:
    """``scenario`` with one concept and no lotteries: for solves that only need the
    ZOPA, its frontier or its ideal, none of which depends on the concepts."""
    return replace(scenario, solve=replace(scenario.solve, concepts=("utilitarian",), lotteries=False))


def utility_floor(solver: Solver, pressures: Sequence[Pressure]) -> np.ndarray:
    """Per party, a number below its utility in every outcome: the sum of each
    issue's least term (over the grid; value shapes stay within [0, 1], hence the
    margin of 1 for the real range), the negative interaction bonuses and the
    largest penalties and costs ``pressures`` can charge it."""
    s, model = solver.scenario, solver.model
    low = sum(model.issue_part(j, grid).min(axis=0) for j, grid in enumerate(solver.space.grids))
    low = np.array(low, dtype=float)
    for i, _, bonus in model.bonuses:
        low[i] += min(bonus, 0.0)
    return np.floor(apply_to_disagreement(s, pressures, low)) - 1.0


def without_disagreement(scenario: Scenario, parties: Iterable[int], floor: np.ndarray) -> Scenario:
    """``scenario`` with the disagreement utility of ``parties`` set below every outcome
    (``floor``, :func:`utility_floor`), so that only the other veto parties' bind."""
    drop = set(parties)
    return replace(scenario, parties=tuple(
        replace(p, disagreement=float(floor[i])) if i in drop else p
        for i, p in enumerate(scenario.parties)))


def solve_lean(scenario: Scenario, pressures: Sequence[Pressure], region: Region | None = None) -> Result:
    """:meth:`Solver.solve` of :func:`lean` ``(scenario)``."""
    return Solver.of(lean(scenario)).solve(pressures, region)


def zopa_exists(scenario: Scenario, pressures: Sequence[Pressure]) -> bool:
    """Whether ``scenario`` under ``pressures`` has a ZOPA, by solving it (exact on the
    additive path too: its frontier is settled exactly, and is empty iff the ZOPA is)."""
    return solve_lean(scenario, pressures).zopa_exists
