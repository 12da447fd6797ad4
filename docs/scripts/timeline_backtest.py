"""The backtest of docs/timeline.md: what each stage's model said about the next stage's moves.

Run from the repository root (about a minute):

    .venv/bin/python docs/scripts/timeline_backtest.py       # print the table (Markdown)

Each stage file records what the sides were seen to do at that stage
(``observed:``, SPEC section 12). For every stage but the first, its
observations are checked against the model of the *previous* stage, which
did not know them: the same check ``negsim run`` makes on a file's own
observations (:func:`sim.observations.check`), on the previous stage's
numbers. An outcome of the later stage is written in the earlier stage's
issues: issues the earlier model lacks are dropped, options it lacks are
mapped to the nearest it has (:data:`NEAREST`, said in the table); an
observation of a pressure the earlier model lacks cannot be tested and is
listed as such. ``tests/test_timeline.py`` pins the table.
"""

from __future__ import annotations

import sys
from itertools import pairwise
from pathlib import Path
from typing import Any

from sim.analysis import analyse
from sim.observations import check
from sim.scenario import Scenario, from_dict, load

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "scenarios" / "russia-ukraine"
STAGES = [ROOT / "scenarios" / "istanbul-2025.yaml"] + sorted(FOLDER.glob("*.yaml"))
#: The 15 May case as read before issue 20, tested on 16 May beside the fixed one.
PREVIOUS = ROOT / "scenarios" / "istanbul-2025-previous.yaml"
#: Options a later plan named that an earlier model lacks -> the nearest it has.
NEAREST = {("army_cap", "cap_600k"): "strict_cap", ("army_cap", "cap_800k"): "cap_600k"}


def translate(item: dict[str, Any], earlier: Scenario) -> tuple[dict[str, Any] | None, list[str]]:
    """``item`` (an observation as written) in ``earlier``'s terms, and the
    mappings made; None when the earlier model cannot express it."""
    kind, value = next(iter(item.items()))
    if kind in ("defied", "complied"):
        return (item, []) if value in [p.name for p in earlier.pressures] else (None, [])
    if kind == "no_agreement":
        return item, []
    options = {i.name: i.options for i in earlier.issues}
    outcome, notes = {}, []
    for issue, option in value["outcome"].items():
        if issue not in options:
            notes.append(f"{issue} dropped")
            continue
        if option not in options[issue]:
            nearest = NEAREST[(issue, option)]
            notes.append(f"{issue} {option} read as {nearest}")
            option = nearest
        outcome[issue] = option
    return {kind: {"party": value["party"], "outcome": outcome}}, notes


def transition(earlier_path: Path, later_path: Path) -> list[dict[str, Any]]:
    """One row per observation of the later stage, checked on the earlier model."""
    earlier, later = load(earlier_path), load(later_path)
    items = later.document.get("observed", [])
    rows, testable = [], []
    for k, item in enumerate(items):
        translated, notes = translate(item, earlier)
        model = earlier.date.isoformat() + (" (before issue 20)" if earlier_path == PREVIOUS else "")
        rows.append({"stage": later.date.isoformat(), "model": model,
                     "observation": _words(item), "notes": notes, "prediction": None, "why": ""})
        if translated is not None:
            testable.append((k, translated))
    if testable:
        doc = {**earlier.document, "observed": [t for _, t in testable]}
        s = from_dict(doc, str(earlier_path))
        a = analyse(s)
        for (k, _), c in zip(testable, check(a.solver_of(), a.result)):
            rows[k]["prediction"] = c.holds
            rows[k]["why"] = c.why
    return rows


def _words(item: dict[str, Any]) -> str:
    kind, value = next(iter(item.items()))
    if kind == "no_agreement":
        return "no agreement"
    if kind in ("defied", "complied"):
        return f"Russia {kind} `{value}`"
    return f"{value['party'].replace('_', ' ').title()} {kind} the " + _what(value["outcome"])


def _what(outcome: dict[str, Any]) -> str:
    """A short name for the outcomes the stages observe."""
    if outcome.get("recognition") == "de_jure":
        return "Russian memorandum"
    if outcome.get("referendum") == "required":
        return "20-point framework"
    if outcome.get("recognition") == "none":
        return "Ukrainian memorandum"
    return "28-point plan"


def backtest() -> list[dict[str, Any]]:
    """Every stage's observations, checked on the model of the stage before it
    (16 May's also on the 15 May case as read before issue 20)."""
    pairs = [(PREVIOUS, STAGES[1]), *pairwise(STAGES)]
    return [row for a, b in pairs for row in transition(a, b)]


def table(rows: list[dict[str, Any]]) -> str:
    out = ["| stage | model of | observed | the model of the stage before | hit? |",
           "|---|---|---|---|---|"]
    for r in rows:
        said = "not testable (no such pressure)" if r["prediction"] is None else r["why"]
        if r["notes"]:
            said += " (" + "; ".join(r["notes"]) + ")"
        hit = "-" if r["prediction"] is None else ("hit" if r["prediction"] else "**miss**")
        out.append(f"| {r['stage']} | {r['model']} | {r['observation']} | {said} | {hit} |")
    hits = sum(r["prediction"] is True for r in rows)
    misses = sum(r["prediction"] is False for r in rows)
    return "\n".join(out) + f"\n\n{hits} hits, {misses} misses, " \
        f"{sum(r['prediction'] is None for r in rows)} not testable."


def main(argv: list[str]) -> int:
    print(table(backtest()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
