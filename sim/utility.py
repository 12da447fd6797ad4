"""Utilities of outcomes: u_i(x) = sum_j w_ij v_ij(x_j) + matching interaction bonuses.

SPEC section 3 ('Utility', 'Disagreement'). :class:`UtilityModel` compiles a
scenario once into arrays (per discrete issue a matrix options x parties of
weighted values; per continuous issue each party's weighted shape), so a batch
of outcomes is scored with one gather or one vectorised shape evaluation per
issue, for all parties at once. Pressures are applied by :mod:`sim.pressure`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .conditions import Condition
from .scenario import Lottery, Scenario
from .space import Columns, OutcomeSpace, columns_of_points
from .values import Table, ValueShape


@dataclass(frozen=True)
class UtilityModel:
    """A scenario's utilities, compiled to arrays for batch evaluation."""

    scenario: Scenario
    tables: tuple[np.ndarray | None, ...]
    continuous: tuple[tuple[tuple[int, float, ValueShape], ...], ...]
    bonuses: tuple[tuple[int, Condition, float], ...]

    @classmethod
    def of(cls, scenario: Scenario) -> UtilityModel:
        n_parties = len(scenario.parties)
        tables: list[np.ndarray | None] = []
        continuous: list[tuple[tuple[int, float, ValueShape], ...]] = []
        for j, issue in enumerate(scenario.issues):
            if issue.options is not None:
                t = np.zeros((len(issue.options), n_parties))
                for i, party in enumerate(scenario.parties):
                    shape = party.values[j]
                    if party.weights[j] > 0 and isinstance(shape, Table):
                        t[:, i] = party.weights[j] * np.asarray(shape.values)
                tables.append(t)
                continuous.append(())
            else:
                tables.append(None)
                continuous.append(tuple(
                    (i, party.weights[j], shape)
                    for i, party in enumerate(scenario.parties)
                    if party.weights[j] > 0 and (shape := party.values[j]) is not None
                ))
        bonuses = tuple(
            (i, inter.when, inter.bonus)
            for i, party in enumerate(scenario.parties)
            for inter in party.interactions
        )
        return cls(scenario, tuple(tables), tuple(continuous), bonuses)

    def __call__(self, columns: Columns) -> np.ndarray:
        """Utilities (n outcomes x all parties) before pressures, unrounded."""
        n = len(columns[0])
        u = np.zeros((n, len(self.scenario.parties)))
        for j, col in enumerate(columns):
            u += self.issue_part(j, col)
        for i, when, bonus in self.bonuses:
            u[:, i] += bonus * when.matches(columns)
        return u

    def of_space(self, space: OutcomeSpace, columns: Columns) -> np.ndarray:
        """Utilities of every outcome of ``space`` in enumeration order, before
        pressures; ``columns`` are ``space.columns(0, space.size)``.

        The numbers of ``self(columns)`` bit for bit (each outcome's terms are
        added in the same order, starting from 0), with the issue terms formed
        by broadcasting: the utilities of the first k issues' combinations,
        (n_1 ... n_k) x parties, plus issue k + 1's term per option, is the
        table of the first k + 1 issues, since the first issue varies slowest
        (SPEC section 3). One addition per outcome and issue, no gathers.
        """
        u = np.zeros((1, len(self.scenario.parties)))
        for j, grid in enumerate(space.grids):
            part = self.issue_part(j, grid)
            u = (u[:, None, :] + part[None, :, :]).reshape(-1, u.shape[1])
        for i, when, bonus in self.bonuses:
            u[:, i] += bonus * when.matches(columns)
        return u

    def party_of_space(self, space: OutcomeSpace, columns: Columns, party: int) -> np.ndarray:
        """Column ``party`` of :meth:`of_space`, bit for bit (the same additions in
        the same order), computed alone, for a variant that changes one party's
        numbers. The table of the first k + 1 issues is built one option of issue
        k + 1 at a time: the table of the first k issues plus that option's term,
        written into every (k + 1)-th entry, so numpy's inner loop runs over the
        whole table rather than over an issue's few options (about 30 times
        faster than the gathers of ``self(columns)`` on the Istanbul space)."""
        u = np.zeros(1)
        for j, grid in enumerate(space.grids):
            part = self.issue_part(j, grid)[:, party]
            table = np.empty((len(u), len(part)))
            for k, term in enumerate(part):
                np.add(u, term, out=table[:, k])
            u = table.reshape(-1)
        for i, when, bonus in self.bonuses:
            if i == party:
                u += bonus * when.matches(columns)
        return u

    def issue_part(self, j: int, column: np.ndarray) -> np.ndarray:
        """Issue ``j``'s term w_ij v_ij(x_j) for every party (n x parties), so that
        u(x) = sum_j issue_part(j, x_j) + the matching interaction bonuses. Also the
        per-issue utility table of the additive path (:mod:`sim.additive`)."""
        table = self.tables[j]
        if table is not None:
            return table[column]
        part = np.zeros((len(column), len(self.scenario.parties)))
        for i, w, shape in self.continuous[j]:
            part[:, i] = w * shape(column)
        return part

    def lottery_value(self, lottery: Lottery, party: int) -> float:
        """sum_k p_k u_i(o_k) - cost, with interactions, ignoring red lines (Fearon 1995)."""
        cols = columns_of_points(lottery.outcomes, self.scenario.issues)
        u = self(cols)[:, party]
        return float(np.dot(lottery.probabilities, u) - lottery.cost)

    def disagreement(self) -> np.ndarray:
        """Each party's disagreement utility before pressures (unrounded)."""
        out = np.zeros(len(self.scenario.parties))
        for i, party in enumerate(self.scenario.parties):
            d = party.disagreement
            out[i] = self.lottery_value(d, i) if isinstance(d, Lottery) else float(d)
        return out


def red_line_mask(scenario: Scenario, columns: Columns) -> np.ndarray:
    """True where an outcome matches a red line of some veto party."""
    n = len(columns[0])
    hit = np.zeros(n, dtype=bool)
    for party in scenario.parties:
        if party.veto:
            for cond in party.red_lines:
                hit |= cond.matches(columns)
    return hit
