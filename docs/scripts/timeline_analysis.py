"""Every number of docs/timeline.md, computed from the stage scenarios.

Run from the repository root (under a minute):

    .venv/bin/python docs/scripts/timeline_analysis.py            # print the tables (Markdown)
    .venv/bin/python docs/scripts/timeline_analysis.py --figures  # also write docs/figures/timeline.png

The stages are ``scenarios/istanbul-2025.yaml`` (15 May 2025) and the files of
``scenarios/russia-ukraine/``; the rows are those of ``negsim timeline``
(:func:`sim.timeline.timeline`). ``tests/test_timeline.py`` pins the
headline numbers.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from sim.analysis import analyse
from sim.scenario import load
from sim.timeline import timeline

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
STAGES = [SCENARIOS / "istanbul-2025.yaml", SCENARIOS / "russia-ukraine"]


def _istanbul_analysis():
    """docs/scripts/istanbul_analysis.py, for its ``without_red_lines``."""
    spec = importlib.util.spec_from_file_location("istanbul_analysis",
                                                  ROOT / "docs" / "scripts" / "istanbul_analysis.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def stage_table(rows: list[dict[str, Any]]) -> str:
    """The Markdown table of the stages."""
    out = [("| date | stage | outcomes | ZOPA | d Russia | d Ukraine | Nash Russia, Ukraine | "
            "red lines to drop for a ZOPA |"), "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        nash = r["nash"]
        deal = f"{nash['utilities']['russia']:.3f}, {nash['utilities']['ukraine']:.3f}" if nash else "no deal"
        blocking = " or ".join(" + ".join(f"`{x}`" for x in g) for g in r["blocking"]) or "-"
        zopa = f"{r['zopa']['size']:,} ({r['zopa']['share']:.2%})" if r["zopa"]["exists"] else "empty"
        out.append(f"| {r['date']} | `{r['file']}` | {r['outcome_space']['size']:,} | {zopa} | "
                   f"{r['disagreement']['russia']:.3f} | {r['disagreement']['ukraine']:.3f} | {deal} | "
                   f"{blocking} |")
    return "\n".join(out)


def openings(rows: list[dict[str, Any]], issues: tuple[str, ...] = ("donbas", "recognition", "security",
                                                                   "army_cap", "nato")) -> str:
    """For each stage whose ZOPA one red line closes: the ZOPA and the Nash package
    with that line dropped (which side's concession would make which deal)."""
    drop = _istanbul_analysis().without_red_lines
    out = ["| date | dropped | ZOPA | Nash: " + ", ".join(issues) + " |", "|---|---|---|---|"]
    for r in rows:
        singles = [g[0] for g in r["blocking"] if len(g) == 1]
        for line in singles:
            party, _, k = line.split(".")
            stage = load(_path(r["file"]))
            a = analyse(drop(stage, ((party, int(k)),)))
            nash = a.result.solutions["nash"]
            package = a.outcome(nash) if nash is not None else {}
            out.append(f"| {r['date']} | `{line}` | {a.result.zopa_size:,} | "
                       + ", ".join(str(package.get(i, "-")) for i in issues) + " |")
    return "\n".join(out)


def _path(file: str) -> Path:
    for candidate in (SCENARIOS / file, SCENARIOS / "russia-ukraine" / file):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(file)


def figures(rows: list[dict[str, Any]]) -> list[Path]:
    from sim.plot.style import save_figure
    from sim.plot.timeline import timeline_figure

    return [save_figure(timeline_figure(rows), ROOT / "docs" / "figures" / "timeline.png")]


def main(argv: list[str]) -> int:
    rows = timeline(STAGES)
    print("## Stages\n\n" + stage_table(rows))
    print("\n## One red line from a deal\n\n" + openings(rows))
    if "--figures" in argv:
        for path in figures(rows):
            print(f"written: {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
