"""Frontiers and the streamed solve (SPEC section 3, 'Pareto frontier'; issue 9, item 1).

The frontier functions are checked against a brute force on random sets with
many ties; the streaming frontier against the frontier of everything at once;
and the chunked solve against a one-chunk solve, with its memory bounded by the
chunk and the frontier, not by the size of the space.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.analysis import Solver
from sim.frontier import (
    MARGIN,
    StreamingFront,
    clear_front,
    dominated_by,
    merge_fronts,
    minkowski_front,
    pareto_front,
)
from sim.scenario import from_dict
from sim.space import OutcomeSpace
from sim.utility import UtilityModel

LATTICE = (0.0, 0.25, 0.5, 1.0)


@st.composite
def point_sets(draw: st.DrawFn, max_rows: int = 120) -> np.ndarray:
    """Sets of utility vectors: 1 to 4 coordinates, on a coarse lattice (many ties and
    copies) or real-valued."""
    k = draw(st.integers(1, 4))
    n = draw(st.integers(0, max_rows))
    if draw(st.booleans()):
        return draw(arrays(np.float64, (n, k), elements=st.sampled_from(LATTICE)))
    return draw(arrays(np.float64, (n, k), elements=st.floats(-1, 1, width=32)))


def brute_front(p: np.ndarray) -> list[int]:
    """First index of each distinct non-dominated vector, by definition."""
    first: dict[tuple, int] = {}
    for i, x in enumerate(p):
        if not any(np.all(y >= x) and np.any(y > x) for y in p):
            first.setdefault(tuple(x), i)
    return sorted(first.values())


@given(point_sets())
def test_pareto_front_is_the_definition(p):
    v, o = pareto_front(p, np.arange(len(p)))
    assert o.tolist() == brute_front(p)
    assert np.array_equal(v, p[o].reshape(len(o), p.shape[1]))


@given(point_sets(), st.data())
def test_dominated_by_is_the_definition(p, data):
    q = data.draw(arrays(np.float64, (data.draw(st.integers(0, 40)), p.shape[1]),
                         elements=st.sampled_from((-0.5,) + LATTICE)))
    want = [bool(len(p)) and bool(np.any(np.all(p >= x, axis=1))) for x in q]
    assert dominated_by(p, q).tolist() == want


@given(point_sets(), st.randoms())
def test_clear_front_drops_only_what_is_clearly_beaten(p, rnd):
    tie = np.array(rnd.sample(range(len(p)), len(p)), dtype=np.int64)
    keep = set(clear_front(p, lambda r: tie[r]).tolist()) if len(p) else set()
    for i, x in enumerate(p):
        beaten = any(
            (np.array_equal(y, x) and tie[j] < tie[i])
            or (np.all(y >= x) and np.max(y - x) > MARGIN)
            for j, y in enumerate(p) if j != i)
        assert (i not in keep) == beaten


def test_minkowski_front_contains_the_frontier_of_all_sums():
    rng = np.random.default_rng(0)
    a, b = rng.random((300, 3)), rng.random((6, 3))
    i, j = minkowski_front(pareto_front(a, np.arange(300))[0], b)
    sums = (a[:, None, :] + b[None, :, :]).reshape(-1, 3)
    want = pareto_front(sums, np.arange(len(sums)))[0]
    got = pareto_front(pareto_front(a, np.arange(300))[0][i] + b[j], np.arange(len(i)))[0]
    assert sorted(map(tuple, got)) == sorted(map(tuple, want))


@given(point_sets(max_rows=300), st.integers(1, 50), st.integers(1, 64))
def test_streaming_front_equals_the_front_of_everything(p, batch, flush):
    s = StreamingFront(p.shape[1], flush=flush)
    for start in range(0, len(p), batch):
        s.add(p[start:start + batch], np.arange(start, min(start + batch, len(p))))
    v, o = s.result()
    want_v, want_o = pareto_front(p, np.arange(len(p)))
    assert o.tolist() == want_o.tolist() and np.array_equal(v, want_v.reshape(v.shape))


def test_merge_fronts_keeps_the_first_index_of_shared_vectors():
    a = (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([4, 9]))
    b = (np.array([[0.0, 1.0], [0.5, 0.5]]), np.array([2, 7]))
    v, o = merge_fronts([a, b], 2)
    assert o.tolist() == [2, 4, 7] and v.tolist() == [[0.0, 1.0], [1.0, 0.0], [0.5, 0.5]]


# ---------------------------------------------------------------------------
# The chunked solve


def _random_doc(n_issues: int, n_options: int, n_parties: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    opts = [f"o{k}" for k in range(n_options)]
    parties = {f"p{i}": {"weights": {f"i{j}": float(rng.uniform(0.1, 1)) for j in range(n_issues)},
                         "values": {f"i{j}": {o: round(float(rng.uniform()), 3) for o in opts}
                                    for j in range(n_issues)},
                         "disagreement": 0.3,
                         "red_lines": [{"i0": "o0", "i1": "o1"}]} for i in range(n_parties)}
    return {"name": "chunks", "issues": {f"i{j}": {"options": opts} for j in range(n_issues)},
            "parties": parties}


def _solve_in_chunks(doc: dict, chunk: int):
    s = from_dict(doc)
    return Solver(s, OutcomeSpace.of(s, chunk=chunk), UtilityModel.of(s)).solve([])


def test_chunked_solve_equals_one_chunk():
    doc = _random_doc(5, 6, 3, 1)
    assert len(list(OutcomeSpace.of(from_dict(doc), chunk=97).chunks())) > 1
    one = _solve_in_chunks(doc, 1 << 20)
    many = _solve_in_chunks(doc, 97)
    assert one.zopa_size == many.zopa_size > 0
    assert np.array_equal(one.frontier, many.frontier)
    assert one.frontier_index.tolist() == many.frontier_index.tolist()
    assert {k: s.point for k, s in one.solutions.items()} == \
        {k: s.point for k, s in many.solutions.items()}


def _peak(doc: dict, chunk: int) -> int:
    tracemalloc.start()
    try:
        _solve_in_chunks(doc, chunk)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_is_bounded_by_the_chunk_not_the_space():
    """64 times the outcomes, the same chunk: the peak stays within the chunk's
    working set plus the frontier (a one-chunk solve of the large space needs far more)."""
    small, large = _random_doc(4, 8, 2, 2), _random_doc(6, 8, 2, 2)  # 4096 and 262144 outcomes
    chunk = 4096
    peak_small, peak_large = _peak(small, chunk), _peak(large, chunk)
    peak_whole = _peak(large, 1 << 20)
    assert peak_large < 3 * peak_small + (2 << 20)
    assert peak_large * 8 < peak_whole
