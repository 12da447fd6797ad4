"""Many veto parties (issue 22): the k-D frontier algorithms against pairwise
definitions, and the whole solve against the brute force with 4 to 8 parties.

The divide and conquer of :func:`sim.frontier.exact._dominated_in_order` is
checked on integer lattices (many ties and copies, the hard cases of weak
dominance) large enough to split past its pairwise blocks; the brute force of
``tests/bruteforce.py`` (itertools.product, pairwise dominance) agrees on every
report field of random scenarios with 4 to 8 veto parties, on today's path
and on the direct one (:mod:`sim.direct`), which also gives today's solutions
(same outcome, same utilities) on every draw.
"""

from __future__ import annotations

import json
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim import concepts as cc
from sim import direct
from sim.analysis import analyse
from sim.frontier import dominated_by, frontier_rows, pareto_front
from sim.frontier.count import FrontierSample, compare
from sim.frontier.exact import BLOCK_ND
from sim.limits import Limits
from sim.report import to_json
from sim.scenario import from_dict

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


#: Every solve with four or more veto parties takes the direct path (:mod:`sim.direct`).
DIRECT = Limits(direct_from_parties=4)


@given(discrete_scenarios(min_veto=4, max_veto=8, max_outcomes=120))
@settings(scenario_settings, max_examples=25)
def test_the_direct_path_agrees_with_the_brute_force(doc):
    found = json.loads(json.dumps(to_json(analyse(from_dict(doc), limits=DIRECT))))  # as the CLI prints it
    assert differences(found, bf.report(doc)) == []


@given(discrete_scenarios(min_veto=4, max_veto=8, max_outcomes=400))
@settings(scenario_settings, max_examples=30)
def test_the_direct_solve_is_the_listed_one(doc):
    """Same outcome index and utilities for every concept, same frontier size (counted:
    small spaces), with and without pressures; the direct frontier is a part of the whole."""
    scenario = from_dict(doc)
    listed = analyse(scenario)
    found = analyse(scenario, limits=DIRECT)
    for a, b in [(listed.result, found.result)] + [
            (listed.without[p], found.without[p]) for p in listed.without]:
        assert b.frontier_listed == (a.zopa_size == 0 or bool(
            scenario.agreement or scenario.solve.lotteries))
        assert (a.zopa_size, a.n_pareto, b.pareto_ci95) == (b.zopa_size, b.n_pareto, None)
        for name, sol in a.solutions.items():
            other = b.solutions[name]
            assert (sol is None) == (other is None)
            if sol is not None and other is not None:
                assert (sol.index, sol.point) == (other.index, other.point)
                assert np.array_equal(sol.utilities, other.utilities)
        whole = {(tuple(v), int(i)) for v, i in zip(a.frontier, a.frontier_index)}
        assert {(tuple(v), int(i)) for v, i in zip(b.frontier, b.frontier_index)} <= whole


def batches_of(p: np.ndarray, cuts: list[int]) -> list[direct.Batch]:
    """``p`` in enumeration order, cut at ``cuts`` (the streamed chunks)."""
    edges = [0, *sorted({c % (len(p) + 1) for c in cuts}), len(p)]
    return [(p[a:b], np.arange(a, b)) for a, b in pairwise(edges)]


@given(lattice(2, 7, 300), st.lists(st.integers(0, 300), max_size=4),
       st.lists(st.integers(1, 4), min_size=7, max_size=7), st.integers(0, 3))
@settings(max_examples=60, deadline=None)
def test_direct_maximisers_are_the_frontier_based_ones(p, cuts, power, low):
    """On lattices (ties everywhere, copies of vectors, gains of zero: a Nash product
    of minus infinity), streamed in chunks: every concept's pick, through
    :func:`sim.concepts.select` on the direct candidates' frontier, is the one on the
    whole frontier, and the frontier's count is its size."""
    k = p.shape[1]
    d = np.full(k, float(low))
    alpha = np.array(power[:k], dtype=float) / sum(power[:k])
    front, order = pareto_front(p, np.arange(len(p)))

    def problem(ideal: np.ndarray) -> cc.BargainingProblem:
        return cc.BargainingProblem(d, ideal, alpha)

    found = direct.solve_direct(lambda: iter(batches_of(p, cuts)), problem, list(cc.CONCEPTS))
    assert found is not None
    assert np.array_equal(found.ideal, front.max(axis=0))
    assert (found.pareto.size, found.pareto.estimate) == (len(front), False)
    whole = problem(front.max(axis=0))
    for concept in cc.CONCEPTS.values():
        want = order[cc.select(concept, front, order, whole)]
        got = found.order[cc.select(concept, found.front, found.order, whole)]
        assert got == want


