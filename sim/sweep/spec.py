"""The sweep file (SPEC section 6): what to vary, how, and what to record.

Read with the same safe YAML reader as scenarios; every problem is reported at
once with the sweep file, its dotted path and line, as a
:class:`~sim.errors.ScenarioError` (exit status 2). This module checks the
file's own structure only; :mod:`sim.sweep.planning` checks the paths and values
against the scenario.

>>> spec = parse({"scenario": "s.yaml",
...               "grid": {"pressures.u.credibility": {"linspace": [0, 1, 3]}},
...               "record": ["zopa.size"]}, "sweep.yaml")
>>> spec.grid[0].values, spec.record
((0.0, 0.5, 1.0), ('zopa.size',))
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..distributions import DISTRIBUTIONS, is_finite_number, parse_distribution
from ..docpaths import keys_of
from ..document import Document, read_document
from ..errors import Problem, ScenarioError, dotted
from ..scenario import Scenario
from ..scenario import load as load_scenario
from . import record as rec

#: Keys a sweep file may have, and the keys of its ``random`` section.
SWEEP_KEYS = ("scenario", "description", "grid", "random", "record")
RANDOM_KEYS = ("n", "seed", "draw")
#: Recorded when the file names no ``record``.
DEFAULT_RECORD = ("zopa", "pareto.size", "solutions")
#: Largest number of variants a sweep may have.
MAX_VARIANTS = 100_000_000

Scalar = float | int | str | bool


@dataclass(frozen=True)
class Axis:
    """One grid axis: a scenario path and the values it takes, in order."""

    path: str
    values: tuple[Scalar, ...]


#: The kind of a :class:`Draw` whose values are given, one per draw (not in sweep files).
GIVEN = "values"


@dataclass(frozen=True)
class Draw:
    """One random draw: a scenario path and a distribution (``choice`` included),
    or (kind :data:`GIVEN`, from :func:`explicit`) the value of each draw."""

    path: str
    kind: str
    params: tuple[Scalar, ...]


@dataclass(frozen=True)
class SweepSpec:
    """A parsed sweep file. ``n`` is 0 without a ``random`` section."""

    scenario: Path
    grid: tuple[Axis, ...]
    draws: tuple[Draw, ...]
    n: int
    seed: int | None
    record: tuple[str, ...]
    source: str = "<sweep>"
    lines: Document | None = None

    @property
    def paths(self) -> tuple[str, ...]:
        """Every varied path: grid axes in file order, then draws in file order."""
        return tuple(a.path for a in self.grid) + tuple(d.path for d in self.draws)

    @property
    def size(self) -> int:
        """Number of variants: grid points times draws (each factor 1 when absent)."""
        return math.prod(len(a.values) for a in self.grid) * (self.n if self.draws else 1)

    def canonical(self) -> dict[str, Any]:
        """Everything that decides the table, as plain JSON data (for fingerprints)."""
        return {
            "grid": [[a.path, list(a.values)] for a in self.grid],
            "random": {"n": self.n, "seed": self.seed,
                       "draw": [[d.path, d.kind, list(d.params)] for d in self.draws]},
            "record": list(self.record),
        }

    def where(self, path: str) -> tuple[str, ...]:
        """Where the varied ``path`` is written: ``grid.PATH``, ``random.draw.PATH``,
        or ``values.PATH`` for given values."""
        if any(a.path == path for a in self.grid):
            return ("grid", path)
        if any(d.path == path and d.kind == GIVEN for d in self.draws):
            return ("values", path)
        return ("random", "draw", path)

    def locate(self, path: tuple[Any, ...], message: str) -> Problem:
        """A problem at ``path`` of the sweep file, with its line."""
        line = self.lines.line_of(path) if self.lines is not None else None
        return Problem(dotted(path), message, line)

    def error(self, problems: list[Problem]) -> ScenarioError:
        return ScenarioError(problems, self.source)


def _scalar(v: Any) -> bool:
    return is_finite_number(v) or isinstance(v, (str, bool))


def _same_kind(values: list[Any]) -> str | None:
    """'number', 'string' or 'boolean' if every value is of that kind, else None."""
    kinds = {"number" if is_finite_number(v) else "boolean" if isinstance(v, bool) else "string"
             for v in values}
    return kinds.pop() if len(kinds) == 1 else None


def _spaced(kind: str, args: Any) -> tuple[list[float] | None, str | None]:
    if (not isinstance(args, list) or len(args) != 3 or not all(is_finite_number(a) for a in args)
            or not isinstance(args[2], int) or args[2] < 1):
        return None, f"{kind} takes [start, stop, count], count a whole number >= 1"
    a, b, n = args
    if kind == "linspace":
        return [float(x) for x in np.linspace(a, b, n)], None
    if a <= 0 or b <= 0:
        return None, ("logspace takes the end values themselves, both > 0 (like "
                      "numpy.geomspace), e.g. {logspace: [0.01, 1, 3]} for 0.01, 0.1, 1")
    return [float(x) for x in np.geomspace(a, b, n)], None


def grid_values(spec: Any) -> tuple[tuple[Scalar, ...] | None, str | None]:
    """The values of one grid entry: a list, ``{linspace: [a, b, n]}``,
    ``{logspace: [a, b, n]}`` (n values from a to b, evenly spaced in log) or one
    scalar. Returns (values, None) or (None, message).

    >>> grid_values({"logspace": [0.01, 1, 3]})
    ((0.01, 0.1, 1.0), None)
    """
    if isinstance(spec, dict) and len(spec) == 1 and next(iter(spec)) in ("linspace", "logspace"):
        (kind, args), = spec.items()
        values, problem = _spaced(kind, args)
        return (tuple(float(f"{v:.15g}") for v in values), None) if values else (None, problem)
    if _scalar(spec):
        spec = [spec]
    if not isinstance(spec, list) or not spec:
        return None, ("a grid entry is a non-empty list of values, {linspace: [a, b, n]}, "
                      "{logspace: [a, b, n]} or a single value")
    bad = [v for v in spec if not _scalar(v)]
    if bad:
        return None, f"grid values are numbers, strings or booleans, not {bad[0]!r}"
    if _same_kind(spec) is None:
        return None, "the values of one path must all be numbers, all strings or all booleans"
    if len({json.dumps(v) for v in spec}) != len(spec):
        return None, "a value is listed twice"
    return tuple(spec), None


def _draw(path: str, spec: Any, where: tuple[Any, ...], sweep: SweepSpec,
          out: list[Problem]) -> Draw | None:
    names = ", ".join([*DISTRIBUTIONS, "choice"])
    if not isinstance(spec, dict) or len(spec) != 1:
        out.append(sweep.locate(where, f"a draw is one distribution: {{uniform: [a, b]}}, "
                                       f"{{normal: [mean, sd]}}, ... (one of: {names})"))
        return None
    (kind, params), = spec.items()
    if kind == "choice":
        if not isinstance(params, list) or not params or not all(_scalar(v) for v in params):
            out.append(sweep.locate(where + ("choice",), "choice takes a non-empty list of values"))
            return None
        if _same_kind(params) is None:
            out.append(sweep.locate(where + ("choice",), "the choices must all be numbers, all "
                                                         "strings or all booleans"))
            return None
        return Draw(path, kind, tuple(params))
    if kind not in DISTRIBUTIONS:
        out.append(sweep.locate(where + (kind,), f"unknown distribution {kind!r} (one of: {names})"))
        return None
    dist = parse_distribution({kind: params})
    if isinstance(dist, str):
        out.append(sweep.locate(where + (kind,), dist))
        return None
    return Draw(path, kind, dist.params)


def _random(node: Any, sweep: SweepSpec, out: list[Problem]) -> tuple[list[Draw], int, int | None]:
    if not isinstance(node, dict):
        out.append(sweep.locate(("random",), "random is a mapping with n, seed and draw"))
        return [], 0, None
    for key in node:
        if key not in RANDOM_KEYS:
            out.append(sweep.locate(("random", key), f"unknown key {key!r} (allowed: "
                                                     f"{', '.join(RANDOM_KEYS)})"))
    n, seed = node.get("n"), node.get("seed")
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        out.append(sweep.locate(("random", "n"), f"n (the number of draws) must be a whole "
                                                 f"number >= 1, got {n!r}"))
        n = 0
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        out.append(sweep.locate(("random", "seed"), "seed must be a whole number >= 0 (it makes "
                                                    "the table reproducible and reruns resumable)"))
        seed = None
    draws = node.get("draw")
    if not isinstance(draws, dict) or not draws:
        out.append(sweep.locate(("random", "draw"), "draw maps scenario paths to distributions"))
        return [], n, seed
    found = []
    for path, spec in draws.items():
        d = _draw(str(path), spec, ("random", "draw", path), sweep, out)
        if d is not None:
            found.append(d)
    return found, n, seed


def _record(node: Any, sweep: SweepSpec, out: list[Problem]) -> tuple[str, ...]:
    if node is None:
        return DEFAULT_RECORD
    if isinstance(node, str):
        node = [node]
    if not isinstance(node, list) or not node or not all(isinstance(r, str) and r for r in node):
        out.append(sweep.locate(("record",), "record is a list of report fields, "
                                             "e.g. [zopa.size, solutions.nash.utilities]"))
        return ()
    return tuple(dict.fromkeys(node))


def parse(data: Any, source: str, doc: Document | None = None) -> SweepSpec:
    """Check a parsed sweep mapping and build the :class:`SweepSpec`, or raise every
    problem of it (with ``doc``'s own, :attr:`~sim.document.Document.problems`).

    The scenario path is taken relative to the sweep file's folder.
    """
    spec, problems = _checked(data, source, doc)
    if problems:
        raise spec.error(problems)
    return spec


def _checked(data: Any, source: str, doc: Document | None) -> tuple[SweepSpec, list[Problem]]:
    """The spec built from the parts of the file that are right, and the problems of
    the rest, the document's with them, by line (none at a path the document's
    problems already name: :attr:`~sim.document.Document.broken`)."""
    sweep = SweepSpec(Path(), (), (), 0, None, (), source, doc)
    known = list(doc.problems) if doc is not None else []
    if not isinstance(data, dict):
        return sweep, known + [sweep.locate((), "a sweep file is a mapping with scenario, grid "
                                                "and/or random, and record")]
    out: list[Problem] = []
    for key in data:
        if key not in SWEEP_KEYS:
            out.append(sweep.locate((key,), f"unknown key {key!r} (allowed: {', '.join(SWEEP_KEYS)})"))
    scen = data.get("scenario")
    if not isinstance(scen, str) or not scen:
        out.append(sweep.locate(("scenario",), "scenario (the path of the scenario file, relative "
                                               "to this file) is required"))
        scen = ""
    grid: list[Axis] = []
    node = data.get("grid", {})
    if not isinstance(node, dict):
        out.append(sweep.locate(("grid",), "grid maps scenario paths to lists of values"))
        node = {}
    for path, spec in node.items():
        values, problem = grid_values(spec)
        if values is None:
            out.append(sweep.locate(("grid", path), str(problem)))
        else:
            assert values is not None  # no problem: the values
            grid.append(Axis(str(path), values))
    draws, n, seed = _random(data["random"], sweep, out) if "random" in data else ([], 0, None)
    for d in draws:
        if d.path in node:
            out.append(sweep.locate(("random", "draw", d.path), "this path is already in grid"))
    if "random" not in data and data.get("grid", {}) == {}:  # an empty grid varies nothing
        out.append(sweep.locate(("grid",) if "grid" in data else (),
                                "nothing to vary: give grid, random, or both"))
    record = _record(data.get("record"), sweep, out)
    base = Path(source).parent if source and not source.startswith("<") else Path()
    spec = SweepSpec(base / scen if scen else Path(), tuple(grid), tuple(draws), n, seed, record,
                     source, doc)
    if not out and spec.size > MAX_VARIANTS:
        out.append(sweep.locate((), f"{spec.size:,} variants is more than {MAX_VARIANTS:,}"))
    broken = [dotted(path) for path in doc.broken] if doc is not None else []
    out = [p for p in out if not any(p.path == b or p.path.startswith(b + ".") for b in broken)]
    return spec, sorted(known + out, key=lambda p: (p.line is None, p.line or 0))


def explicit(values: Mapping[str, Sequence[Any] | np.ndarray], record: Sequence[str] = DEFAULT_RECORD,
             scenario: str | Path = "<scenario>", source: str = "<variants>") -> SweepSpec:
    """The sweep whose variants are given row by row: variant ``k`` sets each path
    of ``values`` to its ``k``-th value (numbers, strings or booleans, one kind per
    path, every path the same number of values).

    Problems raise a :class:`~sim.errors.ScenarioError` located at ``values.PATH``.

    >>> spec = explicit({"parties.p.disagreement": [0.1, 0.3]}, ["zopa.size"])
    >>> spec.size, spec.where("parties.p.disagreement")
    (2, ('values', 'parties.p.disagreement'))
    """
    sweep = SweepSpec(Path(scenario), (), (), 0, None, (), source)
    out: list[Problem] = []
    columns: dict[str, tuple[Any, ...]] = {}
    for path, column in values.items():
        given = tuple(v.item() if hasattr(v, "item") else v for v in column)
        if not given or not all(_scalar(v) for v in given) or _same_kind(list(given)) is None:
            out.append(sweep.locate(("values", path), "a path takes a non-empty list of finite "
                                                      "numbers, strings or booleans, all of one kind"))
        columns[str(path)] = given
    lengths = {len(c) for c in columns.values()}
    if not columns:
        out.append(sweep.locate(("values",), "nothing to vary: give at least one path"))
    elif len(lengths) > 1:
        out.append(sweep.locate(("values",), f"every path takes one value per variant; the "
                                             f"lists have {sorted(lengths)} values"))
    record = _record(list(record), sweep, out)
    if not out and next(iter(lengths)) > MAX_VARIANTS:
        out.append(sweep.locate(("values",), f"more than {MAX_VARIANTS:,} variants"))
    if out:
        raise sweep.error(out)
    draws = tuple(Draw(path, GIVEN, given) for path, given in columns.items())
    return SweepSpec(Path(scenario), (), draws, next(iter(lengths)), None, record, source)


def load(path: str | Path) -> SweepSpec:
    """Read and check a sweep file (raises :class:`~sim.errors.ScenarioError`).

    A sweep file with problems has its scenario read too, when the file names it, so
    that one run reports the problems of both files, each with its own file name
    (SPEC section 2: every problem at once), and, when the scenario is right, the
    sweep's paths and recorded fields that are not in it (:func:`_against`). The
    values are checked against the scenario once the sweep file is right
    (:func:`sim.sweep.planning.plan`): they need the file's values all read.
    """
    doc = read_document(path, defer=True)
    spec, problems = _checked(doc.data, str(path), doc)
    if not problems:
        return spec
    others: list[ScenarioError] = []
    if spec.scenario != Path():
        try:
            problems += _against(spec, load_scenario(spec.scenario))
        except ScenarioError as exc:
            others.append(exc)
    own = spec.error(sorted(problems, key=lambda p: (p.line is None, p.line or 0)))
    raise ScenarioError.joined([own, *others])


def _against(spec: SweepSpec, scenario: Scenario) -> list[Problem]:
    """The varied paths of ``spec`` that lead nowhere in ``scenario``, and the recorded
    fields its report lacks, located in the sweep file (the planning's messages)."""
    out = [spec.locate(spec.where(path), f"not a path into the scenario: {problem}")
           for path in spec.paths if (problem := keys_of(path, scenario.document)[1]) is not None]
    return out + rec.columns(scenario, spec.record, lambda i, msg: spec.locate(("record", i), msg))[1]
