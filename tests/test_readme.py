"""The README's example is real: its scenario produces exactly the report it shows."""

from __future__ import annotations

import re

from sim import analyse, load, to_text
from sim.cli import main

from .conftest import ROOT


def _blocks(lang: str) -> list[str]:
    text = (ROOT / "README.md").read_text()
    return re.findall(rf"```{lang}\n(.*?)```", text, flags=re.DOTALL)


def test_readme_example_output_is_what_negsim_prints(tmp_path, capsys):
    scenario = tmp_path / "border.yaml"
    scenario.write_text(_blocks("yaml")[0])
    shown = _blocks("text")[0].strip().splitlines()
    assert main(["run", str(scenario)]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[2:] == shown
    # the report's own text ends where the run adds its "Holds while" and "Why" blocks
    assert to_text(analyse(load(scenario))).splitlines()[2:] == shown[: shown.index("Holds while") - 1]


def test_readme_python_example(tmp_path, monkeypatch):
    (tmp_path / "border.yaml").write_text(_blocks("yaml")[0])
    monkeypatch.chdir(tmp_path)
    code = _blocks("python")[0]
    env: dict = {}
    exec(compile(code, "README", "exec"), env)  # noqa: S102 - running the README example is the point
    analysis = env["analysis"]
    assert analysis.result.zopa_size == 3
    assert analysis.outcome(analysis.result.solutions["nash"]) == {"border": "middle", "troops": "withdraw"}


def test_run_json_games_adds_the_threat_game_of_spec_section_7(tmp_path, capsys):
    import json

    scenario = tmp_path / "border.yaml"
    scenario.write_text(_blocks("yaml")[0])
    assert main(["run", str(scenario), "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert set(plain["pressures"]["ultimatum"]) == {"credibility", "without"}  # SPEC 5 exactly
    assert main(["run", str(scenario), "--json", "--games"]) == 0
    game = json.loads(capsys.readouterr().out)["pressures"]["ultimatum"]["game"]
    assert game["players"] == ["a", "c"]
    assert game["subgame_perfect"]["strategies"]["a"] == {"comply": 1.0, "defy": 0.0}
