"""Pareto frontiers of finite sets of utility vectors.

A vector x is on the frontier of a set S when no y in S has y_i >= x_i for
every coordinate and y_i > x_i for one (SPEC section 3). Every function here
works on distinct vectors, each tagged with the first (smallest) enumeration
index at which it occurs, so the frontier of a union is the frontier of the
union of frontiers: a space streamed in chunks keeps only a running frontier
(:class:`StreamingFront`).

- one coordinate: the maximum;
- two coordinates: sort by (u0 desc, u1 desc) and sweep, keeping a vector when
  its u1 beats every u1 before it (Kung, Luccio and Preparata 1975), O(n log n);
- k >= 3 coordinates: the same sweep on u0 in blocks. A vector can only be
  dominated by one before it in the (u0, u1, ...) descending order, and it is
  dominated by one of an earlier block exactly when its last k - 1 coordinates
  are weakly dominated by the (k - 1)-D frontier of those earlier vectors (the
  "staircase", kept up to date recursively; for k = 3 it is a 2-D staircase and
  the test is one ``searchsorted``; Kung et al. 1975, section 4). Within a
  block the few survivors are compared pairwise.

:func:`minkowski_front` is the issue-by-issue step of additive utilities (see
:mod:`sim.additive`): for sets A and B, a sum a + b is dominated in A + B as
soon as a is dominated in A (a' + b dominates it) or b in B, so the frontier of
A + B lies in frontier(A) + frontier(B) (the dominance argument of dynamic
programming for the multi-objective knapsack problem; Klamroth and Wiecek
2000; Bazgan, Hugot and Vanderpooten 2009).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: Rows compared at once in the pairwise (naive) dominance tests.
BLOCK = 512
#: Largest block of the sweep for k >= 4 (blocks grow from 64 up to this).
SWEEP_BLOCK = 4096
#: From this many rows on, frontiers first drop what a few pivots dominate.
PIVOT_FROM = 8192
#: Block of consecutive rows compared pairwise by the 3-D divide and conquer.
BASE = 4
#: A vector beats another "clearly" when it is >= everywhere and larger by more
#: than this in one coordinate: after any further additions and the 9-decimal
#: rounding of SPEC section 3 it is then still strictly larger there (one unit
#: of the 1e-9 lattice plus slack for the floating-point error of the sums).
MARGIN = 1e-9 + 1e-12


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


def _lex_desc(p: np.ndarray) -> np.ndarray:
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
    best_before = np.maximum.accumulate(np.concatenate(([-np.inf], y[:-1])))
    return idx[y > best_before]


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


def _dominated_within(b: np.ndarray) -> np.ndarray:
    """For distinct rows ``b``: is each weakly dominated by another row of ``b``?"""
    out = np.zeros(len(b), dtype=bool)
    step = max(1, (1 << 21) // max(1, len(b) * b.shape[1]))
    for s in range(0, len(b), step):
        ge = np.all(b[None, :, :] >= b[s:s + step, None, :], axis=2)  # ge[x, y]: b[y] >= b[x]
        ge[np.arange(len(ge)), s + np.arange(len(ge))] = False
        out[s:s + step] = ge.any(axis=1)
    return out


def frontier_rows(p: np.ndarray) -> np.ndarray:
    """The distinct non-dominated rows of ``p`` (in no particular order)."""
    if len(p) <= 1:
        return p
    idx = _lex_desc(p)
    q = p[idx]
    new = np.ones(len(q), dtype=bool)
    new[1:] = np.any(q[1:] != q[:-1], axis=1)
    q = q[new]
    return q[_nondominated(q)]


def _nondominated(p: np.ndarray) -> np.ndarray:
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
    idx = _lex_desc(p)
    q = p[idx]
    keep = np.zeros(len(q), dtype=bool)
    stair = np.empty((0, p.shape[1] - 1))
    start, size = 0, 64
    while start < len(q):
        block = q[start:start + size]
        alive = ~dominated_by(stair, block[:, 1:])
        ids = np.nonzero(alive)[0]
        if len(ids) > 1:  # a row is only dominated by rows before it, all in stair or block
            ids = ids[~_dominated_within(block[ids])]
        keep[start + ids] = True
        if len(ids):
            stair = frontier_rows(np.vstack([stair, block[ids, 1:]]))
        start += len(block)
        size = min(2 * size, SWEEP_BLOCK)
    return idx[keep]


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
    if k == 2:  # staircase by u0 ascending, u1 descending: the first with u0 >= q0 has the best u1
        f = f[np.argsort(f[:, 0])]
        i = np.searchsorted(f[:, 0], q[:, 0], side="left")
        out = i < len(f)
        out[out] = f[i[out], 1] >= q[out, 1]
        return out
    if k == 3:
        return _dominated_3d(f, q)
    return _dominated_by_nd(f, q)


def _dominated_by_nd(f: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Sweep on u0 descending: front rows with u0 >= a block's largest u0 are queried
    through their (k - 1)-D staircase, the band of rows between the block's u0 range
    pairwise."""
    f = f[np.argsort(-f[:, 0], kind="stable")]
    neg_f0 = -f[:, 0]  # ascending
    qo = np.argsort(-q[:, 0], kind="stable")
    qs = q[qo]
    out = np.zeros(len(q), dtype=bool)
    stair, taken = np.empty((0, q.shape[1] - 1)), 0
    for s in range(0, len(qs), BLOCK):
        block = qs[s:s + BLOCK]
        upto = int(np.searchsorted(neg_f0, -block[0, 0], side="right"))  # f0 >= the block's max
        if upto > taken:
            stair = frontier_rows(np.vstack([stair, f[taken:upto, 1:]]))
            taken = upto
        hit = dominated_by(stair, block[:, 1:])
        band = f[taken:int(np.searchsorted(neg_f0, -block[-1, 0], side="right"))]
        rest = np.nonzero(~hit)[0]
        if len(band) and len(rest):
            hit[rest] = _any_ge(band, block[rest])
        out[qo[s:s + BLOCK]] = hit
    return out


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
    e = points if own else np.vstack([points, queries])
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


