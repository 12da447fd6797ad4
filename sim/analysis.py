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
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from . import agreement as ag
from . import concepts as cc
from . import direct
from .errors import AnalysisError
from .frontier import StreamingFront
from .pressure import apply_to_disagreement, apply_to_utilities
from .scenario import Pressure, Scenario
from .space import Columns, OutcomeSpace, columns_of_points
from .tabulation import Tabulation, fits
from .utility import UtilityModel, red_line_mask

DECIMALS = 9

#: A region of the outcome space: outcome columns -> boolean mask.
Region = Callable[[Columns], np.ndarray]
#: Utility vectors (rows) -> the rows that may be on their frontier, every copy of
#: such a row included (a superset of the frontier's outcomes).
Prefilter = Callable[[np.ndarray], np.ndarray]
#: How :meth:`Solver.solve` finds the frontier: ``"auto"`` chooses (see there).
Method = Literal["auto", "enumerate", "additive"]


@dataclass(frozen=True)
class Solution:
    """A solution: a pure outcome (``point``) or a ``lottery`` over outcomes,
    with every party's (expected) utility."""

    concept: str
    utilities: np.ndarray
    point: tuple[float, ...] | None = None
    lottery: tuple[tuple[float, tuple[float, ...]], ...] | None = None
    index: int | None = None


@dataclass(frozen=True)
class Result:
    """One solve of a scenario under a given set of pressures."""

    disagreement: np.ndarray
    zopa_size: int
    frontier: np.ndarray
    frontier_index: np.ndarray
    ideal: np.ndarray | None
    solutions: dict[str, Solution | None]
    pareto_size: int | None = None
    zopa_ci95: tuple[float, float] | None = None
    #: The frontier's size estimated by sampling: its 95 % interval (:mod:`sim.direct`).
    pareto_ci95: tuple[float, float] | None = None
    #: False where ``frontier`` holds only the members near some solution (:mod:`sim.direct`).
    frontier_listed: bool = True
    #: With an agreement rule (SPEC 11): per party, the outcomes of Z it accepts
    #: (None on the additive path, which does not enumerate Z) ...
    accepting: np.ndarray | None = None
    #: ... and per constraint of the rule, the outcomes every veto party accepts
    #: that the constraint excludes (``veto``: how many every veto party accepts).
    excluded: dict[str, int] | None = None

    @property
    def zopa_exists(self) -> bool:
        return self.zopa_size > 0

    @property
    def n_pareto(self) -> int:
        return len(self.frontier) if self.pareto_size is None else self.pareto_size


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

    def credibility(self, name: str) -> float:
        return self.scenario.pressure(name).effective_credibility

    def outcome(self, solution: Solution) -> dict:
        assert solution.point is not None
        return self.space.describe(solution.point)


