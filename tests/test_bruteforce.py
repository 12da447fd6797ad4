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
  the true optimum'), and the reported utilities are those of the reported outcome.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from sim.analysis import analyse
from sim.report import to_json
from sim.scenario import from_dict

from . import bruteforce as bf
from .strategies import continuous_scenarios, discrete_scenarios, scenario_settings
from .test_conformance import CASES, differences

#: SPEC section 3: reported utilities are within 1e-3 of the true optimum; the brute
#: force's own search is good to about 1e-7, hence the small margin.
REAL_RANGE = 1e-3 + 1e-6


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
    for name, result in _results(got).items():
        solve = solves[name or ""]
        for concept, sol in result["solutions"].items():
            where = f"{name or 'all pressures'}: {concept}"
            if sol is None or solve.solutions.get(concept) is None:
                continue
            options = solve.alternatives[concept]
            if not any(all(abs(sol["utilities"][p] - alt[p]) <= REAL_RANGE for p in veto) for alt in options):
                problems.append(f"{where}: veto utilities {[sol['utilities'][p] for p in veto]} not within "
                                f"1e-3 of any optimum {[[alt[p] for p in veto] for alt in options]}")
            at = bf.utilities_at(doc, sol["outcome"], pressures=name)
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


@given(continuous_scenarios())
@scenario_settings
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
    rep, solves = bf.analyse(SPLIT)
    assert rep["zopa"]["size"] == 2 and rep["pareto"]["size"] == 2
    nash = rep["solutions"]["nash"]
    assert abs(nash["outcome"]["x"] - 7.5) < 1e-6
    assert abs(nash["utilities"]["a"] - 0.75) < 1e-7 and abs(nash["utilities"]["b"] - 0.25) < 1e-7


def test_the_real_range_comparison_detects_an_error_above_1e3():
    """The checker is not vacuous: a utility off by 2e-3, or utilities that are not
    those of the reported outcome, are reported."""
    got = json.loads(json.dumps(bf.report(SPLIT)))
    assert real_range_differences(SPLIT, got) == []
    wrong = copy.deepcopy(got)
    wrong["solutions"]["nash"]["utilities"]["a"] += 2e-3
    assert len(real_range_differences(SPLIT, wrong)) == 2
    moved = copy.deepcopy(got)
    moved["solutions"]["nash"]["outcome"]["x"] = 7.0
    assert len(real_range_differences(SPLIT, moved)) == 2
