"""Tables of an :class:`~sim.analysis.Analysis` for spreadsheets: solutions, frontier, ZOPA.

Each table is a header and rows of plain values (strings and numbers), one
column per issue (its option, or its value for a continuous issue) and one
``utilities.PARTY`` per party (every party, veto or not, after pressures,
rounded to 9 decimals as in the JSON report, SPEC section 5):

- :func:`solutions_table`: one row per solution concept, first with every
  pressure (``variant`` ``with all pressures``), then without each pressure
  (``without NAME``); a lottery solution takes one row per outcome, with its
  ``probability`` (1 for a pure outcome); ``no deal`` rows where the ZOPA is empty;
- :func:`frontier_table`: every outcome of the Pareto frontier P (SPEC section 3,
  with every pressure), in enumeration order: all outcomes of the ZOPA whose
  veto-party utility vector is a frontier vector, so several outcomes may share
  one vector. Past ``solve.max_outcomes`` (the additive path, nothing is
  enumerated) one outcome per distinct vector, the one the solver kept;
- :func:`zopa_table`: the ZOPA's outcomes in enumeration order, at most
  ``cap`` of them (:data:`ZOPA_CAP`); :attr:`Table.total` says how many there are.

:func:`write_tables` writes them as ``solutions.csv``, ``frontier.csv`` and
``zopa.csv`` (``negsim run --csv DIR``, docs/reference.md), and what was capped
or left out into ``notes.txt`` (only then).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .analysis import Analysis
from .direct import require_listed
from .precision import rounded
from .results import Result, Solution

#: At most this many ZOPA outcomes go into zopa.csv (a spreadsheet's comfort, not a limit of negsim).
ZOPA_CAP = 100_000


@dataclass(frozen=True)
class Table:
    """A header, its rows, and ``total``: how many rows there are in all
    (more than ``len(rows)`` when the table was capped)."""

    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    total: int | None = None

    @property
    def capped(self) -> bool:
        return self.total is not None and self.total > len(self.rows)


def _num(x: float) -> float:
    return rounded(x)


def _outcome_header(analysis: Analysis) -> list[str]:
    s = analysis.scenario
    return [i.name for i in s.issues] + [f"utilities.{p.name}" for p in s.parties]


def _row(analysis: Analysis, point: tuple[float, ...], utilities: np.ndarray) -> list[Any]:
    return list(analysis.space.describe(point).values()) + [_num(u) for u in utilities]


def _variants(analysis: Analysis) -> list[tuple[str, Result]]:
    s = analysis.scenario
    return [("with all pressures" if s.pressures else "as given", analysis.result)] + [
        (f"without {p.name}", analysis.without[p.name]) for p in s.pressures]


def solutions_table(analysis: Analysis) -> Table:
    """Every concept's solution, with every pressure and without each one."""
    table = Table(["variant", "concept", "probability"] + _outcome_header(analysis))
    blank = [""] * len(_outcome_header(analysis))
    for variant, result in _variants(analysis):
        for concept, sol in result.solutions.items():
            for probability, point, u in _parts(sol):
                row = blank if point is None else _row(analysis, point, u)
                table.rows.append([variant, concept, probability] + row)
    return table


def _parts(sol: Solution | None) -> Iterator[tuple[Any, tuple[float, ...] | None, Any]]:
    if sol is None:
        yield "no deal", None, None
    elif sol.lottery is not None:
        for probability, point in sol.lottery:
            yield _num(probability), point, sol.utilities
    else:
        yield 1, sol.point, sol.utilities


def _zopa_batches(analysis: Analysis) -> Iterator[tuple[np.ndarray, np.ndarray, int]]:
    """(utilities of the batch's ZOPA outcomes, their enumeration indices, batch start)."""
    solver = analysis.solver_of()
    pressures = solver.scenario.pressures
    d = analysis.result.disagreement
    for start, _, cols in solver.batches():
        u = solver.utilities(cols, pressures)
        inside = np.flatnonzero(solver.feasible(cols, u, d))
        yield u[inside], start + inside, start


def _enumerable(analysis: Analysis) -> bool:
    return analysis.space.enumerable(analysis.scenario.solve.max_outcomes)


