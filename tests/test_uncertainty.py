"""negsim uncertainty (issue 10, SPEC section 9): draws of a scenario's uncertain
numbers solved through the sweep engine, checked draw by draw against answers
known by construction."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml

from sim import uncertainty as u
from sim.cli import main as negsim
from sim.scenario import from_dict, load
from sim.summary_text import RARE, uncertainty_text
from sim.sweep import read, run_sweep
from sim.sweep.spec import parse

from .conftest import SCENARIOS, deal_document

UNIFORM = {"uniform": [0, 1]}


@pytest.fixture(scope="module")
def deal():
    return from_dict(deal_document(UNIFORM, UNIFORM))


@pytest.fixture(scope="module")
def deal_table(deal):
    return u.sample(deal, samples=300, seed=4)


def test_zopa_probability_is_the_share_of_draws_inside_the_known_region(deal, deal_table):
    dp = deal_table["parties.p.disagreement"].to_numpy()
    dq = deal_table["parties.q.disagreement"].to_numpy()
    inside = (dp <= 0.6) & (dq <= 0.5)
    assert (deal_table["zopa.exists"].to_numpy() == inside).all()  # every draw solved right
    summary = u.summarise(deal, deal_table)
    assert summary["samples"] == 300
    assert summary["zopa_probability"] == pytest.approx(inside.mean())
    assert abs(summary["zopa_probability"] - 0.3) < 0.08  # P = 0.6 x 0.5
    lo, hi = summary["zopa_ci95"]
    assert lo < summary["zopa_probability"] < hi and lo < 0.3 < hi


def test_given_a_deal_every_concept_picks_the_compromise(deal, deal_table):
    summary = u.summarise(deal, deal_table)
    for concept, sol in summary["solutions"].items():
        assert sol["deals"] == int(deal_table["zopa.exists"].sum()), concept
        assert sol["issues"]["x"] == {"deal": 1.0, "p_wins": 0.0, "q_wins": 0.0}
        assert set(sol["utilities"]["p"]["quantiles"].values()) == {0.6}
        assert set(sol["utilities"]["q"]["quantiles"].values()) == {0.5}


def test_disagreement_quantiles_are_those_of_the_draws(deal, deal_table):
    summary = u.summarise(deal, deal_table)
    drawn = deal_table["parties.p.disagreement"].to_numpy()
    expected = np.round(np.quantile(drawn, u.QUANTILES), 9)
    assert list(summary["disagreement"]["p"]["quantiles"].values()) == pytest.approx(expected)


def test_continuous_issue_quantiles_follow_the_nash_split():
    """Split the pie: the Nash share of p is (1 + d_p - d_q) / 2, draw by draw."""
    pie = from_dict({
        "name": "pie", "issues": {"share": {"range": [0, 1]}},
        "parties": {"p": {"weights": {"share": 1}, "values": {"share": "increasing"},
                          "disagreement": {"uniform": [0, 0.4]}},
                    "q": {"weights": {"share": 1}, "values": {"share": "decreasing"},
                          "disagreement": {"triangular": [0, 0.05, 0.1]}}},
        "solve": {"concepts": ["nash"], "resolution": 11}})
    table = u.sample(pie, samples=16, seed=2)
    dp, dq = table["parties.p.disagreement"].to_numpy(), table["parties.q.disagreement"].to_numpy()
    share = (1 + dp - dq) / 2
    assert np.abs(table["solutions.nash.outcome.share"].to_numpy() - share).max() < 1e-3
    got = u.summarise(pie, table)["solutions"]["nash"]["issues"]["share"]
    assert list(got["quantiles"].values()) == pytest.approx(np.quantile(share, u.QUANTILES), abs=1e-3)
    assert got["mean"] == pytest.approx(share.mean(), abs=1e-3)


def test_weighted_quantiles_count_lottery_probabilities():
    q = u.quantiles(np.array([0.0, 1.0]), np.array([0.9, 0.1]))
    assert q["quantiles"]["0.5"] == 0.0 and q["quantiles"]["0.95"] == 1.0
    assert q["mean"] == pytest.approx(0.1)
    assert u.quantiles(np.array([]))["mean"] is None


def test_lottery_solutions_count_each_outcome_by_its_probability():
    doc = deal_document({"uniform": [0, 0.2]}, 0.1)
    doc["solve"] = {"lotteries": True, "concepts": ["nash"]}
    s = from_dict(doc)
    summary = u.summarise(s, u.sample(s, samples=5, seed=0))
    issues = summary["solutions"]["nash"]["issues"]["x"]
    assert sum(issues.values()) == pytest.approx(1.0)
    assert issues["deal"] == 1.0  # the only outcome of the ZOPA


def test_same_seed_same_draws_and_the_same_table_as_negsim_sweep(deal, deal_table, tmp_path):
    assert u.sample(deal, samples=300, seed=4).equals(deal_table)
    assert not u.sample(deal, samples=300, seed=5).equals(deal_table)
    sweep = {"scenario": "deal.yaml", "record": list(u.RECORD),
             "random": {"n": 300, "seed": 4, "draw": {"parties.p.disagreement": UNIFORM,
                                                      "parties.q.disagreement": UNIFORM}}}
    table = run_sweep(parse(sweep, "<sweep>"), tmp_path / "sweep", scenario=deal)
    assert table.equals(deal_table)


def test_out_keeps_the_draws_and_a_rerun_resumes_without_solving(deal, tmp_path):
    first = u.uncertainty(deal, samples=40, seed=1, out=tmp_path)
    parts = sorted((tmp_path / "samples").glob("part-*.parquet"))
    assert parts and len(read(tmp_path / "samples")) == 40
    stamps = [p.stat().st_mtime_ns for p in parts]
    solved = []
    again = u.uncertainty(deal, samples=40, seed=1, out=tmp_path, progress=solved.append)
    assert again == first and solved == []
    assert [p.stat().st_mtime_ns for p in parts] == stamps


def test_two_workers_give_the_same_summary(deal):
    assert u.uncertainty(deal, samples=60, seed=3, workers=2) == u.uncertainty(deal, samples=60, seed=3)


def test_cli_json_has_the_spec_shape(tmp_path, capsys):
    path = tmp_path / "deal.yaml"
    path.write_text(yaml.safe_dump(deal_document(UNIFORM, {"normal": [0.3, 0.2]})))
    assert negsim(["uncertainty", str(path), "--samples", "50", "--seed", "7", "--json",
                   "--quiet"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["samples"] == 50 and 0 <= report["zopa_probability"] <= 1
    assert set(report["solutions"]) == {"nash", "kalai_smorodinsky", "egalitarian", "utilitarian"}
    nash = report["solutions"]["nash"]
    assert set(nash["issues"]["x"]) == {"deal", "p_wins", "q_wins"}
    assert set(nash["utilities"]) == {"p", "q"}
    assert set(nash["utilities"]["p"]["quantiles"]) == {"0.05", "0.25", "0.5", "0.75", "0.95"}
    # the report names every distribution it drew from
    assert report["parameters"] == {"parties.p.disagreement": "uniform(0, 1)",
                                    "parties.q.disagreement": "normal(0.3, 0.2)"}


def test_cli_out_writes_report_figure_and_draws(tmp_path, capsys):
    path = tmp_path / "deal.yaml"
    path.write_text(yaml.safe_dump(deal_document(UNIFORM, UNIFORM)))
    out = tmp_path / "out"
    assert negsim(["uncertainty", str(path), "--samples", "30", "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert "P(ZOPA exists)" in text and "nash: given a deal" in text
    assert json.loads((out / "uncertainty.json").read_text())["samples"] == 30
    assert (out / "uncertainty.png").stat().st_size > 0
    assert len(read(out / "samples")) == 30
    # other settings into the same folder: refused, not mixed
    assert negsim(["uncertainty", str(path), "--samples", "31", "--out", str(out), "--quiet"]) == 2
    assert "--samples" in capsys.readouterr().err


def test_figure_bars_are_the_option_probabilities(deal, deal_table):
    summary = u.summarise(deal, deal_table)
    fig = u.figure(summary)
    nash = next(ax for ax in fig.axes if ax.get_title().startswith("Nash"))
    widths = [p.get_width() for p in nash.patches]
    assert widths == pytest.approx([1.0])  # one bar: the compromise, with probability 1
    assert "P(ZOPA) = " in fig.axes[0].get_title()


@pytest.mark.parametrize("argv, message", [
    (["--samples", "0"], "--samples: must be a whole number from 1 to 1,000,000, got 0"),
    (["--seed", "-1"], "--seed: must be a whole number from 0 to 4,294,967,295, got -1"),
    (["--workers", "0"], "--workers: must be a whole number from 1 to 256, got 0"),
])
def test_bad_counts_are_located_errors(tmp_path, capsys, argv, message):
    path = tmp_path / "deal.yaml"
    path.write_text(yaml.safe_dump(deal_document(UNIFORM, UNIFORM)))
    assert negsim(["uncertainty", str(path), *argv]) == 2
    assert message in capsys.readouterr().err


def test_a_scenario_without_uncertain_numbers_is_a_located_error(tmp_path, capsys):
    path = tmp_path / "fixed.yaml"
    path.write_text(yaml.safe_dump(deal_document()))
    assert negsim(["uncertainty", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}: ") and "no uncertain numbers" in err and "Traceback" not in err


# ---------------------------------------------------------------------------
# The Istanbul case


def _without_distributions(doc):
    return {k: v for k, v in doc.items() if k not in ("name", "description")}


def test_istanbul_uncertain_is_the_main_case_at_its_central_values():
    """Every distribution's mean is the main file's number, and nothing else differs:
    negsim run on the uncertain file solves the main case."""
    main = load(SCENARIOS / "istanbul-2025.yaml")
    uncertain = load(SCENARIOS / "istanbul-2025-uncertain.yaml")
    assert _without_distributions(uncertain.document) == _without_distributions(main.document)
    assert uncertain.parties == main.parties and uncertain.pressures == main.pressures


def test_istanbul_uncertain_numbers_are_what_the_article_leaves_open():
    s = load(SCENARIOS / "istanbul-2025-uncertain.yaml")
    paths = set(s.uncertain)
    for party in ("russia", "ukraine"):
        weights = {f"parties.{party}.weights.{i}" for i in s.document["parties"][party]["weights"]}
        assert weights <= paths
        assert f"parties.{party}.disagreement" in paths
    assert {"pressures.sanctions_ultimatum.credibility",
            "pressures.sanctions_ultimatum.penalty"} <= paths
    assert not any(p.startswith(("parties.united_states", "parties.european_union")) for p in paths)


# ---------------------------------------------------------------------------
# Whole packages (issue 19 item 2)

STEPS = 40


def pie_document(disagreement) -> dict:
    """A pie in STEPS + 1 slices: p gets c = k / STEPS in option s<k>, q the rest
    (weight 3/4) and the issue y that only q cares about (1/4); q's fallback 0. The
    Nash slice maximises (c - d_p)(1 - 3c/4) (Nash 1950), a closed form the test
    evaluates draw by draw."""
    slices = {f"s{k}": k / STEPS for k in range(STEPS + 1)}
    return {"name": "pie", "issues": {"x": {"options": list(slices)}, "y": {"options": ["a", "b"]}},
            "parties": {"p": {"weights": {"x": 1}, "values": {"x": slices},
                              "disagreement": disagreement},
                        "q": {"weights": {"x": 3, "y": 1},
                              "values": {"x": {k: 1 - v for k, v in slices.items()},
                                         "y": {"a": 0, "b": 1}}}},
            "solve": {"concepts": ["nash"]}}


def nash_slice(d_p: np.ndarray) -> np.ndarray:
    k = np.arange(STEPS + 1) / STEPS
    g = np.where(k[None, :] > d_p[:, None], (k[None, :] - d_p[:, None]) * (1 - 0.75 * k[None, :]), -1)
    return g.argmax(axis=1)


def test_packages_are_the_counted_nash_slices_and_the_central_one_is_rare():
    pie = from_dict(pie_document({"uniform": [0, 0.9]}))
    table = u.sample(pie, samples=400, seed=3)
    summary = u.summarise(pie, table, central=u.central_outcomes(pie))
    nash = summary["solutions"]["nash"]
    k = nash_slice(table["parties.p.disagreement"].to_numpy())
    counts = np.bincount(k, minlength=STEPS + 1)
    assert nash["distinct_packages"] == int((counts > 0).sum())
    shares = [p["share"] for p in nash["packages"]]
    assert shares == pytest.approx(sorted(counts / 400, reverse=True)[:5])
    for p in nash["packages"]:  # y is q's free gift: always b
        assert p["outcome"]["y"] == "b"
        assert p["share"] == pytest.approx(counts[int(p["outcome"]["x"][1:])] / 400)
        assert p["ci95"] == pytest.approx(list(u.wilson(round(p["share"] * 400), 400)), abs=1e-9)
    # d_p = 0.45 at the centre: c* = 2/3 + d_p/2 = 0.8917, the slice 36/40 (about 1 draw in 18)
    central = nash["central_package"]
    assert nash_slice(np.array([0.45]))[0] == 36
    assert central["outcome"] == {"x": "s36", "y": "b"}
    assert central["share"] == pytest.approx(counts[36] / 400) and central["share"] < RARE
    text = uncertainty_text(summary)
    assert "The central package is rare" in text and f"{central['share']:.1%} of deals" in text


def test_a_common_central_package_is_not_called_rare(deal, deal_table):
    summary = u.summarise(deal, deal_table, central=u.central_outcomes(deal))
    nash = summary["solutions"]["nash"]
    assert nash["packages"] == [{"outcome": {"x": "deal"}, "share": 1.0, "ci95": nash["packages"][0]["ci95"]}]
    assert nash["central_package"]["share"] == 1.0 and nash["central_package"]["rank"] == 1
    assert "rare" not in uncertainty_text(summary) and "#1 of 1" in uncertainty_text(summary)
    assert "central_package" not in u.summarise(deal, deal_table)["solutions"]["nash"]


def test_cli_json_gives_packages_and_the_central_share(tmp_path, capsys):
    path = tmp_path / "pie.yaml"
    path.write_text(yaml.safe_dump(pie_document({"uniform": [0, 0.9]})))
    assert negsim(["uncertainty", str(path), "--samples", "60", "--json", "--quiet"]) == 0
    nash = json.loads(capsys.readouterr().out)["solutions"]["nash"]
    assert 1 <= len(nash["packages"]) <= 5
    assert set(nash["packages"][0]) == {"outcome", "share", "ci95"}
    assert set(nash["central_package"]) == {"outcome", "share", "ci95", "rank"}
    ranked = [p["share"] for p in nash["packages"]]
    assert ranked == sorted(ranked, reverse=True) and sum(ranked) <= 1
