"""Hypothesis strategies for random, valid scenario documents (SPEC section 2).

The strategies build raw mappings, exactly what ``yaml.safe_load`` of a
scenario file gives, so that a test can feed them to ``sim.scenario.from_dict``
and to the brute force in ``tests/bruteforce.py`` alike, or mutate them first.

>>> from hypothesis import given
>>> from tests.strategies import scenarios
>>> @given(scenarios())
... def test_something(doc): ...

What they cover: discrete issues (mapping and ranking values) and continuous
issues (every value shape), two to five veto parties and a non-veto sender,
red lines (also on the sender, where they never bind), interactions, numeric
disagreements and war lotteries, bargaining powers, pressures with numeric or
``auto`` credibility, penalties, costs, backing-down costs and rewards, and a
``solve.concepts`` subset. About half of the documents put every number on a
coarse lattice (quarters), so that exact ties occur and the tie-break rules of
SPEC section 3 decide the result; the other half draw numbers to four decimals.

Spaces stay small (``max_outcomes``, default 240) so that a brute force can
enumerate them in well under a second.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: For tests drawing whole scenarios: a scenario is a large example even at its
#: simplest (two parties, an issue, values), which is what these strategies are for.
#: Apply it as a decorator below ``@given``; the loaded profile's other settings stay.
scenario_settings = settings(suppress_health_check=[HealthCheck.large_base_example, HealthCheck.too_slow])
#: For properties whose draws include continuous issues: each solve polishes every
#: concept over the real range (SLSQP, up to seconds a draw), so 30 draws in every
#: profile (CI's 60 doubled the suite's slowest tests); each run draws afresh.
continuous_settings = settings(scenario_settings, max_examples=30)

#: Coarse lattice of values: most ties come from here.
LATTICE = (0.0, 0.25, 0.5, 0.75, 1.0)
#: Probability vectors that sum to exactly 1 in binary floating point.
PROBABILITIES = ((1.0,), (0.5, 0.5), (0.25, 0.75), (0.75, 0.25), (0.2, 0.3, 0.5), (0.125, 0.375, 0.5))
#: Continuous ranges [lo, hi] (some off the unit interval, some negative).
RANGES = ((0.0, 1.0), (0.0, 100.0), (-1.0, 1.0), (10.0, 12.0))


def _number(draw: st.DrawFn, coarse: bool, lo: float, hi: float) -> float:
    """A number in [lo, hi]: a multiple of 1/4 of the span (coarse) or four decimals."""
    if coarse:
        return lo + (hi - lo) * draw(st.sampled_from(LATTICE))
    return round(draw(st.floats(lo, hi, allow_nan=False)), 4)


def _value(draw: st.DrawFn, coarse: bool) -> float:
    return _number(draw, coarse, 0.0, 1.0)


# ---------------------------------------------------------------------------
# Issues


@st.composite
def issue_specs(draw: st.DrawFn, *, continuous: bool | None = None, max_options: int = 5
                ) -> dict[str, Any]:
    """Continuous issues ({range: [lo, hi]}) or discrete ones ({options: [...]})."""
    if continuous is None:
        continuous = draw(st.booleans())
    if continuous:
        lo, hi = draw(st.sampled_from(RANGES))
        return {"range": [lo, hi]}
    n = draw(st.integers(1, max_options))
    return {"options": [f"o{k}" for k in range(n)]}


def _option_counts(draw: st.DrawFn, n_discrete: int, budget: int) -> list[int]:
    counts = [draw(st.sampled_from((1, 2, 3, 3, 4, 4, 5, 5))) for _ in range(n_discrete)]
    while math.prod(counts) > budget:
        k = counts.index(max(counts))
        counts[k] -= 1
    return counts


# ---------------------------------------------------------------------------
# Conditions and value shapes


@st.composite
def conditions(draw: st.DrawFn, issues: dict[str, Any], coarse: bool = True,
               max_clauses: int = 2) -> dict[str, Any]:
    """A condition: one or two clauses over distinct issues (SPEC section 2)."""
    names = list(issues)
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=min(max_clauses, len(names)),
                           unique=True))
    out: dict[str, Any] = {}
    for name in chosen:
        spec = issues[name]
        if "options" in spec:
            opts = spec["options"]
            if draw(st.booleans()):
                out[name] = draw(st.sampled_from(opts))
            else:
                out[name] = draw(st.lists(st.sampled_from(opts), min_size=1, max_size=len(opts), unique=True))
        else:
            lo, hi = spec["range"]
            keys = draw(st.lists(st.sampled_from(("below", "above", "at_most", "at_least")),
                                 min_size=1, max_size=2, unique=True))
            # thresholds on quarters of the range hit grid points exactly (SPEC 3, 'Rounding')
            out[name] = {k: _number(draw, True, lo, hi) for k in keys}
    return out


@st.composite
def discrete_values(draw: st.DrawFn, options: list[str], coarse: bool) -> dict[str, Any]:
    if draw(st.integers(0, 3)) == 0:
        return {"ranking": draw(st.permutations(options))}
    return {o: _value(draw, coarse) for o in options}


@st.composite
def continuous_values(draw: st.DrawFn, lo: float, hi: float, coarse: bool) -> Any:
    kind = draw(st.sampled_from(("increasing", "decreasing", "ideal", "power", "points")))
    if kind in ("increasing", "decreasing"):
        return kind
    if kind == "ideal":
        return {"ideal": _number(draw, coarse, lo, hi)}
    if kind == "power":
        spec: dict[str, Any] = {"power": draw(st.sampled_from((0.5, 1.0, 2.0, 3.0)))}
        if draw(st.booleans()):
            spec["direction"] = draw(st.sampled_from(("increasing", "decreasing")))
        return spec
    n = draw(st.integers(1, 4))
    # x on fifths of the range: strictly increasing, slopes stay bounded
    fifths = sorted(draw(st.lists(st.integers(0, 5), min_size=n, max_size=n, unique=True)))
    return {"points": [[lo + (hi - lo) * k / 5, _value(draw, coarse)] for k in fifths]}


@st.composite
def outcomes(draw: st.DrawFn, issues: dict[str, Any], coarse: bool) -> dict[str, Any]:
    """An outcome naming every issue (for war lotteries); continuous values anywhere in range."""
    out: dict[str, Any] = {}
    for name, spec in issues.items():
        if "options" in spec:
            out[name] = draw(st.sampled_from(spec["options"]))
        else:
            out[name] = _number(draw, coarse, *spec["range"])
    return out


# ---------------------------------------------------------------------------
# Parties and pressures


@st.composite
def parties(draw: st.DrawFn, issues: dict[str, Any], coarse: bool, *, veto: bool = True,
            lottery: bool = True) -> dict[str, Any]:
    """One party: weights (some zero or missing), values, disagreement, red lines, ..."""
    names = list(issues)
    while True:
        if coarse:
            weights = {n: draw(st.sampled_from((0, 1, 2, 3))) for n in names}
        else:
            weights = {n: round(draw(st.floats(0, 5)), 3) for n in names}
        if sum(weights.values()) > 0:
            break
    # a missing issue has weight 0: sometimes write the zero, sometimes leave it out
    weights = {n: w for n, w in weights.items() if w > 0 or draw(st.booleans())}
    values: dict[str, Any] = {}
    for n, spec in issues.items():
        if weights.get(n, 0) > 0 or draw(st.integers(0, 4)) == 0:
            if "options" in spec:
                values[n] = draw(discrete_values(spec["options"], coarse))
            else:
                values[n] = draw(continuous_values(*spec["range"], coarse))
    party: dict[str, Any] = {"weights": weights, "values": values}
    if not veto:
        party["veto"] = False
    elif draw(st.integers(0, 5)) == 0:
        party["veto"] = True
    if lottery and draw(st.integers(0, 4)) == 0:
        probs = draw(st.sampled_from(PROBABILITIES))
        party["disagreement"] = {
            "lottery": [{"probability": p, "outcome": draw(outcomes(issues, coarse))} for p in probs],
            "cost": draw(st.sampled_from((0.0, 0.05, 0.1))),
        }
    elif draw(st.integers(0, 5)):
        party["disagreement"] = (draw(st.sampled_from((0.0, 0.1, 0.2, 0.25, 0.3))) if coarse
                                 else round(draw(st.floats(0, 0.35)), 3))
    n_red = draw(st.sampled_from((0, 0, 0, 0, 1, 1, 2)))
    if n_red:
        party["red_lines"] = [draw(conditions(issues, coarse)) for _ in range(n_red)]
    if draw(st.integers(0, 2)) == 0:
        party["interactions"] = [
            {"when": draw(conditions(issues, coarse)),
             "bonus": draw(st.sampled_from((-0.1, -0.05, 0.05, 0.1, 0.125)))}
            for _ in range(draw(st.integers(1, 2)))
        ]
    if draw(st.integers(0, 2)) == 0:
        party["bargaining_power"] = (draw(st.sampled_from((0.5, 1, 2, 3))) if coarse
                                     else round(draw(st.floats(0.2, 4)), 3))
    return party


@st.composite
def pressures(draw: st.DrawFn, issues: dict[str, Any], veto: list[str], senders: list[str],
              coarse: bool, impasse: bool = False) -> dict[str, Any]:
    """A pressure: a threat (penalty, costs), a carrot (reward), or both. With
    ``impasse``, also SPEC section 12's fields: ``applies_to: impasse`` (then and
    only then sometimes without a demand) and ``compliance_cost``."""
    by = draw(st.lists(st.sampled_from(senders), min_size=1, max_size=len(senders), unique=True))
    target = draw(st.sampled_from([p for p in veto if p not in by] or veto))
    spec: dict[str, Any] = {"by": by, "target": target, "demand": draw(conditions(issues, coarse))}
    if draw(st.integers(0, 3)):
        spec["penalty"] = draw(st.sampled_from((0.05, 0.1, 0.2, 0.25, 0.5)))
    if draw(st.booleans()):
        spec["cost"] = {s: draw(st.sampled_from((0.0, 0.02, 0.05, 0.1))) for s in by}
    if draw(st.booleans()):
        spec["credibility"] = "auto"
        if draw(st.integers(0, 3)):
            spec["backing_down_cost"] = {s: draw(st.sampled_from((0.0, 0.03, 0.08))) for s in by}
    elif draw(st.integers(0, 3)):
        spec["credibility"] = draw(st.sampled_from((0.0, 0.25, 0.5, 0.7, 1.0)))
    if draw(st.integers(0, 2)) == 0:
        spec["reward"] = draw(st.sampled_from((0.05, 0.1, 0.25)))
    if impasse:
        if draw(st.booleans()):
            spec["applies_to"] = "impasse"
            if draw(st.booleans()):
                del spec["demand"]
        if draw(st.booleans()):
            spec["compliance_cost"] = draw(st.sampled_from((0.05, 0.1, 0.3)))
    return spec


# ---------------------------------------------------------------------------
# Whole scenarios


@st.composite
def scenarios(draw: st.DrawFn, *, continuous: int | None = 0, min_veto: int = 2, max_veto: int = 5,
              max_outcomes: int = 240, with_pressures: bool | None = None, with_sender: bool | None = None,
              lotteries: bool = True, coarse: bool | None = None, impasse: bool = False
              ) -> dict[str, Any]:
    """A random valid scenario document.

    ``continuous`` is the number of continuous issues (None: 0, 1 or 2). With
    continuous issues the discrete part is kept to at most 8 combinations, so
    that a real-range brute force stays fast. ``coarse`` forces (True) or
    forbids (False) the lattice of quarters; None draws it. ``with_sender`` and
    ``with_pressures`` likewise force or forbid a non-veto sender and one or two
    pressures (pressures need the sender); ``impasse`` lets pressures act on the
    impasse and carry a compliance cost (SPEC section 12).
    """
    if coarse is None:
        coarse = draw(st.booleans())
    n_cont = draw(st.integers(0, 2)) if continuous is None else continuous
    n_disc = draw(st.integers(0 if n_cont else 1, 3 if n_cont else 4))
    resolution = draw(st.integers(2, 9)) if n_cont else None
    grid = (resolution or 1) ** n_cont
    budget = max(1, min(max_outcomes // grid, 8 if n_cont else max_outcomes))
    counts = _option_counts(draw, n_disc, budget)
    kinds = [True] * n_cont + [False] * n_disc
    order = draw(st.permutations(range(len(kinds))))
    issues: dict[str, Any] = {}
    for k in order:
        name = f"i{k}"
        if kinds[k]:
            lo, hi = draw(st.sampled_from(RANGES))
            issues[name] = {"range": [lo, hi]}
        else:
            issues[name] = {"options": [f"o{m}" for m in range(counts[k - n_cont])]}
    n_veto = draw(st.integers(min_veto, max_veto))
    veto = [f"p{k}" for k in range(n_veto)]
    parts = {name: draw(parties(issues, coarse, lottery=lotteries)) for name in veto}
    if with_sender is None:
        with_sender = draw(st.integers(0, 4)) > 0
    if with_sender:
        parts["sender"] = draw(parties(issues, coarse, veto=False, lottery=False))
    doc: dict[str, Any] = {"name": "random scenario", "issues": issues, "parties": parts}
    if with_pressures is None:
        with_pressures = draw(st.booleans())
    if with_pressures and with_sender:
        senders = ["sender"] + veto[:1]
        doc["pressures"] = {f"pr{k}": draw(pressures(issues, veto, senders, coarse, impasse))
                            for k in range(draw(st.integers(1, 2)))}
    solve: dict[str, Any] = {}
    if resolution is not None:
        solve["resolution"] = resolution
    if draw(st.integers(0, 3)) == 0:
        solve["concepts"] = draw(st.lists(st.sampled_from(
            ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")), min_size=1, unique=True))
    if solve:
        doc["solve"] = solve
    return doc


def discrete_scenarios(**kwargs: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Scenarios with discrete issues only (the brute force is exact on these)."""
    return scenarios(continuous=0, **kwargs)


