"""negsim discover (issue 10): the condition grammar, PRIM on data whose boxes are
known, and the deal region of a scenario built to have a known box."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pandas as pd
import pytest
import yaml

from sim import discovery as dc
from sim.cli import main as negsim
from sim.scenario import from_dict

from .conftest import deal_document

UNIFORM = {"uniform": [0, 1]}
#: A deal exactly when d_p <= 0.6 and d_q <= 0.5; p's bargaining power is irrelevant.
KNOWN_BOX = deal_document(UNIFORM, UNIFORM, bargaining_power={"uniform": [0.5, 2]})


@pytest.fixture(scope="module")
def known():
    return from_dict(KNOWN_BOX)


# ---------------------------------------------------------------------------
# The condition grammar


@pytest.mark.parametrize("text, tree", [
    ("zopa.exists", dc.Compare("zopa.exists")),
    ("zopa.exists == false", dc.Compare("zopa.exists", "==", False)),
    ("zopa.size >= 1e2", dc.Compare("zopa.size", ">=", 100.0)),
    ("solutions.nash.outcome.x != 'p wins'", dc.Compare("solutions.nash.outcome.x", "!=", "p wins")),
    ("solutions.nash.outcome.x == null", dc.Compare("solutions.nash.outcome.x", "==", None)),
    ("not a or b and c", dc.BoolOp("or", (dc.Not(dc.Compare("a")),
                                          dc.BoolOp("and", (dc.Compare("b"), dc.Compare("c")))))),
    ("not (a or b)", dc.Not(dc.BoolOp("or", (dc.Compare("a"), dc.Compare("b"))))),
])
def test_parse(text, tree):
    assert dc.parse(text) == tree


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("zopa.size > ", "expected a value after '>'"),
    ("(zopa.exists", "expected ')'"),
    ("zopa.exists zopa.size", "expected 'and', 'or' or the end"),
    ("zopa.size > 3 ;", "character 15: unexpected ';'"),
    ("== true", "needs a field before it"),
    ("__import__('os').system('x')", "character 17: unexpected '.'"),
    ("and zopa.exists", "expected a report field"),
])
def test_parse_errors_say_where(text, message):
    with pytest.raises(dc.ConditionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        dc.parse(text)


def test_condition_on_a_table_treats_no_deal_as_null(known):
    table = pd.DataFrame({"zopa.exists": [True, False, True],
                          "zopa.size": [1, 0, 1],
                          "solutions.nash.outcome.x": ["deal", None, "deal"]})
    holds = lambda text: dc.ReportCondition.of(known, text).holds(table).tolist()
    assert holds("zopa.exists == false") == [False, True, False]
    assert holds("not zopa.exists") == [False, True, False]
    assert holds("zopa.size") == [True, False, True]
    assert holds("solutions.nash.outcome.x == deal") == [True, False, True]
    assert holds("solutions.nash.outcome.x != deal") == [False, True, False]
    assert holds("solutions.nash.outcome.x == null or zopa.size > 0") == [True, True, True]
    assert dc.ReportCondition.of(known, "== false", "zopa.exists").holds(table).tolist() == [False, True, False]


@pytest.mark.parametrize("text, message", [
    ("zopa.exist", "did you mean 'exists'?"),
    ("solutions.nash.outcome.x == dael", "'dael' is not an option of x (did you mean 'deal'?)"),
    ("solutions.nash.outcome.x > deal", "compare it with == or !="),
    ("zopa.exists == 1", "compare it with true or false"),
    ("zopa.size == deal", "compare it with a number"),
    ("zopa.size < null", "only == and != compare with null"),
])
def test_conditions_are_checked_against_the_report(known, text, message):
    with pytest.raises(Exception) as info:
        dc.ReportCondition.of(known, text)
    assert message in str(info.value) and "--condition" in str(info.value)


# ---------------------------------------------------------------------------
# PRIM


def test_prim_recovers_a_two_sided_box_and_leaves_noise_dimensions_open():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (1000, 4))
    y = (x[:, 0] > 0.3) & (x[:, 0] < 0.7) & (x[:, 2] > 0.5)
    boxes = dc.prim(x, y)
    assert len(boxes) == 1
    box = boxes[0].box
    assert box.lo[0] == pytest.approx(0.3, abs=0.03) and box.hi[0] == pytest.approx(0.7, abs=0.03)
    assert box.lo[2] == pytest.approx(0.5, abs=0.03) and box.hi[2] == np.inf
    assert np.isinf(box.lo[[1, 3]]).all() and np.isinf(box.hi[[1, 3]]).all()
    assert box.coverage > 0.95 and box.density > 0.95


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rare_cases_among_many_numbers_keep_only_the_significant_restrictions(seed):
    """4 % of cases, 12 numbers: peeling alone also cuts empty slices of irrelevant
    numbers; the quasi-p-values drop those and the box is the true one."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 1, (1000, 12))
    y = (x[:, 0] > 0.85) & (x[:, 1] > 0.7)
    box = dc.prim(x, y)[0].box
    restricted = [j for j in range(12) if np.isfinite(box.lo[j]) or np.isfinite(box.hi[j])]
    assert restricted == [0, 1]
    assert box.lo[0] == pytest.approx(0.85, abs=0.02) and box.lo[1] == pytest.approx(0.7, abs=0.03)
    assert box.coverage == 1.0 and box.density == 1.0


