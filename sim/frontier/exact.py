"""Exact Pareto frontiers (:mod:`sim.frontier`): distinct vectors, each with its
first enumeration index; 2-D sort and sweep, 3-D divide and conquer, k-D blocks
(Kung, Luccio and Preparata 1975), after a pivot prefilter on large sets."""

from __future__ import annotations

import numpy as np

from .staircase import Staircase, best_before

#: Rows compared at once in the pairwise (naive) dominance tests.
BLOCK = 512
#: Rows of the blocks compared pairwise by the k-D divide and conquer (k >= 4).
BLOCK_ND = 64
#: Largest block of the sweep for k >= 4 (blocks grow from 64 up to this).
SWEEP_BLOCK = 4096
#: The k-D sweep hands over to the divide and conquer once its staircase is larger.
STAIR_MAX = 1024
#: From this many rows on, frontiers first drop what a few pivots dominate.
PIVOT_FROM = 8192
#: Block of consecutive rows compared pairwise by the 3-D divide and conquer.
BASE = 4
def distinct_first(points: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of ``points``, each with the smallest ``order`` among its copies."""
    if len(points) == 0:
        return points, order
    keys = _sorted_by(points[:, 0], *(points[:, k] for k in range(1, points.shape[1])), order)
    p, o = points[keys], order[keys]
    new = np.ones(len(p), dtype=bool)
    new[1:] = np.any(p[1:] != p[:-1], axis=1)
    return p[new], o[new]


def _sorted_by(primary: np.ndarray, *then: np.ndarray) -> np.ndarray:
    """Permutation sorting by ``primary`` ascending, ties by ``then`` (lexicographic).

    One quicksort, then a ``lexsort`` of only the rows whose ``primary`` ties."""
    idx = np.argsort(primary)
    if len(idx) < 2 or not then:
        return idx
    s = primary[idx]
    tie = s[1:] == s[:-1]
    if not tie.any():
        return idx
    # only the runs of equal primary values are sorted again, by the other keys
    runs = np.concatenate(([False], tie)) | np.concatenate((tie, [False]))
    sub = np.nonzero(runs)[0]
    run_id = np.cumsum(~np.concatenate(([False], tie)))[sub]
    rows = idx[sub]
    idx[sub] = rows[np.lexsort(tuple(k[rows] for k in reversed(then)) + (run_id,))]
    return idx


def lex_desc(p: np.ndarray) -> np.ndarray:
    """Permutation sorting the rows of ``p`` by (u0, u1, ...) descending."""
    return _sorted_by(-p[:, 0], *(-p[:, c] for c in range(1, p.shape[1])))


def _dense_rank(x: np.ndarray) -> np.ndarray:
    """Rank of each value among the distinct values of ``x`` (equal values, equal rank)."""
    idx = np.argsort(x)
    s = x[idx]
    rank = np.empty(len(x), dtype=np.int64)
    rank[idx] = np.concatenate(([0], np.cumsum(s[1:] != s[:-1])))
    return rank


def _nondominated_2d(p: np.ndarray) -> np.ndarray:
    idx = _sorted_by(-p[:, 0], -p[:, 1])
    y = p[idx, 1]
    return idx[y > best_before(y)]


def _any_ge(front: np.ndarray, q: np.ndarray) -> np.ndarray:
    """For each row of ``q``: does some row of ``front`` weakly dominate it? (pairwise)"""
    out = np.zeros(len(q), dtype=bool)
    if not len(front) or not len(q):
        return out
    step = max(1, (1 << 21) // max(1, len(front) * q.shape[1]))
    for s in range(0, len(q), step):
        block = q[s:s + step]
        out[s:s + step] = np.all(front[None, :, :] >= block[:, None, :], axis=2).any(axis=1)
    return out


def frontier_rows(p: np.ndarray) -> np.ndarray:
    """The distinct non-dominated rows of ``p`` (in no particular order)."""
    if len(p) <= 1:
        return p
    idx = lex_desc(p)
    q = p[idx]
    new = np.ones(len(q), dtype=bool)
    new[1:] = np.any(q[1:] != q[:-1], axis=1)
    q = q[new]
    return q[nondominated(q)]


def nondominated(p: np.ndarray) -> np.ndarray:
    """Indices of the non-dominated rows among distinct rows ``p``."""
    k = p.shape[1]
    if len(p) == 0:
        return np.empty(0, dtype=np.int64)
    if k == 1:
        return np.array([int(np.argmax(p[:, 0]))])
    if k == 2:
        return _nondominated_2d(p)
    if k == 3:
        return np.nonzero(~_dominated_3d(p))[0]
    return _nondominated_nd(p)


def _nondominated_nd(p: np.ndarray) -> np.ndarray:
    """Indices of the non-dominated rows among distinct rows ``p`` (k >= 4).

    In the (u0, u1, ...) descending order every dominator of a row comes before
    it. Sweep that order in growing blocks against the (k - 1)-D frontier of the
    rows before (the staircase; Kung, Luccio and Preparata 1975) while that
    staircase stays below :data:`STAIR_MAX` rows (small frontiers: one cheap query
    per row); past it, ask the staircase once for all remaining rows and settle
    the survivors among themselves by divide and conquer
    (:func:`_dominated_in_order`), whose cost does not grow with the frontier.
    """
    idx = lex_desc(p)
    q = p[idx]
    keep = np.zeros(len(q), dtype=bool)
    stair = np.empty((0, p.shape[1] - 1))
    start, size = 0, 64
    while start < len(q) and len(stair) <= STAIR_MAX:
        block = q[start:start + size]
        ids = np.flatnonzero(~dominated_by(stair, block[:, 1:], is_front=True))
        if len(ids) > 1:  # a row is only dominated by rows before it, all in stair or block
            ids = ids[~_dominated_in_order(block[ids], np.ones(len(ids), dtype=bool), own=True)]
        keep[start + ids] = True
        if len(ids):
            stair = frontier_rows(np.vstack([stair, block[ids, 1:]]))
        start += len(block)
        size = min(2 * size, SWEEP_BLOCK)
    if start < len(q):
        rest = start + np.flatnonzero(~dominated_by(stair, q[start:, 1:], is_front=True))
        keep[rest[~_dominated_in_order(q[rest], np.ones(len(rest), dtype=bool), own=True)]] = True
    return idx[keep]


def _dominated_in_order(e: np.ndarray, is_point: np.ndarray, own: bool) -> np.ndarray:
    """For rows ``e`` ordered so that any row that weakly dominates a query row comes
    before it (u0 descending; at equal u0, points first), whether some other
    point row weakly dominates each row (queries: the rows with ``~is_point``; with
    ``own``, every row is both, and rows are distinct).

    Offline divide and conquer on the order (Bentley 1980; Kung, Luccio and
    Preparata 1975, for the frontier): pairs inside blocks of :data:`BLOCK_ND`
    consecutive rows are compared pairwise, all blocks at once; every other pair
    is split at exactly one node of a binary partition of the order, where the
    left half's rows all have u0 >= the right half's, so the question becomes a
    (k - 1)-D one on the last coordinates (:func:`dominated_by`, O(n log n) for
    3 coordinates). With ``own``, only the left half's rows that no row
    dominates are asked: a dominated dominator has a frontier dominator of its
    own, before it. O(n log^(k-2) n) for k coordinates.
    """
    n = len(e)
    is_query = np.ones(n, dtype=bool) if own else ~is_point
    hit = _dominated_in_blocks(e, is_point) & is_query

    def settle(lo: int, hi: int) -> None:
        if hi - lo <= BLOCK_ND:
            return
        mid = lo + ((hi - lo) // 2 + BLOCK_ND - 1) // BLOCK_ND * BLOCK_ND  # on a block edge
        settle(lo, mid)
        left = lo + np.flatnonzero(is_point[lo:mid] & ~hit[lo:mid] if own else is_point[lo:mid])
        right = mid + np.flatnonzero(is_query[mid:hi] & ~hit[mid:hi])
        if len(left) and len(right):
            hit[right] = dominated_by(e[left, 1:], e[right, 1:], is_front=False)
        settle(mid, hi)

    settle(0, n)
    return hit


def _dominated_in_blocks(e: np.ndarray, is_point: np.ndarray) -> np.ndarray:
    """For each row: does another point row of its block of :data:`BLOCK_ND`
    consecutive rows weakly dominate it? (pairwise, many blocks at once)"""
    n, k = e.shape
    out = np.zeros(n, dtype=bool)
    step = max(1, (1 << 22) // (BLOCK_ND * BLOCK_ND * k)) * BLOCK_ND  # rows per pass
    eye = np.eye(BLOCK_ND, dtype=bool)
    for s in range(0, n, step):
        seg, pts = e[s:s + step], is_point[s:s + step]
        pad = -len(seg) % BLOCK_ND
        blocks = np.vstack([seg, np.full((pad, k), -np.inf)]).reshape(-1, BLOCK_ND, k)
        ge = np.all(blocks[:, None, :, :] >= blocks[:, :, None, :], axis=3)  # ge[b, x, y]: y >= x
        ge &= np.append(pts, np.zeros(pad, dtype=bool)).reshape(-1, 1, BLOCK_ND)
        ge &= ~eye
        out[s:s + len(seg)] = ge.any(axis=2).reshape(-1)[:len(seg)]
    return out


def dominated_by(front: np.ndarray, q: np.ndarray, is_front: bool = False) -> np.ndarray:
    """For each row of ``q``: does some row of ``front`` weakly dominate it (>= everywhere)?
    (``is_front``: ``front`` already holds distinct non-dominated rows.)

    >>> front = np.array([[1., 1.], [2., 0.]])
    >>> dominated_by(front, np.array([[.5, 1.], [1.5, .5], [2., 2.]])).tolist()
    [True, False, False]
    """
    q = np.asarray(q, dtype=float)
    if not len(front) or not len(q):
        return np.zeros(len(q), dtype=bool)
    k = q.shape[1]
    if k == 1:
        return q[:, 0] <= front[:, 0].max()
    if len(front) * len(q) <= 1 << 16:
        return _any_ge(front, q)
    f = np.asarray(front, dtype=float)
    if not is_front:
        f = frontier_rows(f)
    if k == 2:
        return Staircase(f[:, 0], f[:, 1]).reaches(q[:, 0], q[:, 1])
    if k == 3:
        return _dominated_3d(f, q)
    return _dominated_by_nd(f, q)


def _dominated_by_nd(f: np.ndarray, q: np.ndarray) -> np.ndarray:
    """:func:`dominated_by` for k >= 4: front and queries in one order (u0
    descending, at equal u0 front rows first), then :func:`_dominated_in_order`."""
    e = np.vstack([f, q])
    is_point = np.arange(len(e)) < len(f)
    order = _sorted_by(-e[:, 0], ~is_point)
    hit = np.empty(len(e), dtype=bool)
    hit[order] = _dominated_in_order(e[order], is_point[order], own=False)
    return hit[len(f):]


def _dominated_3d(points: np.ndarray, queries: np.ndarray | None = None) -> np.ndarray:
    """Three coordinates, fully vectorised divide and conquer on u0 (Bentley 1980;
    the offline scheme often credited to CDQ). Without ``queries``: which of the
    distinct ``points`` another point dominates; else which ``queries`` some point
    weakly dominates.

    All rows are sorted by (u0, u1, u2) ascending, queries before equal points,
    so any dominator comes after its query. Pairs inside blocks of :data:`BASE`
    consecutive rows are compared pairwise; every other pair is split at exactly
    one level of a binary partition of that order, where the right half's points
    all have u0 >= the left half's queries: ordering both halves by u1
    descending (ties: later rows first), a running maximum of the right points' u2 ranks (reset per
    segment by an offset) answers every left query at once. O(n log n).
    """
    own = queries is None
    e = points if queries is None else np.vstack([points, queries])
    n = len(e)
    is_point = np.ones(n, dtype=bool) if own else np.arange(n) < len(points)
    is_query = np.ones(n, dtype=bool) if own else ~is_point
    srt = _sorted_by(e[:, 0], e[:, 1], e[:, 2], is_point)
    e, is_point, is_query = e[srt], is_point[srt], is_query[srt]
    hit = np.zeros(n, dtype=bool)
    # pairwise inside blocks (a genuine weak dominance by another row is all we record)
    pad = -n % BASE
    blocks = np.vstack([e, np.full((pad, 3), np.nan)]).reshape(-1, BASE, 3)
    ge = np.all(blocks[:, None, :, :] >= blocks[:, :, None, :], axis=3)  # ge[b, x, y]: y >= x
    ge &= np.append(is_point, np.zeros(pad, dtype=bool)).reshape(-1, 1, BASE)
    ge[:, np.arange(BASE), np.arange(BASE)] = False
    hit |= ge.any(axis=2).reshape(-1)[:n] & is_query
    # the levels of the partition
    z = _dense_rank(e[:, 2])
    by_u1 = _sorted_by(-e[:, 1], -np.arange(n))  # u1 descending; at equal u1 the right half first
    z, is_point, is_query = z[by_u1], is_point[by_u1], is_query[by_u1]
    span = np.int64(n + 2)
    level = BASE.bit_length() - 1
    while (1 << level) < n:
        key = by_u1 >> (level + 1)  # the pair of halves each row belongs to
        small = n >> (level + 1) < 1 << 16  # radix sort on 16-bit keys
        perm = np.argsort(key.astype(np.uint16) if small else key, kind="stable")
        order, zs = by_u1[perm], z[perm]
        seg = key[perm] * span
        right = ((order >> level) & 1).astype(bool)
        best = np.maximum.accumulate(np.where(right & is_point[perm], seg + zs, seg - 1))
        asks = ~right & is_query[perm]
        hit[order[asks]] |= best[asks] >= seg[asks] + zs[asks]
        level += 1
    out = np.empty(n, dtype=bool)
    out[srt] = hit
    return out if own else out[len(points):]


def _dominated_by_pivots(p: np.ndarray, n_pivots: int = 32) -> np.ndarray:
    """Rows strictly dominated by one of a few pivots: the frontier of the rows with the
    largest coordinate sums. A cheap first pass (each pivot only tests the rows no
    earlier pivot removed; it stops once a pivot removes under 1/64 of them) that
    leaves the exact algorithm a small remainder."""
    top = np.argpartition(-p.sum(axis=1), n_pivots)[:n_pivots]
    out = np.zeros(len(p), dtype=bool)
    alive = np.arange(len(p))
    cols = [np.ascontiguousarray(p[:, c]) for c in range(p.shape[1])]
    for piv in frontier_rows(p[top]):
        q = [col[alive] for col in cols]
        weak = q[0] <= piv[0]
        strict = q[0] < piv[0]
        for c in range(1, len(q)):  # column by column: no (n, k) temporaries
            weak &= q[c] <= piv[c]
            strict |= q[c] < piv[c]
        hit = weak & strict
        out[alive[hit]] = True
        alive = alive[~hit]
        if 64 * hit.sum() < len(q):  # pivots stopped paying (most rows are on the frontier)
            break
    return out


def pareto_front(points: np.ndarray, order: np.ndarray, pivot_from: int = PIVOT_FROM
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Frontier of a set of utility vectors.

    ``points`` is (n, k); ``order`` gives each row's enumeration index. Returns
    the distinct non-dominated vectors and, for each, its smallest index, sorted
    by that index. From ``pivot_from`` rows on, a few pivots first drop what they
    dominate (a caller that solves many variants of a small set may lower it).

    >>> pts = np.array([[1., 0.], [0., 1.], [.5, .5], [.4, .4], [1., 0.]])
    >>> v, o = pareto_front(pts, np.arange(5))
    >>> v.tolist(), o.tolist()
    ([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], [0, 1, 2])
    """
    p, o = np.asarray(points, dtype=float), np.asarray(order)
    if p.ndim == 2 and p.shape[1] >= 2 and len(p) > max(pivot_from, 32):
        alive = ~_dominated_by_pivots(p)
        p, o = p[alive], o[alive]
    p, o = distinct_first(p, o)
    if len(p) == 0:
        return p, o
    keep = nondominated(p)
    p, o = p[keep], o[keep]
    srt = np.argsort(o, kind="stable")
    return p[srt], o[srt]
