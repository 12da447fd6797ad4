"""Pressures on the impasse, observations and negsim calibrate (issue 19 items 3, 4
and 6; SPEC section 12), checked against closed forms and the brute force.

The closed form of a ``defied`` observation: with N_comply and N_rest the
target's Nash utilities over the parts of Z meeting and not meeting the demand
(every other pressure applied, this one removed), the target defies iff

    N_rest - q * penalty > N_comply + reward - compliance_cost,

that is iff q < q* = (N_rest - N_comply - reward + compliance_cost) / penalty.
Under a uniform prior on the credibility q, everything else fixed, the kept
draws are exactly those with q < q*: the posterior is the prior cut at q*.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import calibration as cal
from sim.analysis import analyse
from sim.cli import main as negsim
from sim.observations import check
from sim.scenario import from_dict
from sim.threat import threat_games

from . import bruteforce as bf
from .conftest import SCENARIOS
from .strategies import discrete_scenarios, outcomes, scenario_settings
from .test_conformance import differences

#: The threshold of the closed form below: (1.0 - 0.5 - 0.1 + 0.3) / 1.0.
Q_STAR = 0.7


def ultimatum(credibility: Any = 0.5, **pressure: Any) -> dict[str, Any]:
    """Two veto parties and one outside sender. Issue ``x``: the target p gets 0.5
    from ``a`` (which meets the demand) and 1.0 from ``b``; q the reverse; both
    outcomes are in Z (d = 0). So N_comply = 0.5 and N_rest = 1.0 for p; with
    penalty 1, reward 0.1 and compliance cost 0.3, p defies iff q < 0.7."""
    return {
        "name": "ultimatum",
        "issues": {"x": {"options": ["a", "b"]}},
        "parties": {
            "p": {"weights": {"x": 1}, "values": {"x": {"a": 0.5, "b": 1.0}}},
            "q": {"weights": {"x": 1}, "values": {"x": {"a": 1.0, "b": 0.5}}},
            "west": {"veto": False, "weights": {"x": 1}, "values": {"x": {"a": 1, "b": 0}}},
        },
        "pressures": {"threat": {"by": ["west"], "target": "p", "demand": {"x": "a"},
                                 "penalty": 1.0, "reward": 0.1, "compliance_cost": 0.3,
                                 "credibility": credibility, **pressure}},
    }


def observed(doc: dict[str, Any], *items: dict[str, Any]) -> dict[str, Any]:
    return {**copy.deepcopy(doc), "observed": list(items)}


# ---------------------------------------------------------------------------
# Closed forms


@pytest.mark.parametrize("q, defies", [(0.0, True), (0.69, True), (0.7, False), (1.0, False)])
def test_the_target_defies_exactly_below_the_threshold(q, defies):
    s = from_dict(observed(ultimatum(q), {"defied": "threat"}, {"complied": "threat"}))
    a = analyse(s)
    got = [c.holds for c in check(a.solver_of(), a.result)]
    assert got == [defies, not defies]  # q = q* ties: a tied target complies (SPEC 7)


def test_a_uniform_prior_on_credibility_gives_a_posterior_uniform_below_the_threshold():
    s = from_dict(observed(ultimatum({"uniform": [0, 1]}), {"defied": "threat"}))
    table = cal.sample(s, 400, 5, record=cal.CALIBRATE_RECORD)
    q = table["pressures.threat.credibility"].to_numpy()
    kept = cal.kept_rows(s, table)
    assert (kept == (q < Q_STAR)).all()  # draw by draw: the cut is exact
    out = cal.summarise(s, table)
    assert out["kept"] == kept.sum() and out["samples"] == 400
    lo, hi = out["kept_ci95"]
    assert lo < Q_STAR < hi  # the share estimates P(q < q*) = 0.7
    post = out["parameters"]["pressures.threat.credibility"]["posterior"]
    assert post["q95"] < Q_STAR and post["mean"] == pytest.approx(Q_STAR / 2, abs=0.05)
    prior = out["parameters"]["pressures.threat.credibility"]["prior"]
    assert prior["mean"] == pytest.approx(0.5, abs=0.05)


def test_an_impasse_pressure_without_demand_is_defied_iff_q_penalty_is_below_the_cost():
    """No demand: N_comply = N_rest, so p defies iff q * 1 < 0.3 - 0.1 = 0.2."""
    doc = ultimatum({"uniform": [0, 1]}, applies_to="impasse")
    del doc["pressures"]["threat"]["demand"]
    s = from_dict(observed(doc, {"defied": "threat"}))
    table = cal.sample(s, 200, 2, record=cal.CALIBRATE_RECORD)
    q = table["pressures.threat.credibility"].to_numpy()
    assert (cal.kept_rows(s, table) == (q < 0.2)).all()


def test_an_impasse_pressure_moves_the_disagreement_point_and_no_outcome():
    """d_p falls by q * penalty = 0.5; the outcomes keep their utilities (no penalty,
    no reward), so Z = {a, b} and the Nash gains are (1.0, 1.0) at a against
    (1.5, 0.5) at b: a. On the outcomes instead, b would cost p the penalty too."""
    a = analyse(from_dict(ultimatum(0.5, applies_to="impasse")))
    assert a.result.disagreement.tolist() == [-0.5, 0.0, 0.0]
    assert a.result.zopa_size == 2
    nash = a.result.solutions["nash"]
    assert a.outcome(nash) == {"x": "a"} and nash.utilities.tolist() == [0.5, 1.0, 1.0]
    b = analyse(from_dict(ultimatum(0.5))).result.solutions["nash"]
    assert b.utilities.tolist() == [0.6, 1.0, 1.0]  # on the outcomes: a carries the reward


def test_compliance_cost_is_subtracted_in_the_comply_row_of_the_threat_game():
    game = threat_games(from_dict(ultimatum(0.5)))["threat"]
    assert game.target[0].tolist() == [0.3, 0.3]  # 0.5 + 0.1 - 0.3
    assert game.target[1].tolist() == [0.0, 1.0]  # 1.0 - penalty, 1.0


# ---------------------------------------------------------------------------
# The brute force (tests/bruteforce.py) on random scenarios


@st.composite
def observed_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """A random discrete scenario with pressures (some on the impasse, some with a
    compliance cost) and a few observations of every kind."""
    doc = draw(discrete_scenarios(with_pressures=True, with_sender=True, impasse=True,
                                  max_outcomes=60, max_veto=3))
    items: list[dict[str, Any]] = [{draw(st.sampled_from(("defied", "complied"))): name}
                                   for name in doc["pressures"]]
    for _ in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(("accepted", "rejected")))
        items.append({kind: {"party": draw(st.sampled_from(sorted(doc["parties"]))),
                             "outcome": draw(outcomes(doc["issues"], True))}})
    if draw(st.booleans()):
        items.append({"no_agreement": True})
    return observed(doc, *items)


@given(observed_scenarios())
@settings(scenario_settings, max_examples=25)
def test_observations_agree_with_the_brute_force(doc):
    s = from_dict(doc)
    a = analyse(s)
    got = [c.holds for c in check(a.solver_of(), a.result)]
    assert got == [bf.observation_holds(doc, o) for o in doc["observed"]]


@given(discrete_scenarios(with_pressures=True, with_sender=True, impasse=True, max_outcomes=60))
@settings(scenario_settings, max_examples=25)
def test_impasse_pressures_agree_with_the_brute_force_on_every_field(doc):
    from sim.report import to_json

    fast = json.loads(json.dumps(to_json(analyse(from_dict(doc)))))
    assert differences(fast, bf.report(doc)) == []


# ---------------------------------------------------------------------------
# Calibration: a property, the CLI, bad input


@given(st.data())
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_adding_an_observation_never_raises_the_kept_count(data):
    """Two runs with the same seed, the second with one more observation: the same
    draws, and the kept ones of the second among those of the first."""
    q = data.draw(st.sampled_from(({"uniform": [0, 1]}, {"triangular": [0, 0.5, 1]})))
    doc = ultimatum(q)
    doc["parties"]["q"]["disagreement"] = {"uniform": [0, 0.9]}
    pool = [{"defied": "threat"}, {"complied": "threat"}, {"no_agreement": True},
            {"accepted": {"party": "q", "outcome": {"x": "b"}}},
            {"rejected": {"party": "q", "outcome": {"x": "a"}}}]
    first = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2))
    extra = data.draw(st.sampled_from(pool))
    seed = data.draw(st.integers(0, 50))
    runs = []
    for items in (first, first + [extra]):
        s = from_dict(observed(doc, *items))
        table = cal.sample(s, 30, seed, record=cal.CALIBRATE_RECORD)
        runs.append((table, cal.kept_rows(s, table)))
    (t1, k1), (t2, k2) = runs
    drawn = ["pressures.threat.credibility", "parties.q.disagreement"]
    assert t1[drawn].equals(t2[drawn])
    assert not (k2 & ~k1).any() and k2.sum() <= k1.sum()


@pytest.fixture()
def uncertain_file(tmp_path):
    def write(*items: dict[str, Any], credibility: Any = None) -> str:
        path = tmp_path / "s.yaml"
        path.write_text(json.dumps(observed(ultimatum(credibility or {"uniform": [0, 1]}), *items)))
        return str(path)
    return write


def test_negsim_calibrate_prints_the_report_and_writes_the_kept_draws(uncertain_file, tmp_path, capsys):
    path = uncertain_file({"defied": "threat"})
    out = tmp_path / "out"
    assert negsim(["calibrate", path, "--samples", "120", "--seed", "3", "--json",
                   "--out", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["samples"] == 120 and 0 < report["kept"] < 120
    assert report["kept_share"] == pytest.approx(report["kept"] / 120)
    kept = pd.read_parquet(out / "kept.parquet")
    assert len(kept) == report["kept"]
    assert (kept["pressures.threat.credibility"] < Q_STAR).all() and kept["observed.0"].all()
    nash = report["solutions"]["nash"]
    # gains at a (0.6 + q, 1.0) beat those at b (1.0, 0.5) for every q: one package
    assert [(p["outcome"], p["share"]) for p in nash["packages"]] == [({"x": "a"}, 1.0)]
    assert json.loads((out / "calibration.json").read_text()) == report
    assert negsim(["calibrate", path, "--samples", "120", "--seed", "3"]) == 0
    assert "reproduce every observation" in capsys.readouterr().out


def test_no_draw_reproducing_the_observations_is_a_sentence_and_exit_0(uncertain_file, capsys):
    path = uncertain_file({"defied": "threat"}, {"complied": "threat"})
    assert negsim(["calibrate", path, "--samples", "30", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kept"] == 0 and report["zopa_probability"] is None
    assert report["solutions"]["nash"]["deals"] == 0 and report["solutions"]["nash"]["packages"] == []
    assert report["parameters"]["pressures.threat.credibility"]["posterior"]["mean"] is None
    assert report["message"].startswith("no draw reproduces what was observed: widen")
    assert negsim(["calibrate", path, "--samples", "30"]) == 0
    assert "No draw reproduces what was observed: widen" in capsys.readouterr().out


def test_negsim_run_says_which_observations_hold(uncertain_file, capsys):
    path = uncertain_file({"defied": "threat"}, {"no_agreement": True}, credibility=0.9)
    assert negsim(["run", path]) == 0
    text = capsys.readouterr().out
    assert "the model contradicts 2 of 2" in text
    assert "CONTRADICTED p defied threat: p expects 0.1 from defying and 0.3 from complying" in text
    assert negsim(["run", path, "--json"]) == 0
    assert "observed" not in json.loads(capsys.readouterr().out)  # SPEC 5 unchanged


def test_calibrate_without_observations_is_a_located_error(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(ultimatum({"uniform": [0, 1]})))
    assert negsim(["calibrate", str(path), "--samples", "10"]) == 2
    assert "observed: the scenario has no observations" in capsys.readouterr().err


@pytest.mark.parametrize("item, where, says", [
    ({"defied": "thraet"}, "observed.0.defied", "unknown pressure 'thraet' (did you mean 'threat'?)"),
    ({"accepted": {"party": "pp", "outcome": {"x": "a"}}}, "observed.0.accepted.party",
     "unknown party 'pp'"),
    ({"rejected": {"party": "p", "outcome": {}}}, "observed.0.rejected.outcome",
     "the outcome must name every issue; missing: x"),
    ({"rejected": {"party": "p", "outcome": {"x": "c"}}}, "observed.0.rejected.outcome.x",
     "unknown option 'c'"),
    ({"rejected": {"party": "p"}}, "observed.0.rejected", "needs 'outcome'"),
    ({"seen": "threat"}, "observed.0.seen", "unknown observation 'seen'"),
    ({"no_agreement": False}, "observed.0.no_agreement", "no_agreement takes true"),
    ("threat", "observed.0", "an observation is a mapping with one key"),
])
def test_bad_observations_are_located_with_exit_2(tmp_path, capsys, item, where, says):
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(observed(ultimatum(), item)))
    assert negsim(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{where}: " in err and says in err and "Traceback" not in err


@pytest.mark.parametrize("change, where, says", [
    ({"applies_to": "impass"}, "pressures.threat.applies_to", "did you mean 'impasse'?"),
    ({"demand": None}, "pressures.threat.demand", "only a pressure with 'applies_to: impasse'"),
    ({"compliance_cost": -1}, "pressures.threat.compliance_cost", "outside the valid range"),
])
def test_bad_impasse_fields_are_located_with_exit_2(tmp_path, capsys, change, where, says):
    doc = ultimatum()
    doc["pressures"]["threat"].update(change)
    if change.get("demand", 0) is None:
        del doc["pressures"]["threat"]["demand"]
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(doc))
    assert negsim(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{where}: " in err and says in err


def test_the_istanbul_ultimatum_on_the_impasse_lowers_russias_disagreement_only(tmp_path):
    """The case's ultimatum as an act outside the settlement: every outcome keeps the
    utilities it has without the ultimatum; Russia's d falls by q * penalty."""
    doc = bf.load_yaml(SCENARIOS / "istanbul-2025.yaml")
    p = doc["pressures"]["sanctions_ultimatum"]
    p["applies_to"] = "impasse"
    s = from_dict(doc)
    a = analyse(s)
    without = a.without["sanctions_ultimatum"]
    q = s.pressure("sanctions_ultimatum").effective_credibility
    r = s.party_index("russia")
    assert a.result.disagreement[r] == pytest.approx(without.disagreement[r] - q * p["penalty"])
    solver = a.solver_of()
    u_with = solver.utilities(solver.table.columns, s.pressures)
    u_without = solver.utilities(solver.table.columns, ())
    assert np.array_equal(u_with, u_without)


