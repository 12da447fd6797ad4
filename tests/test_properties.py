"""Properties of the bargaining maths, on random scenarios (issue 3, item 7).

Each test states the property, the source it comes from, and exactly when it
holds for the finite (or gridded) problems negsim solves. Utilities are judged
with the independent evaluator of ``tests/bruteforce.py``, never with ``sim``'s
own, so a property cannot hold merely because the same code computed both sides.

Tolerances: SPEC section 3 compares objectives within 5e-10 and rounds every
utility to 9 decimals, so exact statements carry a margin of a few 1e-9.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
from hypothesis import assume, event, given
from hypothesis import strategies as st

from sim.analysis import Solver, analyse
from sim.report import to_json
from sim.scenario import from_dict

from . import bruteforce as bf
from .strategies import (
    continuous_settings,
    discrete_scenarios,
    frontier_scenarios,
    mirror,
    scenario_settings,
    scenarios,
    symmetric_scenarios,
)

EPS = 1e-9


def report(doc: dict[str, Any]) -> dict[str, Any]:
    return to_json(analyse(from_dict(doc)))


def results(rep: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    """The report's analyses: None for all pressures, else the pressure left out."""
    out: dict[str | None, dict[str, Any]] = {None: rep}
    for name, entry in rep["pressures"].items():
        out[name] = entry["without"]
    return out


def vector(utilities: dict[str, float], veto: list[str]) -> list[float]:
    return [utilities[p] for p in veto]


def dominated_by(u: list[float], zopa: list[list[float]], margin: float) -> list[float] | None:
    """A vector of ``zopa`` that Pareto-dominates u by more than ``margin`` in some
    coordinate (and is nowhere worse by more than EPS), if any."""
    for y in zopa:
        if all(a >= b - EPS for a, b in zip(y, u)) and any(a > b + margin for a, b in zip(y, u)):
            return y
    return None


def check_in_zopa_and_frontier(doc: dict[str, Any], margin: float) -> None:
    rep = report(doc)
    veto = rep["veto_parties"]
    model = bf.model_of(doc)
    for name, result in results(rep).items():
        prs = [p for p in model.pressures if p.name != name]
        grid_zopa = [[z[2][i] for i in model.veto]
                     for z in bf.grid_zopa(model, prs, bf.disagreement(model, prs))]
        d = vector(result["disagreement"], veto)
        for concept, sol in result["solutions"].items():
            if sol is None:
                assert not result["zopa"]["exists"]
                continue
            outcomes = [item["outcome"] for item in sol["lottery"]] if "lottery" in sol else [sol["outcome"]]
            for outcome in outcomes:
                u = vector(bf.utilities_at(doc, outcome, pressures=name), veto)
                assert not bf.violates_red_line(doc, outcome), (concept, outcome)
                assert all(a >= b - EPS for a, b in zip(u, d)), (concept, outcome, u, d)
                assert dominated_by(u, grid_zopa, margin) is None, (concept, outcome, u)
            if "lottery" in sol:
                expected = vector(sol["utilities"], veto)
                assert dominated_by(expected, grid_zopa, margin) is None, (concept, expected)


@given(discrete_scenarios())
@scenario_settings
def test_every_solution_is_in_the_zopa_and_on_the_frontier(doc):
    """SPEC section 3 defines each concept as a maximiser over P, the Pareto frontier of
    the ZOPA (Nash 1950's Pareto axiom is then built in): the solution's outcome
    matches no veto red line, gives every veto party at least d_i, and no ZOPA
    outcome dominates it. Exact on discrete spaces."""
    check_in_zopa_and_frontier(doc, margin=0.0)


@given(scenarios(continuous=1, max_veto=3, with_pressures=False))
@continuous_settings
def test_real_range_solutions_are_in_the_zopa_and_not_dominated_by_the_grid(doc):
    """The same on continuous issues, where SPEC section 3 optimises over the real
    range: a solution is feasible, and no grid outcome of the ZOPA beats it by more
    than the promised precision 1e-3 (the real optimum is at least as good as the grid).
    One continuous issue, no pressures, to stay fast: test_bruteforce covers the rest."""
    check_in_zopa_and_frontier(doc, margin=1e-3)


