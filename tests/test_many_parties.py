"""Many veto parties (issue 22): the k-D frontier algorithms against pairwise
definitions, and the whole solve against the brute force with 4 to 8 parties.

The divide and conquer of :func:`sim.frontier.exact._dominated_in_order` is
checked on integer lattices (many ties and copies, the hard cases of weak
dominance) large enough to split past its pairwise blocks; the brute force of
``tests/bruteforce.py`` (itertools.product, pairwise dominance) agrees on every
report field of random scenarios with 4 to 8 veto parties.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.frontier import dominated_by, frontier_rows, pareto_front
from sim.frontier.exact import BLOCK_ND

from . import bruteforce as bf
from .strategies import discrete_scenarios, scenario_settings
from .test_bruteforce import fast_report
from .test_conformance import differences


def weakly_dominated(front: np.ndarray, q: np.ndarray) -> np.ndarray:
    """The definition: some row of ``front`` is >= each row of ``q`` everywhere."""
    return np.all(front[None, :, :] >= q[:, None, :], axis=2).any(axis=1)


def pairwise_frontier(p: np.ndarray) -> set[tuple[float, ...]]:
    """The definition: distinct rows no other row weakly dominates with one strict."""
    ge = np.all(p[None, :, :] >= p[:, None, :], axis=2)
    gt = np.any(p[None, :, :] > p[:, None, :], axis=2)
    return {tuple(r) for r, hit in zip(p, (ge & gt).any(axis=1)) if not hit}


def lattice(k_lo: int, k_hi: int, n_hi: int) -> st.SearchStrategy[np.ndarray]:
    """Points on a small integer lattice in 4 to 8 dimensions (ties everywhere)."""
    return st.tuples(st.integers(k_lo, k_hi), st.integers(1, n_hi), st.integers(2, 9)).flatmap(
        lambda t: arrays(np.float64, (t[1], t[0]), elements=st.integers(0, t[2]).map(float)))


@given(lattice(4, 8, 4 * BLOCK_ND + 7))
@settings(max_examples=30, deadline=None)
def test_frontier_in_four_to_eight_dimensions_is_the_pairwise_one(p):
    got = frontier_rows(p)
    assert {tuple(r) for r in got} == pairwise_frontier(p)
    assert len(got) == len({tuple(r) for r in got})


@given(lattice(4, 8, 3 * BLOCK_ND), lattice(4, 8, 400), st.booleans())
@settings(max_examples=30, deadline=None)
def test_dominated_by_in_four_to_eight_dimensions_is_the_definition(front, q, as_front):
    k = min(front.shape[1], q.shape[1])
    front, q = front[:, :k], q[:, :k]
    if as_front:
        front = frontier_rows(front)
    assert np.array_equal(dominated_by(front, q, is_front=as_front), weakly_dominated(front, q))


@given(lattice(4, 6, 3 * BLOCK_ND))
@settings(max_examples=25, deadline=None)
def test_each_frontier_vector_keeps_its_first_index(p):
    order = np.random.default_rng(len(p)).permutation(len(p))
    vectors, first = pareto_front(p, order)
    for v, o in zip(vectors, first):
        assert o == order[np.all(p == v, axis=1)].min()


@given(discrete_scenarios(min_veto=4, max_veto=8, max_outcomes=120))
@settings(scenario_settings, max_examples=25)
def test_four_to_eight_parties_agree_with_the_brute_force(doc):
    assert differences(fast_report(doc), bf.report(doc)) == []