def test_the_ceasefire_example_keeps_exactly_the_draws_below_three_quarters():
    """scenarios/examples/ceasefire-before-talks.yaml (docs/calibration.md): no demand,
    penalty 0.2, compliance cost 0.15, so the invader defies iff q < 0.75."""
    from sim.scenario import load

    s = load(SCENARIOS / "examples" / "ceasefire-before-talks.yaml")
    table = cal.sample(s, 200, 1, record=cal.CALIBRATE_RECORD)
    q = table["pressures.ceasefire_ultimatum.credibility"].to_numpy()
    assert (cal.kept_rows(s, table) == (q < 0.75)).all() and 0 < (q < 0.75).sum() < 200


def test_calibrate_refuses_observations_its_draws_would_not_see():
    """The draws are rebuilt from the scenario's document (the sweep engine's workers
    get the document), so observations added with dataclasses.replace would be
    silently ignored: refused instead."""
    from dataclasses import replace

    from sim.scenario import Observation

    s = from_dict(ultimatum({"uniform": [0, 1]}))
    with pytest.raises(ValueError, match="document"):
        cal.calibrate(replace(s, observed=(Observation("defied", pressure="threat"),)), 10)


def test_the_calibration_page_shows_what_negsim_prints(capsys):
    """docs/calibration.md: the example's text block is the command's output, and its
    Python example runs."""
    import re

    from .conftest import ROOT

    page = (ROOT / "docs" / "calibration.md").read_text()
    shown = re.findall(r"```text\n(.*?)```", page, flags=re.DOTALL)[1].strip().splitlines()
    path = SCENARIOS / "examples" / "ceasefire-before-talks.yaml"
    assert negsim(["calibrate", str(path), "--samples", "1000", "--seed", "1", "--quiet"]) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert printed[:len(shown)] == shown
    assert negsim(["run", str(path)]) == 0
    run_block = re.findall(r"```text\n(.*?)```", page, flags=re.DOTALL)[0].strip().splitlines()
    assert capsys.readouterr().out.strip().splitlines()[-len(run_block):] == run_block
    code = re.findall(r"```python\n(.*?)```", page, flags=re.DOTALL)[1]
    assert "ceasefire-before-talks" in code
    exec(compile(code.replace("scenarios/", str(SCENARIOS) + "/"), "calibration.md", "exec"), {})  # noqa: S102 - running the page's example is the point


def test_explain_opens_the_zopa_through_a_pressure_on_the_impasse():
    """The example with the invader's d at 0.75 and q = 0.1: no ZOPA. Its best outcome
    the defender accepts is worth 2/3 to it, and the pressure lowers only d, so the
    ZOPA opens at 0.75 - 0.2 q <= 2/3 (q >= 5/12) or 0.75 - 0.1 penalty <= 2/3
    (penalty >= 5/6) (SPEC section 10, counterfactuals.pressures)."""
    from sim.explain import explain

    doc = bf.load_yaml(SCENARIOS / "examples" / "ceasefire-before-talks.yaml")
    doc["parties"]["invader"]["disagreement"] = 0.75
    doc["pressures"]["ceasefire_ultimatum"]["credibility"] = 0.1
    why = explain(analyse(from_dict(doc)))
    opens = why["counterfactuals"]["pressures"]["ceasefire_ultimatum"]
    assert opens["credibility"] == pytest.approx(5 / 12, abs=1e-8)
    assert opens["penalty"] == pytest.approx(5 / 6, abs=1e-8)