def pareto_front(points: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Frontier of a set of utility vectors.

    ``points`` is (n, k); ``order`` gives each row's enumeration index. Returns
    the distinct non-dominated vectors and, for each, its smallest index, sorted
    by that index.

    >>> pts = np.array([[1., 0.], [0., 1.], [.5, .5], [.4, .4], [1., 0.]])
    >>> v, o = pareto_front(pts, np.arange(5))
    >>> v.tolist(), o.tolist()
    ([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]], [0, 1, 2])
    """
    p, o = np.asarray(points, dtype=float), np.asarray(order)
    if p.ndim == 2 and p.shape[1] >= 2 and len(p) > PIVOT_FROM:
        alive = ~_dominated_by_pivots(p)
        p, o = p[alive], o[alive]
    p, o = distinct_first(p, o)
    if len(p) == 0:
        return p, o
    keep = _nondominated(p)
    p, o = p[keep], o[keep]
    srt = np.argsort(o, kind="stable")
    return p[srt], o[srt]


def merge_fronts(parts: list[tuple[np.ndarray, np.ndarray]], k: int
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Frontier of the union of several (vectors, order) frontiers."""
    parts = [pt for pt in parts if len(pt[0])]
    if not parts:
        return np.empty((0, k)), np.empty(0, dtype=np.int64)
    if len(parts) == 1:
        return parts[0]
    return pareto_front(np.vstack([p for p, _ in parts]), np.concatenate([o for _, o in parts]))


