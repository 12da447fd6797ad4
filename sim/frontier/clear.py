"""Frontiers kept only up to what stays dominated after any further sums and the
9-decimal rounding: the issue-by-issue pruning of the additive path
(:mod:`sim.additive`; :mod:`sim.frontier` says why sums of frontiers suffice)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..precision import UNIT
from .exact import _lex_desc, _nondominated, dominated_by

#: A vector beats another "clearly" when it is >= everywhere and larger by more
#: than this in one coordinate: after any further additions and the 9-decimal
#: rounding of SPEC section 3 it is then still strictly larger there (one unit
#: of the 1e-9 lattice plus slack for the floating-point error of the sums).
MARGIN = UNIT + 1e-12


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