@given(scenarios(continuous=0, max_outcomes=120, with_pressures=False).map(
    lambda d: {**d, "solve": {"lotteries": True}}))
@scenario_settings
def test_lottery_supports_are_on_the_frontier(doc):
    """With solve.lotteries (SPEC section 3) each outcome a lottery mixes is in P, and
    the expected utilities are dominated by no pure outcome of the ZOPA (the convex
    hull's frontier lies on or above every pure outcome; Nash 1950)."""
    check_in_zopa_and_frontier(doc, margin=0.0)


# ---------------------------------------------------------------------------
# Nash: invariance to positive affine rescaling


def nash_value(u: list[float], d: list[float], power: list[float]) -> float:
    """sum_i alpha_i ln(u_i - d_i) (Nash 1950; Kalai 1977), -inf if a gain is <= 0."""
    key, _ = bf.objectives("nash", d, d, power)
    return key(u)


def rescale(doc: dict[str, Any], party: str, a: float, b: float) -> dict[str, Any]:
    """The same scenario with ``party``'s utility and disagreement replaced by a + b u:
    every value times b (a ranking becomes the equivalent mapping first), every
    interaction bonus, penalty and reward on it times b, a lottery's cost times b,
    a number disagreement d by a + b d, and the constant a as a bonus whose
    condition (every option of the first discrete issue) always holds."""
    doc = copy.deepcopy(doc)
    spec = doc["parties"][party]
    issues = doc["issues"]
    for name, values in spec["values"].items():
        if "ranking" in values:
            n = len(values["ranking"])
            values = {o: 1.0 if n == 1 else (n - 1 - k) / (n - 1) for k, o in enumerate(values["ranking"])}
        spec["values"][name] = {o: b * v for o, v in values.items()}
    for inter in spec.get("interactions", []):
        inter["bonus"] *= b
    first = next(n for n, i in issues.items() if "options" in i)
    spec.setdefault("interactions", []).append({"when": {first: list(issues[first]["options"])}, "bonus": a})
    d = spec.get("disagreement", 0.0)
    if isinstance(d, dict):
        d["cost"] = b * d.get("cost", 0.0)
    else:
        spec["disagreement"] = a + b * d
    for pressure in doc.get("pressures", {}).values():
        assert party not in pressure["by"]
        if pressure["target"] == party:
            for key in ("penalty", "reward"):
                if key in pressure:
                    pressure[key] *= b
    return doc


@given(st.one_of(discrete_scenarios(), frontier_scenarios()), st.data())
@scenario_settings
def test_nash_is_invariant_to_positive_affine_rescaling(doc, data):
    """Nash (1950), axiom of invariance to affine transformations (also Kalai and
    Smorodinsky 1975 for their solution): replacing u_k and d_k by a + b u_k and
    a + b d_k (b > 0) leaves the ZOPA and the frontier as they are and maps the
    solution to the transformed solution. Tested: ZOPA and frontier sizes equal,
    k's reported utility is a + b times its old one at the new solution's outcome,
    and that outcome maximises the original Nash (and Kalai-Smorodinsky) objective.
    (A different outcome may be chosen only among exact ties: the 9-decimal
    rounding of the rescaled numbers can reorder ties, not optima.)"""
    senders = {s for p in doc.get("pressures", {}).values() for s in p["by"]}
    veto = [n for n, p in doc["parties"].items() if p.get("veto", True)]
    party = data.draw(st.sampled_from([p for p in veto if p not in senders] or veto))
    assume(party not in senders)
    a = data.draw(st.sampled_from((-0.3, 0.0, 0.2, 0.5)))
    b = data.draw(st.sampled_from((0.25, 0.5, 0.8, 1.0)))
    before, after = report(doc), report(rescale(doc, party, a, b))
    for name, old in results(before).items():
        new = results(after)[name]
        assert new["zopa"] == old["zopa"] and new["pareto"] == old["pareto"]
        assert abs(new["disagreement"][party] - (a + b * old["disagreement"][party])) <= 2 * EPS
        if not old["zopa"]["exists"]:
            continue
        d = vector(old["disagreement"], veto)
        power = [doc["parties"][p].get("bargaining_power", 1) for p in veto]
        solve = bf.solve(bf.model_of(doc), [p for p in bf.model_of(doc).pressures if p.name != name])
        for concept in ("nash", "kalai_smorodinsky"):
            if concept not in old["solutions"]:
                continue
            key, _ = bf.objectives(concept, d, solve.ideal, power)
            at_new = bf.utilities_at(doc, new["solutions"][concept]["outcome"], pressures=name)
            assert abs(new["solutions"][concept]["utilities"][party] - (a + b * at_new[party])) <= 2 * EPS
            best = key(vector(old["solutions"][concept]["utilities"], veto))
            got = key(vector(at_new, veto))
            event(f"{concept}: a solution to compare")
            assert got >= best - 1e-7 or (best == got == -math.inf), (concept, got, best)
            if best == -math.inf:  # no positive Nash product: first frontier outcome, unmoved
                assert new["solutions"][concept]["outcome"] == old["solutions"][concept]["outcome"]


