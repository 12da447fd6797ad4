"""Robustness of each solution (issue 19 item 1): the disagreement intervals that keep
the outcome, the single weights that flip it soonest, the near-optimal set. Checked
against the brute force (``tests/bruteforce.py``) re-solving the changed scenario,
against closed forms, and end to end through ``negsim run``."""

from __future__ import annotations

import copy
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis import analyse
from sim.cli import main as negsim
from sim.explain.robustness import FLIPS, NEAR, robustness
from sim.explain.rows import Rows, with_weight
from sim.report import to_json
from sim.scenario import from_dict

from . import bruteforce as bf
from .conftest import SCENARIOS
from .strategies import discrete_scenarios, scenario_settings

#: Each example re-solves by brute force a few times (each run draws afresh).
few = settings(scenario_settings, max_examples=10)


def _outcome(doc: dict, concept: str):
    """The concept's outcome by brute force, every pressure applied (None: no deal)."""
    model = bf.model_of(doc)
    sol = bf.solve(model, model.pressures).solutions.get(concept)
    return None if sol is None else sol["outcome"]


def _with_disagreement(doc: dict, party: str, shift: float) -> dict:
    out = copy.deepcopy(doc)
    out["parties"][party]["disagreement"] = float(doc["parties"][party].get("disagreement", 0)) + shift
    return out


def _with_weight(doc: dict, party: str, issue: str, factor: float) -> dict:
    out = copy.deepcopy(doc)
    out["parties"][party]["weights"][issue] = doc["parties"][party]["weights"][issue] * factor
    return out


def _inside(draw, lo, hi, value, margin=2e-6):
    """A point strictly inside (lo, hi), at most 1 from ``value``."""
    lo = value - 1 if lo is None else lo
    hi = value + 1 if hi is None else hi
    return draw(st.floats(lo + margin, hi - margin)) if hi - lo > 2 * margin else value


@given(discrete_scenarios(lotteries=False, max_veto=3), st.data())
@few
def test_disagreement_intervals_hold_the_outcome_by_brute_force(doc, data):
    robust = robustness(analyse(from_dict(doc)))
    assert robust is not None
    model = bf.model_of(doc)
    solve = bf.solve(model, model.pressures)
    report = {"disagreement": dict(zip([p.name for p in model.parties], solve.disagreement))}
    for concept, entry in robust.items():
        if entry is None:
            assert solve.solutions[concept] is None
            continue
        here = solve.solutions[concept]["outcome"]
        # one party at random per concept: each check is a brute-force solve
        party = data.draw(st.sampled_from(sorted(entry["disagreement"])))
        for item in [entry["disagreement"][party]]:
            lo, hi = item["interval"]
            value = item["value"]
            assert value == pytest.approx(report["disagreement"][party], abs=1e-12)
            assert (lo is None or lo < value) and (hi is None or value < hi)  # it holds at the value
            t = _inside(data.draw, lo, hi, value)
            assert _outcome(_with_disagreement(doc, party, t - value), concept) == here
            for end in (lo, hi):  # just past each end the outcome is another
                if end is not None:
                    assert _outcome(_with_disagreement(doc, party, end - value), concept) != here


@given(discrete_scenarios(lotteries=False, max_veto=3), st.data())
@few
def test_weight_flips_flip_and_smaller_changes_do_not(doc, data):
    scenario = from_dict(doc)
    robust = robustness(analyse(scenario))
    assert robust is not None
    live = [c for c, entry in robust.items() if entry is not None]
    for concept in live[:1] + data.draw(st.lists(st.sampled_from(live), max_size=1)) if live else []:
        entry = robust[concept]
        here = _outcome(doc, concept)
        flips = entry["weights"]
        assert len(flips) <= FLIPS
        sizes = [abs(f["change"]) for f in flips]
        assert sizes == sorted(sizes)
        for f in flips:  # the reported change flips it, to the reported outcome
            changed = _with_weight(doc, f["party"], f["issue"], 1 + f["change"])
            assert _outcome(changed, concept) == f["outcome"] != here
        # no single weight moved by less than the smallest reported flip changes it
        smallest = sizes[0] * (1 - 2e-3) if sizes else 0.99
        party = data.draw(st.sampled_from([p for p, v in doc["parties"].items() if v.get("veto", True)]))
        issue = data.draw(st.sampled_from(sorted(doc["parties"][party]["weights"])))
        r = data.draw(st.floats(-smallest, smallest))
        assert _outcome(_with_weight(doc, party, issue, 1 + r), concept) == here


