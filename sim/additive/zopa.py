"""Step 4 of the additive path (:mod:`sim.additive`): the ZOPA size, counted
exactly without enumeration where it can be (a dynamic programme over parts on
the distinct partial sums of the binding parties; meeting in the middle for one
binding party; Horowitz and Sahni 1974), else estimated by sampling with a
95 % Wilson interval (Wilson 1927; :func:`sim.proportions.wilson`)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..kernel import Kernel
from ..limits import DEFAULTS, Limits
from ..precision import round_utilities
from ..proportions import wilson
from ..results import Region
from ..scenario import Pressure
from .parts import SLACK, Part

#: Most distinct partial sums (and candidate sums) a ZOPA counting programme may hold
#: per half when meeting in the middle (one binding party); over all binding parties,
#: part by part: ``Limits.dp_states`` and ``Limits.dp_candidates`` (:mod:`sim.limits`).
MITM_STATES = 1 << 20
MITM_CANDIDATES = 1 << 22
#: Monte Carlo estimate of the ZOPA size: outcomes drawn, batch size and seed.
SAMPLES = 1 << 16
BATCH = 1 << 13
SEED = 0

def _sweep(tables: list[np.ndarray], need: np.ndarray, out_lo: np.ndarray, out_hi: np.ndarray,
           out_size: int, caps: tuple[int, int], settle_in: bool = True
           ) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Distinct partial sums over ``tables`` with their counts; a state is dropped when
    no completion (the rest of ``tables``, then something between ``out_lo`` and
    ``out_hi`` over ``out_size`` outcomes) reaches ``need``, and (``settle_in``) counted
    when every completion does. Returns (sums, counts, settled count) or None past the
    ``caps`` (states, candidates)."""
    max_states, max_candidates = caps
    b = len(need)
    lo = np.vstack([np.cumsum([t.min(axis=0) for t in tables[::-1]], axis=0)[::-1][1:],
                    np.zeros((1, b))]) + out_lo
    hi = np.vstack([np.cumsum([t.max(axis=0) for t in tables[::-1]], axis=0)[::-1][1:],
                    np.zeros((1, b))]) + out_hi
    sizes = [len(t) for t in tables]
    later = [math.prod(sizes[g + 1:]) * out_size for g in range(len(tables))]
    big = math.prod(sizes) * out_size >= 1 << 62
    states = np.zeros((1, b))
    counts = np.ones(1, dtype=object if big else np.int64)
    settled = 0
    for g, t in enumerate(tables):
        if len(states) * len(t) > max_candidates:
            return None
        s = (states[:, None, :] + t[None, :, :]).reshape(-1, b)
        c = np.repeat(counts, len(t))
        o = np.argsort(s[:, 0], kind="stable") if b == 1 else np.lexsort(s.T[::-1])
        s, c = s[o], c[o]
        new = np.ones(len(s), dtype=bool)
        new[1:] = np.any(s[1:] != s[:-1], axis=1)
        starts = np.nonzero(new)[0]
        s, c = s[starts], np.add.reduceat(c, starts)
        alive = np.all(s + hi[g] >= need - SLACK, axis=1)
        if settle_in:
            done = alive & np.all(s + lo[g] >= need + SLACK, axis=1)
            settled += int(c[done].sum()) * later[g]
            alive &= ~done
        states, counts = s[alive], c[alive]
        if len(states) > max_states:
            return None
    return states, counts, settled


def _count_mitm(tables: list[np.ndarray], need: float) -> int | None:
    """One binding party: count pairs of half-sums with round(a + b, 9) >= need."""
    sizes = [len(t) for t in tables]
    total = math.prod(sizes)
    split = next((g for g in range(1, len(tables)) if math.prod(sizes[:g]) ** 2 >= total),
                 len(tables) - 1)
    first, second = tables[:split], tables[split:]
    halves = max(math.prod(sizes[:split]), math.prod(sizes[split:]))
    if not first or not second or halves > 64 * MITM_STATES:
        return None  # the halves' sums alone would be far past the caps
    bounds = [(sum(t.min(axis=0) for t in h), sum(t.max(axis=0) for t in h),
               math.prod(len(t) for t in h)) for h in (second, first)]
    nd = np.array([need])
    caps = (MITM_STATES, MITM_CANDIDATES)
    a = _sweep(first, nd, *bounds[0], caps)
    b = _sweep(second, nd, *bounds[1], caps, settle_in=False)
    if a is None or b is None:
        return None
    (av, ac, settled), (bv, bc, _) = a, b
    av, bv = av[:, 0], bv[:, 0]
    o = np.argsort(bv)
    bv, bc = bv[o], bc[o]
    above = np.concatenate([np.cumsum(bc[::-1])[::-1], np.zeros(1, dtype=bc.dtype)])
    p = np.searchsorted(bv, need - 5e-10 - av)
    for _ in range(64):  # settle the boundary exactly on the rounded sums
        left = (p > 0) & (round_utilities(av + bv[np.maximum(p - 1, 0)]) >= need)
        right = (p < len(bv)) & (round_utilities(av + bv[np.minimum(p, len(bv) - 1)]) < need)
        if not left.any() and not right.any():
            break
        p = p - left + right
    return settled + int(np.dot(ac.astype(object), above[p].astype(object)))


def estimate_zopa(kernel: Kernel, pressures: Sequence[Pressure], d: np.ndarray,
                  region: Region | None, floor: int) -> tuple[int, tuple[float, float]]:
    """ZOPA size from ``SAMPLES`` uniform outcomes (seed ``SEED``), scored by the
    reference code; with its 95 % interval, both at least ``floor``."""
    rng = np.random.default_rng(SEED)
    hits = 0
    for start in range(0, SAMPLES, BATCH):
        n = min(BATCH, SAMPLES - start)
        cols = [grid[rng.integers(len(grid), size=n)] for grid in kernel.space.grids]
        u = kernel.utilities(cols, pressures)
        hits += int(kernel.feasible(cols, u, d, region).sum())
    size = kernel.space.size
    lo, hi = wilson(hits, SAMPLES)
    estimate = (hits * size + SAMPLES // 2) // SAMPLES
    return max(estimate, floor), (max(lo * size, float(floor)), max(hi * size, float(floor)))


def count_zopa(parts: list[Part], d: np.ndarray, in_order: bool = False,
               limits: Limits = DEFAULTS) -> int | None:
    """Exact ZOPA size from the parts, or None when it cannot be counted in bounds
    (``in_order``: only by sums formed part by part, not meeting in the middle;
    ``limits``: the part-by-part programme's caps, ``dp_states`` and ``dp_candidates``
    of :class:`~sim.limits.Limits`; the solve passes its kernel's)."""
    tables = [p.values[p.allowed] for p in parts]
    if any(not len(t) for t in tables):
        return 0
    total = math.prod(len(t) for t in tables)
    binding = sum(t.min(axis=0) for t in tables) < d + SLACK
    if not binding.any():
        return total
    tables = [t[:, binding] for t in tables]
    need = d[binding]
    zero = np.zeros(len(need))
    swept = _sweep(tables, need, zero, zero, 1, (limits.dp_states, limits.dp_candidates))
    if swept is not None:
        states, counts, settled = swept
        return settled + int(counts[np.all(round_utilities(states) >= need, axis=1)].sum())
    if len(need) == 1 and not in_order:
        return _count_mitm(tables, float(need[0]))
    return None
