"""negsim sensitivity (issue 10, SPEC section 9): Sobol and Morris rankings on
scenarios where the answer is known by construction."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
import yaml

from sim import sensitivity as sa
from sim.cli import main as negsim
from sim.scenario import from_dict
from sim.uncertainty import column, numeric

from .conftest import deal_document

#: d_p decides whether there is a deal (the ZOPA needs d_p <= 0.6); d_q stays below
#: its threshold 0.5 and p's bargaining power never touches the ZOPA: neither can
#: change zopa.exists.
DECIDED = deal_document({"uniform": [0, 1]}, {"uniform": [0, 0.4]},
                        bargaining_power={"uniform": [0.5, 2]})


def _pie(options: int = 201) -> dict:
    """Split a pie on a grid of ``options`` shares: the Nash share of p is about
    (1 + d_p - d_q) / 2, linear, so S1 = ST = Var share: 16/17 for d_p ~ U(0, 0.4)
    against 1/17 for d_q ~ U(0, 0.1); a bystander's disagreement has no effect."""
    shares = [f"s{k}" for k in range(options)]
    up = {s: k / (options - 1) for k, s in enumerate(shares)}
    return {"name": "pie", "issues": {"share": {"options": shares}},
            "parties": {"p": {"weights": {"share": 1}, "values": {"share": up},
                              "disagreement": {"uniform": [0, 0.4]}},
                        "q": {"weights": {"share": 1},
                              "values": {"share": {s: 1 - v for s, v in up.items()}},
                              "disagreement": {"uniform": [0, 0.1]}},
                        "r": {"veto": False, "weights": {"share": 1}, "values": {"share": up},
                              "disagreement": {"uniform": [0, 1]}}},
            "solve": {"concepts": ["nash"]}}


@pytest.fixture(scope="module")
def decided():
    return from_dict(DECIDED)


def test_sobol_the_deciding_number_ranks_first_and_the_others_are_zero(decided):
    result = sa.analyse(decided, "zopa.exists", samples=64, seed=1)
    ranked = list(result["indices"])
    assert ranked[0] == "parties.p.disagreement"
    first = result["indices"]["parties.p.disagreement"]
    assert first["S1"] == pytest.approx(1, abs=max(0.15, first["S1_conf"]))
    assert first["ST"] == pytest.approx(1, abs=max(0.15, first["ST_conf"]))
    for path in ("parties.q.disagreement", "parties.p.bargaining_power"):
        idx = result["indices"][path]
        assert abs(idx["S1"]) < 0.02 and abs(idx["ST"]) < 0.02, path


def test_sobol_indices_match_the_variance_shares_of_a_linear_split():
    result = sa.analyse(from_dict(_pie()), "solutions.nash.utilities.p", samples=128, seed=3)
    idx = result["indices"]
    assert list(idx) == ["parties.p.disagreement", "parties.q.disagreement", "parties.r.disagreement"]
    assert idx["parties.p.disagreement"]["ST"] == pytest.approx(16 / 17, abs=0.03)
    assert idx["parties.q.disagreement"]["ST"] == pytest.approx(1 / 17, abs=0.02)
    assert idx["parties.r.disagreement"]["ST"] == 0.0 and idx["parties.r.disagreement"]["S1"] == 0.0
    # additive model: the first-order indices add up to about 1
    assert sum(i["S1"] for i in idx.values()) == pytest.approx(1, abs=0.15)


def test_morris_screens_the_same_ranking(decided):
    result = sa.analyse(decided, "zopa.exists", "morris", samples=12, seed=2)
    assert result["method"] == "morris"
    ranked = list(result["indices"])
    assert ranked[0] == "parties.p.disagreement"
    assert result["indices"]["parties.p.disagreement"]["mu_star"] > 0.5
    for path in ranked[1:]:
        assert result["indices"][path] == {"mu_star": 0.0, "mu_star_conf": 0.0, "mu": 0.0,
                                           "sigma": 0.0}


def test_a_constant_output_has_every_index_zero():
    doc = deal_document({"uniform": [0, 0.3]}, {"uniform": [0, 0.3]})  # always a deal
    result = sa.analyse(from_dict(doc), "zopa.exists", samples=8, seed=0)
    assert all(v == 0.0 for idx in result["indices"].values() for v in idx.values())


def test_outputs_become_finite_numbers(decided):
    table = pd.DataFrame({
        "zopa.exists": [True, False],
        "solutions.nash.outcome.x": ["q_wins", None],
        "solutions.nash.utilities.p": [0.6, None],
        "disagreement.p": [0.1, 0.7],
    })
    assert numeric(decided, table, column(decided, "zopa.exists")).tolist() == [1.0, 0.0]
    # an option is its position in the issue's list; no deal is -1
    assert numeric(decided, table, column(decided, "solutions.nash.outcome.x")).tolist() == [2.0, -1.0]
    # a utility where there is no deal is the disagreement utility
    assert numeric(decided, table, column(decided, "solutions.nash.utilities.p")).tolist() == [0.6, 0.7]


