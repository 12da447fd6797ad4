"""The size of a Pareto frontier counted, or estimated by sampling, without
listing it (issue 22; :mod:`sim.direct`).

``pareto.size`` counts the distinct utility vectors of the frontier P of Z
(SPEC section 3). Give each outcome x of Z the weight w(x) = [x in P] / m(x),
m(x) the number of outcomes of Z with the same vector: the weights of the
copies of a frontier vector add up to one, so |P's vectors| = sum over Z of w.
With every outcome of Z at hand (at most :data:`EXACT_MAX`), that sum is the
exact count. Otherwise a uniform sample S of :data:`SAMPLES` outcomes of Z,
drawn without replacement by bottom-k priorities (each outcome a uniform
random priority, the smallest kept; seed :data:`SEED`, the same stream in the
same enumeration order every run; where Z is one batch, only the prefix of
lowest priorities that brings the interval within :data:`PRECISION` of the
estimate, itself a uniform sample), gives the unbiased estimate
|Z| mean_S(w), reported with a 95 % Wilson score interval (Wilson 1927;
:func:`sim.proportions.wilson`) on mean_S(w), scaled by |Z|. As w lies in
[0, 1], its variance is at most p(1 - p) for its mean p, so the binomial
interval is the conservative one (exact when every frontier vector occurs once).

Membership and multiplicity are settled in one pass over Z for all sampled x at
once (:func:`compare`): a y in Z with y >= x everywhere either equals x (it
counts towards m(x)) or dominates it. The rows are sorted by their coordinate
sum (y >= x implies sum y >= sum x), so each block of queries meets only the
rows whose sum reaches its smallest, and the candidate pairs are narrowed one
coordinate at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..proportions import wilson

#: Up to this many outcomes of Z, the frontier is counted exactly.
EXACT_MAX = 1 << 13
#: Past it, the frontier's size is estimated from up to this many outcomes of Z
#: kept, those no pivot dominates compared with all of Z, at most ...
POOL = 1 << 16
#: ... this many ...
SAMPLES = 1 << 12
#: ... drawn with this seed; where Z is one batch, compared in rounds from this many ...
SEED = 0
FIRST_ROUND = 1 << 10
#: ... until the 95 % interval's half-width is within this share of the estimate.
PRECISION = 0.05
#: Candidate (query, row) pairs compared at once ...
PAIRS = 1 << 22
#: ... densely on this many first coordinates, then pair by pair.
DENSE = 4
#: The rows every query meets first: the best of this many ...
TOP = 1 << 10
#: ... by this many weighted sums.
DIRECTIONS = 8


@dataclass(frozen=True)
class FrontierCount:
    """A frontier's size: counted (``ci95`` None) or estimated (``ci95`` its 95 %
    interval, in distinct vectors)."""

    size: int
    ci95: tuple[float, float] | None = None

    @property
    def estimate(self) -> bool:
        return self.ci95 is not None


def compare(queries: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row x of ``queries``: whether a row of ``rows`` dominates it (>=
    everywhere, > somewhere), and, if none does, how many rows equal it.

    The rows best by a few weighted sums, which dominate most dominated queries,
    are tried first; only the queries they leave meet every row.

    >>> q = np.array([[1., 1.], [2., 0.], [0., 0.]])
    >>> dom, same = compare(q, np.array([[1., 1.], [1., 1.], [2., 0.5]]))
    >>> dom.tolist(), same.tolist()
    ([False, True, True], [2, 0, 0])
    """
    dominated, same = np.zeros(len(queries), dtype=bool), np.zeros(len(queries), dtype=np.int64)
    if not len(queries) or not len(rows):
        return dominated, same
    sums = rows.sum(axis=1)
    if len(rows) > 2 * TOP:  # first the rows best by a few weighted sums
        top = _best_rows(rows, sums)
        top = top[np.argsort(-sums[top], kind="stable")]
        dominated, _ = _scan(queries, np.ascontiguousarray(rows[top]), sums[top])
    rest = np.flatnonzero(~dominated)
    if len(rest) * len(rows) <= PAIRS:  # a few queries left: no sort, every row in reach
        row_sums = np.full(len(rows), np.inf)
    else:
        by_sum = np.argsort(-sums, kind="stable")
        rows, row_sums = np.ascontiguousarray(rows[by_sum]), sums[by_sum]
    dominated[rest], same[rest] = _scan(np.ascontiguousarray(queries[rest]), rows, row_sums)
    return dominated, same


