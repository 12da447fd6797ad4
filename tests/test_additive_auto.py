"""The solver's choice of path (``Solver.solve(method="auto")``, :func:`sim.additive.auto`).

Below ``solve.max_outcomes`` the additive path is taken by default only where
its result is the enumerated one bit for bit (:func:`sim.additive.reproduces`).
With the size threshold lowered to 0, small random scenarios go through exactly
the code the default takes on large ones, and every field of the result (and
the JSON report, compared with ``==``, not within a tolerance) must equal the
enumeration's. The rule itself is checked on a large plain case (additive) and
on the terms that make it enumerate.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from sim import additive
from sim.analysis import Solver, analyse
from sim.errors import AnalysisError
from sim.limits import DEFAULTS, Limits
from sim.report import to_json
from sim.scenario import from_dict

from .strategies import LATTICE, conditions, discrete_values, pressures, scenario_settings

# ---------------------------------------------------------------------------
# Random scenarios that the rule often accepts


@st.composite
def _party(draw: st.DrawFn, issues: dict[str, Any], coarse: bool, veto: bool,
           alike: bool = False) -> dict[str, Any]:
    """A party with single-issue red lines and interactions (rarely on a veto party,
    where an interaction makes the rule enumerate), duplicate values and ties;
    ``alike``: the same values on every issue (many outcomes then share a vector,
    built in different orders)."""
    names = list(issues)
    weights = {n: draw(st.sampled_from((0, 1, 1, 2, 3) if coarse else (0, 1, 1 / 3, 0.7, 2.9)))
               for n in names}
    if not any(weights.values()):
        weights[names[0]] = 1
    if alike:
        weights = dict.fromkeys(names, draw(st.sampled_from((1, 1 / 3, 0.7))))
        same = draw(discrete_values(issues[names[0]]["options"], coarse))
        values = dict.fromkeys(names, same)
    else:
        values = {n: draw(discrete_values(spec["options"], coarse)) for n, spec in issues.items()}
    party: dict[str, Any] = {"weights": weights, "values": values}
    if not veto:
        party["veto"] = False
    kind = draw(st.integers(0, 3))  # binding disagreements: on the lattice, or high
    if kind:
        party["disagreement"] = (draw(st.sampled_from(LATTICE[:4])) if kind == 1 else
                                 round(draw(st.floats(0, 0.8)), 3) if kind == 2 else
                                 draw(st.sampled_from((0.3, 1 / 3, 0.5, 0.6))))
    if draw(st.integers(0, 2)) == 0:
        party["red_lines"] = [draw(conditions(issues, coarse, max_clauses=1))
                              for _ in range(draw(st.integers(1, 2)))]
    if draw(st.integers(0, 7 if veto else 1)) == 0:
        party["interactions"] = [{"when": draw(conditions(issues, coarse, max_clauses=1)),
                                  "bonus": draw(st.sampled_from((-0.1, 0.05, 0.125)))}]
    if draw(st.integers(0, 2)) == 0:
        party["bargaining_power"] = draw(st.sampled_from((0.5, 1, 2, 3)))
    return party


@st.composite
def auto_scenarios(draw: st.DrawFn) -> dict[str, Any]:
    """3 to 6 discrete issues (1 to 4 options, at most 300 outcomes), 2 or 3 veto
    parties, sometimes a non-veto sender whose pressure moves only itself, or
    another that moves a veto party (then the rule enumerates); sometimes lotteries."""
    coarse, alike = draw(st.booleans()), draw(st.booleans())
    counts = [draw(st.integers(1, 4)) for _ in range(draw(st.integers(3, 6)))]
    if alike:  # 2 or 3 options on every issue, at most 3^5 outcomes
        counts = [min(3, max(2, counts[0]))] * min(len(counts), 5)
    while np.prod(counts) > 300:
        counts[counts.index(max(counts))] -= 1
    issues = {f"i{k}": {"options": [f"o{m}" for m in range(n)]} for k, n in enumerate(counts)}
    veto = [f"p{k}" for k in range(draw(st.integers(2, 3)))]
    doc: dict[str, Any] = {"name": "auto", "issues": issues, "parties": {
        name: draw(_party(issues, coarse, True, alike and draw(st.integers(0, 3)) > 0))
        for name in veto}}
    if draw(st.booleans()):
        doc["parties"]["sender"] = draw(_party(issues, coarse, False))
        doc["parties"]["other"] = draw(_party(issues, coarse, False))
        pressure = draw(pressures(issues, veto, ["sender"], coarse))
        if draw(st.integers(0, 3)):  # a pressure that moves only non-veto parties
            pressure.update(target="other", credibility=draw(st.sampled_from((0.0, 0.5, 1.0))))
        doc["pressures"] = {"pr": pressure}
    if draw(st.integers(0, 4)) == 0:
        doc["solve"] = {"lotteries": True}
    return doc


def _spy(mp: pytest.MonkeyPatch) -> list[bool]:
    """Record, per exact additive solve, whether it gave a result (else: enumerated)."""
    taken: list[bool] = []
    solve = additive.solve_additive

    def spy(*args, exact: bool = False, **kwargs):
        result = solve(*args, exact=exact, **kwargs)
        if exact:
            taken.append(result is not None)
        return result

    mp.setattr(additive, "solve_additive", spy)
    return taken


def _same(got, want) -> None:
    """Every field of two results, exactly."""
    assert got.zopa_size == want.zopa_size and got.zopa_ci95 is want.zopa_ci95 is None
    assert got.pareto_size == want.pareto_size
    for a, b in ((got.disagreement, want.disagreement), (got.frontier, want.frontier),
                 (got.frontier_index, want.frontier_index)):
        assert a.shape == b.shape and np.array_equal(a, b)
    assert (got.ideal is None) == (want.ideal is None)
    if got.ideal is not None:
        assert np.array_equal(got.ideal, want.ideal)
    assert got.solutions.keys() == want.solutions.keys()
    for name, a in got.solutions.items():
        b = want.solutions[name]
        assert (a is None) == (b is None)
        if a is not None:
            assert (a.index, a.point, a.lottery) == (b.index, b.point, b.lottery)
            assert np.array_equal(a.utilities, b.utilities)


@given(auto_scenarios())
@settings(scenario_settings, max_examples=4 * settings().max_examples)
def test_where_the_rule_takes_the_additive_path_it_is_the_enumeration_bit_for_bit(doc):
    s = from_dict(doc)
    with pytest.MonkeyPatch.context() as mp:
        taken = _spy(mp)
        got = analyse(s, limits=Limits(auto_from=0))
    want = analyse(s, method="enumerate")
    event(f"additive path taken: {any(taken)}")
    _same(got.result, want.result)
    for name, r in got.without.items():
        _same(r, want.without[name])
    assert to_json(got) == to_json(want)
    if any(taken):  # the additive path forced on its own gives that report too
        assert to_json(analyse(s, method="additive")) == to_json(want)


# ---------------------------------------------------------------------------
# The rule on large spaces


def _plain(n_issues: int = 7, n_options: int = 7, parties: int = 2) -> dict[str, Any]:
    """Random additive preferences, n_options ** n_issues outcomes (7 x 7: 823,543)."""
    rng = np.random.default_rng(11)
    opts = [f"o{k}" for k in range(n_options)]
    issues = {f"i{j}": {"options": opts} for j in range(n_issues)}
    ps = {f"p{i}": {"weights": {j: float(rng.uniform(0.1, 1)) for j in issues},
                    "values": {j: {o: round(float(rng.uniform()), 3) for o in opts} for j in issues},
                    "disagreement": 0.2} for i in range(parties)}
    return {"name": "plain", "issues": issues, "parties": ps}


def _path(doc: dict[str, Any], limits: Limits = DEFAULTS) -> tuple[list[bool], Any]:
    with pytest.MonkeyPatch.context() as mp:
        taken = _spy(mp)
        return taken, analyse(from_dict(doc), limits=limits)


def test_limits_send_a_small_space_down_the_additive_path():
    """With ``auto_from`` at 0 a space of one chunk takes the path that large ones take
    (what the property above relies on); by default it is enumerated without asking."""
    doc = _plain(3, 4)
    taken, got = _path(doc, Limits(auto_from=0))
    assert taken == [True]
    _same(got.result, analyse(from_dict(doc), method="enumerate").result)
    assert _path(doc)[0] == []


def test_a_large_plain_space_takes_the_additive_path():
    doc = _plain()
    solver = Solver.of(from_dict(doc))
    assert solver.space.size > solver.limits.auto_from and additive.auto(solver, [])
    taken, got = _path(doc)
    assert taken == [True]
    want = analyse(from_dict(doc), method="enumerate")
    _same(got.result, want.result)
    assert got.result.zopa_size > 0 and len(got.result.frontier) > 1


def _sender(**extra: Any) -> dict[str, Any]:
    """A non-veto party that cares for issue i0 only."""
    return {"veto": False, "weights": {"i0": 1}, "values": {"i0": {"ranking": [f"o{k}" for k in range(7)]}},
            **extra}


def _with(change: str) -> dict[str, Any]:
    doc = _plain()
    p0, p1 = doc["parties"]["p0"], doc["parties"]["p1"]
    if change == "pressure across issues":
        doc["parties"]["s"] = _sender()
        doc["pressures"] = {"x": {"by": ["s"], "target": "p0", "demand": {"i0": "o1", "i1": "o2"},
                                  "penalty": 0.1}}
    elif change == "pressure on one issue":  # added after every issue: another order
        doc["parties"]["s"] = _sender()
        doc["pressures"] = {"x": {"by": ["s"], "target": "p0", "demand": {"i0": "o1"},
                                  "reward": 0.1}}
    elif change == "interaction on one issue":
        p0["interactions"] = [{"when": {"i3": "o0"}, "bonus": 0.05}]
    elif change == "red line across issues":
        p1["red_lines"] = [{"i0": "o0", "i1": "o0"}]
    elif change == "four veto parties":
        doc = _plain(5, 14, 4)
    elif change == "continuous issue":
        doc["issues"]["i6"] = {"range": [0, 1]}
        p0["values"]["i6"], p1["values"]["i6"] = "increasing", {"power": 2, "direction": "decreasing"}
        doc["solve"] = {"resolution": 7}
    return doc


@pytest.mark.parametrize("change", ["pressure across issues", "pressure on one issue",
                                    "interaction on one issue", "red line across issues",
                                    "four veto parties", "continuous issue"])
def test_terms_outside_the_rule_make_it_enumerate(change):
    doc = _with(change)
    s = from_dict(doc)
    solver = Solver.of(s)
    assert solver.space.size > solver.limits.auto_from and not additive.auto(solver, s.pressures)
    with pytest.MonkeyPatch.context() as mp:
        taken = _spy(mp)
        got = solver.solve(s.pressures)
    assert taken == []
    _same(got, solver.solve(s.pressures, method="enumerate"))


def test_a_red_line_and_a_pressure_on_others_keep_the_additive_path():
    doc = _plain()
    doc["parties"]["p1"]["red_lines"] = [{"i2": ["o0", "o3"]}]
    doc["parties"]["s"] = _sender(interactions=[{"when": {"i0": "o1", "i1": "o1"}, "bonus": 0.2}])
    doc["pressures"] = {"x": {"by": ["s"], "target": "p0", "demand": {"i0": "o1", "i1": "o2"},
                              "credibility": 0, "penalty": 0.1, "cost": {"s": 0.05}}}
    taken, got = _path(doc)
    assert taken == [True, True]  # with the pressure and without it
    want = analyse(from_dict(doc), method="enumerate")
    _same(got.result, want.result)
    assert to_json(got) == to_json(want)


def test_an_uncountable_zopa_is_enumerated_not_estimated():
    small = Limits(dp_states=50, dp_candidates=500)
    doc = _plain()
    taken, got = _path(doc, small)
    assert taken == [False]  # tried, could not count in the reference's order
    assert got.result.zopa_ci95 is None
    _same(got.result, analyse(from_dict(doc), method="enumerate").result)
    forced = analyse(from_dict(doc), method="additive", limits=small).result
    assert forced.zopa_ci95 is not None  # forced, the path estimates


# ---------------------------------------------------------------------------
# Forcing a path; max_outcomes


def test_forced_enumeration_past_max_outcomes_stops_with_the_size_message():
    doc = dict(_plain(), solve={"max_outcomes": 100_000})
    s = from_dict(doc)
    with pytest.raises(AnalysisError, match=r"823,543 outcomes \(7 x 7 x 7 x 7 x 7 x 7 x 7\), "
                                            r"more than solve.max_outcomes = 100,000"):
        analyse(s, method="enumerate")
    assert analyse(s).result.zopa_size == analyse(from_dict(_plain())).result.zopa_size


def test_forced_additive_says_why_it_cannot_split():
    s = from_dict(dict(_plain(3, 4), solve={"max_outcomes": 63}))
    def opaque(cols):  # a region that names no issues
        return cols[0] == cols[1]

    with pytest.raises(AnalysisError, match="64 outcomes .4 x 4 x 4., more than solve.max_outcomes"
                                            " = 63, and .* region"):
        Solver.of(s).solve([], opaque)
    within = from_dict(_plain(3, 4))
    with pytest.raises(AnalysisError, match=r"64 outcomes .4 x 4 x 4. and .* region"):
        Solver.of(within).solve([], opaque, method="additive")


@pytest.mark.parametrize("method", ["enumerate", "additive"])
def test_zopa_only(method):
    s = from_dict(_plain(5, 5))
    full = Solver.of(s).solve([], method=method)
    only = Solver.of(s).solve([], method=method, frontier=False)
    assert only.zopa_size == full.zopa_size > 0 and only.frontier.shape == (0, 2)
    assert only.ideal is None and set(only.solutions.values()) == {None}
