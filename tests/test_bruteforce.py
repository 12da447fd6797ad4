"""The fast path agrees with an independent brute force of SPEC section 3 (issue 3, item 7).

``tests/bruteforce.py`` is written from the SPEC alone (enumeration with
itertools.product, per-outcome loops, pairwise dominance, its own real-range
search). On random scenarios from ``tests/strategies.py``:

- discrete issues only: every field of the SPEC section 5 report agrees, every
  number within 1e-9 (so the ZOPA, the frontier, the tie-breaks and the
  enumeration order all agree);
- with continuous issues: every size, share and disagreement value agrees within
  1e-9 (they are counted on the grid), a concept is null on one side exactly when
  it is on the other, every veto party's utility is within 1e-3 of an optimum
  the brute force found (SPEC section 3: 'reported utilities are within 1e-3 of
  the true optimum') or the solution is feasible with an objective within 1e-5
  of the best (a near-flat ridge), and the reported utilities are those of the
  reported outcome.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, given, settings

from sim.analysis import analyse
from sim.report import to_json
from sim.scenario import from_dict

from . import bruteforce as bf
from .strategies import (
    continuous_scenarios,
    continuous_settings,
    discrete_scenarios,
    scenario_settings,
)
from .test_conformance import CASES, differences

#: SPEC section 3: reported utilities are within 1e-3 of the true optimum; the brute
#: force's own search is good to about 1e-7, hence the small margin.
REAL_RANGE = 1e-3 + 1e-6
#: A real-range solution whose objective is this close to the best is accepted even
#: far from the brute force's optimum: on a nearly flat ridge the optimum is
#: ill-conditioned (objectives 1e-6 apart, utilities 1e-2 apart), below what SPEC
#: section 3's precision can resolve.
NEAR_TIE = 1e-5


def fast_report(doc: dict[str, Any]) -> dict[str, Any]:
    """The fast path's report, through JSON as the CLI prints it."""
    return json.loads(json.dumps(to_json(analyse(from_dict(doc)))))


