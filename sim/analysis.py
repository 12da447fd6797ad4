"""The analysis of a scenario: disagreement point, ZOPA, Pareto frontier, solutions.

:func:`analyse` is the one entry point the CLI, the notebooks, the sweeps and
the explanations all call. It solves the scenario with every pressure, then
once more without each pressure (``without``), reusing the outcome space and
the compiled utilities; a space of one chunk is tabulated once
(:mod:`sim.tabulation`) and ``Analysis.solver`` hands that table to the
further solves of the run (threat games, explanations, figures). A larger
enumerated space is streamed in chunks: each chunk
contributes its ZOPA count and its frontier, so memory stays bounded by the
chunk size plus the frontier. Spaces past ``solve.max_outcomes`` are solved
through their additive structure (:mod:`sim.additive`, SPEC section 3 'Large
additive spaces'), and so are spaces past one chunk below it where that gives
the enumerated result bit for bit (:func:`sim.additive.auto`); ``method``
forces one path or the other.

This module is the orchestrator only: the data it returns live in
:mod:`sim.results`, the evaluation of batches of outcomes in :mod:`sim.kernel`
(:class:`Solver` is a :class:`~sim.kernel.Kernel` that also solves), the
choice of the concepts on a frontier in :mod:`sim.selection`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import agreement as ag
from . import direct
from .errors import AnalysisError
from .frontier import StreamingFront
from .kernel import Kernel
from .limits import DEFAULTS, Limits
from .results import Frontier, Method, Prefilter, Region, Result, Solution
from .scenario import Pressure, Scenario
from .selection import result_of, solutions
from .space import Columns, OutcomeSpace
from .tabulation import fits


@dataclass(frozen=True)
class Analysis:
    """A scenario solved with all pressures, and without each one; ``solver`` is
    the one that did it, for further solves of the same scenario to reuse."""

    scenario: Scenario
    space: OutcomeSpace
    result: Result
    without: dict[str, Result] = field(default_factory=dict)
    solver: Solver | None = field(default=None, compare=False, repr=False)

    def solver_of(self) -> Solver:
        """The analysis's solver, or a new one of its scenario."""
        return self.solver if self.solver is not None else Solver.of(self.scenario)

    @property
    def veto(self) -> list[int]:
        return [i for i, p in enumerate(self.scenario.parties) if p.veto]

    def outcome(self, solution: Solution) -> dict:
        assert solution.point is not None
        return self.space.describe(solution.point)


