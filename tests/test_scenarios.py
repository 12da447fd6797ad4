"""Every scenario shipped in scenarios/ (sweeps and proposals apart) validates and runs, and
the textbook examples give their textbook answers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main as negsim

from .conftest import ROOT, SCENARIOS

FILES = sorted(p for p in SCENARIOS.rglob("*.yaml") if not {"sweeps", "proposals"} & set(p.relative_to(SCENARIOS).parts))
EXAMPLES = SCENARIOS / "examples"


def _negsim_command() -> list[str]:
    exe = shutil.which("negsim", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "sim.cli"]


def test_the_scenarios_are_there():
    names = {p.relative_to(SCENARIOS).as_posix() for p in FILES}
    assert {"istanbul-2025.yaml", "istanbul-2025-no-ultimatum.yaml", "istanbul-2025-auto-credibility.yaml",
            "istanbul-2025-western-force.yaml", "istanbul-2025-us-veto.yaml", "istanbul-2025-war-lottery.yaml",
            "examples/split-the-pie.yaml", "examples/fearon-war-bargaining.yaml",
            "examples/logrolling.yaml"} <= names


def test_negsim_validate_accepts_every_scenario():
    proc = subprocess.run(_negsim_command() + ["validate", *map(str, FILES)],
                          check=False, capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(": ok") == len(FILES)
    assert "warning" not in proc.stderr


def test_negsim_run_json_on_the_main_case_as_a_user_would():
    proc = subprocess.run(_negsim_command() + ["run", "scenarios/istanbul-2025.yaml", "--json"],
                          check=False, capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["veto_parties"] == ["russia", "ukraine"]
    assert report["zopa"]["size"] == 400
    assert report["pressures"]["sanctions_ultimatum"]["without"]["zopa"]["size"] == 378


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(SCENARIOS).as_posix())
def test_negsim_run_json_succeeds(path: Path, capsys):
    assert negsim(["run", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["outcome_space"]["size"] > 0
    assert set(report["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(SCENARIOS).as_posix())
def test_every_scenario_says_in_one_line_what_it_is(path: Path):
    from sim.scenario import load

    description = load(path).description or ""
    assert description.strip() and "\n" not in description.strip()


def test_istanbul_variants_are_generated_from_the_main_file():
    proc = subprocess.run([sys.executable, "docs/scripts/istanbul_variants.py", "--check"],
                          check=False, capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _report(path: Path, capsys) -> dict:
    assert negsim(["run", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_split_the_pie_splits_evenly(capsys):
    r = _report(EXAMPLES / "split-the-pie.yaml", capsys)
    nash = r["solutions"]["nash"]
    assert nash["outcome"]["ann_share"] == pytest.approx(0.5, abs=1e-3)
    assert nash["utilities"]["ann"] == pytest.approx(0.5, abs=1e-3)
    assert r["zopa"]["size"] == 101


def test_fearon_bargaining_range_is_the_summed_costs(capsys):
    r = _report(EXAMPLES / "fearon-war-bargaining.yaml", capsys)
    assert r["disagreement"] == pytest.approx({"a": 0.5, "b": 0.25})
    assert r["zopa"]["size"] == 26  # grid points 0.50, 0.51, ..., 0.75
    assert r["solutions"]["nash"]["outcome"]["border"] == pytest.approx(0.625, abs=1e-3)


def test_logrolling_trades_the_issues(capsys):
    r = _report(EXAMPLES / "logrolling.yaml", capsys)
    for concept in ("nash", "kalai_smorodinsky", "utilitarian"):
        assert r["solutions"][concept]["outcome"] == {"water": "high", "fishing": "wide"}
    assert r["solutions"]["nash"]["utilities"] == {"river_state": 0.75, "fishing_state": 0.75}