def _keys(rows: np.ndarray) -> np.ndarray:
    """Each row of a float array as one comparable value (``+ 0.0``: -0.0 equals 0.0)."""
    rows = np.ascontiguousarray(rows + 0.0)
    return rows.view(np.dtype((np.void, rows.dtype.itemsize * rows.shape[1]))).ravel()


def frontier_table(analysis: Analysis) -> Table:
    """Every outcome on the Pareto frontier with its utilities (with every pressure)."""
    table = Table(["index"] + _outcome_header(analysis))
    r, space = analysis.result, analysis.space
    require_listed(r, "the frontier's table (frontier.csv, --frontier)")
    if not len(r.frontier):
        return table
    if not _enumerable(analysis):  # the additive path: one outcome per frontier vector
        solver = analysis.solver_of()
        order = np.argsort(np.asarray(r.frontier_index, dtype=object))
        points = [space.point(int(r.frontier_index[k])) for k in order]
        u = solver.utilities_at(points, solver.scenario.pressures)
        for k, point, row in zip(order, points, u):
            table.rows.append([int(r.frontier_index[k])] + _row(analysis, point, row))
        return table
    front = _keys(np.asarray(r.frontier, dtype=float))
    for u, index, _ in _zopa_batches(analysis):
        on = np.isin(_keys(u[:, analysis.veto]), front)
        for i, row in zip(index[on], u[on]):
            table.rows.append([int(i)] + _row(analysis, space.point(int(i)), row))
    return table


def zopa_table(analysis: Analysis, cap: int = ZOPA_CAP) -> Table:
    """The ZOPA's outcomes (with every pressure) in enumeration order, the first ``cap``.

    Past ``solve.max_outcomes`` nothing is enumerated: no rows, ``total`` the ZOPA size.
    """
    header = ["index"] + _outcome_header(analysis)
    total = analysis.result.zopa_size
    if not _enumerable(analysis):
        return Table(header, [], total)
    rows: list[list[Any]] = []
    space = analysis.space
    for u, index, _ in _zopa_batches(analysis):
        for i, row in zip(index[: cap - len(rows)], u):
            rows.append([int(i)] + _row(analysis, space.point(int(i)), row))
        if len(rows) >= cap:
            break
    return Table(header, rows, total)


def write_csv(table: Table, path: Path) -> Path:
    """Write ``table`` to ``path`` (UTF-8, comma-separated, one header line)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(table.header)
        writer.writerows(table.rows)
    return path


def write_tables(analysis: Analysis, out: Path, cap: int = ZOPA_CAP) -> list[str]:
    """Write solutions.csv, frontier.csv and zopa.csv into ``out``; returns notes
    for the user (what was capped or left out)."""
    out.mkdir(parents=True, exist_ok=True)
    write_csv(solutions_table(analysis), out / "solutions.csv")
    write_csv(frontier_table(analysis), out / "frontier.csv")
    zopa = zopa_table(analysis, cap)
    write_csv(zopa, out / "zopa.csv")
    notes = []
    if not _enumerable(analysis):
        notes.append(f"zopa.csv: empty: the space is past solve.max_outcomes and is not enumerated "
                     f"(the ZOPA has {zopa.total:,} outcomes); frontier.csv: one outcome per "
                     f"frontier vector")
    elif zopa.capped:
        notes.append(f"zopa.csv: the first {len(zopa.rows):,} of {zopa.total:,} ZOPA outcomes "
                     f"(capped at {cap:,}, in enumeration order)")
    readme = out / "notes.txt"
    if notes:
        readme.write_text("\n".join(notes) + "\n", encoding="utf-8")
    elif readme.exists():  # from an earlier run of a larger scenario into the same folder
        readme.unlink()
    return notes


def frontier_json(analysis: Analysis) -> list[dict[str, Any]]:
    """:func:`frontier_table` for the JSON report (``negsim run --json --frontier``):
    ``[{"outcome": {issue: option}, "utilities": {party: u}}, ...]``."""
    table = frontier_table(analysis)
    k = len(analysis.scenario.issues)
    names = table.header[1:1 + k]
    parties = [p.name for p in analysis.scenario.parties]
    return [{"outcome": dict(zip(names, row[1:1 + k])), "utilities": dict(zip(parties, row[1 + k:]))}
            for row in table.rows]
