"""The Istanbul 2025 case (issue 4): provenance of every number, the demand
table of docs/istanbul-2025.md, and the headline results pinned.

If a deliberate model change moves a pinned number, rerun
``docs/scripts/istanbul_analysis.py``, update docs/istanbul-2025.md and the
number here in the same commit.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from sim.analysis import Solver, analyse
from sim.scenario import load

from .conftest import ROOT, SCENARIOS

MAIN = SCENARIOS / "istanbul-2025.yaml"
ISTANBUL = sorted(SCENARIOS.glob("istanbul-2025*.yaml"))
DOC = ROOT / "docs" / "istanbul-2025.md"
PRESSURE = "sanctions_ultimatum"
QUOTE = re.compile(r'"([^"]+)"')


def _analysis_script():
    spec = importlib.util.spec_from_file_location(
        "istanbul_analysis", ROOT / "docs" / "scripts" / "istanbul_analysis.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def main_analysis():
    return analyse(load(MAIN))


@pytest.fixture(scope="module")
def article(shared: Path) -> str:
    return (shared / "source" / "istanbul-talks-2025-05-15.txt").read_text(encoding="utf-8")


def _normalise(text: str) -> str:
    return " ".join(text.split())


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
def test_notes_quote_the_article_verbatim_or_say_assumption(path: Path, article: str):
    """A note is a quote of the article in double quotes, or says 'modelling assumption'."""
    text = _normalise(article)
    bad = []
    for where, note in _notes(load(path).document):
        quotes = QUOTE.findall(note)
        if not quotes and "modelling assumption" not in note.lower():
            bad.append(f"{where}: neither a quote nor a modelling assumption")
        bad += [f"{where}: not in the article: {q!r}" for q in quotes if _normalise(q) not in text]
    assert bad == []


@pytest.mark.parametrize("path", ISTANBUL, ids=lambda p: p.stem)
def test_sources_are_verbatim_sentences_of_the_article(path: Path, article: str):
    text = _normalise(article)
    assert [w for w, s in _sources(load(path).document) if not s or _normalise(s) not in text] == []


def _whole_sentences(quote: str, text: str) -> bool:
    """Whether ``quote`` starts and ends at sentence boundaries of ``text`` (not
    on an abbreviation such as 'U.S.')."""
    start = text.find(quote)
    end = start + len(quote)
    before_ok = start == 0 or text[:start].rstrip()[-1:] in ".?!’”"
    after_ok = end == len(text) or text[end] == " "
    return (before_ok and after_ok and quote[-1] in ".?!’”"
            and not re.search(r"\b(?:[A-Z]\.){2,}$", quote))


def _cut_quotes(doc: dict, article: str) -> list[str]:
    """Where a ``source:`` from the article is not whole sentences, or a quoted
    note ends on an abbreviation (issue 20: 'former U.S.' was cut there)."""
    text = _normalise(article)
    bad = [w for w, s in _sources(doc) if _normalise(s) in text and not _whole_sentences(_normalise(s), text)]
    return bad + [f"{w}: {q!r}" for w, note in _notes(doc) for q in QUOTE.findall(note)
                  if re.search(r"\b(?:[A-Z]\.){2,}$", q.strip())]


@pytest.mark.parametrize("path", ISTANBUL, ids=lambda p: p.stem)
def test_quotes_are_cut_at_sentence_ends(path: Path, article: str):
    assert _cut_quotes(load(path).document, article) == []


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
    assert main_analysis.space.size == 4 * 5 * 3 * 4 * 3 ** 6 == 174_960


def test_zopa_with_and_without_the_ultimatum(main_analysis):
    r, w = main_analysis.result, main_analysis.without[PRESSURE]
    assert (w.zopa_size, r.zopa_size) == (3404, 3541)
    assert (w.n_pareto, r.n_pareto) == (27, 30)
    assert list(r.disagreement) == pytest.approx([0.36, 0.3, -0.012, -0.036], abs=1e-9)
    assert list(w.disagreement) == pytest.approx([0.42, 0.3, 0.0, 0.0], abs=1e-9)


def test_red_lines_pin_the_territory(main_analysis):
    """Every ZOPA outcome has third-state recognition of Crimea and of the held line."""
    solver = Solver.of(main_analysis.scenario)
    cols = solver.space.columns(0, solver.space.size)
    pressures = main_analysis.scenario.pressures
    d = solver.disagreement(pressures)
    inside = solver.feasible(cols, solver.utilities(cols, pressures), d)
    s = main_analysis.scenario
    crimea = {s.issues[0].options[k] for k in set(cols[s.issue_index("crimea")][inside])}
    oblasts = {s.issues[1].options[k] for k in set(cols[s.issue_index("four_oblasts")][inside])}
    assert crimea == {"recognised_by_third_states"}
    assert oblasts == {"contact_line_recognised_by_third_states"}


NASH_WITH = {
    "crimea": "recognised_by_third_states",
    "four_oblasts": "contact_line_recognised_by_third_states",
    "nato": "neutrality",
    "security": "western_force",
    "ceasefire": "before_talks",
    "arms": "limited",
    "sanctions": "partial",
    "governance": "current_government",
    "denazification": "named_groups_excluded",
    "russian_speakers": "official_language",
}


def test_nash_outcome(main_analysis):
    nash = main_analysis.result.solutions["nash"]
    assert main_analysis.outcome(nash) == NASH_WITH
    assert list(nash.utilities) == pytest.approx([11.7 / 20.5, 9.75 / 19, 1.0, 0.66], abs=1e-9)


def test_the_ultimatum_moves_nash_to_the_ceasefire_paid_for_with_arms(main_analysis):
    without = main_analysis.without[PRESSURE].solutions["nash"]
    assert main_analysis.outcome(without) == {
        **NASH_WITH, "ceasefire": "with_settlement", "arms": "continue", "sanctions": "full"}
    assert list(without.utilities[:2]) == pytest.approx([13.3 / 20.5, 9.25 / 19], abs=1e-9)
    for concept, sol in main_analysis.result.solutions.items():
        assert main_analysis.outcome(sol)["ceasefire"] == "before_talks", concept
        before = main_analysis.without[PRESSURE].solutions[concept]
        assert main_analysis.outcome(before)["ceasefire"] == "with_settlement", concept


def test_nash_ceasefire_switches_at_credibility_0_488():
    ia = _analysis_script()
    s = load(MAIN)
    solver = Solver.of(s)
    below = ia.solve_with(s, solver, credibility=0.48)
    above = ia.solve_with(s, solver, credibility=0.49)
    assert ia.nash_option(solver, below, "ceasefire") == "with_settlement"
    assert ia.nash_option(solver, above, "ceasefire") == "before_talks"


def test_war_lottery_zopa_opens_at_credibility_0_659():
    ia = _analysis_script()
    s = load(SCENARIOS / "istanbul-2025-war-lottery.yaml")
    solver = Solver.of(s)
    assert solver.solve([]).zopa_size == 0
    assert solver.solve(s.pressures).zopa_size == 0
    assert ia.solve_with(s, solver, credibility=0.65).zopa_size == 0
    opened = ia.solve_with(s, solver, credibility=0.66)
    assert opened.zopa_size > 0
    assert ia.nash_option(solver, opened, "ceasefire") == "before_talks"
    assert ia.solve_with(s, solver, credibility=1.0).zopa_size == 7


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