@dataclass(frozen=True)
class Solver(Kernel):
    """A :class:`~sim.kernel.Kernel` that solves: the ZOPA and frontier by
    enumeration or by the additive path, then the concepts (:mod:`sim.selection`)."""

    def solve(self, pressures: Sequence[Pressure], region: Region | None = None, *,
              method: Method = "auto", columns: Columns | None = None, frontier: bool = True,
              prefilter: Prefilter | None = None, count: bool = True) -> Result:
        """ZOPA, frontier and solutions under ``pressures`` (SPEC section 3).

        ``region`` (a mask function of outcome columns) restricts the ZOPA, e.g.
        to the outcomes that meet a pressure's demand (the threat game, SPEC 7).

        ``method="auto"`` solves a space past ``solve.max_outcomes`` through its
        additive structure (SPEC 3, 'Large additive spaces'; :mod:`sim.additive`),
        and a smaller one too where :func:`sim.additive.auto` says that path
        gives this very result, bit for bit, and is the faster; otherwise it
        enumerates. ``"enumerate"`` and ``"additive"`` force a path; each stops
        with the size message where it cannot go (past ``solve.max_outcomes``, or
        issues that do not split).

        For a caller that solves many variants on one space
        (:class:`sim.sweep.evaluate.VariantSolver`): ``columns`` are those of the
        whole space, enumerated as given (utilities and conditions may have kept
        results for that very object); ``frontier=False`` counts the ZOPA only,
        leaving the frontier and the solutions empty; ``prefilter`` drops rows of
        each batch's ZOPA vectors before the exact frontier. ``count=False``: the
        frontier and the solutions only, the ZOPA's size not counted on the
        additive path (``zopa_size`` -1 there; the re-solves of
        :mod:`sim.explain.robustness` compare solutions alone).
        """
        if columns is None:
            found = self._additive(pressures, region, method, count)
            if found is not None:
                return result_of(self, found, pressures, region) if frontier else _zopa_only(self, found)
            if frontier and prefilter is None and method != "additive":
                result = self._direct(pressures, region)
                if result is not None:
                    return result
        d = self.disagreement(pressures)
        v = self.veto
        size = self.space.size
        batches = [(0, size, columns)] if columns is not None else self.batches()
        zopa, running = 0, StreamingFront(len(v))  # memory: one chunk plus the frontier
        u, whole = None, False
        tally: dict[str, Any] | None = None if self.scenario.agreement is None else {}
        for start, stop, cols in batches:
            u = self.utilities(cols, pressures)
            whole = stop - start == size
            inside = np.flatnonzero(self.feasible(cols, u, d, region) if tally is None
                                    else self.tally(cols, u, d, region, tally))
            zopa += len(inside)
            if frontier and len(inside):
                points = u[inside][:, v]
                if prefilter is not None:
                    keep = prefilter(points)
                    points, inside = points[keep], inside[keep]
                running.add(points, start + inside)
        front, order = running.result()
        rule: dict = {}
        if tally is not None:
            accept = tally.pop("accepting", np.zeros(len(self.scenario.parties), dtype=np.int64))
            rule = {"accepting": np.asarray(accept, dtype=np.int64),
                    "excluded": {k: int(n) for k, n in tally.items()}}
        found = Frontier(d, zopa, front, order, rows=u if whole and len(front) else None, rule=rule)
        return result_of(self, found, pressures, region)

    def _additive(self, pressures: Sequence[Pressure], region: Region | None, method: Method,
                  count: bool = True) -> Frontier | None:
        """The additive path's frontier where ``method`` takes it, else None (enumerate)."""
        if method == "enumerate":
            self.space.check_enumerable(self.scenario.solve.max_outcomes)
            return None
        if method == "auto" and fits(self.space, self.scenario) \
                and self.space.size <= self.limits.auto_from:
            return None  # one chunk, not past limits.auto_from (nor the import, ~20 ms)
        if self.scenario.agreement is not None:
            return self._additive_rule(pressures, region, method, count)
        from . import additive

        if method == "additive" or not self.space.enumerable(self.scenario.solve.max_outcomes):
            return additive.solve_additive(self, pressures, region, count=count)
        if additive.auto(self, pressures, region):
            return additive.solve_additive(self, pressures, region, exact=True, count=count)
        return None

    def _direct_pays(self, parties: int) -> bool:
        """Whether the direct path is taken: :func:`sim.direct.pays`, unless the limits
        send every solve of ``direct_from_parties`` or more veto parties there."""
        forced = self.limits.direct_from_parties
        return direct.pays(parties, self.space.size) if forced is None else parties >= forced

    def _direct(self, pressures: Sequence[Pressure], region: Region | None) -> Result | None:
        """The solutions by direct maximisation over Z, the frontier counted or
        estimated (:mod:`sim.direct`), where :func:`sim.direct.pays`; else None."""
        s, v = self.scenario, self.veto
        if s.agreement is not None or s.solve.lotteries or any(i.continuous for i in s.issues) \
                or not self._direct_pays(len(v)):
            return None
        d = self.disagreement(pressures)
        kept: list[np.ndarray] = []

        def stream() -> Iterator[direct.Batch]:
            for start, stop, cols in self.batches():
                if not kept:
                    u = self.utilities(cols, pressures)
                    inside = np.flatnonzero(self.feasible(cols, u, d, region))
                    if stop - start == self.space.size:
                        kept[:] = [u, inside]  # one batch: the second pass reuses it
                else:
                    u, inside = kept
                yield u[inside][:, v], start + inside

        found = direct.solve_direct(stream, lambda ideal: self.problem(d, ideal), s.solve.concepts)
        if found is None:
            return None
        chosen = solutions(self, found.front, found.order, d, found.ideal, pressures, region,
                           kept[0] if kept else None)
        return Result(d, found.zopa_size, found.front, found.order, found.ideal, chosen,
                      pareto_size=found.pareto.size, pareto_ci95=found.pareto.ci95,
                      frontier_listed=False)

    def _additive_rule(self, pressures: Sequence[Pressure], region: Region | None,
                       method: Method, count: bool = True) -> Frontier | None:
        """With an agreement rule the additive path, which knows only the veto
        parties, is exact only where the rule reduces to their unanimity
        (:func:`sim.agreement.unanimous_equivalent`); it is never taken below
        ``solve.max_outcomes`` (enumeration also counts each party's acceptances).
        Past the limit otherwise: exit 2 naming it, never a wrong number."""
        limit = self.scenario.solve.max_outcomes
        if method != "additive" and self.space.enumerable(limit):
            return None
        if ag.unanimous_equivalent(self.scenario):
            from . import additive

            return additive.solve_additive(self, pressures, region, count=count)
        raise AnalysisError(
            f"the agreement rule ({ag.describe(self.scenario)}) counts parties besides the "
            f"veto parties, which only an enumeration of the outcomes can check, and the "
            f"outcome space has {self.space.size:,} outcomes "
            f"({' x '.join(map(str, self.space.sizes))}), more than solve.max_outcomes = "
            f"{limit:,}; raise solve.max_outcomes, lower solve.resolution, or merge options",
            path="solve.max_outcomes")


