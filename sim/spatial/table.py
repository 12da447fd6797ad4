"""Spatial decision tables: actors' positions and saliences on issues (SPEC section 13).

A :class:`SpatialTable` holds, for m issues and n actors, the positions and
saliences (``nan`` where unknown), each actor's capability, and per issue its
proposal, the Council's voting rule, the reference point and the observed
outcome where known. Two files give one: the DEU table (:func:`read_deu`,
tab-separated, one row per issue, the capability row below the header;
Thomson, Stokman, Achen and Koenig 2006; Arregui and Perarnaud 2021) and the
long CSV form analysts keep (:func:`read_spatial`, one row per actor and issue).
Every defect is a located :class:`~sim.errors.Problem` (file, line, column).

An actor has a **stake** in an issue when its position is known and its
salience is known and positive; only those enter the models.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import DOCUMENT, Problem, ScenarioError, describe_value

#: The common scale of positions and saliences.
SCALE = (0.0, 100.0)


@dataclass(frozen=True)
class SpatialTable:
    """Positions and saliences of ``actors`` (columns) on ``issues`` (rows).

    ``positions``, ``saliences``: (m, n) floats, ``nan`` where unknown;
    ``capability``: (n,) > 0; ``proposals``, ``rules``: per issue (rule ``""``
    where not given); ``reference``, ``outcome``: (m,), ``nan`` where unknown;
    ``lines``: the file line of each issue (for messages).
    """

    source: str
    actors: tuple[str, ...]
    capability: np.ndarray
    issues: tuple[str, ...]
    proposals: tuple[str, ...]
    rules: tuple[str, ...]
    positions: np.ndarray
    saliences: np.ndarray
    reference: np.ndarray
    outcome: np.ndarray
    lines: tuple[int, ...]

    @property
    def stake(self) -> np.ndarray:
        """(m, n) bool: position known and salience known and > 0."""
        with np.errstate(invalid="ignore"):
            return ~np.isnan(self.positions) & (np.nan_to_num(self.saliences) > 0)

    def groups(self) -> list[tuple[str, np.ndarray]]:
        """Each proposal with the indices of its issues, in order of first appearance."""
        order: dict[str, list[int]] = {}
        for k, p in enumerate(self.proposals):
            order.setdefault(p, []).append(k)
        return [(p, np.array(ks)) for p, ks in order.items()]


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[Problem] = []

    def add(self, column: str, message: str, line: int | None) -> None:
        self.items.append(Problem(column, message, line))

    def number(self, text: str, column: str, line: int, lo: float | None = SCALE[0],
               hi: float | None = SCALE[1], positive: bool = False) -> float:
        """The cell as a float (``nan`` if blank), or ``nan`` and a problem."""
        text = text.strip()
        if not text:
            return float("nan")
        try:
            x = float(text)
        except ValueError:
            x = float("nan")
        rng = f"in [{lo:g}, {hi:g}]" if lo is not None and hi is not None else "> 0"
        if not np.isfinite(x) or (lo is not None and x < lo) or (hi is not None and x > hi) \
                or (positive and x <= 0):
            self.add(column, f"must be a number {rng}, got {describe_value(text)}", line)
            return float("nan")
        return x

    def check(self) -> None:
        if self.items:
            raise ScenarioError(self.items, self.source)


def _rows(path: str | Path, delimiter: str) -> list[list[str]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            return list(csv.reader(f, delimiter=delimiter))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ScenarioError([Problem(DOCUMENT, f"cannot read the table: {reason}")], str(path)) from None


def read_deu(path: str | Path) -> SpatialTable:
    """Read a DEU table (SPEC section 13): columns ``prnr``, ``isnr``, ``counvte``,
    ``p<actor>`` and ``s<actor>`` for each actor, ``rp``, ``out``; line 2 holds each
    actor's capability in its position column."""
    out = _Problems(str(path))
    rows = _rows(path, "\t")
    if not rows or not any(c.strip() for c in rows[0]):
        raise ScenarioError([Problem(DOCUMENT, "the table is empty")], str(path))
    header = [c.strip() for c in rows[0]]
    col = {name: k for k, name in enumerate(header)}
    for name in ("prnr", "isnr"):
        if name not in col:
            out.add(DOCUMENT, f"line 1 has no column {name!r} (a DEU table names the proposal "
                              "'prnr' and the issue 'isnr')", 1)
    actors = tuple(c[1:] for c in header if c.startswith("p") and len(c) > 1 and "s" + c[1:] in col)
    if not actors:
        out.add(DOCUMENT, "no actor columns: each actor needs a position column p<actor> and a "
                          "salience column s<actor>", 1)
    out.check()
    second = rows[1] if len(rows) > 1 else []
    if len(second) <= max(col["isnr"], col["prnr"]) or second[col["isnr"]].strip() \
            or second[col["prnr"]].strip():
        raise ScenarioError([Problem(DOCUMENT, "line 2 must be the capability row (blank prnr and "
                                     "isnr, each actor's capability in its position column)", 2)],
                            str(path))
    width = len(header)
    cap_row = rows[1] + [""] * (width - len(rows[1]))
    capability = np.array([out.number(cap_row[col["p" + a]], "p" + a, 2, None, None, True)
                           for a in actors])
    for a, c in zip(actors, capability):
        if np.isnan(c) and not cap_row[col["p" + a]].strip():
            out.add("p" + a, "the capability row gives no capability for this actor", 2)
    issues, proposals, rules, lines, pos, sal, ref, obs = [], [], [], [], [], [], [], []
    seen: dict[str, int] = {}
    for line, row in enumerate(rows[2:], start=3):
        if not any(c.strip() for c in row):
            continue
        if len(row) != width:
            out.add(DOCUMENT, f"has {len(row)} fields, the header {width}", line)
            continue
        isnr, prnr = row[col["isnr"]].strip(), row[col["prnr"]].strip()
        for name, value in (("isnr", isnr), ("prnr", prnr)):
            if not value:
                out.add(name, "is blank", line)
        if isnr in seen:
            out.add("isnr", f"issue {isnr!r} is given twice (first on line {seen[isnr]})", line)
        seen.setdefault(isnr, line)
        issues.append(isnr)
        proposals.append(prnr)
        rules.append(row[col["counvte"]].strip() if "counvte" in col else "")
        lines.append(line)
        pos.append([out.number(row[col["p" + a]], "p" + a, line) for a in actors])
        sal.append([out.number(row[col["s" + a]], "s" + a, line) for a in actors])
        ref.append(out.number(row[col["rp"]], "rp", line) if "rp" in col else np.nan)
        obs.append(out.number(row[col["out"]], "out", line) if "out" in col else np.nan)
    if not issues and not out.items:
        out.add(DOCUMENT, "the table has no issue rows", None)
    out.check()
    return SpatialTable(str(path), actors, capability, tuple(issues), tuple(proposals),
                        tuple(rules), np.array(pos, dtype=float), np.array(sal, dtype=float),
                        np.array(ref, dtype=float), np.array(obs, dtype=float), tuple(lines))


