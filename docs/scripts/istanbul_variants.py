"""Write the variants of the Istanbul 2025 scenario from the main file.

Each variant is the main file ``scenarios/istanbul-2025.yaml`` with a few
textual edits, so a variant differs from the main case exactly where its
one-line ``description`` says and nowhere else. Run from the repository root:

    .venv/bin/python docs/scripts/istanbul_variants.py          # (re)write the files
    .venv/bin/python docs/scripts/istanbul_variants.py --check  # exit 1 if one is stale

``tests/test_scenarios.py`` runs the check, so editing the main file without
regenerating the variants fails the tests.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAIN = ROOT / "scenarios" / "istanbul-2025.yaml"

HEADER_END = "name: Istanbul talks, 15 May 2025\n"
DESCRIPTION_START = "description: >-\n"
DESCRIPTION_END = "sources:\n"

# Shared pieces of the main file that several variants replace.
RUSSIA_RED_LINE_2 = "      - {four_oblasts: [returned_to_ukraine, contact_line]}\n      - {security: nato_guarantee}\n"
ULTIMATUM_CREDIBILITY = "    credibility: 0.25\n"
RUSSIA_DISAGREEMENT = "    disagreement: 0.42\n    red_lines:\n      - {nato: membership}\n"
UKRAINE_DISAGREEMENT = ("    disagreement: 0.3\n    red_lines:\n      - {crimea: ceded_by_ukraine}\n")

Edit = tuple[str, str] | Callable[[str], str]


def _note(key: str, new: str) -> Callable[[str], str]:
    """An edit replacing the one-line provenance note of the ultimatum's ``key``."""
    def edit(text: str) -> str:
        pattern = rf"(\n      {key}: >-\n)        [^\n]*\n"
        if len(re.findall(pattern, text)) != 1:
            raise SystemExit(f"the note of {key} is not found exactly once")
        return re.sub(pattern, lambda m: m.group(1) + f"        {new}\n", text)
    return edit