def _zopa_only(kernel: Kernel, found: Frontier) -> Result:
    """The result of ``found`` with only the ZOPA kept (``Solver.solve(frontier=False)``):
    no concept is chosen."""
    k = found.points.shape[1]
    return Result(found.disagreement, found.zopa_size, np.empty((0, k)),
                  np.empty(0, dtype=np.int64), None, dict.fromkeys(kernel.scenario.solve.concepts),
                  zopa_ci95=found.zopa_ci95)


def analyse(scenario: Scenario, method: Method = "auto", limits: Limits = DEFAULTS) -> Analysis:
    """Solve ``scenario`` with all its pressures, and without each of them
    (``method``: see :meth:`Solver.solve`; ``limits``: the solver's tuning limits,
    :class:`sim.limits.Limits`, whose defaults every command uses).

    >>> from sim.scenario import from_dict
    >>> s = from_dict({"name": "pie", "issues": {"x": {"options": ["a", "b", "c"]}},
    ...   "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b", "c"]}}},
    ...               "q": {"weights": {"x": 1}, "values": {"x": {"ranking": ["c", "b", "a"]}}}}})
    >>> a = analyse(s)
    >>> a.result.zopa_size, a.outcome(a.result.solutions["nash"])
    (3, {'x': 'b'})
    """
    return analyse_on(Solver.of(scenario, tabulate=method != "additive", limits=limits), method,
                      scenario)


def analyse_on(solver: Solver, method: Method = "auto", scenario: Scenario | None = None) -> Analysis:
    """:func:`analyse` with a solver already built (e.g. over a table kept across
    variants, :mod:`sim.serve`); ``scenario`` is the one the analysis names
    (default: the solver's)."""
    scenario = scenario if scenario is not None else solver.scenario
    pressures = solver.scenario.pressures
    result = solver.solve(pressures, method=method)
    without = {
        p.name: solver.solve([q for q in pressures if q.name != p.name], method=method)
        for p in pressures
    }
    return Analysis(scenario, solver.space, result, without, solver)