def _results(report: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    """The report's analyses: None for all pressures, else the pressure left out."""
    out: dict[str | None, dict[str, Any]] = {None: report}
    for name, entry in report.get("pressures", {}).items():
        out[name] = entry["without"]
    return out


def real_range_differences(doc: dict[str, Any], got: dict[str, Any]) -> list[str]:
    """Where the fast report ``got`` of a scenario with continuous issues disagrees
    with the brute force (see the module docstring for what is compared how)."""
    want, solves = bf.analyse(doc)
    # everything but the solutions must agree to 1e-9
    strip_got, strip_want = copy.deepcopy(got), copy.deepcopy(want)
    for rep in (strip_got, strip_want):
        for result in _results(rep).values():
            result["solutions"] = {c: s is None for c, s in result["solutions"].items()}
    problems = differences(strip_got, strip_want)
    veto = want["veto_parties"]
    model = bf.model_of(doc)
    for name, result in _results(got).items():
        solve = solves[name or ""]
        for concept, sol in result["solutions"].items():
            where = f"{name or 'all pressures'}: {concept}"
            if sol is None or solve.solutions.get(concept) is None:
                continue
            options = solve.alternatives[concept]
            at = bf.utilities_at(doc, sol["outcome"], pressures=name)
            near = any(all(abs(sol["utilities"][p] - alt[p]) <= REAL_RANGE for p in veto) for alt in options)
            # or a near-maximiser: feasible, objective within NEAR_TIE of the best (a ridge
            # that is flat to 1e-5 cannot be resolved at the promised precision)
            key, _ = bf.objectives(concept, [solve.disagreement[i] for i in model.veto], solve.ideal,
                                   [model.parties[i].power for i in model.veto])
            best = key([solve.solutions[concept]["utilities"][p] for p in veto])
            feasible = not bf.violates_red_line(doc, sol["outcome"]) and all(
                at[p] >= result["disagreement"][p] - 1e-9 for p in veto)
            if not near and not (feasible and key([at[p] for p in veto]) >= best - NEAR_TIE):
                problems.append(f"{where}: veto utilities {[sol['utilities'][p] for p in veto]} not within "
                                f"1e-3 of any optimum {[[alt[p] for p in veto] for alt in options]}")
            for party, u in sol["utilities"].items():
                if abs(at[party] - u) > 1e-6:
                    problems.append(f"{where}: {party} utility {u} but {at[party]} at the reported outcome "
                                    f"{sol['outcome']}")
    return problems


@given(discrete_scenarios())
@scenario_settings
def test_discrete_scenarios_agree_on_every_field(doc):
    """Exact agreement (1e-9) with the brute force on random discrete scenarios."""
    assert differences(fast_report(doc), bf.report(doc)) == []


@given(continuous_scenarios(max_veto=4))
@settings(continuous_settings, phases=[Phase.explicit, Phase.reuse, Phase.generate])  # shrinking takes minutes
def test_continuous_scenarios_agree_within_1e3(doc):
    """Grid counts exact; real-range optima within 1e-3 on veto utilities (SPEC 3)."""
    assert real_range_differences(doc, fast_report(doc)) == []


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_brute_force_reproduces_the_conformance_cases(case: Path):
    """The brute force itself reproduces ../shared/conformance (independently computed)."""
    want = json.loads(case.with_suffix(".expected.json").read_text())
    assert differences(json.loads(json.dumps(bf.report(bf.load_yaml(case)))), want) == []


SPLIT = {
    "name": "split",
    "issues": {"x": {"range": [0, 10]}},
    "parties": {"a": {"weights": {"x": 1}, "values": {"x": "increasing"}, "bargaining_power": 3},
                "b": {"weights": {"x": 1}, "values": {"x": "decreasing"}}},
    "solve": {"resolution": 2, "concepts": ["nash"]},
}


def test_brute_force_searches_the_real_range_between_grid_points():
    """With resolution 2 the grid is {0, 10}, where every Nash product is zero; over the
    real range the asymmetric Nash split of a linear pie gives shares equal to the
    bargaining powers (Kalai 1977): a gets 3/4."""
    rep = bf.report(SPLIT)
    assert rep["zopa"]["size"] == 2 and rep["pareto"]["size"] == 2
    nash = rep["solutions"]["nash"]
    assert abs(nash["outcome"]["x"] - 7.5) < 1e-6
    assert abs(nash["utilities"]["a"] - 0.75) < 1e-7 and abs(nash["utilities"]["b"] - 0.25) < 1e-7


def test_the_real_range_comparison_detects_an_error_above_1e3():
    """The checker is not vacuous: utilities that are not those of the reported
    outcome, and a consistent but suboptimal solution, are reported."""
    got = json.loads(json.dumps(bf.report(SPLIT)))
    assert real_range_differences(SPLIT, got) == []
    wrong = copy.deepcopy(got)
    wrong["solutions"]["nash"]["utilities"]["a"] += 2e-3
    assert ["a utility" in p for p in real_range_differences(SPLIT, wrong)] == [True]
    moved = copy.deepcopy(got)
    moved["solutions"]["nash"]["outcome"]["x"] = 7.0
    assert len(real_range_differences(SPLIT, moved)) == 2
    suboptimal = copy.deepcopy(moved)
    suboptimal["solutions"]["nash"]["utilities"].update(a=0.7, b=0.3)
    assert ["not within 1e-3" in p for p in real_range_differences(SPLIT, suboptimal)] == [True]


#: Found by test_continuous_scenarios_agree_within_1e3: the brute force reaches
#: u = 0.9 for p0, 0.906 for p2 and 0.316 for p4 at feasible points (checked with
#: sim's own utilities), above what the fast path's Kalai-Smorodinsky solution
#: implies for the ideal point; its KS objective (0.578) falls 0.011 short of the
#: brute force's (0.589), far beyond a near-tie.
KS_IDEAL = json.loads(
    '{"name": "KS ideal over the real range", "issues": {"i2": {"options": ["o0", "o1"]}, "i0": {"range": [-1.0, 1.0]}, "i1": {"range": [0.0, 1.0]}}, "parties": {"p0": {"weights": {"i2": 0.0, "i0": 0.0, "i1": 0.189}, "values": {"i1": {"ideal": 0.3244}}, "disagreement": 0.039, "red_lines": [{"i0": {"at_least": -0.5}}], "interactions": [{"when": {"i2": ["o0"]}, "bonus": -0.1}], "bargaining_power": 0.403}, "p1": {"weights": {"i2": 0.112}, "values": {"i2": {"ranking": ["o0", "o1"]}}, "veto": true, "disagreement": {"lottery": [{"probability": 1.0, "outcome": {"i2": "o0", "i0": 0.0319, "i1": 0.0}}], "cost": 0.0}, "bargaining_power": 0.2}, "p2": {"weights": {"i1": 2.914}, "values": {"i2": {"ranking": ["o0", "o1"]}, "i1": "increasing"}, "veto": true, "disagreement": {"lottery": [{"probability": 0.5, "outcome": {"i2": "o0", "i0": 0.0, "i1": 0.0}}, {"probability": 0.5, "outcome": {"i2": "o0", "i0": 0.7556, "i1": 0.0}}], "cost": 0.0}, "bargaining_power": 0.2}, "p3": {"weights": {"i2": 0.328, "i0": 4.926, "i1": 1.412}, "values": {"i2": {"o0": 0.8831, "o1": 0.0681}, "i0": "decreasing", "i1": {"power": 0.5, "direction": "decreasing"}}, "disagreement": 0.297}, "p4": {"weights": {"i2": 1.5, "i0": 3.869, "i1": 2.397}, "values": {"i2": {"o0": 0.0, "o1": 0.3687}, "i0": {"power": 3.0}, "i1": {"ideal": 0.2578}}, "veto": true, "disagreement": 0.037, "bargaining_power": 3.569}}, "solve": {"resolution": 7, "concepts": ["kalai_smorodinsky"]}}'
)


def test_kalai_smorodinsky_uses_the_real_range_ideal_point():
    """SPEC section 3: 'the concepts and the ideal I are optimised over the real range'.
    Kalai and Smorodinsky (1975) scale each gain by I_i - d_i, so an ideal point
    short of the true one moves the solution."""
    assert real_range_differences(KS_IDEAL, fast_report(KS_IDEAL)) == []