@given(lattice(2, 8, 300), lattice(2, 8, 300))
@settings(max_examples=25, deadline=None)
def test_compare_is_the_definition(q, rows):
    k = min(q.shape[1], rows.shape[1])
    q, rows = q[:, :k], rows[:, :k]
    dominated, same = compare(q, rows)
    ge = np.all(rows[None, :, :] >= q[:, None, :], axis=2)
    eq = np.all(rows[None, :, :] == q[:, None, :], axis=2)
    assert np.array_equal(dominated, (ge & ~eq).any(axis=1))
    assert np.array_equal(same[~dominated], eq.sum(axis=1)[~dominated])


@pytest.mark.parametrize("batch", [7000, 40_000])
def test_the_estimate_covers_the_count_and_is_marked(batch):
    """A frontier estimated from at most 2,048 of 40,000 outcomes (with copies: each
    vector twice) of 5-D points near a simplex, whose frontier holds about 60 % of
    them, streamed in batches or in one (then compared in rounds, stopping once
    precise enough): the 95 % interval holds the count, the estimate is within it,
    and it is marked as one."""
    rng = np.random.default_rng(3)
    p = np.round(rng.dirichlet(np.ones(5), 20_000) + 0.1 * rng.random((20_000, 5)), 3)
    p = np.vstack([p, p])
    exact = len(frontier_rows(p))
    sample = FrontierSample(exact_max=4096, samples=2048)
    for a in range(0, len(p), batch):
        sample.draw(p[a:a + batch])
    sample.start(len(p))
    for a in range(0, len(p), batch):
        sample.compare(p[a:a + batch])
    got = sample.result()
    assert got.estimate and got.ci95 is not None
    lo, hi = got.ci95
    assert lo <= exact <= hi and lo <= got.size <= hi
    assert 0.25 * len(p) / 2 < exact < 0.75 * len(p) / 2  # neither almost none nor almost all


def test_the_cli_marks_an_estimated_frontier_and_refuses_to_list_it(tmp_path, capsys):
    """End to end, with 9 veto parties on 7^5 outcomes (past ``sim.direct.pays``'s 2^14):
    the JSON report carries the solutions and ``pareto`` with ``estimate``/``ci95``
    (SPEC section 5's form) around a size inside the interval; ``--csv``, which lists
    the frontier, stops with exit 2 naming ``parties`` instead of writing a part of it."""
    import yaml

    from sim.cli import main

    rng = np.random.default_rng(1)
    issues = {f"i{j}": {"options": [f"o{a}" for a in range(7)]} for j in range(5)}
    parties = {f"p{i}": {"weights": {j: float(rng.random()) for j in issues},
                         "values": {j: {o: float(rng.random()) for o in spec["options"]}
                                    for j, spec in issues.items()}} for i in range(9)}
    doc = {"name": "nine parties", "issues": issues, "parties": parties}
    path = tmp_path / "nine.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert main(["run", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    pareto = report["pareto"]
    assert report["zopa"]["size"] > 8192 and pareto["estimate"] is True
    assert pareto["ci95"][0] <= pareto["size"] <= pareto["ci95"][1] <= report["zopa"]["size"]
    assert all(report["solutions"][c] is not None for c in report["solutions"])
    assert main(["run", str(path), "--json", "--csv", str(tmp_path / "csv")]) == 2
    err = capsys.readouterr().err
    assert "parties" in err and "frontier" in err and "not listed" in err
    assert not (tmp_path / "csv" / "frontier.csv").exists()
