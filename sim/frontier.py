"""Pareto frontiers of finite sets of utility vectors.

A vector x is on the frontier of a set S when no y in S has y_i >= x_i for
every coordinate and y_i > x_i for one (SPEC section 3). Every function here
works on distinct vectors, each tagged with the first (smallest) enumeration
index at which it occurs, so the frontier of a union is the frontier of the
union of frontiers: a space streamed in chunks keeps only each chunk's
frontier.

- one coordinate: the maximum;
- two coordinates: sort by (u0 desc, u1 desc) and sweep (Kung, Luccio and
  Preparata 1975), O(n log n);
- more: sort-filter-skyline (Chomicki et al. 2003): sorted by decreasing sum,
  a vector can only be dominated by one before it, checked in numpy blocks.
"""

from __future__ import annotations

import numpy as np

BLOCK = 512


def distinct_first(points: np.ndarray, order: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of ``points``, each with the smallest ``order`` among its copies."""
    if len(points) == 0:
        return points, order
    keys = np.lexsort((order,) + tuple(points[:, k] for k in range(points.shape[1] - 1, -1, -1)))
    p, o = points[keys], order[keys]
    new = np.ones(len(p), dtype=bool)
    new[1:] = np.any(p[1:] != p[:-1], axis=1)
    return p[new], o[new]


def _nondominated_2d(p: np.ndarray) -> np.ndarray:
    idx = np.lexsort((-p[:, 1], -p[:, 0]))
    y = p[idx, 1]
    best_before = np.maximum.accumulate(np.concatenate(([-np.inf], y[:-1])))
    return idx[y > best_before]


def _nondominated_nd(p: np.ndarray) -> np.ndarray:
    idx = np.argsort(-p.sum(axis=1), kind="stable")
    q = p[idx]
    kept: list[np.ndarray] = []
    front = np.empty((0, p.shape[1]))
    for start in range(0, len(q), BLOCK):
        block = q[start:start + BLOCK]
        alive = np.ones(len(block), dtype=bool)
        if len(front):
            for f0 in range(0, len(front), 4096):
                f = front[f0:f0 + 4096]
                ge = np.all(f[None, :, :] >= block[:, None, :], axis=2)
                alive &= ~ge.any(axis=1)  # distinct vectors: >= everywhere means dominated
        # within the block: only earlier (larger-sum) vectors can dominate later ones
        b = block[alive]
        ids = np.nonzero(alive)[0]
        if len(b) > 1:
            ge = np.all(b[None, :, :] >= b[:, None, :], axis=2)  # ge[x, y]: y >= x
            np.fill_diagonal(ge, False)
            ids = ids[~ge.any(axis=1)]
        kept.append(start + ids)
        front = np.vstack([front, block[ids]])
    return idx[np.concatenate(kept)] if kept else np.empty(0, dtype=np.int64)


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
    p, o = distinct_first(np.asarray(points, dtype=float), np.asarray(order))
    if len(p) == 0:
        return p, o
    k = p.shape[1]
    if k == 1:
        keep = np.array([int(np.argmax(p[:, 0]))])
    elif k == 2:
        keep = _nondominated_2d(p)
    else:
        keep = _nondominated_nd(p)
    p, o = p[keep], o[keep]
    srt = np.argsort(o, kind="stable")
    return p[srt], o[srt]


def merge_fronts(parts: list[tuple[np.ndarray, np.ndarray]], k: int) -> tuple[np.ndarray, np.ndarray]:
    """Frontier of the union of several (vectors, order) frontiers."""
    parts = [pt for pt in parts if len(pt[0])]
    if not parts:
        return np.empty((0, k)), np.empty(0, dtype=np.int64)
    if len(parts) == 1:
        return parts[0]
    return pareto_front(np.vstack([p for p, _ in parts]), np.concatenate([o for _, o in parts]))
