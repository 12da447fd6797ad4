"""The batch evaluation kernel: what every solve of one scenario computes on a batch of outcomes.

A :class:`Kernel` holds the scenario, its outcome space, its utility model and,
for a space of one chunk solved several times, its
:class:`~sim.tabulation.Tabulation`. On a batch of outcome columns it gives

- the utilities (outcomes x parties) with a set of pressures applied, rounded
  to 9 decimals (:mod:`sim.precision`; SPEC section 3);
- the disagreement point under those pressures (:func:`sim.pressure.disagreement_point`);
- ZOPA membership: no veto party's red line matched and every veto party at
  least at its disagreement utility, or under an agreement rule the set Z of
  SPEC section 11 (:mod:`sim.agreement`), with each party's acceptances tallied;
- the bargaining problem of the concepts over the veto parties (:class:`sim.concepts.BargainingProblem`).

It knows nothing of frontiers or solution concepts: the algorithms above it
(:mod:`sim.additive`, :mod:`sim.refine`, :mod:`sim.lottery`) take a kernel,
and the orchestrator (:class:`sim.analysis.Solver`, a kernel that also solves)
puts them together.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Self

import numpy as np

from . import agreement as ag
from . import concepts as cc
from .limits import DEFAULTS, Limits
from .precision import round_utilities
from .pressure import apply_to_utilities, disagreement_point
from .results import Region
from .scenario import Pressure, Scenario
from .space import CHUNK, Columns, OutcomeSpace, columns_of_points
from .tabulation import Tabulation, fits
from .utility import UtilityModel, red_line_mask


@dataclass(frozen=True)
class Kernel:
    """What a solve needs besides the pressures: the scenario, its space and
    utilities, and, for a space of one chunk solved several times, its
    :class:`~sim.tabulation.Tabulation` (``table``); the tuning limits of the
    algorithms that take it (``limits``, :class:`~sim.limits.Limits`)."""

    scenario: Scenario
    space: OutcomeSpace
    model: UtilityModel
    table: Tabulation | None = field(default=None, repr=False)
    limits: Limits = field(default=DEFAULTS, kw_only=True)

    @classmethod
    def of(cls, scenario: Scenario, tabulate: bool = False, limits: Limits = DEFAULTS,
           chunk: int = CHUNK) -> Self:
        """The kernel of ``scenario``; with ``tabulate``, a space of one chunk is
        tabulated first (its ``scenario`` is then the one with memoised conditions);
        ``limits``: the tuning limits of its solves; ``chunk``: outcomes per batch
        when the space is streamed (:data:`sim.space.CHUNK`; a smaller one makes a
        small space take the streamed path of a large one, as the tests do)."""
        space, model = OutcomeSpace.of(scenario, chunk), UtilityModel.of(scenario)
        if tabulate and fits(space, scenario):
            table = Tabulation.of(scenario, space, model)
            return cls(table.scenario, space, model, table, limits=limits)
        return cls(scenario, space, model, limits=limits)

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
        """Indices of the veto parties (file order)."""
        return np.array([i for i, p in enumerate(self.scenario.parties) if p.veto])

    def utilities(self, columns: Columns, pressures: Sequence[Pressure]) -> np.ndarray:
        """Rounded utilities (outcomes x parties) with ``pressures`` applied."""
        t = self.table
        u = t.utilities.copy() if t is not None and columns is t.columns else self.model(columns)
        u = apply_to_utilities(self.scenario, pressures, columns, u)
        return round_utilities(u, out=u)  # u is this call's own array

    def utilities_at(self, points: Sequence[Sequence[float]], pressures: Sequence[Pressure]) -> np.ndarray:
        """:meth:`utilities` of explicit outcomes (points: one value per issue)."""
        return self.utilities(columns_of_points(points, self.scenario.issues), pressures)

    def disagreement(self, pressures: Sequence[Pressure]) -> np.ndarray:
        """The rounded disagreement point (all parties) under ``pressures``."""
        return disagreement_point(self.scenario, pressures, self.model.disagreement())

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

    def tally(self, columns: Columns, u: np.ndarray, d: np.ndarray, region: Region | None,
              counts: dict[str, Any]) -> np.ndarray:
        """Z's members of a batch under the agreement rule, adding to ``counts`` each
        party's acceptances within Z (``accepting``) and what each constraint excludes."""
        accept = ag.accepting(self.scenario, columns, u, d)
        fails = ag.failures(self.scenario, columns, accept)
        ok = ~np.logical_or.reduce(list(fails.values()))
        if region is not None:
            ok &= region(columns)
            fails = {k: f & region(columns) for k, f in fails.items()}
        counts["accepting"] = counts.get("accepting", 0) + accept[ok].sum(axis=0)
        agreed = ~fails["veto"]
        excluded = {"veto": agreed} | {k: agreed & f for k, f in fails.items() if k != "veto"}
        for k, mask in excluded.items():
            counts[k] = counts.get(k, 0) + np.count_nonzero(mask)
        return ok

    def problem(self, d: np.ndarray, ideal: np.ndarray) -> cc.BargainingProblem:
        """The bargaining problem over the veto parties: their disagreement
        utilities, the ideal point and the normalised bargaining powers."""
        v = self.veto
        power = np.array([self.scenario.parties[i].bargaining_power for i in v])
        return cc.BargainingProblem(d[v], ideal, power / power.sum())
