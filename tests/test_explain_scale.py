"""Explanations of spaces that are not enumerated (past ``solve.max_outcomes``).

There every explanation solves variants of the scenario through the additive
path instead of passing over the space (sim/explain/variants.py). On small
scenarios, forcing that path with ``max_outcomes`` just below the space's size
must give the very explanation enumeration gives; on a large one, ``negsim run``
must finish (it used to hang for hours); and what the additive path cannot
solve is left out with its reason while the rest stays.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim import analyse, from_dict
from sim.analysis import Solver
from sim.explain import explain, minimal_red_line_sets
from sim.explain.red_lines import RED_LINE_SOLVES
from tests.test_bad_input import negsim

VALUES = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])


@st.composite
def additive_scenarios(draw):
    """3 or 4 issues of 2 or 3 options, 2 or 3 veto parties with red lines (those on
    two issues only on i0 and i1, so compounds stay within 9 options), a possible
    interaction on i0 and i1, disagreement points high enough to close the ZOPA
    often, and a pressure by a non-veto party."""
    issues = {f"i{j}": {"options": [f"o{k}" for k in range(draw(st.integers(2, 3)))]}
              for j in range(draw(st.integers(3, 4)))}
    names = ["a", "b", "c"][:draw(st.integers(2, 3))]
    opts = {j: iss["options"] for j, iss in issues.items()}
    parties = {}
    for name in names:
        reds = []
        for _ in range(draw(st.integers(0, 3))):
            j = draw(st.sampled_from(list(issues)))
            red = {j: draw(st.sampled_from(opts[j]))}
            if draw(st.booleans()):
                red = {"i0": draw(st.sampled_from(opts["i0"])), "i1": draw(st.sampled_from(opts["i1"]))}
            reds.append(red)
        parties[name] = {
            "weights": {j: draw(st.integers(1, 3)) for j in issues},
            "values": {j: {o: draw(VALUES) for o in opts[j]} for j in issues},
            "disagreement": draw(st.sampled_from([0.0, 0.3, 0.5, 0.7, 0.9])),
            "red_lines": reds,
        }
        if draw(st.booleans()):
            parties[name]["interactions"] = [{"when": {"i0": opts["i0"][0], "i1": opts["i1"][-1]},
                                              "bonus": draw(st.sampled_from([-0.25, 0.25]))}]
    parties["s"] = {"veto": False, "weights": {"i0": 1}, "values": {"i0": {o: 0.5 for o in opts["i0"]}}}
    pressures = {"u": {"by": ["s"], "target": draw(st.sampled_from(names)),
                       "demand": {"i0": opts["i0"][0]}, "penalty": draw(st.sampled_from([0.1, 0.3, 0.6])),
                       "credibility": draw(st.sampled_from([0.0, 0.5]))}}
    return from_dict({"name": "additive", "issues": issues, "parties": parties, "pressures": pressures})


def _not_enumerated(s):
    """``s`` with ``solve.max_outcomes`` just below its size: solved without enumeration."""
    return replace(s, solve=replace(s.solve, max_outcomes=Solver.of(s).space.size - 1))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(additive_scenarios())
def test_explanations_without_enumeration_are_the_enumerated_ones(s):
    big = _not_enumerated(s)
    expected = explain(analyse(s))
    got = explain(analyse(big))
    size = _cut_from(got)
    if size is None:
        # the analysis differs only in max_outcomes; the explanation must not differ at all
        assert got == expected
        return
    # the search by solving stopped at its cap (RED_LINE_SOLVES) and says so: what it
    # lists is right, every minimal set smaller than the size it names is there, and
    # nothing else differs
    sets, every = got["counterfactuals"]["red_lines"], expected["counterfactuals"]["red_lines"]
    assert all(g in every for g in sets)
    assert [g for g in sets if len(g) < size] == [g for g in every if len(g) < size]
    assert _without_red_line_sets(got) == _without_red_line_sets(expected)


def _cut_from(explanation: dict) -> int | None:
    """The size from which minimal red-line sets are left out, or None; nothing
    but those sets may be left out."""
    items = explanation.get("left_out", [])
    assert all(item["item"] == "counterfactuals.red_lines" for item in items)
    if not items:
        return None
    (item,) = items
    return int(re.search(r"the minimal sets of (\d+) or more", item["what"]).group(1))


def _without_red_line_sets(explanation: dict) -> dict:
    """The explanation without the red-line sets and what is said of them."""
    out = {k: v for k, v in explanation.items() if k not in ("left_out", "sentences")}
    out["counterfactuals"] = {k: v for k, v in out["counterfactuals"].items() if k != "red_lines"}
    return out


def _blocked(*lines):
    """Red lines a0: x in {a0, a1}; b0: x = a2; b1: z = c0; b2: z = c1; b3: any z;
    b4: any y (those named in ``lines``). With a0 to b2, every opening set holds a0 or
    b0, and b1 or b2; b3 and b4 each close everything alone."""
    reds = {"a0": ("a", {"x": ["a0", "a1"]}), "b0": ("b", {"x": "a2"}),
            "b1": ("b", {"z": "c0"}), "b2": ("b", {"z": "c1"}),
            "b3": ("b", {"z": ["c0", "c1"]}), "b4": ("b", {"y": ["b0", "b1"]})}
    values = {"x": {"a0": 1, "a1": 0.5, "a2": 0}, "y": {"b0": 1, "b1": 0}, "z": {"c0": 1, "c1": 0}}
    return from_dict({
        "name": "blocked",
        "issues": {"x": {"options": ["a0", "a1", "a2"]}, "y": {"options": ["b0", "b1"]},
                   "z": {"options": ["c0", "c1"]}},
        "parties": {
            name: {"weights": {"x": 1, "y": 1, "z": 1},
                   "values": values if name == "a" else {j: {o: 1 - v for o, v in t.items()}
                                                         for j, t in values.items()},
                   "red_lines": [cond for key, (who, cond) in reds.items() if who == name and key in lines]}
            for name in ("a", "b")
        },
    })


@pytest.mark.parametrize("lines, expected", [
    (("a0", "b0"), [[("a", 0)], [("b", 0)]]),
    (("b3", "b4"), [[("b", 0), ("b", 1)]]),
    (("a0", "b0", "b1", "b2"), [[("a", 0), ("b", 1)], [("a", 0), ("b", 2)],
                                [("b", 0), ("b", 1)], [("b", 0), ("b", 2)]]),
    # b3 and b4 are in every opening set (essential), with a0 or b0
    (("a0", "b0", "b3", "b4"), [[("a", 0), ("b", 1), ("b", 2)], [("b", 0), ("b", 1), ("b", 2)]]),
])
def test_minimal_sets_by_solving_are_the_enumerated_ones(lines, expected):
    s = _blocked(*lines)
    assert not analyse(s).result.zopa_exists
    assert minimal_red_line_sets(Solver.of(s), s.pressures) == expected
    big = _not_enumerated(s)
    left_out = []
    assert minimal_red_line_sets(Solver.of(big), big.pressures, left_out) == expected
    assert left_out == []


def test_minimal_set_search_past_its_cap_says_so():
    big = _not_enumerated(_blocked("a0", "b0", "b1", "b2"))
    # none and all four (2 solves), all but each one (6: none essential), the four
    # single ones (10), a0 + b0 (11), a0 + b1 (12: opens), stop
    left_out = []
    assert minimal_red_line_sets(Solver.of(big), big.pressures, left_out, max_solves=12) == [[("a", 0), ("b", 1)]]
    assert [item["item"] for item in left_out] == ["counterfactuals.red_lines"]
    assert left_out[0]["what"] == "the minimal sets of 2 or more red lines (every one of fewer is listed)"
    assert left_out[0]["why"] == "the search stopped after 12 solves"
    ex = explain(analyse(big), red_line_solves=12)
    assert ex["counterfactuals"]["red_lines"] == [[["a", 0], ["b", 1]]]
    assert ("Left out: the minimal sets of 2 or more red lines (every one of fewer is listed), "
            "because the search stopped after 12 solves.") in ex["sentences"]
    assert RED_LINE_SOLVES >= 64  # every case of up to 6 red lines is searched whole


def _fusing_pressure(d):
    """A pressure, not credible, whose demand would tie z and w (9 options) once
    credible; max_outcomes 8 keeps every other compound (3 options) solvable.
    Disagreement ``d`` 0.6 closes the ZOPA, 0.3 opens it."""
    opts = ["o0", "o1", "o2"]
    issues = {j: {"options": opts} for j in ("x", "y", "z", "w")}
    table = {"o0": 0.0, "o1": 0.5, "o2": 1.0}
    rev = {"o0": 1.0, "o1": 0.5, "o2": 0.0}
    return from_dict({
        "name": "fusing", "issues": issues, "solve": {"max_outcomes": 8},
        "parties": {
            "a": {"weights": {j: 1 for j in issues}, "values": {j: table for j in issues},
                  "disagreement": d, "red_lines": [{"x": "o0"}]},
            "b": {"weights": {j: 1 for j in issues}, "values": {j: rev for j in issues},
                  "disagreement": d},
            "s": {"veto": False, "weights": {"x": 1}, "values": {"x": table}},
        },
        "pressures": {"u": {"by": ["s"], "target": "a", "demand": {"z": "o0", "w": "o0"},
                            "penalty": 0.5, "credibility": 0.0}},
    })


def test_what_the_additive_path_cannot_solve_is_left_out_with_its_reason():
    ex = explain(analyse(_fusing_pressure(0.6)))
    assert [item["item"] for item in ex["left_out"]] == ["counterfactuals.pressures.u.credibility"]
    assert "one compound of 9 options, more than 8" in ex["left_out"][0]["why"]
    assert ex["counterfactuals"]["pressures"] == {"u": {"penalty": None}}  # at credibility 0: solvable
    assert ex["counterfactuals"]["disagreement"] == {"a": 0.375, "b": 0.375}
    assert ex["sentences"][-1].startswith("Left out: the credibility of u that would open a zone of "
                                          "agreement, because the outcome space has 81 outcomes")
    assert "A deal needs a's disagreement utility to fall from 0.600 to 0.375" in " ".join(ex["sentences"])

    ex = explain(analyse(_fusing_pressure(0.3)))
    assert [item["item"] for item in ex["left_out"]] == ["moves.pressures.u.credibility"]
    assert ex["moves"]["pressures"]["u"] == {"penalty": []}
    assert set(ex["moves"]["disagreement"]) == {"a", "b"}
    assert ex["solutions"]["nash"]["binding"] == ["red_line:a:0"]
    assert any(line.startswith("Left out: where the credibility of u moves the Nash deal")
               for line in ex["sentences"])


def _large_document(issues=20, options=5, seed=3):
    rng = np.random.default_rng(seed)
    names = [f"i{j}" for j in range(issues)]
    opts = [f"o{k}" for k in range(options)]
    parties = {f"p{i}": {"weights": dict(zip(names, rng.random(issues).tolist())),
                         "values": {j: dict(zip(opts, rng.random(options).tolist())) for j in names},
                         "disagreement": 0.25} for i in range(2)}
    parties["p0"]["red_lines"] = [{"i0": "o0"}, {"i1": ["o1", "o2"]}]
    parties["p1"]["red_lines"] = [{"i2": "o3"}]
    return {"name": "large", "issues": {j: {"options": opts} for j in names}, "parties": parties}


@pytest.mark.parametrize("closed", [False, True])
def test_negsim_run_on_a_large_space_finishes_with_its_why(tmp_path, closed):
    """20 issues of 5 options (9.5e13 outcomes) with red lines; ``closed``: the
    disagreement point of p0 is out of reach, so the counterfactuals are computed too."""
    doc = _large_document()
    if closed:
        doc["parties"]["p0"]["disagreement"] = 0.95
    path = tmp_path / "large.yaml"
    path.write_text(json.dumps(doc))
    run = negsim("run", str(path))  # a subprocess with a timeout: the hang must not come back
    assert run.returncode == 0, run.stderr
    assert "\nWhy\n" in run.stdout
    if closed:
        assert "There is no zone of possible agreement." in run.stdout
        assert re.search(r"p0's disagreement utility to fall from 0\.950 to 0\.\d{3}", run.stdout)
    else:
        assert "red line 2 (i1 in {o1, o2}) binds" in run.stdout  # the second, counted from 1


def test_large_space_thresholds_open_the_zopa_exactly_there():
    """On 9.5e13 outcomes: the ZOPA opens at p0's disagreement threshold and not
    1e-6 above it, and the Nash deal holds on its disagreement range and not past it."""
    doc = _large_document()
    doc["parties"]["p0"]["disagreement"] = 0.95
    s = from_dict(doc)
    ex = explain(analyse(s))
    t = ex["counterfactuals"]["disagreement"]["p0"]
    assert t is not None and "left_out" not in ex

    def with_d(value):
        return replace(s, parties=(replace(s.parties[0], disagreement=value),) + s.parties[1:])

    assert analyse(with_d(t)).result.zopa_exists
    assert not analyse(with_d(t + 1e-6)).result.zopa_exists


def test_single_opening_red_lines_close_the_search_when_the_rest_opens_nothing():
    """c's red lines 1 and 2 exclude both options of i2, so each opens the ZOPA
    alone; removing all six other red lines together opens nothing, hence no set
    of them does. The search by solving used to stop at its cap (64 solves)
    before the set of all six and leave 'sets of 4 or more' out; it must give
    the enumerated answer, complete. (Found by hypothesis.)"""
    zero3, zero2 = {"o0": 0.0, "o1": 0.0, "o2": 0.0}, {"o0": 0.0, "o1": 0.0}
    values = {"i0": zero3, "i1": zero3, "i2": zero2, "i3": zero3}
    weights = {"i0": 1, "i1": 1, "i2": 1, "i3": 1}
    s = from_dict({
        "name": "six lines that never matter",
        "issues": {"i0": {"options": ["o0", "o1", "o2"]}, "i1": {"options": ["o0", "o1", "o2"]},
                   "i2": {"options": ["o0", "o1"]}, "i3": {"options": ["o0", "o1", "o2"]}},
        "parties": {
            "a": {"weights": weights, "values": values, "red_lines": [{"i0": "o0"}] * 3},
            "b": {"weights": weights, "values": values, "red_lines": [{"i0": "o0"}] * 2},
            "c": {"weights": weights, "values": values,
                  "red_lines": [{"i0": "o0"}, {"i2": "o0"}, {"i2": "o1"}]}}})
    got = explain(analyse(_not_enumerated(s)))
    assert "left_out" not in got
    assert got["counterfactuals"]["red_lines"] == [[["c", 1]], [["c", 2]]]
    assert got == explain(analyse(s))


def test_a_large_minimal_set_is_found_by_narrowing_not_by_enumerating_subsets():
    """c's red line 1 excludes i0 = o1 and opens the ZOPA alone; the six lines on
    i0 = o0 open it only all together, a minimal set that 64 solves of subsets by
    size never reach. Each of the six is needed once the others are gone, so the
    narrowed search solves that one set. (Found by hypothesis.)"""
    zero = {"o0": 0.0, "o1": 0.0}
    values, weights = {"i0": zero, "i1": zero, "i2": zero}, {"i0": 1, "i1": 1, "i2": 1}
    s = from_dict({
        "name": "one line against six",
        "issues": {f"i{j}": {"options": ["o0", "o1"]} for j in range(3)},
        "parties": {
            "a": {"weights": weights, "values": values, "red_lines": [{"i0": "o0"}] * 3},
            "b": {"weights": weights, "values": values, "red_lines": [{"i0": "o0"}] * 2},
            "c": {"weights": weights, "values": values, "red_lines": [{"i0": "o0"}, {"i0": "o1"}]}}})
    got = explain(analyse(_not_enumerated(s)))
    assert "left_out" not in got
    assert got["counterfactuals"]["red_lines"] == [
        [["c", 1]], [["a", 0], ["a", 1], ["a", 2], ["b", 0], ["b", 1], ["c", 0]]]
    assert got == explain(analyse(s))
