"""The Russia-Ukraine timeline (issue 20): the stage scenarios of
``scenarios/russia-ukraine/``, their provenance, their headline results, and
the commands ``negsim timeline`` and ``negsim diff``.

Provenance: every ``source:`` is verbatim text of the article or of the facts
file ``../shared/source/russia-ukraine-2025-2026.md``; every note quotes one of
them verbatim or says "modelling assumption", and a note quoting a fact names
the fact ("fact 9") and one of that fact's public addresses. If a deliberate
model change moves a pinned number, rerun ``docs/scripts/timeline_analysis.py``
and update docs/timeline.md and the number here in the same commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.cli import main
from sim.scenario import load

from .conftest import SCENARIOS, doc_script
from .provenance import cut_quotes, normalise, note_problems, read_facts
from .test_istanbul import _notes, _required_notes, _sources

FOLDER = SCENARIOS / "russia-ukraine"
STAGES = sorted(FOLDER.glob("*.yaml"))


@pytest.fixture(scope="module")
def article(shared: Path) -> str:
    return normalise((shared / "source" / "istanbul-talks-2025-05-15.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def facts(shared: Path) -> dict[int, tuple[str, list[str]]]:
    out = read_facts(shared)
    assert len(out) == 14 and all(addresses for _, addresses in out.values())
    return out


def test_stages_are_dated_in_their_file_names():
    assert len(STAGES) >= 8
    for path in STAGES:
        s = load(path)
        assert s.date is not None and path.name.startswith(s.date.isoformat()), path.name


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.stem)
def test_every_number_has_a_note(path: Path):
    doc = load(path).document
    missing = [f"parties.{p}.provenance.{k}" for p, k in _required_notes(doc)
               if not doc["parties"][p].get("provenance", {}).get(k, "").strip()]
    missing += [f"pressures.{name}.provenance.{key}"
                for name, p in doc.get("pressures", {}).items()
                for key in ("demand", "penalty", "cost", "credibility", "backing_down_cost",
                            "compliance_cost")
                if key in p and not p.get("provenance", {}).get(key, "").strip()]
    assert missing == []


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.stem)
def test_notes_quote_a_source_verbatim_or_say_assumption(path: Path, article: str, facts):
    assert note_problems(_notes(load(path).document), article, facts) == []


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.stem)
def test_sources_are_verbatim(path: Path, article: str, facts):
    texts = [article] + [t for t, _ in facts.values()]
    bad = [w for w, s in _sources(load(path).document)
           if not s or not any(normalise(s) in t for t in texts)]
    assert bad == []


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.stem)
def test_article_quotes_end_at_a_sentence_end(path: Path, article: str):
    doc = load(path).document
    assert cut_quotes(_sources(doc), _notes(doc), article) == []


# ---------------------------------------------------------------------------
# Headline results of every stage (docs/timeline.md)

#: date -> (outcome space, ZOPA size, disagreement (russia, ukraine), minimal red-line sets)
HEADLINES = {
    "2025-05-16": (17_496, 311, (0.4, 0.3), []),
    "2025-06-02": (23_328, 0, (0.42, 0.3), None),
    "2025-07-29": (23_328, 0, (0.396, 0.3), None),
    "2025-08-18": (23_328, 0, (0.416, 0.3), [["russia.red_lines.3"], ["ukraine.red_lines.1"]]),
    "2025-11-21": (34_992, 0, (0.38, 0.3), [["russia.red_lines.3"], ["ukraine.red_lines.1"]]),
    "2025-12-24": (559_872, 0, (0.38, 0.3), [["russia.red_lines.3"], ["ukraine.red_lines.1"]]),
    "2026-01-06": (1_119_744, 0, (0.38, 0.3), [["russia.red_lines.3"], ["ukraine.red_lines.1"]]),
    "2026-02-18": (1_119_744, 0, (0.38, 0.3), [["russia.red_lines.3"], ["ukraine.red_lines.1"]]),
}
#: The memoranda of 2 June clash three times over: recognition, Donbas and the south.
MEMORANDA_BLOCKS = [
    ["russia.red_lines.1", "russia.red_lines.3", "russia.red_lines.4"],
    ["russia.red_lines.1", "russia.red_lines.3", "ukraine.red_lines.2"],
    ["russia.red_lines.1", "russia.red_lines.4", "ukraine.red_lines.1"],
    ["russia.red_lines.1", "ukraine.red_lines.1", "ukraine.red_lines.2"],
    ["russia.red_lines.3", "russia.red_lines.4", "ukraine.red_lines.0"],
    ["russia.red_lines.3", "ukraine.red_lines.0", "ukraine.red_lines.2"],
    ["russia.red_lines.4", "ukraine.red_lines.0", "ukraine.red_lines.1"],
    ["ukraine.red_lines.0", "ukraine.red_lines.1", "ukraine.red_lines.2"],
]
ROUND_1_NASH = {
    "recognition": "de_facto", "donbas": "ukrainian", "south": "frozen_on_contact_line",
    "nato": "neutrality", "security": "bilateral", "arms": "halted", "sanctions": "none",
    "governance": "current_government", "language_and_groups": "official_language_and_bans",
}


@pytest.fixture(scope="module")
def rows():
    from sim.timeline import timeline

    return timeline([FOLDER])


def test_the_timeline_is_in_date_order_and_pins_each_stage(rows):
    assert [r["date"] for r in rows] == list(HEADLINES)
    for r in rows:
        size, zopa, d, blocking = HEADLINES[r["date"]]
        assert (r["outcome_space"]["size"], r["zopa"]["size"]) == (size, zopa), r["date"]
        assert [r["disagreement"]["russia"], r["disagreement"]["ukraine"]] == pytest.approx(d, abs=1e-9)
        assert r["blocking"] == (MEMORANDA_BLOCKS if blocking is None else blocking), r["date"]


def test_round_1_keeps_a_deal_on_the_frozen_line(rows):
    nash = rows[0]["nash"]
    assert nash["outcome"] == ROUND_1_NASH
    assert [nash["utilities"]["russia"], nash["utilities"]["ukraine"]] == pytest.approx(
        [0.569230769, 0.557894737], abs=1e-9)


def test_after_august_one_clash_is_left_the_held_part_of_donbas(rows):
    """From the summits on, dropping Russia's Donbas line or Ukraine's alone opens a ZOPA."""
    for r in rows[3:]:
        assert r["nash"] is None and len(r["blocking"]) == 2
    doc = load(FOLDER / "2026-02-18-abu-dhabi-geneva.yaml").document
    assert doc["parties"]["russia"]["red_lines"][3] == {"donbas": ["ukrainian", "demilitarised_zone"]}
    assert doc["parties"]["ukraine"]["red_lines"][1] == {"donbas": "russian"}


# ---------------------------------------------------------------------------
# negsim timeline and negsim diff, end to end


def _small_timeline(tmp_path: Path) -> Path:
    """Two early stages copied, in reverse name order, to check the date order."""
    folder = tmp_path / "stages"
    folder.mkdir()
    for name, target in (("2025-06-02-istanbul-memoranda.yaml", "a.yaml"),
                         ("2025-05-16-istanbul-round-1.yaml", "b.yaml")):
        (folder / target).write_text((FOLDER / name).read_text(encoding="utf-8"), encoding="utf-8")
    return folder


def test_negsim_timeline_orders_by_date_and_writes_the_figure(tmp_path: Path, capsys):
    folder = _small_timeline(tmp_path)
    out = tmp_path / "out"
    assert main(["timeline", str(folder), "--json", "--out", str(out)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["file"], r["zopa"]["size"]) for r in rows] == [("b.yaml", 311), ("a.yaml", 0)]
    assert json.loads((out / "timeline.json").read_text()) == rows
    assert (out / "timeline.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (out / "timeline.svg").read_text()


def test_negsim_timeline_text_names_the_blocking_red_lines(tmp_path: Path, capsys):
    assert main(["timeline", str(_small_timeline(tmp_path))]) == 0
    text = capsys.readouterr().out
    assert text.index("b.yaml") < text.index("a.yaml")
    assert "a.yaml: no ZOPA, no deal; it opens if one of these sets of red lines is dropped: " \
           "russia.red_lines.1 + russia.red_lines.3 + russia.red_lines.4 | " in text


def test_negsim_timeline_refuses_a_stage_without_a_date(tmp_path: Path, capsys):
    folder = _small_timeline(tmp_path)
    text = (folder / "a.yaml").read_text(encoding="utf-8").replace("date: '2025-06-02'\n", "")
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    (folder / "c.yaml").write_text("name: broken\nissues: {}\n", encoding="utf-8")
    assert main(["timeline", str(folder)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert f"{folder / 'a.yaml'}: date: a stage of a timeline needs a date: (YYYY-MM-DD, " \
           "when these positions held)" in err
    assert any(line.startswith(f"{folder / 'c.yaml'}:") and "parties" in line for line in err)


def test_negsim_timeline_refuses_an_empty_folder(tmp_path: Path, capsys):
    assert main(["timeline", str(tmp_path)]) == 2
    assert "no scenario files (*.yaml) here" in capsys.readouterr().err


@pytest.mark.parametrize("text, message", [
    ("date: 2025-13-01", "'2025-13-01' is not a date: month must be in 1..12"),
    ("date: 16 May 2025", "expected a date written YYYY-MM-DD (e.g. 2025-05-16), got '16 May 2025'"),
    ("date: 20250516", "expected a date written YYYY-MM-DD (e.g. 2025-05-16), got 20250516"),
])
def test_a_bad_date_is_a_located_error(tmp_path: Path, capsys, text: str, message: str):
    body = (FOLDER / "2025-05-16-istanbul-round-1.yaml").read_text(encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(body.replace("date: 2025-05-16", text), encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:" in err and "date: " in err and message in err


def test_negsim_diff_of_round_1_and_the_memoranda(capsys):
    a, b = FOLDER / "2025-05-16-istanbul-round-1.yaml", FOLDER / "2025-06-02-istanbul-memoranda.yaml"
    assert main(["diff", str(a), str(b), "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    c, e = d["changes"], d["effects"]
    assert (d["a"]["date"], d["b"]["date"]) == ("2025-05-16", "2025-06-02")
    assert c["issues"] == {"added": ["army_cap"], "removed": [],
                           "changed": {"governance": {"removed": ["un_transitional"]}}}
    assert c["red_lines"]["russia"] == {
        "added": [{"recognition": ["none", "de_facto"]}, {"security": ["article5_like", "western_force"]},
                  {"donbas": ["ukrainian", "demilitarised_zone"]}, {"south": "frozen_on_contact_line"}],
        "removed": [{"recognition": "none"}, {"security": "article5_like"}]}
    assert "ukraine" not in c["red_lines"]
    assert c["pressures"] == {"added": [], "removed": ["sanctions_ultimatum"], "changed": {}}
    numbers = {x["path"]: (x["a"], x["b"]) for x in c["numbers"]}
    assert numbers["parties.russia.weights.army_cap"] == (None, 2)
    assert numbers["parties.russia.values.governance.early_elections"] == (0.6, 1)
    assert numbers["parties.russia.values.governance.un_transitional"] == (1, None)
    assert e["outcome_space"] == [17_496, 23_328]
    assert [z["size"] for z in e["zopa"]] == [311, 0]
    assert e["disagreement"]["russia"] == [0.4, 0.42]
    assert e["blocking"] == [[], MEMORANDA_BLOCKS]
    assert e["solutions"]["nash"]["a"] == ROUND_1_NASH and e["solutions"]["nash"]["b"] is None


def test_negsim_diff_text_says_what_changed_and_what_it_did(capsys):
    a = SCENARIOS / "istanbul-2025.yaml"
    b = SCENARIOS / "istanbul-2025-western-force.yaml"
    assert main(["diff", str(a), str(b)]) == 0
    text = capsys.readouterr().out
    assert "  red line + ukraine: {\"security\": [\"none\", \"bilateral\"]}\n" in text
    assert "  parties.ukraine.values.nato.neutrality: 0 -> 0.6\n" in text
    assert "  ZOPA           400 (0.69%) -> 294 (0.50%)\n" in text
    assert "  nash: same package\n" in text
    assert "  egalitarian: arms: continue -> limited, sanctions: full -> partial, " \
           "russian_speakers: minority_rights -> official_language\n" in text


def test_diff_of_a_scenario_with_itself_is_empty():
    from sim.analysis import analyse
    from sim.diff import diff

    a = analyse(load(FOLDER / "2025-05-16-istanbul-round-1.yaml"))
    d = diff(a, a)
    assert d["changes"] == {"issues": {"added": [], "removed": [], "changed": {}},
                            "parties": {"added": [], "removed": []}, "red_lines": {},
                            "pressures": {"added": [], "removed": [], "changed": {}},
                            "numbers": [], "settings": []}
    assert all(s["changed"] == {} for s in d["effects"]["solutions"].values())


def test_diff_reports_pressure_fields_and_ignores_prose():
    from sim.diff import scenario_diff
    from sim.scenario import from_dict

    def scenario(credibility, demand, text):
        return from_dict({
            "name": "x", "description": text,
            "issues": {"a": {"options": ["p", "q"], "description": text}},
            "parties": {"s": {"weights": {"a": 1}, "values": {"a": {"p": 1, "q": 0}}, "source": text},
                        "t": {"weights": {"a": 1}, "values": {"a": {"p": 0, "q": 1}}}},
            "pressures": {"u": {"by": ["s"], "target": "t", "demand": {"a": demand},
                                "penalty": 0.1, "credibility": credibility}}})

    d = scenario_diff(scenario(0.5, "p", "one"), scenario(0.2, "q", "two"))
    assert d["pressures"]["changed"] == {"u": [{"path": "demand.a", "a": "p", "b": "q"},
                                               {"path": "credibility", "a": 0.5, "b": 0.2}]}
    assert d["numbers"] == [] and d["settings"] == []


def test_the_doc_table_shows_the_pinned_numbers():
    """docs/timeline.md's stage table agrees with the pinned headline results."""
    from .conftest import ROOT

    text = (ROOT / "docs" / "timeline.md").read_text(encoding="utf-8")
    section = text.split("## How the talks moved", 1)[1].split("\n### ", 1)[0]
    rows = {cells[0]: cells for line in section.splitlines()
            if (cells := [c.strip() for c in line.strip("|").split("|")])[0] in HEADLINES}
    assert set(rows) == set(HEADLINES)
    for date, (size, zopa, d, _) in HEADLINES.items():
        cells = rows[date]
        assert cells[2] == f"{size:,}", date
        assert cells[3] == (f"{zopa:,} ({zopa / size:.2%})" if zopa else "empty"), date
        assert [float(cells[4]), float(cells[5])] == pytest.approx(d, abs=5e-4), date
        assert (FOLDER / cells[1].strip("`")).exists()
    assert (ROOT / "docs" / "figures" / "timeline.png").exists()


