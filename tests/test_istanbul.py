"""The Istanbul 2025 case (issue 4): provenance of every number, the demand
table of docs/istanbul-2025.md, and the headline results pinned.

If a deliberate model change moves a pinned number, rerun
``docs/scripts/istanbul_analysis.py``, update docs/istanbul-2025.md and the
number here in the same commit.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from sim.analysis import Solver, analyse
from sim.scenario import from_dict, load

from .conftest import ROOT, SCENARIOS, doc_script
from .provenance import cut_quotes, normalise, note_problems, read_facts

MAIN = SCENARIOS / "istanbul-2025.yaml"
ISTANBUL = sorted(SCENARIOS.glob("istanbul-2025*.yaml"))
DOC = ROOT / "docs" / "istanbul-2025.md"
PRESSURE = "sanctions_ultimatum"
#: The reading before issue 20 (its ultimatum a term of the package, credibility 0.6).
PREVIOUS = SCENARIOS / "istanbul-2025-previous.yaml"


def _analysis_script():
    return doc_script("istanbul_analysis")


@pytest.fixture(scope="module")
def main_analysis():
    return analyse(load(MAIN))


@pytest.fixture(scope="module")
def article(shared: Path) -> str:
    return (shared / "source" / "istanbul-talks-2025-05-15.txt").read_text(encoding="utf-8")


_normalise = normalise


@pytest.fixture(scope="module")
def facts(shared: Path):
    return read_facts(shared)


# ---------------------------------------------------------------------------
# Provenance


def _required_notes(doc: dict) -> list[tuple[str, str]]:
    """(party, key) for every weight > 0, value table, red line, interaction and
    disagreement of every party in the raw document."""
    out = []
    for name, party in doc["parties"].items():
        for issue, w in party["weights"].items():
            if w > 0:
                out.append((name, f"weights.{issue}"))
        for issue in party.get("values", {}):
            out.append((name, f"values.{issue}"))
        for k in range(len(party.get("red_lines", []))):
            out.append((name, f"red_lines.{k}"))
        for k in range(len(party.get("interactions", []))):
            out.append((name, f"interactions.{k}"))
        out.append((name, "disagreement"))
    return out


@pytest.mark.parametrize("path", ISTANBUL, ids=lambda p: p.stem)
def test_every_number_of_every_party_has_a_provenance_note(path: Path):
    doc = load(path).document
    missing = [f"parties.{p}.provenance.{k}" for p, k in _required_notes(doc)
               if not doc["parties"][p].get("provenance", {}).get(k, "").strip()]
    assert missing == []


@pytest.mark.parametrize("path", ISTANBUL, ids=lambda p: p.stem)
def test_every_pressure_number_has_a_provenance_note(path: Path):
    doc = load(path).document
    missing = [f"pressures.{name}.provenance.{key}"
               for name, p in doc.get("pressures", {}).items()
               for key in ("demand", "penalty", "cost", "credibility", "backing_down_cost")
               if key in p and not p.get("provenance", {}).get(key, "").strip()]
    assert missing == []


def _notes(doc: dict) -> list[tuple[str, str]]:
    """Every ``provenance:`` note of the parties and the pressures."""
    notes = []
    for name, party in doc["parties"].items():
        notes += [(f"parties.{name}.provenance.{k}", v) for k, v in party.get("provenance", {}).items()]
    for name, p in doc.get("pressures", {}).items():
        notes += [(f"pressures.{name}.provenance.{k}", v) for k, v in p.get("provenance", {}).items()]
    return notes


def _sources(doc: dict) -> list[tuple[str, str]]:
    """Every ``source:`` field: each must be a sentence of the article, verbatim."""
    out = [(f"issues.{n}.source", i.get("source", "")) for n, i in doc["issues"].items()]
    for name, party in doc["parties"].items():
        out.append((f"parties.{name}.source", party.get("source", "")))
        out += [(f"parties.{name}.interactions.{k}.source", i.get("source", ""))
                for k, i in enumerate(party.get("interactions", []))]
    out += [(f"pressures.{n}.source", p.get("source", "")) for n, p in doc.get("pressures", {}).items()]
    return out


@pytest.mark.parametrize("path", ISTANBUL, ids=lambda p: p.stem)
def test_notes_quote_the_article_verbatim_or_say_assumption(path: Path, article: str, facts):
    """A note quotes the article in double quotes (or a fact of the timeline file,
    naming it and one of its addresses), or says 'modelling assumption'."""
    assert note_problems(_notes(load(path).document), _normalise(article), facts) == []


@pytest.mark.parametrize("path", ISTANBUL, ids=lambda p: p.stem)
def test_sources_are_verbatim_sentences_of_the_article(path: Path, article: str):
    text = _normalise(article)
    assert [w for w, s in _sources(load(path).document) if not s or _normalise(s) not in text] == []


@pytest.mark.parametrize("path", ISTANBUL, ids=lambda p: p.stem)
def test_quotes_are_cut_at_sentence_ends(path: Path, article: str):
    doc = load(path).document
    assert cut_quotes(_sources(doc), _notes(doc), article) == []


def test_every_issue_has_a_description():
    s = load(MAIN)
    assert [i.name for i in s.issues if not (i.description or "").strip()] == []


# ---------------------------------------------------------------------------
# The demand table of docs/istanbul-2025.md


def _demand_rows() -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## The demands of the article", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    cells = [[c.strip() for c in row.strip("|").split("|")] for row in rows]
    assert cells[0] == ["demand", "who", "article quote", "where in the scenario"]
    return [c for c in cells[2:]]


def test_demand_table_lists_the_article_demands():
    rows = _demand_rows()
    assert len(rows) >= 15
    assert all(len(r) == 4 and all(r) for r in rows)


def test_every_demand_points_to_something_that_exists():
    s = load(MAIN)
    options = {i.name: set(i.options) for i in s.issues}
    problems = []
    for demand, _, _, where in _demand_rows():
        refs = re.findall(r"`([^`]+)`", where)
        if not refs:
            problems.append(f"{demand}: no reference")
        for ref in refs:
            if m := re.fullmatch(r"(\w+): (\w+)", ref):
                issue, option = m.groups()
                if option not in options.get(issue, ()):
                    problems.append(f"{demand}: no option {ref}")
            elif m := re.fullmatch(r"pressures\.(\w+)", ref):
                if m.group(1) not in [p.name for p in s.pressures]:
                    problems.append(f"{demand}: no pressure {ref}")
            elif m := re.fullmatch(r"(\w+)\.(red_lines|interactions)\.(\d+)", ref):
                party = s.party(m.group(1))
                if int(m.group(3)) >= len(getattr(party, m.group(2))):
                    problems.append(f"{demand}: no {ref}")
            elif not (SCENARIOS / ref).exists():
                problems.append(f"{demand}: unknown reference {ref}")
    assert problems == []


def test_every_issue_answers_some_demand():
    where = " ".join(r[3] for r in _demand_rows())
    assert [i.name for i in load(MAIN).issues if f"`{i.name}: " not in where] == []


def test_demand_quotes_are_verbatim(article: str):
    text = _normalise(article)
    assert [q for _, _, q, _ in _demand_rows() if _normalise(q) not in text] == []


# ---------------------------------------------------------------------------
# Headline results


def test_outcome_space(main_analysis):
    assert main_analysis.space.size == 4 * 5 * 3 * 4 * 3 ** 5 == 58_320


def test_zopa_with_and_without_the_ultimatum(main_analysis):
    r, w = main_analysis.result, main_analysis.without[PRESSURE]
    assert (w.zopa_size, r.zopa_size) == (378, 400)
    assert (w.n_pareto, r.n_pareto) == (17, 18)
    # on the impasse: q * penalty = 0.025 off Russia's fallback, q * cost off the senders'
    assert list(r.disagreement) == pytest.approx([0.395, 0.3, 0.395, 0.485], abs=1e-9)
    assert list(w.disagreement) == pytest.approx([0.42, 0.3, 0.4, 0.5], abs=1e-9)


def test_the_implementers_cut_the_zopa_from_1154_to_400(main_analysis):
    doc = {k: v for k, v in main_analysis.scenario.document.items() if k != "agreement"}
    assert analyse(from_dict(doc)).result.zopa_size == 1154


def test_red_lines_pin_the_territory(main_analysis):
    """Every ZOPA outcome has third-state recognition of Crimea and of the held line."""
    solver = Solver.of(main_analysis.scenario)
    cols = solver.space.columns(0, solver.space.size)
    pressures = main_analysis.scenario.pressures
    d = solver.disagreement(pressures)
    inside = solver.feasible(cols, solver.utilities(cols, pressures), d)
    assert inside.sum() == 400
    s = main_analysis.scenario
    crimea = {s.issues[0].options[k] for k in set(cols[s.issue_index("crimea")][inside])}
    oblasts = {s.issues[1].options[k] for k in set(cols[s.issue_index("four_oblasts")][inside])}
    assert crimea == {"recognised_by_third_states"}
    assert oblasts == {"contact_line_recognised_by_third_states"}


NASH = {
    "crimea": "recognised_by_third_states",
    "four_oblasts": "contact_line_recognised_by_third_states",
    "nato": "neutrality",
    "security": "western_force",
    "arms": "continue",
    "sanctions": "full",
    "governance": "current_government",
    "denazification": "named_groups_excluded",
    "russian_speakers": "official_language",
}


def test_nash_outcome(main_analysis):
    nash = main_analysis.result.solutions["nash"]
    assert main_analysis.outcome(nash) == NASH
    # weights without the ceasefire: Russia 18.5, Ukraine 17, the US 3, the EU 7
    assert list(nash.utilities) == pytest.approx([11.3 / 18.5, 8.25 / 17, 2 / 3, 3.6 / 7], abs=1e-9)


def test_on_the_impasse_the_ultimatum_moves_no_package(main_analysis):
    """Issue 20, point 1: the threat changes the fallback, not what is signed."""
    without = main_analysis.without[PRESSURE].solutions
    for concept in ("nash", "utilitarian"):
        assert main_analysis.outcome(main_analysis.result.solutions[concept]) == NASH
        assert main_analysis.outcome(without[concept]) == NASH


def test_the_observed_defiance_holds_now_and_was_contradicted_before(capsys):
    from sim.cli import main

    assert main(["run", str(MAIN)]) == 0
    out = capsys.readouterr().out
    assert "0. holds        russia defied sanctions_ultimatum: russia expects 0.5858 from defying " \
           "and 0.5608 from complying" in out
    assert main(["run", str(PREVIOUS)]) == 0
    out = capsys.readouterr().out
    assert "0. CONTRADICTED russia defied sanctions_ultimatum: russia expects 0.5888 from defying " \
           "and 0.6 from complying" in out


@pytest.mark.parametrize("q, defies", [(0.0, True), (0.25, True), (0.49, True), (0.5, False), (0.6, False)])
def test_russia_defies_below_credibility_one_half(q: float, defies: bool):
    """Defied iff q * penalty < compliance_cost (SPEC 12, no demand): q < 0.05 / 0.1. A tie complies;
    this is the cut negsim calibrate makes in istanbul-2025-calibrate.yaml."""
    from sim.observations import check

    doc = copy.deepcopy(load(MAIN).document)
    doc["pressures"][PRESSURE]["credibility"] = q
    a = analyse(from_dict(doc))
    assert [c.holds for c in check(a.solver_of(), a.result)] == [defies]


def test_the_threat_game_senders_back_down():
    from sim.games import analyse_games

    threat = analyse_games(load(MAIN)).threats[PRESSURE]
    assert threat.summary == ("russia defies; the senders (united_states, european_union) back down "
                              "from the sanctions ultimatum")


def test_the_western_force_read_as_a_red_line():
    a = analyse(load(SCENARIOS / "istanbul-2025-force-red-line.yaml"))
    assert a.result.zopa_size == 106
    assert a.outcome(a.result.solutions["nash"]) == {**NASH, "security": "bilateral", "sanctions": "none"}


def test_war_lottery_has_no_zopa_at_any_credibility():
    ia = _analysis_script()
    s = load(SCENARIOS / "istanbul-2025-war-lottery.yaml")
    solver = Solver.of(s)
    assert solver.solve([]).zopa_size == 0
    assert ia.solve_with(s, solver, credibility=1.0).zopa_size == 0
    assert ia.solve_with(s, solver, credibility=1.0, penalty=0.3).zopa_size > 0


# ---------------------------------------------------------------------------
# The reading before issue 20 (istanbul-2025-previous.yaml), kept as it was


@pytest.fixture(scope="module")
def previous_analysis():
    return analyse(load(PREVIOUS))


PREVIOUS_NASH = {**NASH, "ceasefire": "before_talks", "arms": "limited", "sanctions": "partial"}


def test_previous_reading_headlines(previous_analysis):
    r, w = previous_analysis.result, previous_analysis.without[PRESSURE]
    assert previous_analysis.space.size == 174_960
    assert (w.zopa_size, r.zopa_size) == (3404, 3541)
    assert (w.n_pareto, r.n_pareto) == (27, 30)
    nash = r.solutions["nash"]
    assert previous_analysis.outcome(nash) == PREVIOUS_NASH
    assert list(nash.utilities) == pytest.approx([11.7 / 20.5, 9.75 / 19, 1.0, 0.66], abs=1e-9)


def test_previous_reading_the_ultimatum_moved_nash_to_the_ceasefire_paid_for_with_arms(previous_analysis):
    without = previous_analysis.without[PRESSURE].solutions["nash"]
    assert previous_analysis.outcome(without) == {
        **PREVIOUS_NASH, "ceasefire": "with_settlement", "arms": "continue", "sanctions": "full"}
    assert list(without.utilities[:2]) == pytest.approx([13.3 / 20.5, 9.25 / 19], abs=1e-9)


def test_previous_reading_nash_ceasefire_switches_at_credibility_0_488():
    ia = _analysis_script()
    s = load(PREVIOUS)
    solver = Solver.of(s)
    below = ia.solve_with(s, solver, credibility=0.48)
    above = ia.solve_with(s, solver, credibility=0.49)
    assert ia.nash_option(solver, below, "ceasefire") == "with_settlement"
    assert ia.nash_option(solver, above, "ceasefire") == "before_talks"


@pytest.mark.parametrize("name", ["istanbul-2025-literal", "istanbul-2025-strict-ukraine"])
def test_strict_readings_empty_the_zopa(name: str):
    a = analyse(load(SCENARIOS / f"{name}.yaml"))
    assert a.result.zopa_size == 0 and a.without[PRESSURE].zopa_size == 0
    assert all(sol is None for sol in a.result.solutions.values())


def test_literal_reading_reopens_by_dropping_either_clashing_red_line():
    ia = _analysis_script()
    s = load(SCENARIOS / "istanbul-2025-literal.yaml")
    scan = ia.red_line_scan(s, 1)
    assert ia.minimal_openings(scan) == [(("russia", 2),), (("ukraine", 1),)]
