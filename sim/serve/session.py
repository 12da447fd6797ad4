"""One scenario explored live: its table kept, variants solved on it.

A :class:`Session` tabulates the scenario's outcome space once
(:class:`~sim.tabulation.Tabulation`: the columns, every condition's mask, the
utilities before pressures); what the page moves are numbers, so the space and
the conditions never change. A variant (a :class:`State`: values at dotted
paths, pressures switched off) is made by the sweep's typed substitution
(:class:`sim.sweep.patch.Patcher`) on the tabulated scenario; its utilities
are the table's with only the changed parties recomputed
(:class:`sim.sweep.evaluate.SharedUtilities`), and
:func:`sim.analysis.analyse_on` solves it with every pressure and without each,
as :func:`sim.analysis.analyse` would. The same variant as a document
(:meth:`Session.document`) is the scenario file a user downloads, validated by
:func:`sim.scenario.from_dict`; ``tests/test_serve.py`` checks that
``negsim run`` on that file gives what the page shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from ..analysis import Analysis, Solver, analyse_on
from ..direct import require_listed
from ..docpaths import Keys, keys_of
from ..result_json import result_json
from ..scenario import Scenario, from_dict
from ..space import OutcomeSpace
from ..sweep.evaluate import SharedUtilities
from ..sweep.patch import Patcher, substituted
from ..tabulation import Tabulation, fits
from ..utility import UtilityModel
from .controls import Control, controls
from .svg import frontier_svg


@dataclass(frozen=True)
class KeptSolver(Solver):
    """A :class:`Solver` that keeps the rounded utilities of the whole tabulated space
    under each set of pressures it was asked about: one variant is solved several
    times under the same pressures (the analysis, the red-line passes of "Why",
    the figure), and each pass would otherwise recompute them. What it hands out
    is read-only."""

    kept: dict[tuple[int, ...], np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    def utilities(self, columns, pressures):
        if self.table is None or columns is not self.table.columns:
            return super().utilities(columns, pressures)
        key = tuple(id(p) for p in pressures)
        if key not in self.kept:
            u = super().utilities(columns, pressures)
            u.setflags(write=False)
            self.kept[key] = u
        return self.kept[key]


@dataclass(frozen=True)
class State:
    """A variant: a number per moved path, and the pressures switched off."""

    values: dict[str, float] = field(default_factory=dict)
    off: frozenset[str] = frozenset()

    @classmethod
    def of(cls, data: Mapping[str, Any]) -> State:
        """From the page's JSON: ``{"values": {path: number}, "off": [pressure, ...]}``."""
        values = {str(k): float(v) for k, v in (data.get("values") or {}).items()}
        return cls(values, frozenset(str(x) for x in data.get("off") or []))


