"""Explanations and counterfactuals (SPEC section 10, issue 12).

Hand-built cases with known answers, and a hypothesis property: every reported
threshold opens the ZOPA at the threshold and not 1e-6 before it.
"""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim import analyse, from_dict
from sim.analysis import Solver
from sim.cli import main
from sim.explain import explain, minimal_red_line_sets


def _two_issue(red_p=None, red_q=None, d_p=0.5, d_q=0.5):
    return from_dict({
        "name": "red lines",
        "issues": {"x": {"options": ["a", "b"]}, "y": {"options": ["c", "e"]}},
        "parties": {
            "p": {"weights": {"x": 1, "y": 1}, "values": {"x": {"a": 1, "b": 0}, "y": {"c": 1, "e": 0}},
                  "disagreement": d_p, "red_lines": red_p or []},
            "q": {"weights": {"x": 1, "y": 1}, "values": {"x": {"a": 0.6, "b": 1}, "y": {"c": 0.6, "e": 1}},
                  "disagreement": d_q, "red_lines": red_q or []},
        },
    })


def test_a_single_red_line_that_alone_empties_the_zopa():
    # only (a, c) gives p its 1.0; q refuses x = a: removing q's red line alone opens the ZOPA
    s = _two_issue(red_q=[{"x": "a"}, {"y": "e"}], d_p=1.0, d_q=0.5)
    ex = explain(analyse(s))
    assert analyse(s).result.zopa_exists is False
    assert ex["counterfactuals"]["red_lines"] == [[["q", 0]]]
    assert any("q to drop red line 1 (x = a)" in line for line in ex["sentences"])  # 1st


def test_minimal_sets_are_minimal_and_ordered_by_size_then_file_order():
    # p needs x = a and y = c (utility 1 at d 1.0); q refuses both separately and jointly
    s = _two_issue(red_q=[{"x": "a", "y": "c"}, {"x": "a"}, {"y": "c"}], d_p=1.0, d_q=0.0)
    sets = minimal_red_line_sets(Solver.of(s), s.pressures)
    assert sets == [[("q", 0), ("q", 1), ("q", 2)]]
    s = _two_issue(red_p=[{"y": "c"}], red_q=[{"x": "a"}], d_p=0.5, d_q=0.0)
    # (a, e): p 0.5 ok, matches q0; (b, c): p 0.5, matches p0; (a, c) matches both
    assert minimal_red_line_sets(Solver.of(s), s.pressures) == [[("p", 0)], [("q", 0)]]


def test_disagreement_threshold_in_closed_form_fearon_mutual_optimism():
    """Fearon (1995): with beliefs p_A = 0.8 (A wins) and p_B = 0.7 (B wins) and costs
    0.05, d_A = 0.75 and d_B = 0.65 sum to 1.4 > 1: no bargain. The ZOPA opens when
    d_A <= 1 - d_B = 0.35, and symmetrically d_B <= 0.25."""
    war = lambda pa: {"lottery": [{"probability": pa, "outcome": {"x": 1}},
                                  {"probability": round(1 - pa, 10), "outcome": {"x": 0}}], "cost": 0.05}
    s = from_dict({"name": "fearon", "issues": {"x": {"range": [0, 1]}},
                   "parties": {"a": {"weights": {"x": 1}, "values": {"x": "increasing"}, "disagreement": war(0.8)},
                               "b": {"weights": {"x": 1}, "values": {"x": "decreasing"}, "disagreement": war(0.3)}}})
    ex = explain(analyse(s))
    assert ex["counterfactuals"]["disagreement"]["a"] == 0.35
    assert ex["counterfactuals"]["disagreement"]["b"] == 0.25
    assert ex["counterfactuals"]["red_lines"] == []


def test_pressure_credibility_and_penalty_thresholds_in_closed_form():
    """Complying (x = c) costs the target 0.1 of gain; a penalty 0.5 with credibility q
    lowers its disagreement by 0.5 q, so the ZOPA opens at q = 0.2 (and, at q = 0.5,
    at penalty 0.2)."""
    s = from_dict({
        "name": "threat", "issues": {"x": {"options": ["c", "n"]}},
        "parties": {"t": {"weights": {"x": 1}, "values": {"x": {"c": 0.4, "n": 1}}, "disagreement": 0.5,
                          "red_lines": [{"x": "n"}]},
                    "o": {"weights": {"x": 1}, "values": {"x": {"c": 1, "n": 0}}, "disagreement": 0.0},
                    "s": {"veto": False, "weights": {"x": 1}, "values": {"x": {"c": 1, "n": 0}}}},
        "pressures": {"ultimatum": {"by": ["s"], "target": "t", "demand": {"x": "c"}, "penalty": 0.5,
                                    "credibility": 0.1}},
    })
    ex = explain(analyse(s))
    assert ex["counterfactuals"]["pressures"]["ultimatum"] == {"credibility": 0.2, "penalty": 1.0}
    assert ex["counterfactuals"]["red_lines"] == [[["t", 0]]]  # or t drops its refusal of x = n


