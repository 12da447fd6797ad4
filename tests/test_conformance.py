"""SPEC sections 2, 3 and 5: the fifteen shared conformance cases, run through the CLI.

Every key and string must match and every number within 1e-9
(../shared/conformance/README.md).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sim.analysis import analyse
from sim.report import to_json
from sim.scenario import load

from .conftest import conformance_cases

CASES = conformance_cases()


def differences(got, want, path=""):
    """Every place where ``got`` differs from ``want`` (numbers within 1e-9)."""
    if isinstance(want, dict):
        if not isinstance(got, dict) or set(got) != set(want):
            return [f"{path or '.'}: keys {sorted(got) if isinstance(got, dict) else got} != {sorted(want)}"]
        return [d for k in want for d in differences(got[k], want[k], f"{path}.{k}")]
    if isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return [f"{path}: {got} != {want}"]
        return [d for i, (a, b) in enumerate(zip(got, want)) for d in differences(a, b, f"{path}[{i}]")]
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        ok = isinstance(got, (int, float)) and not isinstance(got, bool) and abs(got - want) <= 1e-9
        return [] if ok else [f"{path}: {got!r} != {want!r}"]
    return [] if got == want else [f"{path}: {got!r} != {want!r}"]


def test_the_cases_are_there(shared):
    assert len(sorted((shared / "conformance").glob("case*.yaml"))) == 15


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_report_matches_expected(case: Path):
    want = json.loads(case.with_suffix(".expected.json").read_text())
    got = json.loads(json.dumps(to_json(analyse(load(case)))))
    assert differences(got, want) == []


@pytest.mark.parametrize("case", CASES[:3] + CASES[-3:] if len(CASES) > 6 else CASES, ids=lambda p: p.stem)
def test_cli_json_prints_exactly_the_report(case: Path):
    proc = subprocess.run([sys.executable, "-m", "sim.cli", "run", str(case), "--json"],
                          capture_output=True, text=True, check=True)
    want = json.loads(case.with_suffix(".expected.json").read_text())
    assert differences(json.loads(proc.stdout), want) == []


def test_differences_detects_a_changed_number():
    assert differences({"a": [1.0, {"b": 0.5}]}, {"a": [1.0, {"b": 0.5 + 2e-9}]})
    assert differences({"a": 1}, {"a": 1, "b": 2})
