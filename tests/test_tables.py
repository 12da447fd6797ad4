"""Issue 23, item 2: tables out (``negsim run --csv``, ``--frontier``, ``--stamp``,
``negsim sweep --csv``), checked against the brute force of SPEC section 3
(``tests/bruteforce.py``) on the conformance cases and against the JSON report."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from sim import __version__
from sim.analysis import analyse
from sim.cli import main
from sim.report import to_json
from sim.scenario import load
from sim.tables import frontier_table, solutions_table, write_tables, zopa_table

from . import bruteforce as bf
from .conftest import ROOT, SHARED, unavailable

CASES = ["case02", "case07", "case13", "case15"]


def _case(name: str) -> Path:
    path = SHARED / "conformance" / f"{name}.yaml"
    if not path.is_file():
        unavailable(f"{path} is missing (../shared is not beside the checkout)")
    return path


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("case", CASES)
def test_frontier_and_zopa_tables_are_the_brute_force_ones(case):
    """Every ZOPA outcome and every frontier outcome (all outcomes sharing a frontier
    vector), in enumeration order, with every party's utility: the brute force's sets."""
    path = _case(case)
    a = analyse(load(path))
    _, solves = bf.analyse(bf.load_yaml(path))
    brute = solves[""]
    parties = [p.name for p in a.scenario.parties]
    for table, expected in ((zopa_table(a), brute.zopa), (frontier_table(a), brute.frontier)):
        assert [row[0] for row in table.rows] == [index for index, _, _ in expected]
        for row, (_, _, u) in zip(table.rows, expected):
            got = dict(zip(table.header[-len(parties):], row[-len(parties):]))
            assert got == {f"utilities.{p}": float(bf.rnd(v)) + 0.0 for p, v in zip(parties, u)}
    assert zopa_table(a).total == brute.zopa_size


def test_solutions_table_is_the_json_report(tmp_path):
    path = _case("case02")
    a = analyse(load(path))
    report = to_json(a)
    rows = solutions_table(a).rows
    header = solutions_table(a).header
    variants = {"with all pressures": report} | {
        f"without {name}": p["without"] for name, p in report["pressures"].items()}
    assert len(rows) == len(variants) * len(report["solutions"])
    for row in rows:
        entry = dict(zip(header, row))
        sol = variants[entry["variant"]]["solutions"][entry["concept"]]
        if sol is None:
            assert entry["probability"] == "no deal"
            continue
        assert {k: entry[k] for k in sol["outcome"]} == sol["outcome"]
        assert {p: entry[f"utilities.{p}"] for p in sol["utilities"]} == sol["utilities"]


def test_the_zopa_table_is_capped_with_a_note(tmp_path):
    a = analyse(load(_case("case02")))
    assert a.result.zopa_size > 3
    notes = write_tables(a, tmp_path, cap=3)
    rows = _read(tmp_path / "zopa.csv")
    assert [r["index"] for r in rows] == [str(r[0]) for r in zopa_table(a).rows[:3]]
    assert len(notes) == 1 and f"first 3 of {a.result.zopa_size:,}" in notes[0]
    assert (tmp_path / "notes.txt").read_text() == notes[0] + "\n"  # beside the tables too
    assert write_tables(a, tmp_path) == [] and not (tmp_path / "notes.txt").exists()


def test_run_csv_and_json_flags_end_to_end(tmp_path, capsys):
    path = ROOT / "scenarios" / "examples" / "logrolling.yaml"
    assert main(["run", str(path), "--csv", str(tmp_path / "tables")]) == 0
    assert "solutions.csv, frontier.csv, zopa.csv" in capsys.readouterr().out
    a = analyse(load(path))
    frontier = _read(tmp_path / "tables" / "frontier.csv")
    assert len({tuple(r[f"utilities.{p.name}"] for p in a.scenario.veto_parties)
                for r in frontier}) == a.result.n_pareto
    assert len(_read(tmp_path / "tables" / "zopa.csv")) == a.result.zopa_size
    # --frontier and --stamp add their keys; without them the report is SPEC section 5's
    assert main(["run", str(path), "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert main(["run", str(path), "--json", "--frontier", "--stamp"]) == 0
    full = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in full.items()
            if k not in ("frontier", "negsim_version", "input_sha256")} == plain
    assert full["negsim_version"] == __version__
    assert full["input_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [f["outcome"] for f in full["frontier"]] == [
        {i.name: r[i.name] for i in a.scenario.issues} for r in frontier]
    nash = full["solutions"]["nash"]
    assert {"outcome": nash["outcome"], "utilities": nash["utilities"]} in full["frontier"]


def test_sweep_csv_is_the_parquet_table(tmp_path, capsys):
    sweep = tmp_path / "s.yaml"
    sweep.write_text(f"scenario: {ROOT / 'scenarios' / 'examples' / 'logrolling.yaml'}\n"
                     "grid:\n  parties.river_state.disagreement: [0.1, 0.3, 0.5]\n"
                     "record: [zopa.size, solutions.nash.utilities]\n")
    out, table = tmp_path / "out", tmp_path / "t" / "sweep.csv"
    assert main(["sweep", str(sweep), "--out", str(out), "--csv", str(table), "--quiet"]) == 0
    from sim.sweep import read

    expected = read(out).reset_index(drop=True)
    got = pd.read_csv(table)
    assert list(got.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