# ---------------------------------------------------------------------------
# Symmetry


@given(symmetric_scenarios())
@scenario_settings
def test_swapped_solution_of_a_symmetric_problem_is_also_a_maximiser(doc):
    """Nash (1950), symmetry axiom: when swapping parties a and b (and the issues
    left and right) maps the problem onto itself, the image sigma(x) of a solution x
    is as good as x for every concept (each objective and tie-break is symmetric),
    so it is a maximiser too; where the maximum is attained by a single utility
    vector, that vector is symmetric (u_a = u_b). Checked against the brute force's
    maximum over the frontier, with utilities from its own evaluator."""
    rep = report(doc)
    assume(rep["zopa"]["exists"])
    veto = rep["veto_parties"]
    model = bf.model_of(doc)
    solve = bf.solve(model, [])
    d = vector(rep["disagreement"], veto)
    power = [model.parties[i].power for i in model.veto]
    frontier = [[z[2][i] for i in model.veto] for z in solve.frontier]
    for concept, sol in rep["solutions"].items():
        key, tb = bf.objectives(concept, d, solve.ideal, power)
        tb = tb or (lambda u: 0.0)
        best = max(key(u) for u in frontier)
        best_tb = max(tb(u) for u in frontier if key(u) >= best - bf.TIE or best == -math.inf)
        swapped = mirror(sol["outcome"])
        u, v = bf.utilities_at(doc, sol["outcome"]), bf.utilities_at(doc, swapped)
        assert v["a"] == u["b"] and v["b"] == u["a"], "the scenario is not symmetric"
        for w in (vector(u, veto), vector(v, veto)):
            assert key(w) >= best - 1e-9 or best == -math.inf, (concept, w, best)
            assert dominated_by(w, frontier, 0.0) is None
            if best > -math.inf:
                assert tb(w) >= best_tb - 1e-9, (concept, w)
        maximisers = {tuple(w) for w in frontier if key(w) >= best - 1e-9 and tb(w) >= best_tb - 1e-9}
        if best > -math.inf and len(maximisers) == 1:
            event("a unique maximiser, which must be symmetric")
            assert u["a"] == u["b"], (concept, u)


# ---------------------------------------------------------------------------
# Disagreement monotonicity


