"""SPEC section 6 and issue 6: sweep files, variants, the fast solver, the Parquet dataset, plots.

The Dask cluster test is in ``test_sweep_dask.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.analysis import analyse
from sim.cli import main
from sim.distributions import bounds_of
from sim.docpaths import keys_of
from sim.errors import ScenarioError
from sim.frontier import pareto_front
from sim.plot_sweep import plot_sweep, sweep_data
from sim.report import to_json
from sim.scenario import from_dict, load
from sim.sweep import StoreConflict, parse, plan, read, run, run_sweep, run_variants, with_values
from sim.sweep.evaluate import VariantSolver, candidates
from sim.sweep.patch import Patcher, rebuild

from .conftest import ROOT
from .strategies import scenario_settings, scenarios

SWEEPS = ROOT / "scenarios" / "sweeps"

# A small scenario touching every field the fast path substitutes: a war lottery
# with a cost, an interaction, a red line, a pressure with costs and a reward.
RICH = {
    "name": "rich",
    "issues": {"x": {"options": ["a", "b", "c", "d"]}, "y": {"options": ["u", "v", "w"]},
               "z": {"options": ["no", "yes"]}},
    "parties": {
        "p": {"weights": {"x": 3, "y": 1, "z": 1},
              "values": {"x": {"a": 1, "b": 0.7, "c": 0.3, "d": 0}, "y": {"ranking": ["u", "v", "w"]},
                         "z": {"no": 0.2, "yes": 1}},
              "disagreement": {"lottery": [{"probability": 0.5, "outcome": {"x": "a", "y": "w", "z": "no"}},
                                           {"probability": 0.5, "outcome": {"x": "d", "y": "u", "z": "no"}}],
                               "cost": 0.1},
              "interactions": [{"when": {"x": "b", "z": "yes"}, "bonus": 0.05}],
              "bargaining_power": 2},
        "q": {"weights": {"x": 2, "y": 2},
              "values": {"x": {"a": 0, "b": 0.4, "c": 0.8, "d": 1}, "y": {"u": 0, "v": 0.5, "w": 1}},
              "disagreement": 0.3, "red_lines": [{"x": "a"}]},
        "s": {"veto": False, "weights": {"z": 1}, "values": {"z": {"no": 1, "yes": 0}}},
    },
    "pressures": {"push": {"by": ["s"], "target": "p", "demand": {"z": "yes"}, "penalty": 0.2,
                           "cost": {"s": 0.05}, "credibility": 0.5,
                           "backing_down_cost": {"s": 0.1}, "reward": 0.02}},
}

FAST_PATHS = {  # path -> (low, high) of the values tried
    "parties.p.weights.x": (0, 5), "parties.q.weights.z": (0, 0), "parties.q.values.x.b": (0, 1),
    "parties.p.values.z.no": (0, 1), "parties.q.disagreement": (0, 0.8),
    "parties.p.disagreement.cost": (0, 0.3), "parties.p.bargaining_power": (0.1, 3),
    "parties.q.discount": (0.5, 1), "parties.p.interactions.0.bonus": (-0.2, 0.2),
    "pressures.push.penalty": (0, 0.5), "pressures.push.reward": (0, 0.1),
    "pressures.push.cost.s": (0, 0.2), "pressures.push.backing_down_cost.s": (0, 0.2),
    "pressures.push.credibility": (0, 1), "breakdown": (0, 0.5),
}


def write(path: Path, data: dict) -> Path:
    """Write a mapping as YAML (JSON is YAML 1.2)."""
    path.write_text(json.dumps(data, indent=1))
    return path


@pytest.fixture
def rich(tmp_path: Path) -> Path:
    return write(tmp_path / "rich.yaml", RICH)


def sweep_file(tmp_path: Path, scenario: Path, **body) -> Path:
    return write(tmp_path / "sweep.yaml", {"scenario": scenario.name, **body})


def reference(base, keys, values) -> dict:
    """The report of a variant the slow, obvious way."""
    report = to_json(analyse(rebuild(base, keys, values)))
    report.pop("games", None)
    return report


# ---------------------------------------------------------------------------
# The sweep file


def test_grid_forms_and_sizes():
    spec = parse({"scenario": "s.yaml",
                  "grid": {"a": {"linspace": [0, 1, 11]}, "b": [1, 2], "c": {"logspace": [0.01, 1, 3]},
                           "d": "auto"},
                  "random": {"n": 5, "seed": 3, "draw": {"e": {"normal": [0, 1]},
                                                         "f": {"choice": ["x", "y"]}}},
                  "record": "zopa.size"}, "dir/sweep.yaml")
    assert spec.grid[0].values[3] == 0.3  # linspace values are cleaned of float noise
    assert spec.grid[2].values == (0.01, 0.1, 1.0)
    assert spec.grid[3].values == ("auto",)
    assert spec.size == 11 * 2 * 3 * 1 * 5
    assert spec.scenario == Path("dir/s.yaml")
    assert spec.record == ("zopa.size",)


@pytest.mark.parametrize("body, where, words", [
    ({"grid": {"a": {"logspace": [-2, 0, 3]}}}, "grid.a", "both > 0"),
    ({"grid": {"a": [1, "x"]}}, "grid.a", "must all be numbers"),
    ({"grid": {"a": []}}, "grid.a", "non-empty"),
    ({"random": {"n": 3, "draw": {"a": {"uniform": [0, 1]}}}}, "random.seed", "seed"),
    ({"random": {"n": 0, "seed": 1, "draw": {"a": {"uniform": [0, 1]}}}}, "random.n", ">= 1"),
    ({"random": {"n": 3, "seed": 1, "draw": {"a": {"gamma": [1, 1]}}}}, "random.draw.a.gamma",
     "unknown distribution"),
    ({"random": {"n": 3, "seed": 1, "draw": {"a": {"uniform": [2, 1]}}}}, "random.draw.a.uniform",
     "a <= b"),
    ({"grid": {"a": [1]}, "random": {"n": 3, "seed": 1, "draw": {"a": {"uniform": [0, 1]}}}},
     "random.draw.a", "already in grid"),
    ({"grid": {"a": [1]}, "colour": 1}, "colour", "unknown key"),
    ({}, "", "nothing to vary"),
])
def test_sweep_file_errors_are_located(body, where, words):
    with pytest.raises(ScenarioError) as info:
        parse({"scenario": "s.yaml", **body}, "sweep.yaml")
    assert any(p.path == where and words in p.message for p in info.value.problems), info.value


# ---------------------------------------------------------------------------
# Checking against the scenario, before anything runs


def test_unknown_paths_invalid_values_and_record_fields_exit_2(tmp_path, rich, capsys):
    path = sweep_file(tmp_path, rich,
                      grid={"parties.r.weights.x": [1], "pressures.push.credibilty": [0.5],
                            "pressures.push.credibility": [0.5, 1.5], "parties.p.strategy": ["boulwar"]},
                      record=["zopa.size", "solutions.nash.utilities.pp"])
    assert main(["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "sweep.yaml:" in err and "grid.parties.r.weights.x: not a path into the scenario" in err
    assert "did you mean 'p'" in err
    assert "record.1: 'solutions.nash.utilities.pp' is not a report field" in err
    assert main(["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    path = sweep_file(tmp_path, rich,
                      grid={"pressures.push.credibilty": [0.5], "pressures.push.credibility": [0.5, 1.5],
                            "parties.p.strategy": ["boulwar"]}, record=["zopa.size"])
    assert main(["sweep", str(path), "--out", str(tmp_path / "out"), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "grid.pressures.push.credibilty: not a path into the scenario: unknown key" in err
    assert "1.5 makes the scenario invalid: pressures.push.credibility:" in err
    assert "'boulwar' makes the scenario invalid" in err
    assert not (tmp_path / "out").exists()  # nothing ran


def test_a_combination_without_positive_weight_is_refused(tmp_path, rich):
    spec = parse({"scenario": "rich.yaml", "grid": {"parties.q.weights.x": [0, 1],
                                                    "parties.q.weights.y": [0, 2]}}, str(rich.parent / "s.yaml"))
    with pytest.raises(ScenarioError, match="variant 0 gives party 'q' no positive weight"):
        plan(spec)


PIE = {"name": "pie", "issues": {"cut": {"range": [0, 1]}},
       "parties": {"a": {"weights": {"cut": 1}, "values": {"cut": {"ideal": 0.6}}},
                   "b": {"weights": {"cut": 1}, "values": {"cut": "decreasing"}}},
       "solve": {"resolution": 5}}


def test_slow_path_combinations_are_validated(tmp_path):
    # each value is valid with the other path at its scenario value; one pair is not
    write(tmp_path / "pie.yaml", PIE)
    spec = parse({"scenario": "pie.yaml", "grid": {"issues.cut.range.0": [0, 0.5],
                                                   "parties.a.values.cut.ideal": [0.6, 0.2]}},
                 str(tmp_path / "s.yaml"))
    with pytest.raises(ScenarioError, match=r"variant 3 \(.*\) makes the scenario invalid"):
        plan(spec)


def test_an_invalid_combination_found_while_solving_is_a_located_error(tmp_path):
    from sim.sweep import load as load_sweep

    write(tmp_path / "pie.yaml", {**PIE, "solve": {"resolution": 5, "concepts": ["nash"]}})
    path = write(tmp_path / "sweep.yaml", {"scenario": "pie.yaml", "record": ["zopa.size"],
                                           "grid": {"issues.cut.range.0": [0, 0.5],
                                                    "parties.a.values.cut.ideal": [0.6, 0.2]}})
    checked = plan(load_sweep(path), combinations_checked=0)  # as in a sweep too large to check
    assert not checked.checked
    out = tmp_path / "out"
    with pytest.raises(ScenarioError) as caught:
        run(checked, out)
    assert "sweep.yaml:" in str(caught.value) and "grid: variant 3 (issues.cut.range.0 = 0.5, " \
        "parties.a.values.cut.ideal = 0.2) makes the scenario invalid" in str(caught.value)
    assert len(list(out.glob("part-*.parquet"))) == 3  # the variants before it are kept


def test_draws_are_clipped_seeded_and_combined_with_every_grid_point(rich):
    spec = parse({"scenario": "rich.yaml",
                  "grid": {"parties.q.disagreement": [0.1, 0.2, 0.3]},
                  "random": {"n": 50, "seed": 11, "draw": {
                      "pressures.push.credibility": {"normal": [0.9, 0.5]},
                      "parties.p.weights.y": {"triangular": [0, 1, 3]},
                      "parties.q.values.x.b": {"beta": [2, 2]},
                      "parties.p.bargaining_power": {"choice": [1, 2, 4]}}},
                  "record": ["zopa.exists"]}, str(rich.parent / "s.yaml"))
    p = plan(spec)
    values = p.values(0, p.size)
    cred = values["pressures.push.credibility"]
    assert cred.min() == 0 or cred.max() == 1  # a normal with sd 0.5 around 0.9 leaves [0, 1]
    assert ((cred >= 0) & (cred <= 1)).all()
    assert set(values["parties.p.bargaining_power"].tolist()) <= {1, 2, 4}
    assert values["parties.q.disagreement"].tolist() == [0.1] * 50 + [0.2] * 50 + [0.3] * 50
    for k in range(3):  # every grid point meets the same 50 draws
        assert (cred[50 * k:50 * (k + 1)] == cred[:50]).all()
    again = plan(spec).values(0, p.size)
    assert all((again[k] == values[k]).all() for k in values)


# ---------------------------------------------------------------------------
# The fast solver gives the report analyse() gives


def _random_values(rng: np.random.Generator, n: int) -> list[list[float]]:
    return [[float(rng.uniform(lo, hi)) for lo, hi in FAST_PATHS.values()] for _ in range(n)]


def test_fast_variants_match_the_full_analysis():
    base = from_dict(RICH)
    keys = [keys_of(p, base.document)[0] for p in FAST_PATHS]
    solver = VariantSolver(base, without=frozenset({"push"}))
    patcher = Patcher(solver.base, keys)
    assert patcher.fast
    for values in _random_values(np.random.default_rng(5), 25):
        assert solver.report(patcher(values)) == reference(base, keys, values)


def _fast_paths(doc: dict) -> list[str]:
    """Every number of a scenario document that the fast path substitutes."""
    out = ["breakdown"]
    for name, party in doc["parties"].items():
        out += [f"parties.{name}.weights.{i}" for i in party["values"]]
        out += [f"parties.{name}.bargaining_power", f"parties.{name}.discount"]
        for issue, shape in party["values"].items():
            if isinstance(shape, dict) and "options" in doc["issues"][issue] and "ranking" not in shape:
                out += [f"parties.{name}.values.{issue}.{o}" for o in shape]
        d = party.get("disagreement", 0)
        out.append(f"parties.{name}.disagreement" + (".cost" if isinstance(d, dict) else ""))
        out += [f"parties.{name}.interactions.{k}.bonus" for k in range(len(party.get("interactions", [])))]
    for name, pr in doc.get("pressures", {}).items():
        out += [f"pressures.{name}.{f}" for f in ("penalty", "reward", "credibility")]
        out += [f"pressures.{name}.cost.{s}" for s in pr["by"]]
        out += [f"pressures.{name}.backing_down_cost.{s}" for s in pr["by"]]
    return out


def _draw_value(rng: np.random.Generator, path: str) -> float:
    """A valid value, often at an end of the range or on a lattice of quarters (ties)."""
    b = bounds_of(path)
    lo, hi = max(b.lo, 0.05 if b.open_lo else -0.3), min(b.hi, 2.0)
    x = float(rng.uniform(lo, hi))
    return float(b.clip(rng.choice([lo, hi, x, round(x * 4) / 4])))


@given(doc=scenarios(max_outcomes=2000, continuous=0), seed=st.integers(0, 2**32 - 1))
@scenario_settings
def test_fast_variants_match_on_random_scenarios(doc, seed):
    """Random scenarios (some with ZOPAs large enough for the frontier prefilter),
    every fast-path number redrawn, some at the ends of their range."""
    base = from_dict(doc)
    rng = np.random.default_rng(seed)
    paths = [p for p in _fast_paths(doc) if rng.uniform() < 0.5] or ["breakdown"]
    keys = [keys_of(p, base.document)[0] for p in paths]
    solver = VariantSolver(base, without=frozenset(p.name for p in base.pressures))
    patcher = Patcher(solver.base, keys)
    assert patcher.fast
    for _ in range(2):
        values = [_draw_value(rng, p) for p in paths]
        try:
            want = reference(base, keys, values)
        except ScenarioError:
            continue  # a party left without a positive weight: the planner refuses these
        assert solver.report(patcher(values)) == want


def test_continuous_issues_and_slow_paths_match():
    doc = {"name": "pie", "issues": {"cut": {"range": [0, 1]}, "flag": {"options": ["f", "t"]}},
           "parties": {"a": {"weights": {"cut": 1, "flag": 1}, "values": {"cut": "increasing",
                                                                         "flag": {"f": 0, "t": 1}}},
                       "b": {"weights": {"cut": 1}, "values": {"cut": {"power": 2, "direction": "decreasing"}},
                             "disagreement": 0.1}},
           "solve": {"resolution": 11, "concepts": ["nash", "egalitarian"]}}
    base = from_dict(doc)
    fast = ["parties.a.weights.flag", "parties.b.disagreement"]
    keys = [keys_of(p, base.document)[0] for p in fast]
    solver = VariantSolver(base)
    patcher = Patcher(solver.base, keys)
    assert solver.report(patcher([2.0, 0.05])) == reference(base, keys, [2.0, 0.05])
    slow = ["solve.resolution", "parties.b.values.cut.power", "issues.cut.range.1"]
    keys = [keys_of(p, base.document)[0] for p in slow]
    assert not Patcher(base, keys).fast
    variant = rebuild(base, keys, [6, 1.5, 2.0])
    assert VariantSolver(variant).report(variant) == reference(base, keys, [6, 1.5, 2.0])


def test_frontier_candidates_keep_the_frontier():
    rng = np.random.default_rng(2)
    for k in (2, 3, 4):
        for lattice in (4, 20, 0):
            u = rng.uniform(size=(3000, k))
            if lattice:
                u = np.round(u * lattice) / lattice  # copies and ties
            order = rng.permutation(3000)
            keep = candidates(u)
            assert len(keep) < len(u)
            got, want = pareto_front(u[keep], order[keep]), pareto_front(u, order)
            assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])


# ---------------------------------------------------------------------------
# The dataset: parts, resume, refusal, determinism


RECORD = ["zopa.size", "zopa.exists", "solutions.nash.utilities", "solutions.nash.outcome.x",
          "pressures.push.without.zopa.size"]


def _rich_sweep(tmp_path: Path, rich: Path, seed: int = 7) -> Path:
    return sweep_file(tmp_path, rich,
                      grid={"pressures.push.credibility": {"linspace": [0, 1, 5]},
                            "parties.q.disagreement": [0.2, 0.5]},
                      random={"n": 8, "seed": seed, "draw": {"parties.p.weights.x": {"uniform": [0, 6]}}},
                      record=RECORD)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    """The rich sweep, run once: its folder and its table."""
    tmp = tmp_path_factory.mktemp("results")
    table = run_sweep(_rich_sweep(tmp, write(tmp / "rich.yaml", RICH)), tmp / "out")
    return tmp, table


def test_results_are_one_row_per_variant_and_match_the_reports(results):
    tmp_path, table = results
    assert len(table) == 80 and table["variant"].tolist() == list(range(80))
    assert list(table.columns[:4]) == ["variant", "pressures.push.credibility", "parties.q.disagreement",
                                       "parties.p.weights.x"]
    assert {"solutions.nash.utilities.p", "solutions.nash.utilities.s", "solutions.nash.outcome.x",
            "pressures.push.without.zopa.size"} <= set(table.columns)
    assert table["solutions.nash.outcome.x"].dropna().isin(["a", "b", "c", "d"]).all()
    base = load(tmp_path / "rich.yaml")
    paths = ["pressures.push.credibility", "parties.q.disagreement", "parties.p.weights.x"]
    keys = [keys_of(p, base.document)[0] for p in paths]
    for i in (0, 13, 41, 79):
        row = table.iloc[i]
        want = reference(base, keys, [row[p] for p in paths])
        assert row["zopa.size"] == want["zopa"]["size"]
        assert row["pressures.push.without.zopa.size"] == want["pressures"]["push"]["without"]["zopa"]["size"]
        nash = want["solutions"]["nash"]
        if nash is None:
            assert pd.isna(row["solutions.nash.utilities.p"])
        else:
            assert row["solutions.nash.utilities.q"] == nash["utilities"]["q"]
            assert row["solutions.nash.outcome.x"] == nash["outcome"]["x"]
    assert table.equals(pd.read_parquet(tmp_path / "out"))  # read in variant order
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert all(n.startswith(("_", ".", "part-")) for n in names)


def test_interrupted_sweep_resumes_without_recomputing(tmp_path, rich):
    spec_path = _rich_sweep(tmp_path, rich)
    whole = run_sweep(spec_path, tmp_path / "whole")
    p = plan(parse_file(spec_path))
    seen = []

    def stop_after_three(n):
        seen.append(n)
        if len(seen) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(p, tmp_path / "out", progress=stop_after_three)
    parts = sorted((tmp_path / "out").glob("part-*.parquet"))
    assert len(parts) == 3
    stamps = {q: q.stat().st_mtime_ns for q in parts}
    computed, starts = [], []
    summary = run(p, tmp_path / "out", progress=computed.append, start=lambda t, d: starts.append((t, d)))
    assert starts == [(80, sum(seen))] and summary.resumed == sum(seen)
    assert sum(computed) == 80 - sum(seen)
    assert all(q.stat().st_mtime_ns == stamps[q] for q in parts)  # not rewritten
    assert read(tmp_path / "out").equals(whole)
    run(p, tmp_path / "out", progress=computed.append)  # complete: nothing to do
    assert sum(computed) == 80 - sum(seen)


def parse_file(path: Path):
    from sim.sweep import load as load_sweep

    return load_sweep(path)


def test_a_changed_sweep_is_refused_instead_of_mixing_tables(tmp_path, rich, capsys):
    first = _rich_sweep(tmp_path, rich, seed=7)
    out = tmp_path / "out"
    assert main(["sweep", str(first), "--out", str(out), "--quiet"]) == 0
    _rich_sweep(tmp_path, rich, seed=8)
    assert main(["sweep", str(first), "--out", str(out), "--quiet"]) == 2
    assert "holds the results of a different sweep" in capsys.readouterr().err
    write(tmp_path / "rich.yaml", {**RICH, "name": "renamed"})  # the scenario changed
    _rich_sweep(tmp_path, rich, seed=7)
    with pytest.raises(StoreConflict):
        run(plan(parse_file(first)), out)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine")
    with pytest.raises(StoreConflict, match="not empty"):
        run(plan(parse_file(first)), tmp_path / "other")


def test_same_seed_same_table_with_any_number_of_workers(tmp_path, rich):
    spec = _rich_sweep(tmp_path, rich)
    one = run_sweep(spec, tmp_path / "one")
    two = run_sweep(spec, tmp_path / "two", workers=2)
    assert one.equals(two)
    assert not one.equals(run_sweep(_rich_sweep(tmp_path, rich, seed=9), tmp_path / "three"))


# ---------------------------------------------------------------------------
# One variant (with_values) and explicit lists of variants (run_variants)


def test_with_values_is_the_validated_variant_of_the_fast_path():
    base = from_dict(RICH)
    paths = ["parties.p.weights.x", "parties.q.disagreement", "pressures.push.cost.s"]
    keys = [keys_of(p, base.document)[0] for p in paths]
    variant = with_values(base, dict(zip(paths, [np.float64(0.7), 0.1, 0.15])))
    assert variant.document["parties"]["p"]["weights"]["x"] == 0.7  # a plain number again
    fast = Patcher(base, keys)([0.7, 0.1, 0.15])
    assert (variant.parties, variant.pressures) == (fast.parties, fast.pressures)
    with pytest.raises(ValueError, match="did you mean 'push'"):
        with_values(base, {"pressures.psh.penalty": 0.1})
    with pytest.raises(ScenarioError, match="weights"):
        with_values(base, {"parties.p.weights.x": -1})


def test_the_fast_path_builds_parts_like_a_file_and_shares_what_it_keeps():
    """A fast variant's changed party comes out of the scenario builder: an
    invalid number is a located error like in a file; what did not change is
    the base's own object (the shared utilities and memoised masks rely on it)."""
    base = VariantSolver(from_dict(RICH)).base
    keys = [keys_of(p, base.document)[0] for p in ("parties.p.weights.x", "parties.q.disagreement")]
    patcher = Patcher(base, keys)
    with pytest.raises(ScenarioError, match=r"parties\.p\.weights\.x: -1 is outside the valid range"):
        patcher([-1, 0.1])
    with pytest.raises(ScenarioError, match=r"parties\.q\.disagreement: expected a finite number"):
        patcher([0.7, float("nan")])
    variant = patcher([0.7, 0.1])
    p, q = variant.parties[0], variant.parties[1]
    assert p.weights != base.parties[0].weights and p.values is base.parties[0].values
    assert p.interactions is base.parties[0].interactions  # the memoised condition's mask kept
    assert q.red_lines is base.parties[1].red_lines and q.weights is base.parties[1].weights
    assert q.disagreement == 0.1 and variant.pressures == base.pressures