def _best_rows(rows: np.ndarray, sums: np.ndarray) -> np.ndarray:
    """About :data:`TOP` distinct rows: the best by the plain sum and by
    :data:`DIRECTIONS` - 1 sums weighted at random (a fixed stream): frontier-like
    rows spread along the frontier, which dominate most dominated queries."""
    per = TOP // DIRECTIONS
    weights = np.random.default_rng(SEED).dirichlet(np.ones(rows.shape[1]), DIRECTIONS - 1)
    picks = [np.argpartition(-sums, per)[:per]]
    picks += [np.argpartition(-(rows @ w), per)[:per] for w in weights]
    return np.unique(np.concatenate(picks))


def _scan(queries: np.ndarray, rows: np.ndarray, row_sums: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`compare` on ``rows`` sorted by their sums (``row_sums``), descending."""
    n, k = queries.shape
    dominated, same = np.zeros(n, dtype=bool), np.zeros(n, dtype=np.int64)
    q_sums = queries.sum(axis=1)
    q_order = np.argsort(-q_sums, kind="stable")
    # rows that may be >= each query: a prefix of the sum order, longer for lower sums
    # (less a margin: sums of different arrays may round apart in their last bits)
    reach = np.searchsorted(-row_sums, -(q_sums[q_order] - 1e-9), side="right")
    start = 0
    while start < n:
        # the block grows while its pairs (queries x the last one's reach) fit in PAIRS
        stop = start + max(1, int(np.searchsorted(
            reach[start:] * np.arange(1, n - start + 1), PAIRS, side="right")))
        block, width = q_order[start:stop], int(reach[stop - 1])
        q = queries[block]
        ge = rows[None, :width, 0] >= q[:, None, 0]
        for c in range(1, min(k, DENSE)):  # the first coordinates densely, then pairs
            ge &= rows[None, :width, c] >= q[:, None, c]
        qi, ri = np.nonzero(ge)
        for c in range(DENSE, k):
            keep = rows[ri, c] >= q[qi, c]
            qi, ri = qi[keep], ri[keep]
        equal = np.all(rows[ri] == q[qi], axis=1)
        dominated[block[np.unique(qi[~equal])]] = True
        same[block] += np.bincount(qi[equal], minlength=len(block))
        start = stop
    return dominated, same


class FrontierSample:
    """The outcomes of Z whose frontier membership counts (or estimates) the
    frontier's size: :meth:`draw` sees every batch of Z (first pass),
    :meth:`start` fixes the sample, :meth:`compare` sees every batch again
    (second pass), :meth:`result` gives the count.

    The draw keeps up to :data:`POOL` outcomes of Z (bottom-k) and, as pivots, a
    few frontier-like rows of each batch (:func:`_best_rows`). A kept outcome that
    a pivot dominates is off the frontier (weight 0) without meeting Z again;
    only the others (at most ``samples`` of them, the first by priority, and the
    kept outcomes before them make up the sample) are compared in the second
    pass. So where the frontier is a small part of Z, the sample is large where it
    costs nothing and the interval narrows."""

    def __init__(self, exact_max: int = EXACT_MAX, samples: int = SAMPLES, seed: int = SEED,
                 pool: int = POOL):
        self.exact_max, self.samples = exact_max, samples
        self.keep = max(exact_max, pool)
        self.rng = np.random.default_rng(seed)
        self.points: np.ndarray | None = None
        self.priority = np.empty(0)
        self.pivots: list[np.ndarray] = []
        self.total = self.used = self.size = 0
        self.rank = np.empty(0, dtype=np.int64)
        self.dominated, self.same = np.empty(0, dtype=bool), np.empty(0, dtype=np.int64)

    def draw(self, points: np.ndarray) -> None:
        """Offer a batch of Z's vectors (the bottom-k draw keeps at most ``keep``)."""
        priority = self.rng.random(len(points))
        kept = points if self.points is None else np.vstack([self.points, points])
        priority = np.concatenate([self.priority, priority])
        if len(priority) > self.keep:
            low = np.argpartition(priority, self.keep)[:self.keep]
            kept, priority = kept[low], priority[low]
        self.points, self.priority = kept, priority
        self.pivots.append(_pivots(points))

    def start(self, total: int) -> None:
        """Z has ``total`` outcomes: all of them if all were kept (the exact count),
        else the sample; the kept outcomes a pivot dominates drop out."""
        self.total = total
        if self.points is None:
            return
        by_priority = np.argsort(self.priority, kind="stable")  # each prefix: a uniform sample
        points = self.points[by_priority]
        pivots = _pivots(np.vstack(self.pivots))
        off, _ = compare(points, pivots[np.argsort(-pivots.sum(axis=1))[:TOP // DIRECTIONS]])
        rest = np.flatnonzero(~off)  # first the best pivots by sum, then all for the rest
        off[rest] = compare(points[rest], pivots)[0]
        alive = np.flatnonzero(~off)
        self.size = len(points)
        if total > self.exact_max and len(alive) > self.samples:
            self.size = int(alive[self.samples])  # the sample: every kept outcome before it
            alive = alive[:self.samples]
        self.points, self.rank = points[alive], alive
        self.used = len(alive)
        self.dominated = np.zeros(len(alive), dtype=bool)
        self.same = np.zeros(len(alive), dtype=np.int64)

    def compare(self, points: np.ndarray) -> None:
        """Compare the sample with a batch of Z's vectors. When the batch is the
        whole of an estimated Z, the sample is compared in rounds of doubling size
        (from :data:`FIRST_ROUND`), stopping once the interval's half-width is
        within :data:`PRECISION` of the estimate."""
        if self.points is None:
            return
        if self.total <= self.exact_max or len(points) < self.total:
            self._compare(points, 0, len(self.points))
            return
        used = 0
        while used < len(self.points):
            done, used = used, min(max(2 * used, FIRST_ROUND), len(self.points))
            self._compare(points, done, used)
            lo, hi = self._interval(used)
            if hi - lo <= 2 * PRECISION * self._share(used):
                break
        self.used = used

    def _compare(self, points: np.ndarray, first: int, stop: int) -> None:
        """Compare queries ``first`` to ``stop`` with ``points``."""
        assert self.points is not None
        open_ = first + np.flatnonzero(~self.dominated[first:stop])  # once dominated, always
        dominated, same = compare(self.points[open_], points)
        self.dominated[open_] |= dominated
        self.same[open_] += same

    def _hits(self, used: int) -> float:
        """The weights of the first ``used`` compared outcomes, summed."""
        w = np.where(self.dominated[:used], 0.0, 1.0 / np.maximum(self.same[:used], 1))
        return float(w.sum())

    def _sample_size(self, used: int) -> int:
        """Kept outcomes up to the ``used``-th compared one (the others: weight 0)."""
        return self.size if used >= len(self.rank) else int(self.rank[used])

    def _share(self, used: int) -> float:
        return self._hits(used) / max(1, self._sample_size(used))

    def _interval(self, used: int) -> tuple[float, float]:
        return wilson(self._hits(used), self._sample_size(used))

    def result(self) -> FrontierCount:
        if self.points is None or not self.total:
            return FrontierCount(0)
        if self.total <= self.exact_max:
            return FrontierCount(round(self._hits(self.used)))
        lo, hi = self._interval(self.used)
        size = round(self.total * self._share(self.used))
        return FrontierCount(max(size, 1), (max(lo * self.total, 1.0), hi * self.total))


def _pivots(points: np.ndarray) -> np.ndarray:
    """Frontier-like rows of ``points`` (all of them when few): :func:`_best_rows`."""
    if len(points) <= 2 * TOP:
        return points
    return points[_best_rows(points, points.sum(axis=1))]