@given(st.one_of(frontier_scenarios(), discrete_scenarios()), st.data())
@scenario_settings
def test_lowering_a_disagreement_never_raises_that_partys_nash_utility(doc, data):
    """Disagreement-point monotonicity of the Nash solution (Thomson 1987, 'Monotonicity
    of bargaining solutions with respect to the disagreement point', JET 42).

    Exactly what holds here: lower d_k to d_k' < d_k, all else equal; then party k's
    utility at the Nash solution does not rise. This needs no convexity, only that
    the feasible set is pure outcomes filtered by u >= d. Proof (revealed
    preference): let x solve the problem at d and x' at d'. The ZOPA at d' is the
    one at d plus outcomes with u_k < d_k. If x' is one of those, u_k(x') < d_k <=
    u_k(x). Otherwise both are feasible for both problems, and adding
    N_d(x) >= N_d(x') to N_d'(x') >= N_d'(x) cancels every other party's term,
    leaving h(u_k(x)) >= h(u_k(x')) with h(y) = ln(y - d_k) - ln(y - d_k'), which is
    strictly increasing: u_k(x) >= u_k(x'). (If every Nash product is zero, both
    pick the first outcome of the frontier and the same argument on the order
    applies.) It need NOT hold with solve.lotteries, where the convex hull is taken
    after filtering by d: the lowered problem's hull gains mixtures that were not
    feasible before, so the revealed-preference step fails; that case is not tested.
    The margin covers the 5e-10 objective tolerance only."""
    veto = [n for n, p in doc["parties"].items() if p.get("veto", True)]
    party = data.draw(st.sampled_from(veto))
    delta = data.draw(st.sampled_from((0.1, 0.25, 0.5)))
    lowered = copy.deepcopy(doc)
    spec = lowered["parties"][party]
    d = spec.get("disagreement", 0.0)
    if isinstance(d, dict):
        d["cost"] = d.get("cost", 0.0) + delta
    else:
        spec["disagreement"] = d - delta
    before, after = report(doc), report(lowered)
    for name, old in results(before).items():
        new = results(after)[name]
        assert new["disagreement"][party] <= old["disagreement"][party] - delta + 2 * EPS
        assert new["zopa"]["size"] >= old["zopa"]["size"]
        if old["solutions"].get("nash") is None:
            continue
        event("a Nash solution before lowering d")
        if new["solutions"]["nash"]["outcome"] != old["solutions"]["nash"]["outcome"]:
            event("lowering d moved the Nash solution")
        assert new["solutions"]["nash"]["utilities"][party] <= old["solutions"]["nash"]["utilities"][party] + 1e-6


# ---------------------------------------------------------------------------
# Threats


def zopa_mask(doc: dict[str, Any], leave_out: str | None) -> np.ndarray:
    """The fast path's ZOPA membership of every outcome, with one pressure left out."""
    scenario = from_dict(doc)
    solver = Solver.of(scenario)
    prs = [p for p in scenario.pressures if p.name != leave_out]
    cols = solver.space.columns(0, solver.space.size)
    return solver.feasible(cols, solver.utilities(cols, prs), solver.disagreement(prs))


@given(scenarios(continuous=0, with_pressures=True, with_sender=True))
@scenario_settings
def test_adding_a_threat_never_shrinks_the_zopa_and_keeps_compliant_nash_deals(doc):
    """Schelling (1960), The Strategy of Conflict: a threat works by making the
    alternatives to compliance worse. Under SPEC section 3 a pressure with q in [0, 1],
    penalty, costs and reward >= 0 lowers d_t by q*penalty and every defying u_t by the
    same, and lowers each sender's d_s and defying u_s by q*cost_s: gains on defying
    outcomes are unchanged, gains on complying ones rise by q*penalty + reward (target)
    and q*cost_s (senders). Hence, for every pressure, whatever the others:

    1. the ZOPA with it contains the ZOPA without it (tested as sets, outcome by
       outcome, and on the reported sizes);
    2. if the Nash solution without it meets its demand, the Nash solution with it
       meets it too: no defying outcome gains, every complying one does, and no
       defying outcome enters the ZOPA or the frontier (exact up to the 5e-10
       objective tolerance; a deal that defied may switch to complying, that being
       the threat's purpose, and is not asserted)."""
    rep = report(doc)
    for name, entry in rep["pressures"].items():
        without = entry["without"]
        assert rep["zopa"]["size"] >= without["zopa"]["size"]
        with_mask, without_mask = zopa_mask(doc, None), zopa_mask(doc, name)
        assert not np.any(without_mask & ~with_mask)
        demand = doc["pressures"][name]["demand"]
        old, new = without["solutions"].get("nash"), rep["solutions"].get("nash")
        if old is not None and bf.meets(doc, demand, old["outcome"]):
            event("the Nash deal without the threat meets its demand")
            assert new is not None and bf.meets(doc, demand, new["outcome"]), (old, new)
