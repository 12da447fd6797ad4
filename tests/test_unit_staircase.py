"""The 2-D staircase (sim.frontier.staircase) against the definition, pair by pair.

Staircase.reaches(t, v) must say whether some point has x >= t and y >= v
(strict: x > t and y > v), and best_before(y)[i] must be max(y[:i]); both are
checked against a direct pairwise comparison on lattice values, where exact
ties are common.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from sim.frontier.staircase import Staircase, best_before

lattice = st.integers(-4, 4).map(lambda k: k / 4)
points = st.lists(st.tuples(lattice, lattice), min_size=1, max_size=30)
queries = st.lists(st.tuples(lattice, lattice), min_size=1, max_size=30)


@given(points, queries, st.booleans())
def test_reaches_is_some_point_at_least_the_query(pts, qs, strict):
    p, q = np.array(pts), np.array(qs)
    if strict:
        expected = [bool(np.any((p[:, 0] > t) & (p[:, 1] > v))) for t, v in q]
    else:
        expected = [bool(np.any((p[:, 0] >= t) & (p[:, 1] >= v))) for t, v in q]
    assert Staircase(p[:, 0], p[:, 1]).reaches(q[:, 0], q[:, 1], strict=strict).tolist() == expected


@given(points, queries)
def test_presorted_points_give_the_same_answers(pts, qs):
    p, q = np.array(pts), np.array(qs)
    desc = p[np.argsort(-p[:, 0], kind="stable")]
    fresh = Staircase(p[:, 0], p[:, 1]).reaches(q[:, 0], q[:, 1])
    assert Staircase(desc[:, 0], desc[:, 1], presorted=True).reaches(q[:, 0], q[:, 1]).tolist() == fresh.tolist()


@given(st.lists(lattice, min_size=1, max_size=30))
def test_best_before_is_the_maximum_of_the_prefix(ys):
    y = np.array(ys)
    assert best_before(y).tolist() == [-np.inf] + [max(ys[:i]) for i in range(1, len(ys))]


def test_no_point_reaches_nothing():
    s = Staircase(np.array([0.5]), np.array([0.5]))
    assert s.reaches(np.array([0.6, 0.5]), np.array([0.0, 0.5])).tolist() == [False, True]