def continuous_scenarios(**kwargs: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Scenarios with one or two continuous issues beside at most 8 discrete combinations."""
    return st.integers(1, 2).flatmap(lambda k: scenarios(continuous=k, **kwargs))


# ---------------------------------------------------------------------------
# Scenarios symmetric under swapping two veto parties


def mirror(node: Any) -> Any:
    """Swap the issues 'left' and 'right' everywhere in a party or condition."""
    if isinstance(node, dict):
        swap = {"left": "right", "right": "left"}
        return {swap.get(k, k): mirror(v) for k, v in node.items()}
    if isinstance(node, list):
        return [mirror(v) for v in node]
    return node


def _symmetrise(party: dict[str, Any]) -> dict[str, Any]:
    """A party indifferent to swapping 'left' and 'right'."""
    for key in ("weights", "values"):
        table = party[key]
        if "left" in table:
            table["right"] = table["left"]
        else:
            table.pop("right", None)
    for key in ("red_lines",):
        if key in party:
            party[key] = party[key] + mirror(party[key])
    if "interactions" in party:
        party["interactions"] = party["interactions"] + mirror(party["interactions"])
    return party


@st.composite
def symmetric_scenarios(draw: st.DrawFn, max_outcomes: int = 240, max_others: int = 2) -> dict[str, Any]:
    """Discrete scenarios that the permutation 'swap the options of issues left and
    right' maps onto themselves with veto parties a and b exchanged.

    b is a's mirror image (weights, values, red lines, interactions, disagreement
    and bargaining power); up to ``max_others`` further veto parties (and maybe a
    non-veto party) value left and right alike and carry each red line and
    interaction together with its mirror image. No pressures.
    """
    coarse = draw(st.booleans())
    k = draw(st.integers(2, 4))
    options = [f"o{m}" for m in range(k)]
    issues: dict[str, Any] = {"left": {"options": options}, "right": {"options": list(options)}}
    for j, n in enumerate(_option_counts(draw, draw(st.integers(0, 2)), max(1, max_outcomes // (k * k)))):
        issues[f"s{j}"] = {"options": [f"o{m}" for m in range(n)]}
    a = draw(parties(issues, coarse, lottery=False))
    doc_parties = {"a": a, "b": mirror(a)}
    for j in range(draw(st.integers(0, max_others))):
        other = _symmetrise(draw(parties(issues, coarse, lottery=False)))
        if not any(w > 0 for w in other["weights"].values()):
            other["weights"].update(left=1, right=1)  # symmetrising dropped its only weight
            other["values"]["left"] = other["values"]["right"] = draw(discrete_values(options, coarse))
        doc_parties[f"c{j}"] = other
    observer = _symmetrise(draw(parties(issues, coarse, veto=False, lottery=False)))
    if any(w > 0 for w in observer["weights"].values()) and draw(st.booleans()):
        doc_parties["observer"] = observer
    return {"name": "symmetric scenario", "issues": issues, "parties": doc_parties}


# ---------------------------------------------------------------------------
# Dense frontiers


@st.composite
def frontier_scenarios(draw: st.DrawFn, min_options: int = 8, max_options: int = 40) -> dict[str, Any]:
    """A division with many Pareto-optimal outcomes: one discrete issue whose options
    lie near a curve u_1 = (1 - u_0)^e (e in {1/2, 1, 2}, four-decimal noise), a
    possible third veto party with random values, low disagreements. Solutions here
    move when a disagreement point or a bargaining power moves, which random
    additive scenarios (with a handful of frontier points) seldom do."""
    n = draw(st.integers(min_options, max_options))
    options = [f"o{k}" for k in range(n)]
    xs = [round(draw(st.floats(0, 1)), 4) for _ in options]
    e = draw(st.sampled_from((0.5, 1.0, 2.0)))
    noise = [round(draw(st.floats(-0.03, 0.03)), 4) for _ in options]
    ys = [min(1.0, max(0.0, round((1 - x) ** e + z, 4))) for x, z in zip(xs, noise)]
    parties_: dict[str, Any] = {
        "p0": {"weights": {"split": 1}, "values": {"split": dict(zip(options, xs))}},
        "p1": {"weights": {"split": 1}, "values": {"split": dict(zip(options, ys))}},
    }
    if draw(st.booleans()):
        parties_["p2"] = {"weights": {"split": 1},
                          "values": {"split": {o: round(draw(st.floats(0, 1)), 4) for o in options}}}
    for spec in parties_.values():
        spec["disagreement"] = round(draw(st.floats(0, 0.3)), 3)
        if draw(st.booleans()):
            spec["bargaining_power"] = draw(st.sampled_from((0.5, 1, 2, 3)))
    return {"name": "dense frontier", "issues": {"split": {"options": options}}, "parties": parties_}


@st.composite
def agreements(draw: st.DrawFn, doc: dict[str, Any]) -> dict[str, Any]:
    """A valid ``agreement:`` section (SPEC section 11) for scenario ``doc``: any of a
    quorum (1 .. number of parties), votes with a threshold (quarters, so that ties
    with the threshold occur), and implementers of some issues with a default."""
    names = list(doc["parties"])
    rule: dict[str, Any] = {}
    if draw(st.booleans()):
        rule["quorum"] = draw(st.integers(1, len(names)))
    if draw(st.booleans()):
        votes = {p: draw(st.sampled_from([0, 0.25, 0.5, 1, 2])) for p in names if draw(st.booleans())}
        rule["votes"] = votes
        rule["threshold"] = draw(st.sampled_from([0, 0.25, 0.5, 1, 1.5, 2, 3]))
    implementers = {}
    for issue, spec in doc["issues"].items():
        if draw(st.integers(0, 2)) == 0:
            continue
        default = (draw(st.sampled_from(spec["options"])) if "options" in spec
                   else draw(st.sampled_from(spec["range"])))
        others = [p for p in names if doc["parties"][p].get("veto") is False]
        pool = others if others and draw(st.integers(0, 3)) else names  # mostly non-veto: they bind
        who = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))
        implementers[issue] = {"parties": who, "default": default}
    if implementers:
        rule["implementers"] = implementers
    return rule


@st.composite
def ruled_scenarios(draw: st.DrawFn, **kwargs: Any) -> dict[str, Any]:
    """A scenario of :func:`scenarios` (discrete unless ``continuous`` is given) with an
    agreement section, and sometimes an extra non-veto party with red lines, so that
    a non-veto party's acceptance counts."""
    kwargs.setdefault("continuous", 0)
    doc = draw(scenarios(**kwargs))
    if draw(st.integers(0, 3)):
        coarse = draw(st.booleans())
        extra = draw(parties(doc["issues"], coarse, veto=False))
        extra["red_lines"] = draw(st.lists(conditions(doc["issues"], coarse), max_size=2))
        doc["parties"]["bystander"] = extra
    doc["agreement"] = draw(agreements(doc))
    return doc