def test_concessions_trades_and_binding():
    s = _two_issue(d_p=0.0, d_q=0.0)
    ex = explain(analyse(s))
    nash = ex["solutions"]["nash"]
    # Nash picks one issue each: p gets a (x), q gets e (y) or the symmetric one
    total = {p: sum(row.values()) for p, row in nash["concessions"].items()}
    assert all(v >= 0 for v in total.values())
    assert {t["issue"] for t in nash["trades"]} == {"x", "y"}


def test_disagreement_binding_detected():
    # q's only acceptable deal gives it exactly its disagreement utility
    s = _two_issue(d_p=0.0, d_q=0.8)
    a = analyse(s)
    ex = explain(a)
    assert "disagreement:q" in ex["solutions"]["nash"]["binding"]


def test_cli_explain_json(tmp_path, capsys):
    from sim.explain import explain as _  # noqa: F401

    path = tmp_path / "s.yaml"
    path.write_text(json.dumps({"name": "x", "issues": {"x": {"options": ["a", "b"]}},
                                "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"a": 1, "b": 0}}, "disagreement": 0.6},
                                            "q": {"weights": {"x": 1}, "values": {"x": {"a": 0, "b": 1}}, "disagreement": 0.6}}}))
    assert main(["explain", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["counterfactuals"]["disagreement"] == {"p": 0.0, "q": 0.0}
    assert set(out["counterfactuals"]) == {"red_lines", "disagreement", "pressures"}


values = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])


@st.composite
def scenarios(draw):
    n = draw(st.integers(2, 3))
    m = draw(st.integers(1, 3))
    issues = {f"i{j}": {"options": [f"o{k}" for k in range(draw(st.integers(2, 3)))]} for j in range(m)}
    parties = {}
    for p in ("a", "b"):
        vals = {j: {o: draw(values) for o in iss["options"]} for j, iss in issues.items()}
        reds = [{j: draw(st.sampled_from(iss["options"]))} for j, iss in issues.items() if draw(st.booleans())]
        parties[p] = {"weights": {j: draw(st.integers(1, 3)) for j in issues}, "values": vals,
                      "disagreement": draw(st.sampled_from([0.2, 0.4, 0.6, 0.8])), "red_lines": reds}
    parties["s"] = {"veto": False, "weights": {"i0": 1}, "values": {"i0": {o: 0.5 for o in issues["i0"]["options"]}}}
    pressures = {"u": {"by": ["s"], "target": draw(st.sampled_from(["a", "b"])),
                       "demand": {"i0": issues["i0"]["options"][0]}, "penalty": draw(st.sampled_from([0.1, 0.3, 0.6])),
                       "credibility": draw(st.sampled_from([0.0, 0.5]))}}
    del n
    return from_dict({"name": "random", "issues": issues, "parties": parties, "pressures": pressures})


def _zopa(s) -> bool:
    return analyse(s).result.zopa_exists


def _with_d(s, party, value):
    """Scenario whose disagreement (after pressures) for ``party`` is ``value``."""
    solver = Solver.of(s)
    i = s.party_index(party)
    shift = value - solver.disagreement(s.pressures)[i]
    base = float(s.parties[i].disagreement)
    return replace(s, parties=tuple(replace(p, disagreement=base + shift) if k == i else p
                                    for k, p in enumerate(s.parties)))


@given(scenarios())
def test_every_threshold_flips_the_zopa_when_crossed_and_not_before(s):
    ex = explain(analyse(s), moves=False)
    for party, t in ex["counterfactuals"]["disagreement"].items():
        if t is None:
            continue
        assert _zopa(_with_d(s, party, t))
        assert not _zopa(_with_d(s, party, t + 1e-6))
    for name, th in ex["counterfactuals"]["pressures"].items():
        q = th["credibility"]
        if q is not None:
            p = s.pressure(name)
            assert _zopa(s.with_pressures((replace(p, credibility=q),)))
            if q > 1e-6:
                assert not _zopa(s.with_pressures((replace(p, credibility=q - 1e-6),)))
    if not analyse(s).result.zopa_exists:
        for group in ex["counterfactuals"]["red_lines"]:
            drop = {(p, k) for p, k in group}
            lifted = replace(s, parties=tuple(
                replace(p, red_lines=tuple(c for k, c in enumerate(p.red_lines) if (p.name, k) not in drop))
                for p in s.parties))
            assert _zopa(lifted)
            for pair in drop:  # minimal: keeping any one of them closes it again
                keep = drop - {pair}
                partial = replace(s, parties=tuple(
                    replace(p, red_lines=tuple(c for k, c in enumerate(p.red_lines) if (p.name, k) not in keep))
                    for p in s.parties))
                assert not _zopa(partial)
    assert np.isfinite(len(ex["sentences"]))


