"""Package probabilities (issue 19 item 2): the joint distribution of whole
outcomes over draws, with Wilson intervals (Wilson 1927)."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.packages import package_key, package_shares, share_of
from sim.proportions import wilson

OPTIONS = st.sampled_from(["a", "b", "c"])
def key(outcome):
    return tuple(sorted(outcome.items()))


OUTCOMES = st.lists(st.fixed_dictionaries({"x": OPTIONS, "y": OPTIONS}), min_size=1, max_size=60)


def test_wilson_closed_form():
    # Wilson (1927); the figures of Newcombe (1998), table I, row 81/263: 0.2553 - 0.3662
    lo, hi = wilson(81, 263)
    assert lo == pytest.approx(0.2553, abs=1e-4) and hi == pytest.approx(0.3662, abs=1e-4)
    assert wilson(0, 0) == (0.0, 1.0)
    lo, hi = wilson(10, 10)
    assert hi == 1.0 and lo == pytest.approx(0.7225, abs=1e-4)


@given(OUTCOMES)
def test_shares_are_the_counted_frequencies_most_frequent_first(outcomes):
    every = package_shares(outcomes, top=None)
    counts = Counter(key(o) for o in outcomes)
    assert len(every) == len(counts)
    assert sum(p.share for p in every) == pytest.approx(1.0)
    for p in every:
        assert p.count == counts[key(p.outcome)]
        assert p.share == pytest.approx(p.count / len(outcomes))
        assert p.ci95[0] <= p.share <= p.ci95[1]
        assert p.ci95 == pytest.approx(wilson(p.count, len(outcomes)))
    shares = [p.share for p in every]
    assert shares == sorted(shares, reverse=True)
    top = package_shares(outcomes)
    assert top == every[:5]
    # ties go to the package drawn first
    for a, b in pairwise(every):
        if a.count == b.count:
            first = [key(o) for o in outcomes]
            assert first.index(key(a.outcome)) < first.index(key(b.outcome))


@given(OUTCOMES, st.fixed_dictionaries({"x": OPTIONS, "y": OPTIONS}))
def test_share_of_the_central_package(outcomes, central):
    every = package_shares(outcomes, top=None)
    rank, p = share_of(every, central)
    k = sum(o == central for o in outcomes)
    assert p.share == pytest.approx(k / len(outcomes))
    assert p.ci95 == pytest.approx(wilson(k, len(outcomes)))
    if k:
        assert every[rank - 1] is p
    else:
        assert rank is None and p.ci95[0] == 0.0


def test_continuous_values_are_one_package_within_the_precision():
    draws = [{"t": "a", "r": 0.2500}, {"t": "a", "r": 0.2504}, {"t": "a", "r": 0.2520}]
    every = package_shares(draws, top=None)
    assert [p.count for p in every] == [2, 1]
    assert every[0].outcome == draws[0]  # the first drawn stands for its class
    assert package_key({"r": 0.1234}, precision=1e-2) == package_key({"r": 0.1201}, precision=1e-2)


def test_lottery_weights_count_probabilities():
    # two draws: one pure deal on a, one lottery 0.25 a / 0.75 b
    outcomes = [{"x": "a"}, {"x": "a"}, {"x": "b"}]
    every = package_shares(outcomes, weights=[1, 0.25, 0.75])
    assert [(p.outcome["x"], p.share) for p in every] == [("a", 0.625), ("b", 0.375)]
    assert every[0].ci95 == pytest.approx(wilson(1.25, 2))
    with pytest.raises(ValueError):
        package_shares(outcomes, weights=[1])


def test_no_draws_no_packages():
    assert package_shares([]) == []
    assert share_of([], {"x": "a"})[1].ci95 == (0.0, 1.0)
    assert share_of([], None)[0] is None


def test_json_shape():
    import numpy as np

    p = package_shares([{"x": "a", "y": np.float64(0.1234567891234)}])[0]
    assert p.to_json() == {"outcome": {"x": "a", "y": 0.1234567891234}, "share": 1.0,
                           "ci95": [pytest.approx(1 / (1 + 1.959963985 ** 2), abs=1e-9), 1.0]}
    assert type(p.to_json()["outcome"]["y"]) is float