# ---------------------------------------------------------------------------
# Observations: each stage's own, and the backtest (docs/timeline.md)


#: Per stage, the observations its own model contradicts (0-based, as in the file).
CONTRADICTED = {"2025-05-16": [1], "2025-11-21": [1]}


@pytest.mark.parametrize("path", STAGES, ids=lambda p: p.stem)
def test_each_stage_checks_what_was_observed(path: Path):
    from sim.analysis import analyse
    from sim.observations import check

    a = analyse(load(path))
    checks = check(a.solver_of(), a.result)
    assert len(checks) >= 2 and any(c.observation.kind == "no_agreement" for c in checks)
    assert [k for k, c in enumerate(checks) if not c.holds] == CONTRADICTED.get(a.scenario.date.isoformat(), [])


def _backtest_script():
    return doc_script("timeline_backtest")


#: (stage, model of, observation) of every miss of the backtest.
MISSES = [
    ("2025-05-16", "2025-05-15 (before issue 20)", "Russia defied `sanctions_ultimatum`"),
    ("2025-05-16", "2025-05-15 (before issue 20)", "no agreement"),
    ("2025-05-16", "2025-05-15", "no agreement"),
    ("2025-06-02", "2025-05-16", "no agreement"),
    ("2025-11-21", "2025-08-18", "Ukraine rejected the 28-point plan"),
]


@pytest.fixture(scope="module")
def backtest():
    bt = _backtest_script()
    return bt, bt.backtest()


def test_the_backtest_hits_and_misses(backtest):
    _, rows = backtest
    assert [(r["stage"], r["model"], r["observation"]) for r in rows if r["prediction"] is False] == MISSES
    assert sum(r["prediction"] is True for r in rows) == 18
    assert [r["observation"] for r in rows if r["prediction"] is None] == [
        "Russia defied `tariff_ultimatum`", "Russia defied `oil_sanctions`"]
    plan = next(r for r in rows if r["observation"] == "Ukraine rejected the 28-point plan")
    assert plan["notes"] == ["army_cap cap_600k read as strict_cap"]


def test_the_doc_shows_the_backtest_table(backtest):
    from .conftest import ROOT

    bt, rows = backtest
    assert bt.table(rows) in (ROOT / "docs" / "timeline.md").read_text(encoding="utf-8")
