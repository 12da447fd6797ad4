"""The analysis of a scenario: disagreement point, ZOPA, Pareto frontier, solutions.

:func:`analyse` is the one entry point the CLI, the notebooks, the sweeps and
the explanations all call. It solves the scenario with every pressure, then
once more without each pressure (``without``), reusing the outcome space and
the compiled utilities. The enumerated space is streamed in chunks: each chunk
contributes its ZOPA count and its frontier, so memory stays bounded by the
chunk size plus the frontier.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from . import concepts as cc
from .frontier import StreamingFront
from .pressure import apply_to_disagreement, apply_to_utilities
from .scenario import Pressure, Scenario
from .space import Columns, OutcomeSpace, columns_of_points
from .utility import UtilityModel, red_line_mask

DECIMALS = 9

#: A region of the outcome space: outcome columns -> boolean mask.
Region = Callable[[Columns], np.ndarray]


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

    @property
    def zopa_exists(self) -> bool:
        return self.zopa_size > 0

    @property
    def n_pareto(self) -> int:
        return len(self.frontier) if self.pareto_size is None else self.pareto_size


@dataclass(frozen=True)
class Analysis:
    """A scenario solved with all pressures, and without each one."""

    scenario: Scenario
    space: OutcomeSpace
    result: Result
    without: dict[str, Result] = field(default_factory=dict)

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
    """What a solve needs besides the pressures: the scenario, its space and utilities."""

    scenario: Scenario
    space: OutcomeSpace
    model: UtilityModel

    @classmethod
    def of(cls, scenario: Scenario) -> Solver:
        return cls(scenario, OutcomeSpace.of(scenario), UtilityModel.of(scenario))

    @property
    def veto(self) -> np.ndarray:
        return np.array([i for i, p in enumerate(self.scenario.parties) if p.veto])

    def utilities(self, columns: Columns, pressures: Sequence[Pressure]) -> np.ndarray:
        """Rounded utilities (outcomes x parties) with ``pressures`` applied."""
        u = apply_to_utilities(self.scenario, pressures, columns, self.model(columns))
        return np.round(u, DECIMALS)

    def utilities_at(self, points: Sequence[Sequence[float]], pressures: Sequence[Pressure]) -> np.ndarray:
        return self.utilities(columns_of_points(points, self.scenario.issues), pressures)

    def disagreement(self, pressures: Sequence[Pressure]) -> np.ndarray:
        return np.round(apply_to_disagreement(self.scenario, pressures, self.model.disagreement()), DECIMALS)

    def feasible(self, columns: Columns, u: np.ndarray, d: np.ndarray,
                 region: Region | None = None) -> np.ndarray:
        """ZOPA membership: no veto party's red line, every veto party at least d_i
        (and, if given, inside ``region``)."""
        v = self.veto
        ok = ~red_line_mask(self.scenario, columns) & np.all(u[:, v] >= d[v], axis=1)
        return ok & region(columns) if region is not None else ok

    def problem(self, d: np.ndarray, ideal: np.ndarray) -> cc.Problem:
        v = self.veto
        power = np.array([self.scenario.parties[i].bargaining_power for i in v])
        return cc.Problem(d[v], ideal, power / power.sum())

    def solve(self, pressures: Sequence[Pressure], region: Region | None = None) -> Result:
        """ZOPA, frontier and solutions under ``pressures`` (SPEC section 3).

        ``region`` (a mask function of outcome columns) restricts the ZOPA, e.g.
        to the outcomes that meet a pressure's demand (the threat game, SPEC 7).
        """
        if self.space.size > self.scenario.solve.max_outcomes:
            from .additive import solve_additive  # SPEC 3, 'Large additive spaces'

            return solve_additive(self, pressures, region)
        d = self.disagreement(pressures)
        v = self.veto
        count, running = 0, StreamingFront(len(v))  # memory: one chunk plus the frontier
        for start, stop in self.space.chunks():
            cols = self.space.columns(start, stop)
            u = self.utilities(cols, pressures)
            inside = self.feasible(cols, u, d, region)
            n_in = int(inside.sum())
            if n_in:
                count += n_in
                running.add(u[inside][:, v], start + np.nonzero(inside)[0])
        front, order = running.result()
        if not len(front):
            return Result(d, 0, front, order, None, {c: None for c in self.scenario.solve.concepts})
        ideal = front.max(axis=0)
        solutions = self.solutions(front, order, d, ideal, pressures, region)
        return Result(d, count, front, order, ideal, solutions)

    def solutions(self, front: np.ndarray, order: np.ndarray, d: np.ndarray, ideal: np.ndarray,
                  pressures: Sequence[Pressure], region: Region | None = None
                  ) -> dict[str, Solution | None]:
        problem = self.problem(d, ideal)
        out: dict[str, Solution | None] = {}
        for name in self.scenario.solve.concepts:
            row = cc.select(cc.CONCEPTS[name], front, order, problem)
            index = int(order[row])
            point = self.space.point(index)
            u = self.utilities_at([point], pressures)[0]
            out[name] = Solution(name, u, point=point, index=index)
        if any(i.continuous for i in self.scenario.issues):
            from .refine import refine_solutions

            out = refine_solutions(self, pressures, d, front, order, out, region)
        if self.scenario.solve.lotteries:
            from .lottery import lottery_solutions

            out = lottery_solutions(self, pressures, d, front, order, out, region)
        return out


def analyse(scenario: Scenario) -> Analysis:
    """Solve ``scenario`` with all its pressures, and without each of them.

    >>> from sim.scenario import from_dict
    >>> s = from_dict({"name": "pie", "issues": {"x": {"options": ["a", "b", "c"]}},
    ...   "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b", "c"]}}},
    ...               "q": {"weights": {"x": 1}, "values": {"x": {"ranking": ["c", "b", "a"]}}}}})
    >>> a = analyse(s)
    >>> a.result.zopa_size, a.outcome(a.result.solutions["nash"])
    (3, {'x': 'b'})
    """
    solver = Solver.of(scenario)
    result = solver.solve(scenario.pressures)
    without = {
        p.name: solver.solve([q for q in scenario.pressures if q.name != p.name])
        for p in scenario.pressures
    }
    return Analysis(scenario, solver.space, result, without)