class StreamingFront:
    """The running frontier of a stream of (vectors, order) batches, in bounded memory.

    Batches are buffered and merged into the running frontier whenever the
    buffer outgrows it (and at least every ``flush`` rows), so the memory held
    is O(frontier + flush) and each vector takes part in O(1) merges amortised.

    >>> s = StreamingFront(2)
    >>> s.add(np.array([[1., 0.], [.2, 0.]]), np.array([0, 1]))
    >>> s.add(np.array([[0., 1.], [1., 0.]]), np.array([2, 3]))
    >>> [x.tolist() for x in s.result()]
    [[[1.0, 0.0], [0.0, 1.0]], [0, 2]]
    """

    def __init__(self, k: int, flush: int = 1 << 16):
        self.k, self.flush = k, flush
        self.front: tuple[np.ndarray, np.ndarray] = (np.empty((0, k)), np.empty(0, dtype=np.int64))
        self.pending: list[tuple[np.ndarray, np.ndarray]] = []
        self.buffered = 0

    def add(self, points: np.ndarray, order: np.ndarray) -> None:
        if not len(points):
            return
        self.pending.append(pareto_front(points, order))
        self.buffered += len(self.pending[-1][0])
        if self.buffered >= max(self.flush, len(self.front[0])):
            self._merge()

    def _merge(self) -> None:
        self.front = merge_fronts([self.front] + self.pending, self.k)
        self.pending, self.buffered = [], 0

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """The frontier of everything added: distinct vectors and first indices, by index."""
        self._merge()
        return self.front


# ---------------------------------------------------------------------------
# Additive utilities: frontiers built issue by issue.

#: ``tie(rows)`` ranks some rows of a candidate set (smaller = earlier outcome).
Tie = Callable[[np.ndarray], np.ndarray]


def clear_front(points: np.ndarray, tie: Tie | None = None, margin: float = MARGIN) -> np.ndarray:
    """Indices of the rows of ``points`` that no other row clearly beats, in (u0, u1, ...)
    descending order of those rows.

    Row y is dropped when another row y' is an exact copy that ``tie`` ranks
    first, or when y' >= y everywhere and y'_c > y_c + ``margin`` for some c.
    Both relations survive adding the same vector z to y and y' and the final
    9-decimal rounding (floating-point addition and rounding are monotone, and
    the margin exceeds one lattice unit), so no outcome built on y can be the
    first outcome of a frontier vector. Rows dominated only by less than the
    margin (near-ties that the rounding may yet merge) are kept: the caller
    settles them exactly at the end. Without ``tie``, copies keep the first row.

    >>> pts = np.array([[1., 0.], [0., 1.], [.5, .5], [.4, .4], [1., 0.], [.5, .5 - 1e-12]])
    >>> clear_front(pts).tolist()
    [0, 2, 5, 1]
    """
    n, k = points.shape
    if n <= 1:
        return np.arange(n)
    if k == 2:
        return _clear_front_2d(points, tie, margin)
    idx = _lex_desc(points)
    p = points[idx]
    same = np.zeros(n, dtype=bool)
    same[1:] = np.all(p[1:] == p[:-1], axis=1)
    if same.any():
        idx = _first_of_copies(idx, same, tie)
        idx = idx[_lex_desc(points[idx])]
        p = points[idx]
    front = _nondominated(p)
    rest = np.setdiff1d(np.arange(len(p)), front, assume_unique=True)
    f = p[front]
    rest = rest[~dominated_by(f, p[rest] + margin, is_front=True)]  # beaten in every coordinate
    for c in range(k):
        if not len(rest):
            break
        shifted = p[rest].copy()
        shifted[:, c] += margin
        rest = rest[~dominated_by(f, shifted, is_front=True)]
    return idx[np.sort(np.concatenate([front, rest]))]


