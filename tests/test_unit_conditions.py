"""Direct tests of conditions (sim.conditions), SPEC section 2 'Conditions'.

A condition maps issue -> option name (equal), a list of option names (any of),
or for a continuous issue any of ``below`` (x < a), ``above`` (x > a),
``at_most`` (x <= a), ``at_least`` (x >= a); all keys must hold. The oracle
below reads the written condition outcome by outcome in plain Python; the
parsed condition must agree on every outcome of a batch, and a condition and
its complement (``ConditionRegion``) must split every batch in two.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.conditions import ConditionRegion, parse_condition

ISSUES = [SimpleNamespace(name="nato", options=("member", "neutral", "ally")),
          SimpleNamespace(name="troops", options=("none", "few", "many")),
          SimpleNamespace(name="area", options=None, lo=0.0, hi=1.0)]
BOUNDS = {"below": lambda x, a: x < a, "above": lambda x, a: x > a,
          "at_most": lambda x, a: x <= a, "at_least": lambda x, a: x >= a}
eighth = st.integers(0, 8).map(lambda k: k / 8)


@st.composite
def written_conditions(draw) -> dict:
    spec: dict = {}
    for issue in draw(st.lists(st.sampled_from(ISSUES), min_size=1, max_size=3, unique_by=lambda i: i.name)):
        if issue.options is None:
            keys = draw(st.lists(st.sampled_from(sorted(BOUNDS)), min_size=1, max_size=4, unique=True))
            spec[issue.name] = {k: draw(eighth) for k in keys}
        elif draw(st.booleans()):
            spec[issue.name] = draw(st.sampled_from(issue.options))
        else:
            spec[issue.name] = draw(st.lists(st.sampled_from(issue.options), min_size=1, max_size=3, unique=True))
    return spec


batches = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), eighth), min_size=1, max_size=40)


def holds(spec: dict, outcome: tuple[int, int, float]) -> bool:
    """The written condition read literally for one outcome (option indices, a real)."""
    for k, issue in enumerate(ISSUES):
        want = spec.get(issue.name)
        if want is None:
            continue
        x = outcome[k]
        if issue.options is None:
            if not all(BOUNDS[key](x, a) for key, a in want.items()):
                return False
        elif issue.options[x] not in ([want] if isinstance(want, str) else want):
            return False
    return True


def _columns(batch) -> list[np.ndarray]:
    arr = np.array(batch, dtype=float)
    return [arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2]]


@given(written_conditions(), batches)
def test_a_parsed_condition_matches_what_is_written(spec, batch):
    condition, problems = parse_condition(spec, ISSUES)
    assert problems == [] and condition is not None
    assert condition.matches(_columns(batch)).tolist() == [holds(spec, o) for o in batch]


@given(written_conditions(), batches)
def test_a_condition_and_its_complement_partition_a_batch(spec, batch):
    condition, _ = parse_condition(spec, ISSUES)
    inside = ConditionRegion(condition)(_columns(batch))
    outside = ConditionRegion(condition, complement=True)(_columns(batch))
    assert not np.any(inside & outside) and np.all(inside | outside)
    assert set(ConditionRegion(condition).issues) == {k for k, i in enumerate(ISSUES) if i.name in spec}


def test_bad_conditions_are_located_at_the_issue():
    _, problems = parse_condition({"nato": "membr"}, ISSUES)
    assert problems == [("nato", "unknown option 'membr' of issue 'nato' (did you mean 'member'?)")]
    _, problems = parse_condition({"natto": "member"}, ISSUES)
    assert [p for p, _ in problems] == ["natto"] and "did you mean 'nato'" in problems[0][1]
    _, problems = parse_condition({"area": 0.5}, ISSUES)  # a bare number is refused
    assert [p for p, _ in problems] == ["area"]
    _, problems = parse_condition({"troops": {"below": 1}}, ISSUES)  # a bound on a discrete issue
    assert [p for p, _ in problems] == ["troops"]
    assert parse_condition({}, ISSUES)[1][0][0] == ""