#: Columns of the long CSV form; the last four may be left out.
LONG_REQUIRED = ("actor", "issue", "position", "salience", "capability")
LONG_OPTIONAL = ("proposal", "rule", "reference", "outcome")


def read_spatial(path: str | Path) -> SpatialTable:
    """Read the long CSV form: one row per actor and issue, columns ``actor``,
    ``issue``, ``position``, ``salience``, ``capability`` and optionally
    ``proposal`` (default: all issues one proposal), ``rule``, ``reference`` and
    ``outcome`` (per issue: where given on several rows they must agree). A blank
    position is an actor without a stake; an actor's capability is given at least
    once, and the same wherever it is given."""
    out = _Problems(str(path))
    rows = _rows(path, ",")
    if not rows or not any(c.strip() for c in rows[0]):
        raise ScenarioError([Problem(DOCUMENT, "the table is empty")], str(path))
    header = [c.strip().lower() for c in rows[0]]
    col = {name: k for k, name in enumerate(header)}
    missing = [c for c in LONG_REQUIRED if c not in col]
    if missing:
        raise ScenarioError([Problem(DOCUMENT, f"line 1 lacks the column(s) {', '.join(missing)} "
                                     f"(the long form has {', '.join(LONG_REQUIRED)})", 1)], str(path))
    actors: dict[str, int] = {}
    issues: dict[str, int] = {}
    cells: dict[tuple[int, int], tuple[float, float, int]] = {}
    cap: dict[int, tuple[float, int]] = {}
    per_issue: dict[int, dict[str, tuple[object, int]]] = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            out.add(DOCUMENT, f"has {len(row)} fields, the header {len(header)}", line)
            continue
        actor, issue = row[col["actor"]].strip(), row[col["issue"]].strip()
        if not actor or not issue:
            out.add("actor" if not actor else "issue", "is blank", line)
            continue
        a = actors.setdefault(actor, len(actors))
        i = issues.setdefault(issue, len(issues))
        if (i, a) in cells:
            out.add("issue", f"actor {actor!r} on issue {issue!r} is given twice (first on line "
                             f"{cells[i, a][2]})", line)
            continue
        p = out.number(row[col["position"]], "position", line)
        s = out.number(row[col["salience"]], "salience", line)
        cells[i, a] = (p, s, line)
        c = out.number(row[col["capability"]], "capability", line, None, None, True)
        if not np.isnan(c):
            if a in cap and cap[a][0] != c:
                out.add("capability", f"{actor!r} has capability {cap[a][0]:g} on line {cap[a][1]}, "
                                      f"here {c:g}", line)
            cap.setdefault(a, (c, line))
        for name in LONG_OPTIONAL:
            if name not in col or not row[col[name]].strip():
                continue
            text = row[col[name]].strip()
            value: object = text if name in ("proposal", "rule") else out.number(text, name, line)
            known = per_issue.setdefault(i, {})
            if isinstance(value, float) and np.isnan(value):
                continue
            if name in known and known[name][0] != value:
                out.add(name, f"issue {issue!r} has {name} {known[name][0]} on line {known[name][1]}, "
                              f"here {value}", line)
            known.setdefault(name, (value, line))
    for actor, a in actors.items():
        if a not in cap:
            out.add("capability", f"actor {actor!r} has no capability on any row", None)
    if not cells and not out.items:
        out.add(DOCUMENT, "the table has no rows", None)
    out.check()
    m, n = len(issues), len(actors)
    pos, sal = np.full((m, n), np.nan), np.full((m, n), np.nan)
    first_line = [0] * m
    for (i, a), (p, s, line) in cells.items():
        pos[i, a], sal[i, a] = p, s
        first_line[i] = first_line[i] or line
    extra = [per_issue.get(i, {}) for i in range(m)]
    return SpatialTable(
        str(path), tuple(actors), np.array([cap[a][0] for a in range(n)]), tuple(issues),
        tuple(str(e["proposal"][0]) if "proposal" in e else "all" for e in extra),
        tuple(str(e["rule"][0]) if "rule" in e else "" for e in extra), pos, sal,
        np.array([e["reference"][0] if "reference" in e else np.nan for e in extra], dtype=float),
        np.array([e["outcome"][0] if "outcome" in e else np.nan for e in extra], dtype=float),
        tuple(first_line))


def read_table(path: str | Path) -> SpatialTable:
    """A DEU table (``.tsv``, ``.tab``, ``.txt``) or the long CSV form (anything else)."""
    if Path(path).suffix.lower() in (".tsv", ".tab", ".txt"):
        return read_deu(path)
    return read_spatial(path)
