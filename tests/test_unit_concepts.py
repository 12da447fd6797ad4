"""Direct tests of the bargaining concepts (sim.concepts): each concept's choice
among given utility vectors (``select``), with the ideal point and the
disagreement point given. Their real-range optima on continuous issues are in
tests/test_unit_refine.py.

Oracles from the literature:

- Kalai and Smorodinsky's own example (1975): on the hull of (0, 0), (1, 0),
  (0, 1), (3/4, 3/4) the Nash solution is (3/4, 3/4); adding (1, 0.7) moves it
  to (1, 0.7) although b's best is still 1, while the KS solution moves to
  (1/1.3, 1/1.3) and b gains (the monotonicity axiom Nash's solution fails);
- the egalitarian choice maximises the smallest gain (Kalai 1977), the
  utilitarian one the sum (Harsanyi 1955), ties as SPEC section 3 says.

Properties (hypothesis): the Nash choice does not change under a positive
affine transformation of one party's utilities (with d and the ideal
transformed alike; Nash 1950's invariance axiom), nor does the KS value
(Kalai and Smorodinsky 1975); the utilitarian and (with positive gains) Nash
choices are Pareto optimal; adding outcomes never lowers a concept's objective
at its choice.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.concepts import CONCEPTS, BargainingProblem, select


def _segment(p: tuple[float, float], q: tuple[float, float], n: int = 1301) -> np.ndarray:
    t = np.linspace(0, 1, n)[:, None]
    return (1 - t) * np.array(p) + t * np.array(q)


def _choice(concept: str, u: np.ndarray, d=(0.0, 0.0), ideal=(1.0, 1.0), alpha=(0.5, 0.5)) -> np.ndarray:
    pb = BargainingProblem(np.array(d, dtype=float), np.array(ideal, dtype=float), np.array(alpha, dtype=float))
    return u[select(CONCEPTS[concept], u, np.arange(len(u)), pb)]


def test_kalai_smorodinsky_example_nash_is_not_monotone_ks_is():
    s = np.vstack([_segment((0, 1), (0.75, 0.75)), _segment((0.75, 0.75), (1, 0))])
    t = np.vstack([_segment((0, 1), (1, 0.7)), _segment((1, 0.7), (1, 0))])
    assert _choice("nash", s).tolist() == [0.75, 0.75]
    assert _choice("nash", t).tolist() == [1.0, 0.7]  # b loses although T contains S
    ks_s, ks_t = _choice("kalai_smorodinsky", s), _choice("kalai_smorodinsky", t)
    assert ks_s.tolist() == [0.75, 0.75]
    assert ks_t == pytest.approx([1 / 1.3, 1 / 1.3], abs=1e-3)
    assert ks_t[1] > ks_s[1]


def test_egalitarian_and_utilitarian_on_a_small_set():
    u = np.array([[0.9, 0.1], [0.6, 0.5], [0.5, 0.6], [0.55, 0.55], [1.0, 0.05]])
    assert _choice("egalitarian", u).tolist() == [0.55, 0.55]  # max min gain (Kalai 1977)
    # the largest sum (1.1) three times: the tie goes to the larger min gain (SPEC section 3)
    assert _choice("utilitarian", u).tolist() == [0.55, 0.55]
    assert _choice("utilitarian", u[[2, 1, 0]]).tolist() == [0.5, 0.6]  # sum and min gain tie: first listed


quarter = st.integers(0, 8).map(lambda k: k / 8)
point_sets = st.lists(st.tuples(quarter, quarter), min_size=1, max_size=25, unique=True).map(np.array)


@given(point_sets, st.sampled_from([0.25, 0.5, 2.0, 4.0]), st.sampled_from([-1.0, -0.25, 0.0, 0.5, 3.0]),
       st.sampled_from([0, 1]))
def test_nash_choice_is_invariant_to_an_affine_rescaling_of_one_party(u, scale, shift, party):
    d, ideal = np.array([0.0, 0.0]), u.max(axis=0)
    v, d2, ideal2 = u.copy(), d.copy(), ideal.copy()
    for arr in (v[:, party], d2[party:party + 1], ideal2[party:party + 1]):
        arr *= scale
        arr += shift
    pb, pb2 = BargainingProblem(d, ideal, np.array([.5, .5])), BargainingProblem(d2, ideal2, np.array([.5, .5]))
    order = np.arange(len(u))
    assert select(CONCEPTS["nash"], u, order, pb) == select(CONCEPTS["nash"], v, order, pb2)
    ks, ks2 = CONCEPTS["kalai_smorodinsky"], CONCEPTS["kalai_smorodinsky"]
    best = ks.objective(u, pb)[select(ks, u, order, pb)]
    best2 = ks2.objective(v, pb2)[select(ks2, v, order, pb2)]
    assert best2 == pytest.approx(best, abs=1e-12)


@given(point_sets)
def test_utilitarian_and_nash_choices_are_pareto_optimal(u):
    pb = BargainingProblem(np.zeros(2), u.max(axis=0), np.array([.5, .5]))
    for concept in ("utilitarian", "nash"):
        x = u[select(CONCEPTS[concept], u, np.arange(len(u)), pb)]
        if concept == "nash" and not np.all(x > 0):
            continue  # every Nash product is zero: the first outcome, no claim of optimality
        dominating = np.all(u >= x, axis=1) & np.any(u > x, axis=1)
        assert not dominating.any(), (concept, x)


@given(point_sets, point_sets, st.sampled_from(sorted(CONCEPTS)))
def test_more_outcomes_never_lower_the_objective_at_the_choice(s, extra, concept):
    t = np.vstack([s, extra])
    ideal = t.max(axis=0)  # one ideal for both, as in the monotonicity axiom
    pb = BargainingProblem(np.zeros(2), ideal, np.array([.5, .5]))
    c = CONCEPTS[concept]
    value_s = c.objective(s, pb)[select(c, s, np.arange(len(s)), pb)]
    value_t = c.objective(t, pb)[select(c, t, np.arange(len(t)), pb)]
    assert value_t >= value_s - 5e-10