def test_cli_json_is_exactly_the_spec_shape(tmp_path, capsys):
    path = tmp_path / "decided.yaml"
    path.write_text(yaml.safe_dump(DECIDED))
    assert negsim(["sensitivity", str(path), "--output", "solutions.nash.outcome.x",
                   "--samples", "64", "--json", "--quiet"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"output", "indices"}
    assert report["output"] == "solutions.nash.outcome.x"
    assert set(report["indices"]) == {"parties.p.disagreement", "parties.q.disagreement",
                                      "parties.p.bargaining_power"}
    for idx in report["indices"].values():
        assert set(idx) == {"S1", "S1_conf", "ST", "ST_conf"}
        assert all(math.isfinite(v) for v in idx.values())


def test_cli_table_figure_and_out(tmp_path, capsys):
    path = tmp_path / "decided.yaml"
    path.write_text(yaml.safe_dump(DECIDED))
    out = tmp_path / "out"
    assert negsim(["sensitivity", str(path), "--output", "zopa.size", "--samples", "8",
                   "--method", "morris", "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "Morris" in text and text.index("parties.p.disagreement") < text.index("parties.q.disagreement")
    assert json.loads((out / "sensitivity.json").read_text())["method"] == "morris"
    assert (out / "sensitivity.png").stat().st_size > 0
    assert any((out / "morris-samples").glob("part-*.parquet"))


def test_figure_draws_one_bar_per_index():
    result = {"output": "zopa.size", "indices": {
        "a": {"S1": 0.7, "S1_conf": 0.1, "ST": 0.8, "ST_conf": 0.1},
        "b": {"S1": 0.1, "S1_conf": 0.05, "ST": 0.2, "ST_conf": 0.05}}}
    ax = sa.figure(result).axes[0]
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == [0.1, 0.2, 0.7, 0.8]
    at = {t.get_text(): y for t, y in zip(ax.get_yticklabels(), ax.get_yticks())}
    assert at["a"] > at["b"]  # the most important on top


@pytest.mark.parametrize("argv, message", [
    (["--output", "zopa.sise"], "did you mean 'size'?"),
    (["--output", "solutions.nash.utilities"], "name one of them"),
    (["--output", "veto_parties"], "not a single number"),
    (["--output", "zopa.size", "--method", "sobel"], "unknown method 'sobel'"),
    (["--output", "zopa.size", "--method", "morris", "--samples", "1"], "--samples"),
    (["--output", "zopa.size", "--samples", "1"], "--samples: must be a whole number from 2 to 1,000,000, got 1"),
])
def test_bad_input_is_a_located_error(tmp_path, capsys, argv, message):
    path = tmp_path / "decided.yaml"
    path.write_text(yaml.safe_dump(DECIDED))
    assert negsim(["sensitivity", str(path), *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith(str(path)) and "Traceback" not in err


def test_too_few_samples_say_the_estimates_are_noise(capsys):
    """The split of ``_pie``: S1 and ST are 16/17 and 1/17. Sixteen base samples give
    intervals as wide as the indices, and the result says so; 64 do not."""
    pie = from_dict(_pie())
    small = sa.analyse(pie, "solutions.nash.utilities.p", samples=16, seed=1)
    top = small["indices"]["parties.p.disagreement"]
    assert top["ST_conf"] >= 0.5 * top["ST"]
    assert small["warnings"] == [(
        f"the estimates are noise at --samples 16: the 95% interval of the top index is "
        f"+-{top['ST_conf']:.3g} against {top['ST']:.3g}; rerun with more samples (the default "
        "is 256)")]
    assert sa.ranking_text(small).splitlines()[-1] == "warning: " + small["warnings"][0]
    assert "warnings" not in sa.analyse(pie, "solutions.nash.utilities.p", samples=64, seed=1)
    # an index outside [0, 1] (a share of variance cannot be) is noise too
    outside = sa.noise_warning("sobol", 8, {"a": {"S1": 1.4, "S1_conf": 0.1, "ST": 0.9,
                                                  "ST_conf": 0.1}})
    assert outside is not None and "outside [0, 1]" in outside


def test_design_maps_probabilities_through_each_distribution(decided):
    unit, _ = sa.design(decided, "sobol", 5, seed=0)
    assert unit.shape == (8 * (3 + 2), 3)  # rounded up to a power of 2
    values = sa.values_of(decided, unit)
    assert np.all((values["parties.q.disagreement"] >= 0) & (values["parties.q.disagreement"] <= 0.4))
    assert np.allclose(values["parties.p.bargaining_power"], 0.5 + 1.5 * np.clip(unit[:, 1], 1e-6, 1 - 1e-6))