def test_run_variants_solves_each_row_like_its_variant(tmp_path):
    base = from_dict(RICH)
    values = {"pressures.push.credibility": [0.0, 1.0, 0.5, 0.0],
              "parties.q.disagreement": [0.3, 0.3, 0.6, 0.1]}
    table = run_variants(base, values, ["zopa.size", "solutions.nash.outcome"], tmp_path / "out")
    assert table.columns.tolist()[:3] == ["variant", *values]
    assert table["variant"].tolist() == [0, 1, 2, 3]
    for i, row in table.iterrows():
        want = to_json(analyse(with_values(base, {p: v[i] for p, v in values.items()})))
        assert row["zopa.size"] == want["zopa"]["size"]
        nash = want["solutions"]["nash"]
        assert row["solutions.nash.outcome.x"] == (nash["outcome"]["x"] if nash else None)
    # rerun: resumed, nothing solved; other values: refused rather than mixed
    solved: list[int] = []
    again = run_variants(base, values, ["zopa.size", "solutions.nash.outcome"], tmp_path / "out",
                         progress=solved.append)
    assert again.equals(table) and solved == []
    with pytest.raises(StoreConflict):
        run_variants(base, {**values, "parties.q.disagreement": [0.3, 0.3, 0.6, 0.2]},
                     ["zopa.size", "solutions.nash.outcome"], tmp_path / "out")
    assert run_variants(base, values, ["zopa.size"], workers=2)["zopa.size"].equals(table["zopa.size"])


