"""A sweep checked against its scenario: the variants, their values and the columns.

:func:`plan` reads the scenario once and checks, before anything is solved:

- every varied path leads into the scenario document (unknown paths are located
  errors with a hint);
- every distinct value a path takes makes a valid scenario (the scenario's own
  checks run on the document with that one value substituted, so the messages
  are the scenario's: a weight < 0, a credibility above 1, a misspelt key);
  random draws are first clipped to the field's valid range
  (:func:`sim.distributions.bounds_of`), so only their smallest and largest are
  checked;
- combinations: no party is left without a positive weight; for paths outside
  the fast path every combination is validated when there are at most
  ``combinations_checked`` variants (default :data:`COMBINATIONS_CHECKED`;
  larger sweeps check each when solving it);
- every recorded field exists in the report.

Variants are numbered ``0 .. size - 1``: grid points in the order of
``itertools.product`` over the axes in file order (first axis slowest), and
for each grid point the random draws ``0 .. n - 1``; variant ``g * n + k`` is
grid point ``g`` with draw ``k``. Draws come from
``numpy.random.default_rng(seed)``, one path after another in file order;
given values (:func:`sim.sweep.spec.explicit`) are draws that are not drawn:
draw ``k`` is their ``k``-th row.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..distributions import Distribution, bounds_of
from ..docpaths import keys_of
from ..errors import Problem, ScenarioError
from ..scenario import Scenario
from ..scenario import load as load_scenario
from . import record as rec
from .patch import Patcher, rebuild
from .spec import GIVEN, SweepSpec

#: Sweeps with at most this many variants have every combination validated up front
#: (the default of :func:`plan`'s ``combinations_checked``).
COMBINATIONS_CHECKED = 2_000
#: Bumped when the table's layout or meaning changes (part of the fingerprint).
FORMAT = 1


@dataclass(frozen=True)
class Varied:
    """A varied path: its keys in the scenario document and its column type."""

    path: str
    keys: tuple[Any, ...]
    kind: str  # rec.FLOAT, rec.INT, rec.STRING or rec.BOOL


@dataclass
class Plan:
    """Everything a sweep run needs: variants, columns, and the scenario."""

    spec: SweepSpec
    scenario: Scenario
    varied: list[Varied]
    record: list[rec.Column]
    draws: dict[str, np.ndarray]
    fast: bool
    checked: bool

    @property
    def size(self) -> int:
        return self.spec.size

    @property
    def n_draws(self) -> int:
        return self.spec.n if self.spec.draws else 1

    def values(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """The varied values of variants ``start .. stop - 1``, by path."""
        ids = np.arange(start, stop, dtype=np.int64)
        g, k = ids // self.n_draws, ids % self.n_draws
        out: dict[str, np.ndarray] = {}
        stride = math.prod(len(a.values) for a in self.spec.grid)
        for axis in self.spec.grid:
            stride //= len(axis.values)
            out[axis.path] = _array(axis.values)[(g // stride) % len(axis.values)]
        for d in self.spec.draws:
            out[d.path] = self.draws[d.path][k]
        return out

    def fingerprint(self) -> str:
        """A digest of everything that decides the table: the sweep's values and
        record, the scenario's document and uncertain numbers, the format."""
        data = {
            "format": FORMAT,
            "sweep": self.spec.canonical(),
            "scenario": self.scenario.document,
            "uncertain": {k: [d.kind, list(d.params)] for k, d in self.scenario.uncertain.items()},
        }
        text = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def _kind(values: Any) -> str:
    vals = list(values)
    if all(isinstance(v, bool) for v in vals):
        return rec.BOOL
    if all(isinstance(v, str) for v in vals):
        return rec.STRING
    if all(isinstance(v, int) for v in vals):
        return rec.INT
    return rec.FLOAT


def _array(values: Any) -> np.ndarray:
    """Values of one path as an array (object for strings and booleans)."""
    return np.array(values, dtype=object if _kind(values) in (rec.STRING, rec.BOOL) else None)


def clipped(path: str, x: Any) -> np.ndarray:
    """Numbers for ``path`` clipped to its field's valid range (what a random draw gets)."""
    bounds = bounds_of(path)
    return np.asarray(bounds.clip(x) if bounds is not None else x, dtype=float)


def draw_values(spec: SweepSpec) -> dict[str, np.ndarray]:
    """The n draws of every random path, clipped to its field's valid range (given
    values as they are)."""
    rng = np.random.default_rng(spec.seed)
    out: dict[str, np.ndarray] = {}
    for d in spec.draws:
        if d.kind == GIVEN:
            out[d.path] = _array(d.params)
        elif d.kind == "choice":
            out[d.path] = _array(d.params)[rng.integers(0, len(d.params), spec.n)]
        else:
            dist = Distribution(d.kind, tuple(float(p) for p in d.params))
            out[d.path] = clipped(d.path, dist.sample(rng, spec.n))
    return out


def detail(exc: ScenarioError) -> str:
    """The first problems of a refused variant, on one line."""
    return "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in exc.problems[:3])


