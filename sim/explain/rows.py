"""Fast re-solves of a tabulated scenario in which one party's numbers change.

A robustness check (:mod:`.robustness`) solves the scenario again and again
with one veto party's disagreement utility or one of its weights moved. Only
the outcomes that match no veto party's red line can ever be in the ZOPA, and
none of those masks depend on the numbers, so :class:`Rows` keeps, for a space
tabulated once (:mod:`sim.tabulation`), those outcomes' columns, their
utilities before and after the pressures, and re-solves on them:

- a moved disagreement utility d_i = t changes only who is in the ZOPA. With C
  the red-line-free outcomes that give every other veto party its d_j, the ZOPA
  is Z(t) = C n {u_i >= t}, and its Pareto frontier is P(C) n {u_i >= t} (a
  vector of C that dominates one with u_i >= t has u_i >= t itself), each
  distinct vector keeping its first enumeration index. So P(C) is computed
  once and a solve at t is a filter and :func:`sim.concepts.select`;
- a moved weight changes party i's utilities: recomputed on these rows by the
  same terms in the same order as :class:`~sim.utility.UtilityModel` (issue by
  issue, then the bonuses; then the pressures and the 9-decimal rounding, SPEC
  section 3), so a solve here is the full solve of the changed scenario.

Only pure outcomes over discrete issues are handled here (:func:`applies`):
continuous issues are refined over the real range and lotteries mix outcomes,
which a re-solve on the grid's rows does not reproduce.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .. import concepts as cc
from ..analysis import Solver
from ..frontier import MovingFront, pareto_front
from ..precision import round_utilities
from ..pressure import apply_to_utilities, disagreement_point
from ..scenario import Lottery, Scenario
from ..scenario.parties import normalise_weights
from ..tabulation import memoised
from ..utility import UtilityModel, red_line_mask
from ..values import Table

#: The chosen outcome's enumeration index per concept (None: no deal).
Keys = tuple[int | None, ...]


def applies(solver: Solver) -> bool:
    """Whether :class:`Rows` reproduces the solves of ``solver``: a tabulated space of
    discrete issues, pure outcomes."""
    s = solver.scenario
    return (solver.table is not None and not s.solve.lotteries
            and not any(i.continuous for i in s.issues))


def with_weight(scenario: Scenario, party: int, issue: int, factor: float) -> Scenario:
    """``scenario`` with party's weight on ``issue`` multiplied by ``factor`` (the
    weights normalised again to sum 1, SPEC section 2)."""
    p = scenario.parties[party]
    raw = [w * factor if j == issue else w for j, w in enumerate(p.weights)]
    parties = list(scenario.parties)
    parties[party] = replace(p, weights=normalise_weights(raw))
    return replace(scenario, parties=tuple(parties))


@dataclass
class Rows:
    """The red-line-free outcomes of ``solver``'s tabulated space (``index``: their
    enumeration indices), their columns, utilities before pressures (``pre``) and
    after (``u``, rounded), and the disagreement point ``d`` (all parties)."""

    solver: Solver
    index: np.ndarray
    columns: list[np.ndarray]
    pre: np.ndarray
    u: np.ndarray
    d: np.ndarray
    solvers: dict = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, solver: Solver) -> Rows:
        table = solver.table
        assert table is not None
        s = solver.scenario
        index = np.flatnonzero(~red_line_mask(s, table.columns))
        columns = [c[index] for c in table.columns]
        scenario = memoised(s, columns)  # demands and bonuses: masks on these rows, once
        solver = replace(solver, scenario=scenario)
        pre = table.utilities[index]
        u = round_utilities(apply_to_utilities(scenario, scenario.pressures, columns, pre.copy()))
        return cls(solver, index, columns, pre, u, solver.disagreement(scenario.pressures))

    @property
    def concepts(self) -> tuple[str, ...]:
        return self.solver.scenario.solve.concepts

    @property
    def veto(self) -> np.ndarray:
        return self.solver.veto

    def select(self, front: np.ndarray, order: np.ndarray, d: np.ndarray) -> Keys:
        """Each concept's outcome (enumeration index) on a frontier (SPEC 3, 'Solutions')."""
        if not len(front):
            return (None,) * len(self.concepts)
        problem = self.solver.problem(d, front.max(axis=0))
        return tuple(int(order[cc.select(cc.CONCEPTS[c], front, order, problem)])
                     for c in self.concepts)

    def zopa(self, u: np.ndarray, d: np.ndarray) -> np.ndarray:
        """Rows in the ZOPA under utilities ``u`` and disagreement point ``d`` (with an
        agreement rule, Z of SPEC section 11: the implementers' and quorum's acceptance
        too, as :meth:`sim.analysis.Solver.feasible` decides it)."""
        if self.solver.scenario.agreement is not None:
            return np.flatnonzero(self.solver.feasible(self.columns, u, d))
        v = self.veto
        return np.flatnonzero(np.all(u[:, v] >= d[v], axis=1))

    def solve(self, u: np.ndarray, d: np.ndarray) -> Keys:
        """Each concept's outcome under utilities ``u`` (these rows) and ``d``."""
        inside = self.zopa(u, d)
        front, order = pareto_front(u[inside][:, self.veto], self.index[inside])
        return self.select(front, order, d)

    def disagreement_solver(self, party: int):
        """t -> each concept's outcome with party's disagreement utility at t (module doc)."""
        d = self.d.copy()
        d[party] = -np.inf
        inside = self.zopa(self.u, d)
        front, order = pareto_front(self.u[inside][:, self.veto], self.index[inside])
        column = front[:, list(self.veto).index(party)]

        def at(t: float) -> Keys:
            keep = column >= t
            moved = self.d.copy()
            moved[party] = t
            return self.select(front[keep], order[keep], moved)

        at.breaks = np.unique(column)  # type: ignore[attr-defined]  # an outcome leaves past these
        return at

    def weight_solver(self, party: int, issue: int):
        """r -> each concept's outcome with party's weight on ``issue`` times 1 + r
        (one per weight, remembering what it solved)."""
        if (party, issue) not in self.solvers:
            self.solvers[party, issue] = self._weight_solver(party, issue)
        return self.solvers[party, issue]

    def _weight_solver(self, party: int, issue: int):
        s = self.solver.scenario
        bonuses = [(when.matches(self.columns), bonus)
                   for i, when, bonus in self.solver.model.bonuses if i == party]
        # the two-party shortcut fixes the other veto party's acceptance; an agreement
        # rule (SPEC 11) may count more, so it takes the general solve
        two = len(self.veto) == 2 and self.solver.scenario.agreement is None
        solve = self._two_party_solve(party) if two else self.solve

        memo: dict[float, Keys] = {}  # the concepts bisect the same weight, often alike

        def at(r: float) -> Keys:
            if r not in memo:
                memo[r] = solve_at(r)
            return memo[r]

        def solve_at(r: float) -> Keys:
            changed = with_weight(s, party, issue, 1.0 + r)
            p = changed.parties[party]
            col = np.zeros(len(self.pre))
            for j, c in enumerate(self.columns):  # UtilityModel's terms, in its order
                shape = p.values[j]
                if p.weights[j] > 0 and isinstance(shape, Table):
                    col += (p.weights[j] * np.asarray(shape.values))[c]
            for mask, bonus in bonuses:
                col += bonus * mask
            pre = self.pre.copy()
            pre[:, party] = col
            u = round_utilities(apply_to_utilities(changed, changed.pressures, self.columns, pre))
            d = self.d
            if isinstance(p.disagreement, Lottery):  # a war lottery is valued with the weights
                d = disagreement_point(changed, changed.pressures, UtilityModel.of(changed).disagreement())
            return solve(u, d)

        return at

    def _two_party_solve(self, party: int):
        """:meth:`solve` for two veto parties of which only ``party``'s utilities change:
        the other's acceptance is fixed, and so is the sort of its utilities
        (:class:`~sim.frontier.MovingFront`)."""
        other = int(next(i for i in self.veto if i != party))
        rows = np.flatnonzero(self.u[:, other] >= self.d[other])
        moving = MovingFront(self.u[rows, other], self.index[rows])
        swap = int(self.veto[0]) != other  # MovingFront gives (other, party)

        def solve(u: np.ndarray, d: np.ndarray) -> Keys:
            mine = u[rows, party]
            front, order = moving.front(mine, mine >= d[party])
            return self.select(front[:, ::-1] if swap else front, order, d)

        return solve

    def scores(self, concept: str, rows: Sequence[int] | np.ndarray) -> np.ndarray:
        """The concept's objective on ``rows`` of the ZOPA (``inside``), as a number to be
        maximised: for Nash the product of the gains with their exponents alpha_i
        (positive where every gain is), else the objective of :mod:`sim.concepts`."""
        rows = np.asarray(rows)
        v = self.veto
        inside = self.zopa(self.u, self.d)
        front, _ = pareto_front(self.u[inside][:, v], self.index[inside])
        problem = self.solver.problem(self.d, front.max(axis=0))
        values = cc.CONCEPTS[concept].objective(self.u[rows][:, v], problem)
        return np.exp(values) if concept == "nash" else values