@given(discrete_scenarios(lotteries=False, max_veto=3))
@few
def test_near_optimal_set_is_counted_by_brute_force(doc):
    robust = robustness(analyse(from_dict(doc)))
    model = bf.model_of(doc)
    solve = bf.solve(model, model.pressures)
    veto = model.veto
    for concept, entry in robust.items():
        if entry is None:
            continue
        d = [solve.disagreement[i] for i in veto]
        key, _ = bf.objectives(concept, d, solve.ideal, [model.parties[i].power for i in veto])
        score = [key([u[i] for i in veto]) for _, _, u in solve.zopa]
        if concept == "nash":
            score = [math.exp(s) for s in score]
        best = max(score)
        near = [z for z, s in zip(solve.zopa, score) if s >= best - NEAR * abs(best) - 1e-9]
        assert entry["near_optimal"]["count"] == len(near) >= 1
        names = [iss.name for iss in model.issues]
        varying = [n for j, n in enumerate(names) if len({z[1][j] for z in near}) > 1]
        assert entry["near_optimal"]["varying"] == varying


def pie(d_p: float, d_q: float = 0.0, steps: int = 100) -> dict:
    """Split a pie in ``steps`` + 1 slices, linear values: the Nash slice maximises
    (c - d_p)(1 - c - d_q), so c* = (1 + d_p - d_q) / 2 (Nash 1950)."""
    slices = {f"s{k}": k / steps for k in range(steps + 1)}
    return {"name": "pie", "issues": {"x": {"options": list(slices)}},
            "parties": {"p": {"weights": {"x": 1}, "values": {"x": slices}, "disagreement": d_p},
                        "q": {"weights": {"x": 1}, "values": {"x": {k: 1 - v for k, v in slices.items()}},
                              "disagreement": d_q}},
            "solve": {"concepts": ["nash", "egalitarian"]}}


def test_closed_form_of_the_pie():
    """c* = (1 + d_p - d_q) / 2 on a grid of 1/100: with d_p = 0.2 the slice 0.6 holds
    while c* rounds to it, i.e. 0.19 < d_p < 0.21 (the ends tie, and the first slice
    in enumeration order, the smaller one, wins at 0.19; Nash and egalitarian alike).
    One issue weighted 1: no weight change moves anything."""
    robust = robustness(analyse(from_dict(pie(0.2))))
    for concept in ("nash", "egalitarian"):
        lo, hi = robust[concept]["disagreement"]["p"]["interval"]
        # ties within SPEC's 5e-10 of the objective go to the first slice: the ends
        # move by that much over the slope of the objective, a few 1e-8
        assert lo == pytest.approx(0.19, abs=1e-7) and hi == pytest.approx(0.21, abs=1e-7)
        lo, hi = robust[concept]["disagreement"]["q"]["interval"]
        assert lo == pytest.approx(-0.01, abs=1e-7) and hi == pytest.approx(0.01, abs=1e-7)
        assert robust[concept]["weights"] == []
    # the weighted Nash product, here sqrt((c - 0.2)(1 - c)) = sqrt(0.16 - (c - 0.6)^2), is
    # within 1 % of its best 0.4 for (c - 0.6)^2 <= 0.16 (1 - 0.99^2), |c - 0.6| <= 0.0564:
    # 11 slices; min(c - 0.2, 1 - c) is within 1 % of 0.4 only at c = 0.6
    assert robust["nash"]["near_optimal"] == {"within": 0.01, "count": 11, "varying": ["x"]}
    assert robust["egalitarian"]["near_optimal"] == {"within": 0.01, "count": 1, "varying": []}