def test_peeling_trajectory_starts_from_everything_and_trades_coverage_for_density():
    rng = np.random.default_rng(1)
    x = rng.uniform(0, 1, (600, 3))
    y = ((x[:, 1] < 0.4) & (rng.uniform(size=600) < 0.9)).astype(float)  # noisy: density < 1
    t = dc.peel(x, y, np.ones(600, dtype=bool), alpha=0.05, mass_min=0.05)
    assert (t[0].coverage, t[0].mass, t[0].restricted) == (1.0, 1.0, 0)
    assert all(b.coverage <= a.coverage + 1e-12 for a, b in itertools.pairwise(t))
    assert all(b.count < a.count for a, b in itertools.pairwise(t))
    assert t[-1].mass >= 0.05 and t[-1].density > t[0].density
    # each peel removes about alpha of the box
    assert all(b.count >= 0.9 * a.count for a, b in itertools.pairwise(t))


def test_covering_finds_a_union_box_by_box():
    rng = np.random.default_rng(2)
    x = rng.uniform(0, 1, (800, 2))
    y = (x[:, 0] > 0.7) | (x[:, 1] > 0.8)
    boxes = dc.prim(x, y)
    assert len(boxes) == 2
    assert sum(b.box.coverage for b in boxes) == pytest.approx(1.0)
    firsts = sorted((float(np.nan_to_num(b.box.lo[j], neginf=0)), j) for b in boxes
                    for j in range(2) if np.isfinite(b.box.lo[j]))
    assert [j for _, j in firsts] == [0, 1]
    assert firsts[0][0] == pytest.approx(0.7, abs=0.03) and firsts[1][0] == pytest.approx(0.8, abs=0.03)


# ---------------------------------------------------------------------------
# negsim discover


def test_discover_recovers_the_deal_box_of_the_scenario(known):
    result = dc.discover(known, "zopa.exists", samples=500, seed=3)
    assert result["cases"] == pytest.approx(0.3 * 500, abs=40)
    box = result["boxes"][0]
    assert set(box["bounds"]) == {"parties.p.disagreement", "parties.q.disagreement"}
    p, q = box["bounds"]["parties.p.disagreement"], box["bounds"]["parties.q.disagreement"]
    assert p["lo"] is None and p["hi"] == pytest.approx(0.6, abs=0.02)
    assert q["lo"] is None and q["hi"] == pytest.approx(0.5, abs=0.02)
    assert box["coverage"] == 1.0 and box["density"] == 1.0


def test_discover_no_deal_is_two_boxes(known):
    result = dc.discover(known, "== false", output="zopa.exists", samples=500, seed=3)
    bounds = [b["bounds"] for b in result["boxes"]]
    assert len(bounds) == 2
    lows = {path: b[path]["lo"] for b in bounds for path in b}
    assert lows["parties.p.disagreement"] == pytest.approx(0.6, abs=0.02)
    assert lows["parties.q.disagreement"] == pytest.approx(0.5, abs=0.02)
    assert sum(b["coverage"] for b in result["boxes"]) == pytest.approx(1.0)


def test_a_condition_that_never_holds_gives_no_box():
    s = from_dict(deal_document({"uniform": [0, 0.3]}, 0.1))
    result = dc.discover(s, "zopa.exists == false", samples=20, seed=0)
    assert result["cases"] == 0 and result["boxes"] == []
    assert "holds in no draw" in dc.boxes_text(result)


def test_cli_prints_boxes_writes_json_and_the_trajectory_figure(tmp_path, capsys):
    path = tmp_path / "known.yaml"
    path.write_text(yaml.safe_dump(KNOWN_BOX))
    out = tmp_path / "out"
    assert negsim(["discover", str(path), "--output", "zopa.exists", "--condition",
                   "zopa.exists == true", "--samples", "300", "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "box 1: coverage 1.00, density 1.00" in text and "parties.p.disagreement <= 0.59" in text
    report = json.loads((out / "discovery.json").read_text())
    assert report["output"] == "zopa.exists" and report["samples"] == 300
    assert report["boxes"][0]["trajectory"][0]["coverage"] == 1.0
    assert (out / "discovery.png").stat().st_size > 0
    # the same draws as negsim uncertainty with the same settings: that run resumes them
    assert negsim(["uncertainty", str(path), "--samples", "300", "--out", str(out), "--quiet",
                   "--json"]) == 0


def test_figure_plots_each_trajectory_and_marks_the_chosen_box(known):
    result = dc.discover(known, "zopa.exists == false", samples=300, seed=1)
    ax = dc.figure(result).axes[0]
    scatters = [c for c in ax.collections if len(c.get_offsets()) > 1]
    assert [len(c.get_offsets()) for c in scatters] == [len(b["trajectory"]) for b in result["boxes"]]
    stars = [c for c in ax.collections if len(c.get_offsets()) == 1]
    assert [tuple(c.get_offsets()[0]) for c in stars] == [(b["coverage"], b["density"])
                                                         for b in result["boxes"]]


@pytest.mark.parametrize("argv, message", [
    (["--condition", "zopa.exists =="], "expected a value after '=='"),
    (["--condition", "zopa.exist"], "did you mean 'exists'?"),
    (["--condition", "zopa.exists", "--boxes", "0"], "--boxes"),
    (["--condition", "zopa.exists", "--output", "zopa.sise"], "did you mean 'size'?"),
])
def test_bad_input_is_a_located_error(tmp_path, capsys, argv, message):
    path = tmp_path / "known.yaml"
    path.write_text(yaml.safe_dump(KNOWN_BOX))
    assert negsim(["discover", str(path), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith(str(path)) and "Traceback" not in err
