"""Solving many variants of one scenario that share an outcome space.

:class:`VariantSolver` does what :func:`sim.analysis.analyse` does, for one
variant after another, with what does not change between them computed once:

- the outcome space and, when it fits in one chunk, its
  :class:`~sim.tabulation.Tabulation`: the columns, the masks of every
  condition (conditions do not change when only numbers do) and the base
  scenario's utilities, of which a variant recomputes only the parties it changed;
- only what the record needs: the solves without a pressure only for the
  pressures whose ``without`` is recorded, the frontier only when ``pareto`` or
  ``solutions`` are recorded;
- the frontier is computed on the outcomes that no supported point of the
  ZOPA strictly dominates (a few vectorised passes) and is then exactly
  :func:`sim.frontier.pareto_front` of those, which is the frontier of all.

Every variant is solved by :meth:`sim.analysis.Solver.solve`, given the
columns of a one-chunk space (``columns``), the prefilter (``prefilter``) and
whether the frontier is needed (``frontier``); larger spaces are chunked, or
take the additive path, there as in :func:`~sim.analysis.analyse`.
``tests/test_sweep.py`` checks the reports against ``to_json(analyse(variant))``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..analysis import Analysis, Solver
from ..frontier.staircase import Staircase
from ..observations import check, holds
from ..result_json import header_json, pressures_json, result_json
from ..results import Result
from ..scenario import Pressure, Scenario
from ..space import Columns, OutcomeSpace
from ..tabulation import Tabulation, fits
from ..utility import UtilityModel

#: Below this many ZOPA outcomes the frontier is computed directly.
PREFILTER_MIN = 256


@functools.lru_cache(maxsize=8)
def _directions(k: int) -> np.ndarray:
    """Positive weight vectors whose maximisers are supported Pareto points."""
    if k == 2:
        angles = np.linspace(0.02, np.pi / 2 - 0.02, 12)
        return np.stack([np.cos(angles), np.sin(angles)], axis=1)
    rng = np.random.default_rng(0)
    return np.vstack([np.ones(k), np.eye(k) + 0.01, rng.uniform(0.05, 1, (4 * k, k))])


def candidates(u: np.ndarray) -> np.ndarray:
    """Rows of ``u`` that no maximiser of a positive weighting strictly dominates.

    Such a maximiser is on the Pareto frontier, so a row it strictly dominates
    in every coordinate is not, and neither is any copy of that row: the frontier
    of the returned rows is the frontier of all.
    """
    refs = u[np.argmax(_directions(u.shape[1]) @ u.T, axis=1)]
    if u.shape[1] == 2:
        # dominated iff some reference has r0 > u0 and r1 > u1
        return np.flatnonzero(~Staircase(refs[:, 0], refs[:, 1]).reaches(u[:, 0], u[:, 1], strict=True))
    keep = np.ones(len(u), dtype=bool)
    for best in refs:
        keep &= ~np.all(u < best, axis=1)
    return np.flatnonzero(keep)


def prefilter(u: np.ndarray) -> np.ndarray:
    """:func:`candidates` of a ZOPA's utility vectors, all of them below
    ``PREFILTER_MIN`` (the frontier of so few is cheaper than the filter)."""
    return candidates(u) if len(u) > PREFILTER_MIN else np.arange(len(u))


class SharedUtilities:
    """Stands in for a variant's :class:`UtilityModel`: on the whole space it
    returns the base scenario's utilities with only the parties whose weights,
    values or interactions the variant changed recomputed; anywhere else, and for
    the disagreement point, it is the variant's own model.

    A changed party's column is computed once per variant by broadcasting over
    the space's grids (:meth:`UtilityModel.party_of_space`: the same terms added
    in the same order as a gather per issue, so the same numbers bit for bit,
    with about one addition per outcome instead of a gather and an addition per
    outcome and issue), and each call hands out a fresh copy of the base's table with those
    columns put in (the caller applies pressures in place), one copy per solve.
    """

    def __init__(self, variant: Scenario, base: Scenario, columns: Columns, base_u: np.ndarray,
                 space: OutcomeSpace):
        self.model = UtilityModel.of(variant)
        self.variant, self.columns, self.base_u, self.space = variant, columns, base_u, space
        self.changed = [i for i, (p, q) in enumerate(zip(variant.parties, base.parties))
                        if not (p.weights is q.weights and p.values is q.values
                                and p.interactions is q.interactions)]
        self._columns: dict[int, np.ndarray] | None = None

    def __call__(self, columns: Columns) -> np.ndarray:
        if columns is not self.columns:
            return self.model(columns)
        if self._columns is None:
            self._columns = {}
            for i in self.changed:
                self._columns[i] = self.model.party_of_space(self.space, columns, i)
        u = self.base_u.copy()
        for i, column in self._columns.items():
            u[:, i] = column
        return u

    def disagreement(self) -> np.ndarray:
        return self.model.disagreement()

    def lottery_value(self, lottery, party: int) -> float:
        return self.model.lottery_value(lottery, party)


class VariantSolver:
    """Solves variants of ``base`` (each built by substituting numbers) on one space."""

    def __init__(self, base: Scenario, frontier: bool = True, without: frozenset[str] = frozenset(),
                 frontier_without: bool = True, space: OutcomeSpace | None = None,
                 concepts: frozenset[str] | None = None, observed: bool = False):
        self.space = space or OutcomeSpace.of(base)
        self.frontier, self.without, self.frontier_without = frontier, without, frontier_without
        self.concepts, self.observed = concepts, observed
        self.columns: Columns | None = None
        if fits(self.space, base):
            table = Tabulation.of(base, self.space, UtilityModel.of(base))
            base, self.columns, self.base_u = table.scenario, table.columns, table.utilities
        self.base = base

    def model(self, s: Scenario) -> UtilityModel | SharedUtilities:
        """The utilities of variant ``s`` (shared with the base where unchanged)."""
        if self.columns is None:
            return UtilityModel.of(s)
        return SharedUtilities(s, self.base, self.columns, self.base_u, self.space)

    def solve(self, s: Scenario, pressures: Sequence[Pressure], frontier: bool = True,
              model: UtilityModel | SharedUtilities | None = None) -> Result:
        """One solve of variant ``s`` under ``pressures`` (SPEC section 3)."""
        model = model if model is not None else self.model(s)
        stand_in: Any = model  # SharedUtilities stands in for a UtilityModel (its doc)
        return Solver(s, self.space, stand_in).solve(pressures, columns=self.columns,
                                                  frontier=frontier, prefilter=prefilter)

    def report(self, s: Scenario) -> dict[str, Any]:
        """The parts of the JSON report (SPEC section 5) that the record needs
        (only the concepts in ``concepts``, when given, are solved)."""
        variant = s
        if self.concepts is not None:
            kept = tuple(c for c in s.solve.concepts if c in self.concepts)
            s = replace(s, solve=replace(s.solve, concepts=kept))
        model = self.model(s)
        result = self.solve(s, s.pressures, self.frontier, model)
        observed = self.observations(variant, result, model) if self.observed else None
        without = {
            p.name: self.solve(s, [q for q in s.pressures if q.name != p.name],
                               self.frontier_without, model)
            for p in s.pressures if p.name in self.without
        }
        analysis = Analysis(s, self.space, result, without)
        return {
            **header_json(s, self.space.size),
            **result_json(analysis, result),
            "pressures": pressures_json(analysis, without),
            **({"observed": observed} if observed is not None else {}),
        }

    def observations(self, s: Scenario, result: Result, model: UtilityModel | SharedUtilities
                     ) -> dict[str, bool]:
        """Whether each observation of variant ``s`` holds (SPEC section 12), its threat
        games' halves solved on the shared space like the variant itself."""
        stand_in: Any = model  # SharedUtilities stands in for a UtilityModel (its doc)
        nash = Solver(replace(s, solve=replace(s.solve, concepts=("nash",))), self.space, stand_in)
        return holds(check(Solver(s, self.space, stand_in), result, lambda pressures, region: nash.solve(
            pressures, region, columns=self.columns, prefilter=prefilter)))