def test_the_fast_resolve_is_the_full_solve_on_istanbul():
    a = analyse(from_dict(bf.load_yaml(SCENARIOS / "istanbul-2025.yaml")))
    rows = Rows.of(a.solver)
    assert rows.solve(rows.u, rows.d) == tuple(a.result.solutions[c].index for c in rows.concepts)
    changed = with_weight(a.solver.scenario, 0, 2, 1.07)
    full = analyse(changed).result.solutions
    assert rows.weight_solver(0, 2)(0.07) == tuple(full[c].index for c in rows.concepts)


def test_run_prints_holds_while_and_json_only_under_robust(capsys, tmp_path):
    path = tmp_path / "pie.yaml"
    path.write_text(json.dumps(pie(0.2)))
    assert negsim(["run", str(path)]) == 0
    text = capsys.readouterr().out
    assert "Holds while\n  nash:\n    disagreement p 0.2 (0.19 to 0.21), q 0 (-0.01 to 0.01)\n" in text
    assert "near-optimal 11 outcomes within 1% of the best, differing on x" in text
    assert negsim(["run", str(path), "--json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert "robustness" not in plain["solutions"]["nash"]
    assert plain == to_json(analyse(from_dict(pie(0.2))))
    assert negsim(["run", str(path), "--json", "--robust"]) == 0
    robust = json.loads(capsys.readouterr().out)
    entry = robust["solutions"]["nash"]["robustness"]
    assert set(entry) == {"disagreement", "weights", "near_optimal"}
    assert entry["disagreement"]["p"]["value"] == 0.2
    assert entry["disagreement"]["p"]["interval"] == pytest.approx([0.19, 0.21], abs=1e-7)
    for concept in robust["solutions"]:
        del robust["solutions"][concept]["robustness"]
    assert robust == plain  # nothing else changes


def test_scenarios_not_resolved_here_say_so(capsys, tmp_path):
    doc = pie(0.2)
    doc["solve"]["lotteries"] = True
    path = tmp_path / "pie.yaml"
    path.write_text(json.dumps(doc))
    assert negsim(["run", str(path)]) == 0
    assert "Holds while\n  not computed" in capsys.readouterr().out
    assert negsim(["run", str(path), "--json", "--robust"]) == 0
    assert json.loads(capsys.readouterr().out)["solutions"]["nash"]["robustness"] is None


@given(st.lists(st.tuples(st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]),
                          st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0]), st.booleans()),
                min_size=0, max_size=40))
def test_moving_front_is_pareto_front(points):
    """The sort-once 2-D frontier is :func:`pareto_front` of the kept rows, copies and
    first indices included (a lattice of quarters makes ties and copies common)."""
    import numpy as np

    from sim.frontier import MovingFront, pareto_front

    fixed = np.array([p[0] for p in points], dtype=float)
    moving = np.array([p[1] for p in points], dtype=float)
    keep = np.array([p[2] for p in points], dtype=bool)
    order = np.arange(len(points))[::-1].copy()  # indices need not follow the rows
    got_v, got_o = MovingFront(fixed, order).front(moving, keep)
    want_v, want_o = pareto_front(np.stack([fixed, moving], axis=1)[keep].reshape(-1, 2), order[keep])
    assert got_v.tolist() == want_v.tolist() and got_o.tolist() == want_o.tolist()


def test_the_istanbul_block_in_the_docs_is_what_negsim_prints(capsys):
    import re

    from .conftest import ROOT

    shown = re.search(r"```text\n(Holds while\n.*?)```", (ROOT / "docs" / "robustness.md").read_text(),
                      re.DOTALL).group(1)
    assert negsim(["run", str(SCENARIOS / "istanbul-2025.yaml")]) == 0
    printed = capsys.readouterr().out
    assert shown in printed
