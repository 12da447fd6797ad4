"""Lotteries: the concepts over the convex hull of the ZOPA's utility vectors (SPEC 3)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim import analyse, from_dict, to_json
from sim.lottery import caratheodory


def corners(values_p, values_q, extra=None, power=(1, 1)):
    opts = [f"o{k}" for k in range(len(values_p))]
    doc = {"name": "hull", "issues": {"x": {"options": opts}},
           "parties": {"p": {"weights": {"x": 1}, "values": {"x": dict(zip(opts, values_p))},
                             "bargaining_power": power[0]},
                       "q": {"weights": {"x": 1}, "values": {"x": dict(zip(opts, values_q))},
                             "bargaining_power": power[1]}},
           "solve": {"lotteries": True}}
    if extra:
        doc["parties"]["r"] = {"veto": False, "weights": {"x": 1}, "values": {"x": dict(zip(opts, extra))}}
    return from_dict(doc)


def test_nash_randomises_between_the_extremes_of_a_non_convex_set():
    """Nash (1950) defines the problem on a convex set: with (1, 0), (0, 1) and a
    compromise (0.4, 0.4) below the segment, the Nash point is the lottery 1/2-1/2."""
    report = to_json(analyse(corners([1, 0, 0.4], [0, 1, 0.4], extra=[1, 0, 0])))
    nash = report["solutions"]["nash"]
    assert "outcome" not in nash
    assert nash["lottery"] == [{"probability": 0.5, "outcome": {"x": "o0"}},
                               {"probability": 0.5, "outcome": {"x": "o1"}}]
    assert nash["utilities"] == {"p": 0.5, "q": 0.5, "r": 0.5}  # non-veto: expected utility too


def test_asymmetric_nash_on_the_hull_gives_shares_equal_to_bargaining_powers():
    """Kalai (1977) / Roth (1979): on a linear frontier from (1, 0) to (0, 1) with
    d = 0, the asymmetric Nash solution gives party i the share alpha_i."""
    report = to_json(analyse(corners([1, 0], [0, 1], power=(3, 1))))
    assert report["solutions"]["nash"]["utilities"] == {"p": 0.75, "q": 0.25}


def test_kalai_smorodinsky_and_egalitarian_by_linear_programming():
    """Kalai and Smorodinsky (1975): with ideal (1, 0.5) the KS point on the segment
    (1, 0)-(0, 0.5) equalises g_i / I_i: half of each ideal, (0.5, 0.25); the
    egalitarian point (Kalai 1977) equalises gains: 1/3 each."""
    report = to_json(analyse(corners([1, 0], [0, 0.5])))
    ks = report["solutions"]["kalai_smorodinsky"]["utilities"]
    eg = report["solutions"]["egalitarian"]["utilities"]
    assert ks["p"] == pytest.approx(0.5, abs=1e-9) and ks["q"] == pytest.approx(0.25, abs=1e-9)
    assert eg["p"] == pytest.approx(1 / 3, abs=1e-9) and eg["q"] == pytest.approx(1 / 3, abs=1e-9)


def test_utilitarian_stays_a_pure_outcome():
    report = to_json(analyse(corners([1, 0, 0.4], [0, 1, 0.7])))
    util = report["solutions"]["utilitarian"]
    assert util["lottery"] == [{"probability": 1.0, "outcome": {"x": "o2"}}]


def test_caratheodory_keeps_at_most_dimension_many_points_and_the_mean():
    pts = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.25, 0.75]])
    lam = np.array([0.25, 0.25, 0.25, 0.25])
    out = caratheodory(pts, lam, 2)
    assert np.count_nonzero(out) <= 2
    assert out @ pts == pytest.approx(lam @ pts)


@given(st.lists(st.tuples(st.sampled_from([0.0, 0.2, 0.5, 0.7, 1.0]),
                          st.sampled_from([0.0, 0.3, 0.5, 0.8, 1.0])), min_size=2, max_size=6),
       st.integers(1, 3))
def test_lotteries_are_proper_and_beat_every_pure_outcome(pairs, third):
    p, q = [a for a, _ in pairs], [b for _, b in pairs]
    s = corners(p, q, power=(third, 1))
    a = analyse(s)
    if not a.result.zopa_exists:
        return
    for sol in a.result.solutions.values():
        probs = [pr for pr, _ in sol.lottery]
        assert sum(probs) == pytest.approx(1.0, abs=1e-9)
        assert len(probs) <= 2 and all(pr > 0 for pr in probs)
    # the Nash product over the hull is at least that of every pure frontier outcome
    alpha = np.array([third, 1.0]) / (third + 1)
    d = a.result.disagreement[:2]
    g = a.result.solutions["nash"].utilities[:2] - d
    for u in a.result.frontier:
        if np.all(u - d > 0):
            assert alpha @ np.log(np.maximum(g, 1e-300)) >= alpha @ np.log(u - d) - 1e-7
