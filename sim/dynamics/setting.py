"""The negotiation in time: who proposes when, what is worth what in which round.

An agreement x in round r is worth d_i + delta_i^(r-1) (u_i(x) - d_i) to party i
(SPEC section 8). A pressure with ``at_round: k`` is in force from round k on;
the rounds between two such switches form a *regime* with its own utilities,
disagreement point and Pareto frontier, computed once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..analysis import Solver
from ..direct import require_listed
from ..scenario import Pressure, Scenario


@dataclass(frozen=True)
class Offer:
    """An outcome on the table: one value per issue and every party's utility (undiscounted)."""

    point: tuple[float, ...]
    utilities: np.ndarray


@dataclass
class Regime:
    """Utilities in force from ``start`` on: pressures, d, the frontier and its outcomes."""

    start: int
    pressures: tuple[Pressure, ...]
    d: np.ndarray
    frontier: np.ndarray       # veto-party utilities, one row per distinct frontier vector
    order: np.ndarray          # first enumeration index of each row
    utilities: np.ndarray      # all parties' utilities of each row's outcome
    ideal: np.ndarray | None   # veto parties' ideal over the ZOPA


@dataclass
class Setting:
    """Everything the strategies need to know about the negotiation."""

    scenario: Scenario
    solver: Solver
    rounds: int
    first: str | None = None

    @cached_property
    def veto(self) -> np.ndarray:
        return self.solver.veto

    @cached_property
    def veto_names(self) -> list[str]:
        return [self.scenario.parties[i].name for i in self.veto]

    @cached_property
    def discount(self) -> np.ndarray:
        return np.array([p.discount for p in self.scenario.parties])

    @property
    def breakdown(self) -> float:
        return self.scenario.breakdown

    def proposer(self, r: int) -> int:
        """Party index proposing in round r: the first veto party (or ``first``),
        then the others in file order, in turn."""
        names = list(self.veto_names)
        if self.first is not None:
            names.remove(self.first)
            names.insert(0, self.first)
        return self.scenario.party_index(names[(r - 1) % len(names)])

    @cached_property
    def regimes(self) -> list[Regime]:
        starts = sorted({1} | {p.at_round for p in self.scenario.pressures if p.at_round <= self.rounds})
        out = []
        for start in starts:
            pressures = tuple(p for p in self.scenario.pressures if p.at_round <= start)
            res = self.solver.solve(pressures)
            require_listed(res, "the dynamics' regimes")
            if len(res.frontier):
                pts = [self.solver.space.point(int(i)) for i in res.frontier_index]
                utilities = self.solver.utilities_at(pts, pressures)
            else:
                utilities = np.empty((0, len(self.scenario.parties)))
            out.append(Regime(start, pressures, res.disagreement, res.frontier, res.frontier_index,
                              utilities, res.ideal))
        return out

    def regime(self, r: int) -> Regime:
        current = self.regimes[0]
        for reg in self.regimes:
            if reg.start <= r:
                current = reg
        return current

    def offer(self, regime: Regime, row: int) -> Offer:
        return Offer(self.solver.space.point(int(regime.order[row])), regime.utilities[row])

    def offer_at(self, point: Sequence[float], regime: Regime) -> Offer:
        return Offer(tuple(point), self.solver.utilities_at([point], regime.pressures)[0])

    def value(self, utilities: np.ndarray, d: np.ndarray, r: int) -> np.ndarray:
        """Round-1 value of agreeing in round r: d + delta^(r-1) (u - d)."""
        return d + self.discount ** (r - 1) * (utilities - d)