# name -> (title suffix, one-line description, edits: (old text, new text) or a function of the text)
VARIANTS: dict[str, tuple[str, str, list[Edit]]] = {
    "istanbul-2025-no-ultimatum": (
        "without the ultimatum",
        "The main case without the EU/US sanctions ultimatum (the pressure is removed).",
        [lambda text: text[: text.index("\npressures:\n") + 1]],
    ),
    "istanbul-2025-auto-credibility": (
        "ultimatum with automatic credibility",
        "The ultimatum's credibility is 'auto': not credible (0), because backing down (0.07) costs the senders less than carrying it out (0.08).",
        [(ULTIMATUM_CREDIBILITY, "    credibility: auto\n"),
         _note("credibility", "Modelling assumption: 'auto', the senders' own incentives decide (SPEC section 3).")],
    ),
    "istanbul-2025-calibrate": (
        "the ultimatum's credibility unknown, to calibrate",
        "The ultimatum's credibility is uniform on [0, 1], for negsim calibrate to keep the draws in which Russia defies it, as it did.",
        [(ULTIMATUM_CREDIBILITY, "    credibility: {uniform: [0, 1]}\n"),
         _note("credibility", "Modelling assumption (variant): nothing known beforehand, uniform on [0, 1]; the"
               " observation (observed.0) is what negsim calibrate conditions on.")],
    ),
    "istanbul-2025-force-red-line": (
        "the Western force a Russian red line",
        "Russia refuses the Western force outright (a red line) instead of valuing it low: 'dismissed by Moscow' read strictly.",
        [(RUSSIA_RED_LINE_2, RUSSIA_RED_LINE_2 + "      - {security: western_force}\n"),
         (("        Modelling assumption: a collective NATO guarantee is membership in substance and is refused like it;"
           " the Western force, 'dismissed by Moscow', is only valued low (values.security), not a red line.\n"),
          ("        Modelling assumption: a collective NATO guarantee is membership in substance and is refused like it.\n"
           "      red_lines.4: >-\n"
           "        \"As an alternative, Ukraine suggested creating a Western military force supported by NATO if"
           " peace is achieved, also dismissed by Moscow.\"\n"
           "        Read strictly (variant): 'dismissed' is a refusal.\n"))],
    ),
    "istanbul-2025-literal": (
        "Lavrov's demand read literally",
        "Russia's recognition red line covers all four regions in full (Lavrov read literally): only whole_oblasts_ceded is acceptable to it.",
        [(RUSSIA_RED_LINE_2,
          ("      - {four_oblasts: [returned_to_ukraine, contact_line, contact_line_recognised_by_third_states,"
          " contact_line_ceded_by_ukraine]}\n      - {security: nato_guarantee}\n")),
         (("        Modelling assumption: recognition of the part Russia holds satisfies the demand; the whole four regions"
          " are a preference (values), not a red line (see the variant istanbul-2025-literal.yaml).\n"),
          ("        Read literally: 'these territories' are the four regions in full, and only their cession by Kyiv"
          " recognises all of them.\n"))],
    ),
    "istanbul-2025-western-force": (
        "Ukraine's Western-force proposal",
        "Ukraine trades NATO for a Western force: membership matters less to it, and it refuses any deal without the force or a NATO guarantee.",
        [(UKRAINE_DISAGREEMENT,
          UKRAINE_DISAGREEMENT + "      - {security: [none, bilateral]}\n"),
         ("      nato: {membership: 1, open_door: 0.6, neutrality: 0}\n      security: {none: 0, bilateral: 0.4,",
          "      nato: {membership: 1, open_door: 0.8, neutrality: 0.6}\n      security: {none: 0, bilateral: 0.4,"),
         ("        Modelling assumption: an open door keeps 0.6 of the value of membership.\n",
          ("        Modelling assumption (variant): with the Western force as the alternative, an open door keeps 0.8"
          " and neutrality 0.6 of the value of membership.\n")),
         (("        Modelling assumption: a concession is a cession by Kyiv (of the held part or of the whole regions);"
          " a frozen line it does not sign away is not.\n"),
          ("        Modelling assumption: a concession is a cession by Kyiv (of the held part or of the whole regions);"
          " a frozen line it does not sign away is not.\n"
          "      red_lines.2: >-\n"
          "        \"As an alternative, Ukraine suggested creating a Western military force supported by NATO if"
          " peace is achieved, also dismissed by Moscow.\"\n"
          "        Modelling assumption (variant): the force is the alternative to NATO, so no deal leaves Ukraine"
          " with bilateral commitments only or none.\n"))],
    ),
    "istanbul-2025-strict-ukraine": (
        "Ukraine refuses any recognition",
        "Ukraine reads 'no territorial concessions' strictly: it refuses recognition of Russian control even by third states.",
        [("      - {crimea: ceded_by_ukraine}\n      - {four_oblasts: [contact_line_ceded_by_ukraine, whole_oblasts_ceded]}\n",
          ("      - {crimea: [recognised_by_third_states, ceded_by_ukraine]}\n"
          "      - {four_oblasts: [contact_line_recognised_by_third_states, contact_line_ceded_by_ukraine,"
          " whole_oblasts_ceded]}\n")),
         (("        Modelling assumption: only Kyiv's own cession 'relinquishes' Crimea; recognition by third states"
          " does not.\n"),
          "        Modelling assumption (variant): recognition of Crimea as Russian by anyone relinquishes it.\n"),
         (("        Modelling assumption: a concession is a cession by Kyiv (of the held part or of the whole regions);"
          " a frozen line it does not sign away is not.\n"),
          ("        Modelling assumption (variant): any recognition of Russian control, by Kyiv or by third states, is a"
          " concession; a frozen, unrecognised line is not.\n"))],
    ),
    "istanbul-2025-us-veto": (
        "the United States must sign and rejects NATO membership",
        "The United States becomes a veto party (its signature is needed for sanctions relief and arms) with Trump's rejection of NATO membership as a red line.",
        [("  united_states:\n    veto: false\n", "  united_states:\n    veto: true\n"),
         ("      sanctions: {none: 0.5, partial: 1, full: 0.6}\n    disagreement: 0.4\n",
          ("      sanctions: {none: 0.5, partial: 1, full: 0.6}\n    disagreement: 0.4\n"
          "    red_lines:\n      - {nato: membership}\n")),
         ("    provenance:\n      weights.nato: >-\n        \"More broadly, Zelenskyy seeks",
          ("    provenance:\n"
          "      red_lines.0: >-\n"
          "        \"More broadly, Zelenskyy seeks ‘security guarantees’ from allies to prevent future Russian"
          " invasions post-peace agreement, including NATO membership—a possibility rejected by Moscow and"
          " former U.S. President Donald Trump.\"\n"
          "      weights.nato: >-\n        \"More broadly, Zelenskyy seeks"))],
    ),
    "istanbul-2025-war-lottery": (
        "disagreement as war lotteries",
        "Russia's and Ukraine's disagreement points are war lotteries with mutually optimistic beliefs and costs of fighting.",
        [(RUSSIA_DISAGREEMENT,
          ("    disagreement:\n"
          "      cost: 0.06\n"
          "      lottery:\n"
          "        - probability: 0.6\n"
          "          outcome: {crimea: ceded_by_ukraine, four_oblasts: whole_oblasts_ceded, nato: neutrality,"
          " security: none, arms: halted, sanctions: none,"
          " governance: new_elections, denazification: named_groups_excluded, russian_speakers: official_language}\n"
          "        - probability: 0.4\n"
          "          outcome: {crimea: russian_control, four_oblasts: contact_line, nato: open_door,"
          " security: bilateral, arms: continue, sanctions: none,"
          " governance: current_government, denazification: no_provision, russian_speakers: no_provision}\n"
          "    red_lines:\n      - {nato: membership}\n")),
         (UKRAINE_DISAGREEMENT,
          ("    disagreement:\n"
          "      cost: 0.1\n"
          "      lottery:\n"
          "        - probability: 0.4\n"
          "          outcome: {crimea: russian_control, four_oblasts: returned_to_ukraine, nato: open_door,"
          " security: bilateral, arms: continue, sanctions: none,"
          " governance: current_government, denazification: no_provision, russian_speakers: no_provision}\n"
          "        - probability: 0.6\n"
          "          outcome: {crimea: russian_control, four_oblasts: contact_line, nato: open_door,"
          " security: bilateral, arms: continue, sanctions: none,"
          " governance: current_government, denazification: no_provision, russian_speakers: no_provision}\n"
          "    red_lines:\n      - {crimea: ceded_by_ukraine}\n")),
         (("        modelling assumption: the war goes on, Russia keeps what it holds (Crimea and part of the four"
          " oblasts), the West keeps arming Ukraine and the sanctions stay; valued at 0.42, a little above the"
          " bare status quo frozen as an agreement, because Russia expects further gains.\n"),
          ("        modelling assumption (variant): Russia believes it wins with probability 0.6 (a dictated peace:"
          " all territory ceded, neutrality, no arms, its political demands met) and otherwise faces today's"
          " stalemate; fighting costs it 0.06.\n")),
         (("        modelling assumption: the war goes on, Ukraine holds the present line with Western arms under"
          " the sanctions on Russia; valued at 0.3.\n"),
          ("        modelling assumption (variant): Ukraine believes that with Western arms it retakes the four"
          " oblasts with probability 0.4 and otherwise holds today's line; fighting costs it 0.1. Both sides"
          " are optimistic at once (Fearon 1995).\n"))],
    ),
}


