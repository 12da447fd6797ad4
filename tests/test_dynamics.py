"""Round-by-round bargaining (SPEC section 8, issue 8)."""

from __future__ import annotations

import json
from itertools import pairwise

import numpy as np
import pytest

from sim import from_dict
from sim.cli import main
from sim.dynamics import simulate, simulate_many


def split(d1=1.0, d2=1.0, breakdown=0.0, strategies=("subgame_perfect", "subgame_perfect")):
    return from_dict({
        "name": "split", "breakdown": breakdown,
        "issues": {"x": {"range": [0, 1]}},
        "parties": {"a": {"weights": {"x": 1}, "values": {"x": "increasing"}, "discount": d1,
                          "strategy": strategies[0]},
                    "b": {"weights": {"x": 1}, "values": {"x": "decreasing"}, "discount": d2,
                          "strategy": strategies[1]}}})


@pytest.mark.parametrize("d1, d2", [(0.9, 0.8), (0.95, 0.95), (0.6, 0.9)])
def test_rubinstein_first_proposer_share(d1, d2):
    """Rubinstein (1982), 'Perfect equilibrium in a bargaining model', Econometrica 50:
    the first proposer's share is (1 - delta_2) / (1 - delta_1 delta_2), agreed at once."""
    t = simulate(split(d1, d2), rounds=400)
    assert t.round_of_agreement == 1
    assert t.agreement.utilities[0] == pytest.approx((1 - d2) / (1 - d1 * d2), abs=1e-3)


def test_binmore_rubinstein_wolinsky_breakdown_split():
    """Binmore, Rubinstein and Wolinsky (1986), RAND J. Econ. 17: with no discounting and
    a breakdown probability p per rejected round, the first proposer gets 1 / (2 - p)."""
    p = 0.1
    t = simulate(split(breakdown=p), rounds=400, seed=3)
    assert t.round_of_agreement == 1
    assert t.agreement.utilities[0] == pytest.approx(1 / (2 - p), abs=1e-3)


def test_second_mover_with_first_flag_gets_the_proposer_share():
    t = simulate(split(0.9, 0.8), rounds=400, first="b")
    assert t.agreement.utilities[1] == pytest.approx((1 - 0.9) / (1 - 0.9 * 0.8), abs=1e-3)


def grid_scenario(n_options=100, strategies=("linear", "linear"), rounds_at=None):
    rng = np.random.default_rng(1)
    issues = {"i0": {"options": [f"o{k}" for k in range(n_options)]},
              "i1": {"options": [f"p{k}" for k in range(n_options)]}}
    parties = {}
    for name, strat in zip(("a", "b"), strategies):
        parties[name] = {"weights": {"i0": 1, "i1": 1}, "discount": 0.97, "strategy": strat,
                         "values": {j: {o: float(np.round(rng.random(), 3)) for o in iss["options"]}
                                    for j, iss in issues.items()}, "disagreement": 0.3}
    doc = {"name": "grid", "issues": issues, "parties": parties}
    if rounds_at:
        parties["s"] = {"veto": False, "weights": {"i0": 1}, "values": {"i0": {o: 1.0 for o in issues["i0"]["options"]}}}
        doc["pressures"] = {"push": {"by": ["s"], "target": "a", "demand": {"i0": "o0"}, "penalty": 0.4,
                                     "at_round": rounds_at}}
    return from_dict(doc)


def test_backward_induction_over_a_long_horizon_on_1e4_outcomes():
    t = simulate(grid_scenario(strategies=("subgame_perfect", "subgame_perfect")), rounds=400)
    assert t.round_of_agreement == 1
    assert t.agreement is not None


def test_conceder_agrees_no_later_than_boulware():
    fast = simulate(grid_scenario(strategies=("conceder", "conceder")), rounds=30)
    slow = simulate(grid_scenario(strategies=("boulware", "boulware")), rounds=30)
    assert fast.round_of_agreement is not None and slow.round_of_agreement is not None
    assert fast.round_of_agreement < slow.round_of_agreement


def test_time_dependent_offers_concede_monotonically():
    """Faratin, Sierra and Jennings (1998): a time-dependent tactic's own utility of its
    offers never rises over time (its target falls)."""
    t = simulate(grid_scenario(strategies=("linear", "boulware")), rounds=40)
    own = [r.offer.utilities[0] for r in t.rounds if r.proposer == "a"]
    assert all(b <= a + 1e-12 for a, b in pairwise(own))


def test_a_pressure_in_force_from_a_round_moves_the_offers():
    base = simulate(grid_scenario(strategies=("boulware", "boulware")), rounds=20)
    pushed = simulate(grid_scenario(strategies=("boulware", "boulware"), rounds_at=6), rounds=20)
    before = [r.offer.point for r in pushed.rounds if r.round < 6]
    assert before == [r.offer.point for r in base.rounds if r.round < 6]
    # from round 6 on, a's utilities carry the threat: offers differ from the unpressured run
    after = [(r.offer.point, tuple(r.offer.utilities)) for r in pushed.rounds if r.round >= 6]
    base_after = [(r.offer.point, tuple(r.offer.utilities)) for r in base.rounds if r.round >= 6]
    assert after != base_after


def test_breakdown_is_seeded_and_monte_carlo_counts_every_run():
    s = split(breakdown=0.2, strategies=("conceder", "conceder"))
    one, two = simulate(s, rounds=30, seed=5), simulate(s, rounds=30, seed=5)
    assert one.to_json() == two.to_json()
    summary = simulate_many(s, runs=40, rounds=30, seed=0)
    assert sum(summary["round_of_agreement"].values()) + summary["no_agreement"] == 40
    assert 0 < summary["no_agreement"] < 40  # some runs collapse, some agree


def test_three_parties_rotate_and_all_must_accept():
    s = from_dict({"name": "three", "issues": {"x": {"options": ["a", "b", "c", "m"]}},
                   "parties": {p: {"weights": {"x": 1}, "strategy": "conceder",
                                   "values": {"x": {"a": float(p == "p"), "b": float(p == "q"),
                                                    "c": float(p == "r"), "m": 0.5}}}
                               for p in ("p", "q", "r")}})
    t = simulate(s, rounds=12)
    assert [r.proposer for r in t.rounds[:3]] == ["p", "q", "r"][: len(t.rounds[:3])]
    final = t.rounds[-1]
    assert final.accepted and all(final.responses.values()) and len(final.responses) == 2


def test_cli_simulate_json_and_errors(tmp_path, capsys):
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps({"name": "x", "issues": {"x": {"options": ["a", "b", "c"]}},
                                "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"a": 1, "b": 0.5, "c": 0}}, "discount": 0.9},
                                            "q": {"weights": {"x": 1}, "values": {"x": {"a": 0, "b": 0.5, "c": 1}}, "discount": 0.9}}}))
    assert main(["simulate", str(path), "--json", "--rounds", "5"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"rounds", "agreement", "round_of_agreement"}
    assert out["round_of_agreement"] == 1 and out["rounds"][0]["accepted"] is True
    assert main(["simulate", str(path), "--first", "nobody"]) == 2
    assert "--first" in capsys.readouterr().err
    assert main(["simulate", str(path), "--out", str(tmp_path / "dance.png")]) == 0
    assert (tmp_path / "dance.png").stat().st_size > 1000