def test_rounding_noise_in_a_gain_is_no_pressure_threshold():
    """b's gains in the outcomes that defy the demand do not move with the penalty, but
    their rounded differences did by ~1e-17, which once put the penalty threshold at
    5.4e15 (where the model has no precision left). Every outcome meeting the demand
    breaks b's red line, so no penalty opens the ZOPA."""
    zeros = {"o0": 0.0, "o1": 0.0}
    s = from_dict({
        "name": "noise",
        "issues": {"i0": {"options": ["o0", "o1"]}, "i1": {"options": ["o0", "o1"]},
                   "i2": {"options": ["o0", "o1", "o2"]}, "i3": {"options": ["o0", "o1", "o2"]}},
        "parties": {
            "a": {"weights": {"i0": 1, "i1": 1, "i2": 1, "i3": 1},
                  "values": {"i0": zeros, "i1": zeros, "i2": {**zeros, "o2": 0.0}, "i3": {**zeros, "o2": 0.0}}},
            "b": {"weights": {"i0": 1, "i1": 1, "i2": 1, "i3": 2}, "disagreement": 0.3, "red_lines": [{"i0": "o0"}],
                  "values": {"i0": zeros, "i1": zeros, "i2": {**zeros, "o2": 0.25},
                             "i3": {"o0": 0.0, "o1": 0.25, "o2": 0.5}}},
            "s": {"veto": False, "weights": {"i0": 1}, "values": {"i0": {"o0": 0.5, "o1": 0.5}}}},
        "pressures": {"u": {"by": ["s"], "target": "b", "demand": {"i0": "o0"}, "penalty": 0.1,
                            "credibility": 0.5}},
    })
    ex = explain(analyse(s))
    assert ex["counterfactuals"]["pressures"] == {"u": {"credibility": None, "penalty": None}}
    assert not any("penalty to reach" in line for line in ex["sentences"])


# --- moves with continuous issues (issue 16 item 10) -------------------------------------

def test_a_continuous_deal_drifts_with_a_disagreement_point_fearon():
    """Fearon (1995) with d_a = 0.5, d_b = 0.25 on border x in [0, 1], u_a = x,
    u_b = 1 - x: the Nash deal is x = (1 + d_a - d_b) / 2 (Nash 1950 on a linear
    frontier), so x drifts by +1/2 per unit of d_a and -1/2 per unit of d_b, and the
    ZOPA (the deal) lasts while d_a + d_b <= 1. Before, any change of d 'moved' it."""
    from sim.scenario import load

    from .conftest import SCENARIOS

    ex = explain(analyse(load(SCENARIOS / "examples" / "fearon-war-bargaining.yaml")))
    moves = ex["moves"]
    assert moves["disagreement"]["a"][0] is None and moves["disagreement"]["b"][0] is None
    assert abs(moves["disagreement"]["a"][1] - 0.75) <= 1e-5
    assert abs(moves["disagreement"]["b"][1] - 0.5) <= 1e-5
    assert moves["drift"]["disagreement"] == {"a": {"border": 0.5}, "b": {"border": -0.5}}
    assert ("The Nash deal holds while a's disagreement utility stays below 0.750; beyond that "
            "a different deal (or none) is predicted.") in ex["sentences"]
    assert ("Meanwhile border drifts by +0.5 share of the disputed land held by a per unit of "
            "a's disagreement utility.") in ex["sentences"]


def test_a_move_is_a_discrete_change_or_a_continuous_jump_never_a_drift():
    """A made-up Nash outcome over a parameter t in [0, 1]: option 0 then 1 from
    t = 0.37; a continuous value on [0, 10] drifting as 2 + 3t and jumping by 4 at
    t = 0.81. Exactly two moves; the drift is said between them."""
    from sim.explain.moves import BISECTION_TOL, _changes, _drifts

    s = from_dict({"name": "m", "issues": {"k": {"options": ["a", "b"]}, "x": {"range": [0, 10]}},
                   "parties": {"p": {"weights": {"k": 1, "x": 1}, "values": {
                       "k": {"a": 1, "b": 0}, "x": "increasing"}},
                               "q": {"weights": {"k": 1, "x": 1}, "values": {
                                   "k": {"a": 0, "b": 1}, "x": "decreasing"}}}})
    solver = Solver.of(s)

    def f(t: float):
        return (float(t >= 0.37), round(2 + 3 * t + (4 if t >= 0.81 else 0), 6))

    changes = _changes(solver, f, 0.0, 1.0)
    assert [(round(c["at"], 5), c["from"]["k"], c["to"]["k"]) for c in changes] == [
        (0.37, "a", "b"), (0.81, "b", "b")]
    assert abs(changes[1]["to"]["x"] - changes[1]["from"]["x"] - 4) < 1e-3  # the jump
    spans = _drifts(solver, f, 0.0, 1.0, changes)
    assert [[round(v, 5) for v in d["over"]] for d in spans] == [[0, 0.37], [0.37, 0.81],
                                                                 [0.81, 1]]
    assert spans[2]["issues"]["x"] == {"from": round(f(changes[1]["at"])[1], 9), "to": 9.0}
    assert spans[0]["issues"]["x"]["to"] == round(2 + 3 * (changes[0]["at"] - BISECTION_TOL), 6)
    # a pure drift, however long, moves nothing
    assert _changes(solver, lambda t: (0.0, 2 + 8 * t), 0.0, 1.0) == []