class Session:
    """The scenario being explored, its controls and its tabulated space."""

    def __init__(self, scenario: Scenario):
        self.base = scenario
        self.controls: list[Control] = controls(scenario)
        self.initial = {c.path: c.value for c in self.controls if c.kind == "slider"}
        self.space = OutcomeSpace.of(scenario)
        self.table: Tabulation | None = None
        self._patchers: dict[tuple[str, ...], Patcher] = {}
        if fits(self.space, scenario):
            self.table = Tabulation.of(scenario, self.space, UtilityModel.of(scenario))

    def check(self, state: State) -> None:
        """Refuse paths that are no control (``ValueError``)."""
        known = {c.path for c in self.controls}
        unknown = sorted(set(state.values) - known) + sorted(
            f"pressures.{p}" for p in state.off if f"pressures.{p}" not in known)
        if unknown:
            raise ValueError(f"not a control of this page: {', '.join(unknown)}")

    def moved(self, state: State) -> dict[str, float]:
        """The values that differ from the scenario's own."""
        return {k: v for k, v in state.values.items() if v != self.initial.get(k)}

    def _keys(self, path: str) -> Keys:
        """The keys of a control's path (checked when the page started)."""
        keys, problem = keys_of(path, self.base.document)
        assert keys is not None, problem
        return keys

    def _patcher(self, paths: tuple[str, ...]) -> Patcher:
        """The patcher of these paths (kept: a page moves the same few again and again)."""
        if paths not in self._patchers:
            base = self.table.scenario if self.table is not None else self.base
            self._patchers[paths] = Patcher(base, [self._keys(p) for p in paths])
        return self._patchers[paths]

    def variant(self, state: State) -> Scenario:
        """The variant as a scenario on the session's table (conditions memoised)."""
        self.check(state)
        moved = self.moved(state)
        s = self._patcher(tuple(moved))(list(moved.values()))
        if state.off:  # a switched-off pressure takes its observations with it
            s = replace(s, pressures=tuple(p for p in s.pressures if p.name not in state.off),
                        observed=tuple(o for o in s.observed if o.pressure not in state.off))
        return s

    def analysis(self, state: State) -> Analysis:
        """The variant solved with every pressure and without each (as ``negsim run``)."""
        s = self.variant(state)
        model = UtilityModel.of(s)
        if self.table is None:
            return analyse_on(Solver(s, self.space, model))
        t = self.table
        u = SharedUtilities(s, t.scenario, t.columns, t.utilities, self.space)(t.columns)
        u.setflags(write=False)
        return analyse_on(KeptSolver(s, self.space, model, Tabulation(s, t.columns, u)))

    def document(self, state: State) -> dict[str, Any]:
        """The variant as a scenario document (what the downloaded YAML holds)."""
        self.check(state)
        moved = self.moved(state)
        doc = substituted(self.base.document, [(self._keys(p), v)
                                               for p, v in moved.items()])
        pressures = doc.get("pressures") or {}
        for name in state.off:
            pressures.pop(name, None)
        if "pressures" in doc and not pressures:
            del doc["pressures"]
        if state.off and doc.get("observed"):  # {defied: P} and {complied: P} of a pressure off
            doc["observed"] = [o for o in doc["observed"] if not (
                isinstance(o, dict) and (o.get("defied") in state.off or o.get("complied") in state.off))]
            if not doc["observed"]:
                del doc["observed"]
        return doc

    def scenario(self, state: State) -> Scenario:
        """The variant's document validated like a file (raises ``ScenarioError``)."""
        return from_dict(self.document(state), self.base.source or "<scenario>")

    def view(self, state: State) -> dict[str, Any]:
        """What the page shows: the report's numbers, the Nash package, "Why", the figure."""
        from ..explain import explain

        a = self.analysis(state)
        r = result_json(a, a.result)
        nash = r["solutions"].get("nash")
        return {
            **r,
            "nash": None if nash is None else nash.get("outcome"),
            "why": explain(a, moves=False, counterfactuals=False)["sentences"],
            "svg": self.figure(a),
            "moved": self.moved(state),
        }

    def figure(self, a: Analysis) -> str:
        """The frontier figure of the first two veto parties (:func:`frontier_svg`); the
        outcome cloud only on a tabulated space (a larger one shows the frontier alone).
        The axes span every utility the variant's numbers allow
        (:func:`sim.plot.data.utility_bounds`), so they stay put while nothing widens them."""
        from ..plot.data import utility_bounds

        solver = a.solver_of()
        i, j = a.veto[:2]
        d = a.result.disagreement
        u2, inside = np.empty((0, 2)), np.empty(0, dtype=bool)
        if solver.table is not None:
            cols = solver.table.columns
            u = solver.utilities(cols, solver.scenario.pressures)
            u2, inside = u[:, [i, j]], solver.feasible(cols, u, d)
        require_listed(a.result, "the live page's frontier")
        front = a.result.frontier[:, [a.veto.index(i), a.veto.index(j)]]
        sols = {c: None if s is None else s.utilities[[i, j]] for c, s in a.result.solutions.items()}
        names = (a.scenario.parties[i].name, a.scenario.parties[j].name)
        lo, hi = utility_bounds(a)
        lo, hi = np.minimum(lo[[i, j]], d[[i, j]]), np.maximum(hi[[i, j]], d[[i, j]])
        return frontier_svg(u2, inside, front, d[[i, j]], sols, names, (lo, hi))