@dataclass(frozen=True)
class Solver:
    """What a solve needs besides the pressures: the scenario, its space and
    utilities, and, for a space of one chunk solved several times, its
    :class:`~sim.tabulation.Tabulation` (``table``)."""

    scenario: Scenario
    space: OutcomeSpace
    model: UtilityModel
    table: Tabulation | None = field(default=None, repr=False)

    @classmethod
    def of(cls, scenario: Scenario, tabulate: bool = False) -> Solver:
        """The solver of ``scenario``; with ``tabulate``, a space of one chunk is
        tabulated first (its ``scenario`` is then the one with memoised conditions)."""
        space, model = OutcomeSpace.of(scenario), UtilityModel.of(scenario)
        if tabulate and fits(space, scenario):
            table = Tabulation.of(scenario, space, model)
            return cls(table.scenario, space, model, table)
        return cls(scenario, space, model)

    def batches(self) -> Iterator[tuple[int, int, Columns]]:
        """(start, stop, columns) of the space in enumeration order: the tabulated
        columns, or one chunk at a time (memory: one chunk)."""
        if self.table is not None:
            yield 0, self.space.size, self.table.columns
            return
        for start, stop in self.space.chunks():
            yield start, stop, self.space.columns(start, stop)

    @property
    def veto(self) -> np.ndarray:
        return np.array([i for i, p in enumerate(self.scenario.parties) if p.veto])

    def utilities(self, columns: Columns, pressures: Sequence[Pressure]) -> np.ndarray:
        """Rounded utilities (outcomes x parties) with ``pressures`` applied."""
        t = self.table
        u = t.utilities.copy() if t is not None and columns is t.columns else self.model(columns)
        u = apply_to_utilities(self.scenario, pressures, columns, u)
        return np.round(u, DECIMALS, out=u)  # u is this call's own array

    def utilities_at(self, points: Sequence[Sequence[float]], pressures: Sequence[Pressure]) -> np.ndarray:
        return self.utilities(columns_of_points(points, self.scenario.issues), pressures)

    def disagreement(self, pressures: Sequence[Pressure]) -> np.ndarray:
        return np.round(apply_to_disagreement(self.scenario, pressures, self.model.disagreement()), DECIMALS)

    def feasible(self, columns: Columns, u: np.ndarray, d: np.ndarray,
                 region: Region | None = None) -> np.ndarray:
        """ZOPA membership: no veto party's red line, every veto party at least d_i,
        or with an agreement rule, Z of SPEC section 11 (:mod:`sim.agreement`);
        and, if given, inside ``region``."""
        if self.scenario.agreement is None:
            v = self.veto
            ok = ~red_line_mask(self.scenario, columns) & np.all(u[:, v] >= d[v], axis=1)
        else:
            ok = ag.admitted(self.scenario, columns, ag.accepting(self.scenario, columns, u, d))
        return ok & region(columns) if region is not None else ok

    def accepting(self, points: Sequence[Sequence[float]], pressures: Sequence[Pressure]
                  ) -> np.ndarray:
        """Which party accepts which of ``points`` (outcomes x parties; SPEC section 11:
        no own red line matched and u_i(x) >= d_i, under ``pressures``)."""
        cols = columns_of_points(points, self.scenario.issues)
        u = self.utilities(cols, pressures)
        return ag.accepting(self.scenario, cols, u, self.disagreement(pressures))

    def _tally(self, columns: Columns, u: np.ndarray, d: np.ndarray, region: Region | None,
               tally: dict[str, np.ndarray]) -> np.ndarray:
        """Z's members of a batch under the agreement rule, adding to ``tally`` each
        party's acceptances within Z and what each constraint excludes."""
        accept = ag.accepting(self.scenario, columns, u, d)
        fails = ag.failures(self.scenario, columns, accept)
        ok = ~np.logical_or.reduce(list(fails.values()))
        if region is not None:
            ok &= region(columns)
            fails = {k: f & region(columns) for k, f in fails.items()}
        tally["accepting"] = tally.get("accepting", 0) + accept[ok].sum(axis=0)
        agreed = ~fails["veto"]
        counts = {"veto": agreed} | {k: agreed & f for k, f in fails.items() if k != "veto"}
        for k, mask in counts.items():
            tally[k] = tally.get(k, 0) + np.count_nonzero(mask)
        return ok

    def problem(self, d: np.ndarray, ideal: np.ndarray) -> cc.Problem:
        v = self.veto
        power = np.array([self.scenario.parties[i].bargaining_power for i in v])
        return cc.Problem(d[v], ideal, power / power.sum())

    def solve(self, pressures: Sequence[Pressure], region: Region | None = None, *,
              method: Method = "auto", columns: Columns | None = None, frontier: bool = True,
              prefilter: Prefilter | None = None) -> Result:
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
        each batch's ZOPA vectors before the exact frontier.
        """
        if columns is None:
            result = self._additive(pressures, region, method)
            if result is None and frontier and prefilter is None and method != "additive":
                result = self._direct(pressures, region)
            if result is not None:
                return result if frontier else _zopa_only(result)
        d = self.disagreement(pressures)
        v = self.veto
        size = self.space.size
        batches = [(0, size, columns)] if columns is not None else self.batches()
        count, running = 0, StreamingFront(len(v))  # memory: one chunk plus the frontier
        u, whole = None, False
        tally: dict[str, np.ndarray] | None = None if self.scenario.agreement is None else {}
        for start, stop, cols in batches:
            u = self.utilities(cols, pressures)
            whole = stop - start == size
            inside = np.flatnonzero(self.feasible(cols, u, d, region) if tally is None
                                    else self._tally(cols, u, d, region, tally))
            count += len(inside)
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
        if not len(front):
            return Result(d, count, front, order, None,
                          {c: None for c in self.scenario.solve.concepts}, **rule)
        ideal = front.max(axis=0)
        solutions = self.solutions(front, order, d, ideal, pressures, region, u if whole else None)
        return Result(d, count, front, order, ideal, solutions, **rule)

    def _additive(self, pressures: Sequence[Pressure], region: Region | None, method: Method
                  ) -> Result | None:
        """The additive path's result where ``method`` takes it, else None (enumerate)."""
        if method == "enumerate":
            self.space.check_enumerable(self.scenario.solve.max_outcomes)
            return None
        if method == "auto" and fits(self.space, self.scenario):
            return None  # one chunk: never past additive.AUTO_FROM (nor its import, ~20 ms)
        if self.scenario.agreement is not None:
            return self._additive_rule(pressures, region, method)
        from . import additive

        if method == "additive" or self.space.size > self.scenario.solve.max_outcomes:
            return additive.solve_additive(self, pressures, region)
        if additive.auto(self, pressures, region):
            return additive.solve_additive(self, pressures, region, exact=True)
        return None

    def _direct(self, pressures: Sequence[Pressure], region: Region | None) -> Result | None:
        """The solutions by direct maximisation over Z, the frontier counted or
        estimated (:mod:`sim.direct`), where :func:`sim.direct.pays`; else None."""
        s, v = self.scenario, self.veto
        if s.agreement is not None or s.solve.lotteries or any(i.continuous for i in s.issues) \
                or not direct.pays(len(v), self.space.size):
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
        sol = self.solutions(found.front, found.order, d, found.ideal, pressures, region,
                             kept[0] if kept else None)
        return Result(d, found.zopa_size, found.front, found.order, found.ideal, sol,
                      pareto_size=found.pareto.size, pareto_ci95=found.pareto.ci95,
                      frontier_listed=False)

    def _additive_rule(self, pressures: Sequence[Pressure], region: Region | None,
                       method: Method) -> Result | None:
        """With an agreement rule the additive path, which knows only the veto
        parties, is exact only where the rule reduces to their unanimity
        (:func:`sim.agreement.unanimous_equivalent`); it is never taken below
        ``solve.max_outcomes`` (enumeration also counts each party's acceptances).
        Past the limit otherwise: exit 2 naming it, never a wrong number."""
        limit = self.scenario.solve.max_outcomes
        if method != "additive" and self.space.size <= limit:
            return None
        if ag.unanimous_equivalent(self.scenario):
            from . import additive

            return additive.solve_additive(self, pressures, region)
        raise AnalysisError(
            f"the agreement rule ({ag.describe(self.scenario)}) counts parties besides the "
            f"veto parties, which only an enumeration of the outcomes can check, and the "
            f"outcome space has {self.space.size:,} outcomes "
            f"({' x '.join(map(str, self.space.sizes))}), more than solve.max_outcomes = "
            f"{limit:,}; raise solve.max_outcomes, lower solve.resolution, or merge options",
            path="solve.max_outcomes")

    def solutions(self, front: np.ndarray, order: np.ndarray, d: np.ndarray, ideal: np.ndarray,
                  pressures: Sequence[Pressure], region: Region | None = None,
                  rows: np.ndarray | None = None) -> dict[str, Solution | None]:
        """Each concept's solution (SPEC 3, 'Solutions'). ``rows``: the rounded
        utilities of the whole space, if at hand; a solution's utilities are then
        its row, the numbers :meth:`utilities_at` gives (the same terms, added in
        the same order; continuous issues and lotteries recompute them anyway)."""
        problem = self.problem(d, ideal)
        out: dict[str, Solution | None] = {}
        for name in self.scenario.solve.concepts:
            row = cc.select(cc.CONCEPTS[name], front, order, problem)
            index = int(order[row])
            point = self.space.point(index)
            u = rows[index].copy() if rows is not None else self.utilities_at([point], pressures)[0]
            out[name] = Solution(name, u, point=point, index=index)
        if any(i.continuous for i in self.scenario.issues):
            from .refine import refine_solutions

            out = refine_solutions(self, pressures, d, front, order, out, region)
        if self.scenario.solve.lotteries:
            from .lottery import lottery_solutions

            out = lottery_solutions(self, pressures, d, front, order, out, region)
        return out


def _zopa_only(result: Result) -> Result:
    """``result`` with only the ZOPA kept (``Solver.solve(frontier=False)``)."""
    k = result.frontier.shape[1]
    return Result(result.disagreement, result.zopa_size, np.empty((0, k)),
                  np.empty(0, dtype=np.int64), None, dict.fromkeys(result.solutions),
                  zopa_ci95=result.zopa_ci95)


def analyse(scenario: Scenario, method: Method = "auto") -> Analysis:
    """Solve ``scenario`` with all its pressures, and without each of them
    (``method``: see :meth:`Solver.solve`).

    >>> from sim.scenario import from_dict
    >>> s = from_dict({"name": "pie", "issues": {"x": {"options": ["a", "b", "c"]}},
    ...   "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b", "c"]}}},
    ...               "q": {"weights": {"x": 1}, "values": {"x": {"ranking": ["c", "b", "a"]}}}}})
    >>> a = analyse(s)
    >>> a.result.zopa_size, a.outcome(a.result.solutions["nash"])
    (3, {'x': 'b'})
    """
    return analyse_on(Solver.of(scenario, tabulate=method != "additive"), method, scenario)


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