def test_run_variants_checks_like_a_sweep_and_clips_on_request():
    base = from_dict(RICH)
    with pytest.raises(ScenarioError) as bad:
        run_variants(base, {"parties.rusia.disagreement": [0.1, 0.2]}, ["zopa.size", "zopa.sise"])
    assert [(p.path, p.message.split(":")[0]) for p in bad.value.problems] == [
        ("values.parties.rusia.disagreement", "not a path into the scenario"),
        ("record.1", "'zopa.sise' is not a report field")]
    with pytest.raises(ScenarioError) as bad:
        run_variants(base, {"pressures.push.credibility": [0.5, 1.5]}, ["zopa.size"])
    (problem,) = bad.value.problems
    assert problem.path == "values.pressures.push.credibility"
    assert problem.message.startswith("1.5 makes the scenario invalid")
    with pytest.raises(ScenarioError, match="one value per variant"):
        run_variants(base, {"breakdown": [0.1], "parties.q.disagreement": [0.1, 0.2]})
    table = run_variants(base, {"pressures.push.credibility": [0.5, 1.5]}, ["zopa.size"], clip=True)
    assert table["pressures.push.credibility"].tolist() == [0.5, 1.0]


# ---------------------------------------------------------------------------
# Plots and the example sweeps


def test_plot_sweep_draws_the_means(results, tmp_path):
    folder, table = results
    fig = plot_sweep(table, "pressures.push.credibility", "zopa.exists")
    x, y = fig.axes[0].lines[0].get_data()
    want = table.groupby("pressures.push.credibility")["zopa.exists"].mean()
    assert list(x) == list(want.index) and np.allclose(y, want.to_numpy())
    fig = plot_sweep(table, "pressures.push.credibility", "zopa.size", y="parties.q.disagreement")
    drawn = np.asarray(fig.axes[0].collections[0].get_array()).reshape(2, 5)
    cell = table[(table["parties.q.disagreement"] == 0.5) & (table["pressures.push.credibility"] == 0.25)]
    assert drawn[1, 1] == pytest.approx(cell["zopa.size"].mean())
    assert sweep_data(table, "pressures.push.credibility", "zopa.size",
                      "parties.q.disagreement").to_numpy() == pytest.approx(drawn)
    png = tmp_path / "heat.png"
    assert main(["plot-sweep", str(folder / "out"), "--x", "pressures.push.credibility",
                 "--y", "parties.q.disagreement", "--metric", "zopa.size", "--out", str(png)]) == 0
    assert png.read_bytes()[:4] == b"\x89PNG"
    assert main(["plot-sweep", str(folder / "out"), "--x", "nope", "--metric", "zopa.size"]) == 2
    assert main(["plot-sweep", str(folder / "out"), "--x", "pressures.push.credibility",
                 "--y", "parties.q.disagreement", "--metric", "solutions.nash.outcome.x"]) == 2


@pytest.mark.parametrize("name", sorted(p.name for p in SWEEPS.glob("*.yaml")))
def test_example_sweeps_are_valid(name):
    p = plan(parse_file(SWEEPS / name))
    assert p.size >= 10 and p.record