def _check_values(spec: SweepSpec, base: Scenario, varied: list[Varied], where: dict[str, tuple],
                  distinct: dict[str, list[Any]]) -> list[Problem]:
    out: list[Problem] = []
    for v in varied:
        for value in distinct[v.path]:
            try:
                rebuild(base, [v.keys], [value])
            except ScenarioError as exc:
                dotted = ".".join(map(str, v.keys))
                own = [p for p in exc.problems
                       if p.path == dotted or dotted.startswith(p.path + ".")]
                if own and own[0].message.startswith("unknown key"):
                    out.append(spec.locate(where[v.path], f"not a path into the scenario: "
                                                          f"{own[0].message}"))
                else:
                    out.append(spec.locate(where[v.path],
                                           f"{value!r} makes the scenario invalid: {detail(exc)}"))
                break  # one message per path is enough
    return out


def _check_weights(plan: Plan, where: dict[str, tuple]) -> list[Problem]:
    """No variant may leave a party without a positive weight."""
    out: list[Problem] = []
    by_party: dict[str, list[Varied]] = {}
    for v in plan.varied:
        if len(v.keys) == 4 and v.keys[0] == "parties" and v.keys[2] == "weights":
            by_party.setdefault(v.keys[1], []).append(v)
    doc = plan.scenario.document
    for party, paths in by_party.items():
        fixed = {k: w for k, w in doc["parties"][party]["weights"].items()
                 if k not in {v.keys[3] for v in paths}}
        if any(w > 0 for w in fixed.values()):
            continue
        for start in range(0, plan.size, 1_000_000):
            values = plan.values(start, min(plan.size, start + 1_000_000))
            total = sum(np.asarray(values[v.path], dtype=float) for v in paths)
            bad = np.flatnonzero(~(total > 0))
            if len(bad):
                out.append(plan.spec.locate(where[paths[0].path], (
                    f"variant {start + int(bad[0])} gives party {party!r} no positive weight "
                    f"({', '.join(v.path for v in paths)} all 0)")))
                break
    return out


def _check_combinations(plan: Plan, where: dict[str, tuple]) -> list[Problem]:
    keys = [v.keys for v in plan.varied]
    values = plan.values(0, plan.size)
    for i in range(plan.size):
        row = [values[v.path][i] for v in plan.varied]
        try:
            rebuild(plan.scenario, keys, row)
        except ScenarioError as exc:
            shown = ", ".join(f"{v.path} = {x!r}" for v, x in zip(plan.varied, row))
            return [plan.spec.locate(where[plan.varied[0].path],
                                     f"variant {i} ({shown}) makes the scenario invalid: "
                                     f"{detail(exc)}")]
    return []


def plan(spec: SweepSpec, scenario: Scenario | None = None,
         combinations_checked: int = COMBINATIONS_CHECKED) -> Plan:
    """Check ``spec`` against its scenario (loaded from ``spec.scenario`` unless
    given) and return the :class:`Plan`; raises :class:`ScenarioError` (exit 2).
    Every combination of values outside the fast path is validated here when there
    are at most ``combinations_checked`` variants, else each when it is solved."""
    base = scenario if scenario is not None else load_scenario(spec.scenario)
    where = {path: spec.where(path) for path in spec.paths}
    problems: list[Problem] = []
    varied: list[Varied] = []
    for path in spec.paths:
        keys, problem = keys_of(path, base.document)
        if problem:
            problems.append(spec.locate(where[path], f"not a path into the scenario: {problem}"))
            continue
        assert keys is not None
        axis = next((a for a in spec.grid if a.path == path), None)
        draw = next((d for d in spec.draws if d.path == path), None)
        if axis is not None:
            kind = _kind(axis.values)
        elif draw is not None and draw.kind in ("choice", GIVEN):
            kind = _kind(draw.params)
        else:
            kind = rec.FLOAT
            if bounds_of(".".join(map(str, keys))) is None:
                problems.append(spec.locate(where[path], "a distribution can only be drawn for a "
                                                         "number of the scenario (SPEC section 2)"))
                continue
        varied.append(Varied(path, keys, kind))
    columns, record_problems = rec.columns(
        base, spec.record, lambda i, msg: spec.locate(("record", i), msg))
    problems += record_problems
    names = {v.path for v in varied}
    columns = [c for c in columns if c.name not in names and c.name != "variant"]
    draws = draw_values(spec)  # the values of the good paths are checked too: all at once
    distinct: dict[str, list[Any]] = {}
    for v in varied:
        axis = next((a for a in spec.grid if a.path == v.path), None)
        if axis is not None:
            distinct[v.path] = list(axis.values)
            continue
        x = draws[v.path]
        if v.kind == rec.FLOAT and bounds_of(".".join(map(str, v.keys))) is not None:
            # a number whose valid values are a range: its ends decide
            distinct[v.path] = sorted({float(x.min()), float(x.max())})
        else:
            distinct[v.path] = list(dict.fromkeys(x.tolist()))
    problems += _check_values(spec, base, varied, where, distinct)
    if problems:
        raise spec.error(problems)
    fast = Patcher(base, [v.keys for v in varied]).fast
    result = Plan(spec, base, varied, columns, draws, fast, checked=False)
    problems = _check_weights(result, where)
    if not problems and not fast and result.size <= combinations_checked:
        problems = _check_combinations(result, where)
        result.checked = True
    if problems:
        raise spec.error(problems)
    return result
