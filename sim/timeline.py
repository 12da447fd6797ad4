"""A negotiation as a sequence of dated stages (``negsim timeline``).

A *stage* is an ordinary scenario file with a ``date:`` (ISO 8601, the day the
modelled positions were stated). :func:`timeline` loads every stage, orders
them by date (then by file name), solves each with :func:`sim.analysis.analyse`
and returns one row per stage: the size of the outcome space, the ZOPA (size,
share, whether it exists), each veto party's disagreement value and the Nash
package with its utilities, all after pressures, as ``negsim run`` reports
them (SPEC sections 3 and 5); where the ZOPA is empty, ``blocking`` lists the
minimal sets of red lines whose removal would open it (SPEC section 10,
``counterfactuals.red_lines``). Stages need not share issues or parties: each
row describes its own scenario, and :mod:`sim.diff` says what changed between
two of them.

>>> from pathlib import Path
>>> [s.date.isoformat() for s in load_stages([Path("scenarios/russia-ukraine")])][:3]
['2025-05-16', '2025-06-02', '2025-07-29']
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .analysis import analyse
from .diff import blocking_sets
from .errors import Problem, ScenarioError
from .report import result_json
from .scenario import Scenario, load

#: File suffixes read from a stage folder.
SUFFIXES = (".yaml", ".yml")


def stage_files(paths: Iterable[Path]) -> list[Path]:
    """The scenario files named by ``paths``: a folder stands for its ``*.yaml``
    and ``*.yml`` files (not its subfolders), a file for itself."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
        else:
            files.append(path)
    return files


def load_stages(paths: Iterable[Path]) -> list[Scenario]:
    """Load every stage and order them by ``date:`` (then by file name).

    Raises :class:`~sim.errors.ScenarioError` for a missing or unreadable file
    and for a stage without ``date:``; every file is checked before raising.
    """
    files = stage_files(paths)
    if not files:
        raise ScenarioError([Problem("", "no scenario files (*.yaml) here")],
                            ", ".join(map(str, paths)))
    stages, errors = [], []
    for f in files:
        if not f.exists():
            errors.append(ScenarioError([Problem("", "no such file or folder")], str(f)))
            continue
        try:
            s = load(f)
        except ScenarioError as exc:
            errors.append(exc)
            continue
        if s.date is None:
            errors.append(ScenarioError([Problem("date", "a stage of a timeline needs a date: "
                                                 "(YYYY-MM-DD, when these positions held)")], str(f)))
            continue
        stages.append(s)
    if errors:
        raise errors[0] if len(errors) == 1 else StageErrors(errors)
    return sorted(stages, key=lambda s: (s.date, Path(s.source or "").name))


class StageErrors(ScenarioError):
    """The problems of several stage files at once (exit status 2), each line
    naming its own file."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        self.errors = errors
        super().__init__([p for e in errors for p in e.problems])

    def lines(self) -> list[str]:
        return [line for e in self.errors for line in e.lines()]


def stage_row(scenario: Scenario) -> dict[str, Any]:
    """One stage's row: date, file, name, sizes, disagreement and the Nash package."""
    analysis = analyse(scenario)
    report = result_json(analysis, analysis.result)
    veto = [p.name for p in scenario.veto_parties]
    nash = report["solutions"].get("nash")
    return {
        "date": scenario.date.isoformat() if scenario.date else None,
        "file": Path(scenario.source or "").name,
        "scenario": scenario.name,
        "veto_parties": veto,
        "issues": [i.name for i in scenario.issues],
        "pressures": [p.name for p in scenario.pressures],
        "outcome_space": {"size": analysis.space.size},
        "zopa": report["zopa"],
        "pareto": report["pareto"],
        "disagreement": {p: report["disagreement"][p] for p in veto},
        "nash": None if nash is None else {
            "outcome": nash["outcome"], "utilities": {p: nash["utilities"][p] for p in veto}},
        "blocking": blocking_sets(analysis),
    }


def timeline(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """The rows of every stage under ``paths``, in date order (see the module)."""
    return [stage_row(s) for s in load_stages(paths)]


def blocking_text(groups: list[list[str]]) -> str:
    """``russia.red_lines.3 | ukraine.red_lines.1 + ukraine.red_lines.2`` (or 'none')."""
    return " | ".join(" + ".join(g) for g in groups) or "none (the disagreement points block it)"


def _fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3f}"


def timeline_text(rows: list[dict[str, Any]]) -> str:
    """The table of the stages, then each stage's Nash package (only the issues
    whose option differs from the previous stage's package, after the first)."""
    parties = list(dict.fromkeys(p for r in rows for p in r["veto_parties"]))
    head = ["date", "file", "outcomes", "ZOPA", "share"] + [f"d {p}" for p in parties] \
        + [f"Nash {p}" for p in parties]
    body = []
    for r in rows:
        nash = r["nash"]["utilities"] if r["nash"] else {}
        body.append([r["date"], r["file"], f"{r['outcome_space']['size']:,}",
                     f"{r['zopa']['size']:,}", f"{r['zopa']['share']:.2%}"]
                    + [_fmt(r["disagreement"].get(p)) for p in parties]
                    + [_fmt(nash.get(p)) for p in parties])
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]
    line = lambda cells: "  ".join(str(c).ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(head), line(["-" * w for w in widths])] + [line(b) for b in body]
    out.append("\nNash package by stage (after the first: what changed)")
    previous: dict[str, str] = {}
    for r in rows:
        if r["nash"] is None:
            out.append(f"  {r['date']} {r['file']}: no ZOPA, no deal; it opens if one of these "
                       f"sets of red lines is dropped: {blocking_text(r['blocking'])}")
            continue
        package = {k: str(v) for k, v in r["nash"]["outcome"].items()}
        shown = {k: v for k, v in package.items() if previous.get(k) != v} if previous else package
        changes = ", ".join(f"{k}={v}" for k, v in shown.items()) or "unchanged"
        dropped = [k for k in previous if k not in package]
        if dropped:
            changes += "; issues gone: " + ", ".join(dropped)
        out.append(f"  {r['date']} {r['file']}: {changes}")
        previous = package
    return "\n".join(out)