def _clear_front_2d(points: np.ndarray, tie: Tie | None, margin: float) -> np.ndarray:
    """:func:`clear_front` for two coordinates with one sort: in (u0, u1) descending
    order a row is on the frontier when its u1 beats the running maximum before
    it; it is clearly beaten in u1 when that maximum exceeds its u1 by the margin,
    and in u0 when some row with u0 >= its u0 + margin (a prefix of the order,
    found by ``searchsorted``) has u1 >= its u1."""
    idx = np.argsort(-points[:, 0], kind="stable")  # timsort: merges presorted runs
    x = points[idx, 0]
    if np.any(x[1:] == x[:-1]):
        idx = np.lexsort((-points[:, 1], -points[:, 0]))
        x = points[idx, 0]
    y = points[idx, 1]
    same = np.zeros(len(idx), dtype=bool)
    same[1:] = (x[1:] == x[:-1]) & (y[1:] == y[:-1])
    if same.any():
        idx = _first_of_copies(idx, same, tie)
        idx = idx[np.lexsort((-points[idx, 1], -points[idx, 0]))]
        x, y = points[idx, 0], points[idx, 1]
    best = np.maximum.accumulate(y)
    before = np.concatenate(([-np.inf], best[:-1]))
    front = y > before
    beaten = before > y + margin
    ask = np.nonzero(~front & ~beaten)[0]  # near-ties in u1: is one far ahead in u0?
    prefix = np.searchsorted(-x, -(x[ask] + margin), side="right")  # rows with u0 >= x + margin
    has = prefix > 0
    beaten[ask[has]] = best[prefix[has] - 1] >= y[ask[has]]
    return idx[front | ~beaten]


def _first_of_copies(idx: np.ndarray, same: np.ndarray, tie: Tie | None) -> np.ndarray:
    """Of each run of equal rows (``same[r]``: row r equals row r - 1), the one ``tie``
    ranks first."""
    run = np.cumsum(~same) - 1  # run number of each sorted row
    if tie is None:
        best = idx.copy()
        best_of_run = np.full(run[-1] + 1, np.iinfo(np.int64).max)
        np.minimum.at(best_of_run, run, best)
        return best_of_run
    starts = np.nonzero(~same)[0]
    sizes = np.diff(np.append(starts, len(idx)))
    multi = np.repeat(sizes > 1, sizes)
    rows = idx[multi]
    rank = np.asarray(tie(rows))
    rrun = run[multi]
    o = np.lexsort((rank, rrun))
    first = np.ones(len(o), dtype=bool)
    first[1:] = rrun[o][1:] != rrun[o][:-1]
    return np.sort(np.concatenate([idx[~multi], rows[o][first]]))


def minkowski_front(front: np.ndarray, options: np.ndarray, tie: Callable | None = None,
                    keep: Callable[[np.ndarray], np.ndarray] | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Clear frontier of the sums ``front[a] + options[b]``; returns the surviving (a, b)
    in (u0, u1, ...) descending order of their sums.

    ``tie(a, b)`` ranks candidate sums among exact copies (the enumeration order
    of the outcomes they stand for); ``keep(sums)`` may veto candidates (e.g.
    those that can no longer reach the disagreement point). The sums are laid
    out option by option, so a ``front`` sorted by u0 descending gives sorted
    runs that the sort merges cheaply.

    >>> front, options = np.array([[0., 1.], [1., 0.]]), np.array([[0., 1.], [1., 0.], [.2, .2]])
    >>> a, b = minkowski_front(front, options)
    >>> a.tolist(), b.tolist()  # (1, 1) twice: without ``tie`` the lower (b, a) stays
    ([1, 1, 1, 0, 0], [1, 2, 0, 2, 0])
    """
    k, n = front.shape[1], len(front)
    sums = (front[None, :, :] + options[:, None, :]).reshape(-1, k)
    rows = np.arange(len(sums))
    if keep is not None:
        rows = np.nonzero(keep(sums))[0]
        sums = sums[rows]
    if tie is None:
        kept = rows[clear_front(sums)]
    else:
        kept = rows[clear_front(sums, lambda r: tie(rows[r] % n, rows[r] // n))]
    return kept % n, kept // n
