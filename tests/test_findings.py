"""Issue 17, item 2: a run's findings are computed once and the renderers compute nothing.

``negsim run`` (text, ``--json --games``) and ``negsim report`` solve each
pressure's threat game once (counted by wrapping :func:`sim.threat.threat_payoffs`,
which builds one threat game from four solves); text, JSON and HTML are laid out
from one :class:`~sim.findings.Findings` with every solve forbidden.
"""

from __future__ import annotations

import json

import pytest

import sim.threat
from sim.cli import main
from sim.findings import Options, findings
from sim.htmlreport import PAGE, compose
from sim.report import report_json, run_text, to_json
from sim.scenario import from_dict

#: Two pressures (one threat game each) and a game of the scenario's own.
TWO_PRESSURES = {
    "name": "border with two pressures",
    "issues": {"border": {"options": ["west", "middle", "east"]},
               "troops": {"options": ["stay", "withdraw"]}},
    "parties": {
        "a": {"weights": {"border": 2, "troops": 1}, "disagreement": 0.4,
              "values": {"border": {"ranking": ["east", "middle", "west"]},
                         "troops": {"stay": 1, "withdraw": 0}}},
        "b": {"weights": {"border": 2, "troops": 1}, "disagreement": 0.3,
              "values": {"border": {"ranking": ["west", "middle", "east"]},
                         "troops": {"stay": 0, "withdraw": 1}}},
        "c": {"veto": False, "weights": {"troops": 1},
              "values": {"troops": {"stay": 0, "withdraw": 1}}},
    },
    "pressures": {
        "ultimatum": {"by": ["c"], "target": "a", "demand": {"troops": "withdraw"},
                      "penalty": 0.3, "credibility": 0.8},
        "embargo": {"by": ["b"], "target": "a", "demand": {"border": "west"},
                    "penalty": 0.2, "credibility": 0.5},
    },
    "games": {"pd": {"players": ["a", "b"], "strategies": {"a": ["c", "d"], "b": ["c", "d"]},
                     "payoffs": {"a": [[2, 0], [3, 1]], "b": [[2, 3], [0, 1]]}}},
}


@pytest.fixture
def path(tmp_path):
    out = tmp_path / "two.yaml"
    out.write_text(json.dumps(TWO_PRESSURES))  # JSON is YAML 1.2
    return out


@pytest.fixture
def solved(monkeypatch):
    """The names of the pressures whose threat game was built, one entry per build."""
    built: list[str] = []
    original = sim.threat.threat_payoffs

    def counted(solver, pressure):
        built.append(pressure.name)
        return original(solver, pressure)

    monkeypatch.setattr(sim.threat, "threat_payoffs", counted)
    return built


@pytest.mark.parametrize("flags", [[], ["--json", "--games"], ["--games"],
                                   ["--games", "--robust", "--explain"]])
def test_a_run_solves_each_threat_game_once(path, tmp_path, capsys, solved, flags):
    assert main(["run", str(path), *flags, "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert sorted(solved) == ["embargo", "ultimatum"]
    if "--json" in flags:
        report = json.loads(out)
        assert set(report["pressures"]["embargo"]["game"]) >= {"players", "equilibria"}
    else:
        assert "Threat game of ultimatum" in out and "Threat game of embargo" in out


def test_a_json_run_without_games_solves_no_threat_game(path, capsys, solved):
    assert main(["run", str(path), "--json"]) == 0
    assert solved == [] and "game" not in json.loads(capsys.readouterr().out)["pressures"]["embargo"]


def test_the_html_report_solves_each_threat_game_once(path, tmp_path, solved):
    assert main(["report", str(path), "-o", str(tmp_path / "r.html")]) == 0
    assert sorted(solved) == ["embargo", "ultimatum"]
    assert "Threat game of embargo" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_the_renderers_compute_nothing(monkeypatch):
    """Text, JSON and HTML of one findings object, with every solve and game forbidden."""
    s = from_dict(TWO_PRESSURES)
    everything = findings(s, Options(text=True, explain=True, robust=True, games=True,
                                     frontier=True))
    page = findings(s, PAGE)
    solver_type = type(everything.analysis.solver)

    def forbidden(*args, **kwargs):
        raise AssertionError("a renderer computed")

    monkeypatch.setattr(solver_type, "solve", forbidden)
    monkeypatch.setattr(sim.threat, "threat_payoffs", forbidden)
    monkeypatch.setattr(sim.games, "analyse_games", forbidden)
    monkeypatch.setattr(sim.games, "extreme_equilibria", forbidden)
    text, report = run_text(everything), report_json(everything)
    html = compose(page, b"")
    assert "Threat game of embargo" in text and "Threat game of embargo" in html
    assert report["pressures"]["ultimatum"]["game"]["players"] == ["a", "c"]  # target, sender
    assert set(report) >= {"explain", "frontier", "games"}
    assert all(sol is None or "robustness" in sol for sol in report["solutions"].values())


def test_the_json_report_is_the_core_plus_what_the_options_add():
    s = from_dict(TWO_PRESSURES)
    core = to_json(findings(s, Options(text=False)).analysis)
    full = report_json(findings(s, Options(text=False, games=True, frontier=True)))
    assert list(full) == [*core, "frontier"]
    assert {k: v for k, v in full.items() if k not in ("pressures", "frontier")} == \
        {k: v for k, v in core.items() if k != "pressures"}
    for name, entry in full["pressures"].items():
        assert {k: v for k, v in entry.items() if k != "game"} == core["pressures"][name]
