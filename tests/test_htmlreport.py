"""Issue 23, item 1: ``negsim report``, one self-contained HTML file."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from sim import __version__
from sim.analysis import analyse
from sim.cli import main
from sim.explain import explain
from sim.explain.robustness import robustness, text_lines
from sim.htmlreport import compose, page_findings
from sim.htmlreport.provenance import ASSUMPTION, notes
from sim.report import to_json
from sim.scenario import load

from .conftest import ROOT

BORDER = """\
name: Border dispute with an ultimatum
issues:
  border: {options: [west, middle, east]}
  troops: {options: [stay, withdraw]}
parties:
  a:
    weights: {border: 2, troops: 1}
    values: {border: {ranking: [east, middle, west]}, troops: {stay: 1, withdraw: 0}}
    disagreement: 0.4
    provenance: {weights.border: "the treaty of 1921", disagreement: "a poll of 2024"}
  b: {weights: {border: 2, troops: 1}, values: {border: {ranking: [west, middle, east]}, troops: {stay: 0, withdraw: 1}}, disagreement: 0.3}
  c: {veto: false, weights: {troops: 1}, values: {troops: {stay: 0, withdraw: 1}}}
pressures:
  ultimatum: {by: [c], target: a, demand: {troops: withdraw}, penalty: 0.3, credibility: 0.8}
"""


class _Page(HTMLParser):
    """The page's sections (by id), their text, and every URL it refers to."""

    def __init__(self):
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self._section: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if tag == "section":
            self._section = attrs.get("id")
            self.sections[self._section] = []
        for key in ("src", "href"):
            if attrs.get(key) and not attrs[key].startswith("#"):
                self.urls.append(attrs[key])

    def handle_data(self, data):
        if self._section is not None:
            self.sections[self._section].append(data)

    def text(self, section: str) -> str:
        return " ".join(" ".join(self.sections[section]).split())


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "border.yaml"
    path.write_text(BORDER)
    out = path.with_suffix(".html")
    assert main(["report", str(path), "-o", str(out)]) == 0
    parser = _Page()
    parser.feed(out.read_text(encoding="utf-8"))
    return path, out, parser


def test_the_page_is_self_contained_and_has_every_part(page):
    path, out, p = page
    assert p.urls == []  # no link, script or image outside the file
    assert "script" not in p.tags and "img" not in p.tags
    assert set(p.sections) == {"summary", "solutions", "figures", "pressures", "games",
                               "robustness", "why", "provenance", "text"}
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") >= 2 and "@media print" in html
    assert hashlib.sha256(path.read_bytes()).hexdigest() in html
    assert f"negsim <span data-testid='version'>{__version__}</span>" in html


def test_the_page_shows_the_computed_numbers(page):
    """README's example: Nash gives middle / withdraw, 3 ZOPA outcomes, and the threat game."""
    path, _, p = page
    a = analyse(load(path))
    report = to_json(a)
    assert "3 outcomes, 50.00% of the space" in p.text("summary")
    solutions = p.text("solutions")
    for issue, option in report["solutions"]["nash"]["outcome"].items():
        assert f"{issue} {option}" in solutions
    assert "troops stay withdraw" in p.text("pressures")  # without it -> with it
    assert "Threat game of ultimatum" in p.text("games") and "subgame perfect" in p.text("games").lower()
    for sentence in explain(a, moves=False, counterfactuals=False)["sentences"]:
        assert sentence in p.text("why")
    assert "Pressure ultimatum (credibility 0.8): with it vs without it" in p.text("text")


def test_provenance_gives_every_number_its_note_or_assumption(page):
    _, _, p = page
    text = p.text("provenance")
    assert "weights.border 2 the treaty of 1921" in text
    assert "disagreement 0.4 a poll of 2024" in text
    assert f"weights.troops 1 {ASSUMPTION}" in text
    assert f"penalty 0.3 {ASSUMPTION}" in text
    listed = notes(load(page[0]).document)
    assert [n.path for n in listed["pressures.ultimatum"]] == [
        "demand", "penalty", "credibility"]


def test_the_robustness_block_is_negsim_run_s(page, capsys):
    """The "Holds while" lines of ``negsim run`` (docs/robustness.md), and each concept's
    details; a robustness the caller gives is shown as given."""
    path, _, p = page
    a = analyse(load(path))
    robust = robustness(a)
    block = p.text("robustness")
    assert main(["run", str(path)]) == 0
    assert "Holds while" in capsys.readouterr().out and "Holds while" in p.text("text")
    for line in text_lines(robust)[1:]:  # the text report carries negsim run's lines
        assert " ".join(line.split()) in p.text("text")
    nash = robust["nash"]
    details = block[block.index("nash"):block.index("kalai_smorodinsky")]
    for party, entry in nash["disagreement"].items():
        lo, hi = entry["interval"]
        assert f"{party} {entry['value']:.4g} {lo:.4g} {hi:.4g}" in details
    for w in nash["weights"]:
        assert f"{w['party']} {w['issue']} {w['change']:+.2%}" in details
    given = {"nash": {"disagreement": {"a": {"value": 0.16, "interval": [0.1, 0.45]}},
                      "weights": [], "near_optimal": {"within": 0.01, "count": 1, "varying": []}}}
    html = compose(replace(page_findings(a), robustness=given), BORDER.encode())
    shown = re.search(r'<section id="robustness">(.*?)</section>', html, re.DOTALL).group(1)
    assert "0.45" in shown and "kalai_smorodinsky" not in shown


def test_a_bad_scenario_is_exit_2_with_a_located_message(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BORDER.replace("disagreement: 0.4", "disagreement: [0.4]"))
    assert main(["report", str(bad), "-o", str(tmp_path / "r.html")]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "parties.a.disagreement" in err
    assert not (tmp_path / "r.html").exists()


def test_the_istanbul_report_lists_the_sources_of_its_numbers(tmp_path):
    out = tmp_path / "istanbul.html"
    assert main(["report", str(ROOT / "scenarios" / "istanbul-2025.yaml"), "-o", str(out)]) == 0
    p = _Page()
    p.feed(out.read_text(encoding="utf-8"))
    text = p.text("provenance")
    assert "weights.nato 4 \"Russian President Vladimir Putin maintains maximalist demands" in text
    assert "Threat game of sanctions_ultimatum" in p.text("games")
