"""SPEC section 3, 'Large additive spaces': the additive path agrees with enumeration.

The additive path is forced by setting ``solve.max_outcomes`` below the size of
a small space, and its report is compared with the enumerated one on every
field (sizes, disagreement, frontier size, every solution's outcome and every
party's utility, with and without each pressure). The ZOPA counting methods
(dynamic programme, meet in the middle, Monte Carlo estimate) are each checked
against the enumerated count, and a 1e100-outcome case against its known
structure.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim import additive
from sim.additive import zopa as zopa_size
from sim.analysis import Solver, analyse
from sim.errors import AnalysisError
from sim.limits import Limits
from sim.report import to_json, to_text
from sim.scenario import from_dict

from .strategies import continuous_settings, parties, pressures, scenario_settings, scenarios
from .test_conformance import differences


def _forced(doc: dict) -> dict:
    """The same document with max_outcomes just below its space size."""
    resolution = doc.get("solve", {}).get("resolution", 101)
    size = math.prod(len(i["options"]) if "options" in i else resolution
                     for i in doc["issues"].values())
    out = dict(doc)
    out["solve"] = dict(doc.get("solve", {}), max_outcomes=max(1, size - 1))
    return out


def _both(doc: dict) -> tuple[dict, dict | None]:
    """(enumerated report, additive report or None if a compound would be the whole space)."""
    want = to_json(analyse(from_dict(doc)))
    try:
        got = to_json(analyse(from_dict(_forced(doc))))
    except AnalysisError as exc:
        assert "compound" in str(exc)
        return want, None
    return want, got


@st.composite
def wide_scenarios(draw: st.DrawFn) -> dict:
    """5 to 7 discrete issues of 2 or 3 options, conditions on one or two issues, so
    that fusion joins some issues and leaves the others additive."""
    coarse = draw(st.booleans())
    n = draw(st.integers(5, 7))
    issues = {f"i{k}": {"options": [f"o{m}" for m in range(draw(st.integers(2, 3)))]}
              for k in range(n)}
    veto = [f"p{k}" for k in range(draw(st.integers(2, 3)))]
    doc: dict = {"name": "wide", "issues": issues,
                 "parties": {name: draw(parties(issues, coarse, lottery=False)) for name in veto}}
    doc["parties"]["sender"] = draw(parties(issues, coarse, veto=False, lottery=False))
    if draw(st.booleans()):
        doc["pressures"] = {"pr": draw(pressures(issues, veto, ["sender", veto[0]], coarse))}
    if draw(st.integers(0, 4)) == 0:
        doc["solve"] = {"lotteries": True}
    return doc


@given(wide_scenarios())
@scenario_settings
def test_additive_agrees_with_enumeration_on_wide_spaces(doc):
    want, got = _both(doc)
    if got is not None:
        assert differences(got, want) == []


@given(scenarios(continuous=None, max_veto=3))
@continuous_settings
def test_additive_agrees_with_enumeration_on_random_scenarios(doc):
    want, got = _both(doc)
    if got is not None:
        assert differences(got, want) == []


@given(wide_scenarios())
@scenario_settings
def test_the_frontier_alone_is_the_frontier_of_the_counted_solve(doc):
    """``count=False`` (the robustness re-solves) skips the ZOPA count of the additive
    path and nothing else: the same frontier, its indices and the same solutions, the
    size -1 (not counted)."""
    solver = Solver.of(from_dict(_forced(doc)))
    pressures = solver.scenario.pressures
    try:
        counted = solver.solve(pressures)
    except AnalysisError as exc:
        assert "compound" in str(exc)
        return
    alone = solver.solve(pressures, count=False)
    assert alone.zopa_size == (-1 if len(alone.frontier) else 0)
    np.testing.assert_array_equal(alone.frontier, counted.frontier)
    np.testing.assert_array_equal(alone.frontier_index, counted.frontier_index)
    assert alone.solutions.keys() == counted.solutions.keys()
    for concept, sol in counted.solutions.items():
        other = alone.solutions[concept]
        assert (sol is None) == (other is None)
        if sol is not None and other is not None:
            assert (other.point, other.lottery, other.index) == (sol.point, sol.lottery, sol.index)
            np.testing.assert_array_equal(other.utilities, sol.utilities)


def test_hypothesis_cases_do_take_the_additive_path():
    """A wide case whose conditions leave issues apart is solved without error."""
    issues = {f"i{k}": {"options": ["a", "b", "c"]} for k in range(6)}
    values = {f"i{k}": {"ranking": ["a", "b", "c"]} for k in range(6)}
    doc = {"name": "t", "issues": issues, "parties": {
        "p": {"weights": {f"i{k}": k + 1 for k in range(6)}, "values": values, "disagreement": 0.2,
              "red_lines": [{"i0": "a", "i1": "a"}],
              "interactions": [{"when": {"i2": "c"}, "bonus": 0.1}]},
        "q": {"weights": {f"i{k}": 6 - k for k in range(6)},
              "values": {f"i{k}": {"ranking": ["c", "b", "a"]} for k in range(6)},
              "disagreement": 0.3}}}
    solver = Solver.of(from_dict(_forced(doc)))
    assert [p.issues for p in additive.decompose(solver, [])] == [(0, 1), (2,), (3,), (4,), (5,)]
    want, got = _both(doc)
    assert got is not None and differences(got, want) == []


# ---------------------------------------------------------------------------
# Regions (the threat game's comply / defy halves)


def _threat_doc() -> dict:
    issues = {f"i{k}": {"options": ["a", "b", "c"]} for k in range(5)}
    rng = np.random.default_rng(3)
    ps = {name: {"weights": {f"i{k}": float(rng.uniform(0.1, 1)) for k in range(5)},
                 "values": {f"i{k}": {o: float(rng.uniform()) for o in "abc"} for k in range(5)},
                 "disagreement": 0.3} for name in ("p", "q")}
    return {"name": "t", "issues": issues, "parties": ps}


def _points(result) -> dict:
    return {k: s.point for k, s in result.solutions.items()}


@pytest.mark.parametrize("complement", [False, True])
def test_condition_regions_agree_with_enumeration(complement):
    doc = _threat_doc()
    enum, add = Solver.of(from_dict(doc)), Solver.of(from_dict(_forced(doc)))
    pressure = {"by": ["p"], "target": "q", "demand": {"i1": "a", "i3": ["b", "c"]}, "penalty": 0.1}
    cond = from_dict(dict(doc, pressures={"x": pressure})).pressures[0].demand
    region = additive.ConditionRegion(cond, complement)
    a, b = enum.solve([], region), add.solve([], region)
    assert a.zopa_size == b.zopa_size and np.array_equal(a.frontier, b.frontier)
    assert a.frontier_index.tolist() == b.frontier_index.tolist()
    assert _points(a) == _points(b)
    if not complement:  # a bound Condition.matches names its issues too
        assert add.solve([], cond.matches).frontier_index.tolist() == a.frontier_index.tolist()


def test_an_opaque_region_stops_with_the_size_message():
    add = Solver.of(from_dict(_forced(_threat_doc())))
    with pytest.raises(AnalysisError, match="243 outcomes.*region"):
        add.solve([], lambda cols: cols[0] == 0)


def test_a_compound_too_large_stops_with_the_size_message():
    doc = _forced(_threat_doc())
    doc["parties"]["p"]["interactions"] = [{"when": {f"i{k}": "a" for k in range(5)}, "bonus": 0.1}]
    with pytest.raises(AnalysisError, match="243 outcomes.*compound of 243 options"):
        analyse(from_dict(doc))


# ---------------------------------------------------------------------------
# Counting and estimating the ZOPA


def _real_doc(n_issues: int, n_options: int, d: tuple[float, ...], seed: int) -> dict:
    rng = np.random.default_rng(seed)
    opts = [f"o{k}" for k in range(n_options)]
    ps = {f"p{i}": {"weights": {f"i{j}": float(rng.uniform(0.1, 1)) for j in range(n_issues)},
                    "values": {f"i{j}": {o: round(float(rng.uniform()), 4) for o in opts}
                               for j in range(n_issues)},
                    "disagreement": di} for i, di in enumerate(d)}
    return {"name": "real", "issues": {f"i{j}": {"options": opts} for j in range(n_issues)},
            "parties": ps}


def _zopa(doc: dict) -> int:
    return analyse(from_dict(doc)).result.zopa_size


def test_zopa_by_dynamic_programming_is_exact():
    doc = _real_doc(6, 4, (0.55, 0.5), 1)
    solver = Solver.of(from_dict(_forced(doc)))
    parts = additive.decompose(solver, [])
    assert additive.count_zopa(parts, solver.disagreement([])[solver.veto]) == _zopa(doc)


def test_zopa_by_meeting_in_the_middle_is_exact():
    doc = _real_doc(8, 4, (0.0, 0.55), 2)
    solver = Solver.of(from_dict(_forced(doc)))
    parts = additive.decompose(solver, [])
    d = solver.disagreement([])[solver.veto]
    limits = Limits(dp_states=300)  # the full programme gives up
    caps = (limits.dp_states, limits.dp_candidates)
    tables = [p.values[:, 1:] for p in parts]
    assert zopa_size._sweep(tables, d[1:], np.zeros(1), np.zeros(1), 1, caps=caps) is None
    assert additive.count_zopa(parts, d, limits=limits) == _zopa(doc) > 0


def test_an_uncountable_zopa_is_estimated_and_marked():
    doc = _real_doc(8, 4, (0.5, 0.5), 3)
    exact = _zopa(doc)
    report = to_json(analyse(from_dict(_forced(doc)), limits=Limits(dp_states=50, dp_candidates=500)))
    zopa = report["zopa"]
    assert zopa["estimate"] is True
    lo, hi = zopa["ci95"]
    assert lo <= zopa["size"] <= hi
    # a 95 % interval misses one time in twenty; four standard errors almost never
    share = exact / 4 ** 8
    se = math.sqrt(share * (1 - share) / zopa_size.SAMPLES) * 4 ** 8
    assert abs(zopa["size"] - exact) < 4 * se
    assert (hi - lo) == pytest.approx(2 * 1.96 * se, rel=0.05)
    assert abs(zopa["share"] - zopa["size"] / 4 ** 8) < 1e-9
    assert report["pareto"]["size"] == to_json(analyse(from_dict(doc)))["pareto"]["size"]


# ---------------------------------------------------------------------------
# A space of 1e100 outcomes


def test_hundred_issues_of_ten_options():
    """Two parties, 1e100 outcomes: the frontier is exactly non-dominated, each
    solution's outcome scores what it reports, and everything is in the ZOPA."""
    doc = _real_doc(100, 10, (0.0, 0.0), 4)
    a = analyse(from_dict(doc))
    r, space = a.result, a.space
    assert space.size == 10 ** 100 and r.zopa_size == 10 ** 100 and r.zopa_ci95 is None
    f = r.frontier
    assert len(f) == r.n_pareto > 100
    order = np.argsort(-f[:, 0])
    assert np.all(np.diff(f[order, 1]) > 0)  # a strict staircase: no vector dominates another
    solver = Solver.of(a.scenario)
    for sol in r.solutions.values():
        assert np.array_equal(solver.utilities_at([sol.point], [])[0], sol.utilities)
        assert space.index_of(sol.point) == sol.index
        assert any(np.array_equal(sol.utilities, row) for row in f)
    # the utilitarian solution maximises each issue's summed weighted value
    s = a.scenario
    best = [int(np.argmax(sum(p.weights[j] * np.asarray(p.values[j].values) for p in s.parties)))
            for j in range(100)]
    assert [int(v) for v in r.solutions["utilitarian"].point] == best


def test_the_terminal_report_sums_up_a_space_of_1e100_outcomes():
    """The readable report names sizes past 1e15 in scientific notation and
    a space of more than a dozen issues by its shape (the JSON stays exact)."""
    a = analyse(from_dict(_real_doc(100, 10, (0.0, 0.0), 4)))
    text = to_text(a)
    assert "Outcome space     1.000e+100 outcomes (100 issues of 10 options)" in text
    assert "ZOPA              1.000e+100 outcomes, 100.00% of the space" in text
    assert f"Pareto frontier   {a.result.n_pareto:,} distinct utility vectors" in text
    assert to_json(a)["outcome_space"]["size"] == 10 ** 100