def render(name: str, main_text: str) -> str:
    """The text of variant ``name``, built from the main file's text."""
    title, description, edits = VARIANTS[name]
    _head, sep, body = main_text.partition(HEADER_END)
    assert sep, "the main file's name line moved"
    before, sep, rest = body.partition(DESCRIPTION_START)
    assert sep and not before, "the main file's description must follow its name"
    _, sep, rest = rest.partition(DESCRIPTION_END)
    assert sep, "the main file's sources must follow its description"
    text = rest
    for edit in edits:
        if callable(edit):
            text = edit(text)
            continue
        old, new = edit
        if text.count(old) != 1:
            raise SystemExit(f"{name}: the text to replace is not found exactly once:\n{old}")
        text = text.replace(old, new)
    return (
        f"# GENERATED by docs/scripts/istanbul_variants.py from istanbul-2025.yaml: edit that script,\n"
        f"# not this file. Everything not named in the description is as in the main case.\n"
        f"name: \"Istanbul talks, 15 May 2025 (variant: {title})\"\n"
        f"description: \"{description}\"\n"
        f"{DESCRIPTION_END}{text}"
    )


def main(argv: list[str]) -> int:
    main_text = MAIN.read_text(encoding="utf-8")
    stale = []
    for name in VARIANTS:
        path = MAIN.parent / f"{name}.yaml"
        text = render(name, main_text)
        if "--check" in argv:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("stale variants (rerun docs/scripts/istanbul_variants.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
