"""PRIM (Friedman and Fisher 1999): the boxes of draws where the cases are concentrated.

PRIM, the patient rule induction method of Friedman and Fisher (1999), finds
boxes by **peeling**: starting from the box of all draws, it repeatedly removes
the share ``alpha`` (0.05) of the draws in the box at the low or the high end of
one number, choosing the peel that leaves the highest density, until the box
holds fewer than ``mass_min`` of the draws (0.05, at most half the share of cases). The boxes along the way form the
*peeling trajectory* (coverage falls as density rises); the box reported is the
densest of them (the earliest of equally dense ones: peeling stops at density 1).
**Pasting** then widens it again, a share ``alpha`` at a time, while that raises
its density (or its coverage at the same density). Last, a restriction is dropped
when it is not significant: its quasi-p-value (Bryant and Lempert 2010), the chance
that as dense a box arises by picking draws at random from the box without it,
exceeds ``significance`` (0.05); with few cases among many numbers, peeling
otherwise keeps slices of irrelevant numbers that merely happen to hold no case.
When restrictions are dropped, peeling runs again on the significant numbers
only, and that trajectory is the one reported. **Covering**: the draws in the box are set aside and the search
runs again on the rest, for up to ``max_boxes`` boxes (later boxes describe the
cases the earlier ones missed); a later box is reported only if its density
reaches ``threshold``.

The EMA Workbench (Kwakkel 2017) does the same; negsim implements it here (a
hundred lines of numpy) rather than depend on that package, whose install
brings statsmodels, seaborn and an optimisation library (about 100 MB) for
this one function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Step:
    """One box of a peeling or pasting trajectory."""

    lo: np.ndarray  # -inf where the low side is not restricted
    hi: np.ndarray  # +inf where the high side is not restricted
    coverage: float
    density: float
    mass: float
    count: int

    @property
    def restricted(self) -> int:
        """How many numbers the box restricts."""
        return int(np.sum(np.isfinite(self.lo) | np.isfinite(self.hi)))


@dataclass(frozen=True)
class Box:
    """A box found by PRIM: the chosen step (after pasting) and its peeling trajectory."""

    box: Step
    trajectory: tuple[Step, ...]
    chosen: int  # index in the trajectory of the box chosen before pasting


def inside(x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Rows of ``x`` within the box ``lo <= x <= hi``."""
    return np.all((x >= lo) & (x <= hi), axis=1)


def _step(x: np.ndarray, y: np.ndarray, scope: np.ndarray, lo: np.ndarray, hi: np.ndarray,
          total: float, n: int) -> Step:
    m = scope & inside(x, lo, hi)
    count = int(m.sum())
    hits = float(y[m].sum())
    return Step(lo.copy(), hi.copy(), hits / total if total else 0.0,
                hits / count if count else 0.0, count / n, count)


def _peels(x: np.ndarray, m: np.ndarray, alpha: float, dims: Sequence[int]):
    """Candidate peels of the box holding the rows ``m``: (dimension, side, new bound,
    rows kept). Each removes the ``alpha`` share (at least one row, and every row tied
    with the cut) at one end of one number."""
    rows = np.flatnonzero(m)
    k = max(1, int(alpha * len(rows)))
    for j in dims:
        v = x[rows, j]
        s = np.sort(v)
        if s[0] == s[-1]:
            continue
        low = s[k] if s[k] > s[0] else s[np.searchsorted(s, s[0], side="right")]
        keep = rows[v >= low]
        yield j, 0, float(low), keep
        high = s[-1 - k] if s[-1 - k] < s[-1] else s[np.searchsorted(s, s[-1], side="left") - 1]
        keep = rows[v <= high]
        yield j, 1, float(high), keep


def peel(x: np.ndarray, y: np.ndarray, scope: np.ndarray, alpha: float = 0.05,
         mass_min: float = 0.05, total: float | None = None,
         dims: Sequence[int] | None = None) -> list[Step]:
    """The peeling trajectory on the rows in ``scope``: boxes from all rows to the last
    with at least ``mass_min`` of all rows, each peel the one leaving the highest density
    (ties: the one keeping more rows); only numbers ``dims`` are peeled (default: all)."""
    dims = range(x.shape[1]) if dims is None else dims
    n = len(x)
    total = float(y.sum()) if total is None else total
    lo, hi = np.full(x.shape[1], -np.inf), np.full(x.shape[1], np.inf)
    steps = [_step(x, y, scope, lo, hi, total, n)]
    m = scope.copy()
    while steps[-1].density < 1:
        best = None
        for j, side, bound, keep in _peels(x, m, alpha, dims):
            if len(keep) < mass_min * n:
                continue
            score = (float(y[keep].mean()), len(keep))
            if best is None or score > best[0]:
                best = (score, j, side, bound, keep)
        if best is None:
            break
        _, j, side, bound, keep = best
        (lo if side == 0 else hi)[j] = bound
        m = np.zeros(n, dtype=bool)
        m[keep] = True
        steps.append(_step(x, y, scope, lo, hi, total, n))
    return steps


def paste(x: np.ndarray, y: np.ndarray, scope: np.ndarray, box: Step, alpha: float = 0.05,
          total: float | None = None) -> Step:
    """Widen ``box`` one restricted side at a time by up to the ``alpha`` share of its
    rows, taking the widening that raises the density most (or, at equal density, the
    coverage), while one does; a side widened past its last row is open again."""
    n = len(x)
    total = float(y.sum()) if total is None else total
    lo, hi = box.lo.copy(), box.hi.copy()
    current = box
    while True:
        k = max(1, int(alpha * current.count))
        best = None
        for j in range(x.shape[1]):
            for side, bounds in ((0, lo), (1, hi)):
                if not np.isfinite(bounds[j]):
                    continue
                others_lo, others_hi = lo.copy(), hi.copy()
                others_lo[j], others_hi[j] = -np.inf, np.inf
                slab = scope & inside(x, others_lo, others_hi)
                v = x[slab, j]
                outside = np.sort(v[v < lo[j]])[::-1] if side == 0 else np.sort(v[v > hi[j]])
                if not len(outside):
                    continue
                for m in range(min(k, len(outside))):
                    new = outside[m] if m < len(outside) - 1 else (-np.inf if side == 0 else np.inf)
                    trial_lo, trial_hi = lo.copy(), hi.copy()
                    (trial_lo if side == 0 else trial_hi)[j] = new
                    step = _step(x, y, scope, trial_lo, trial_hi, total, n)
                    score = (step.density, step.coverage)
                    if score > (current.density, current.coverage) and step.density >= current.density \
                            and (best is None or score > (best.density, best.coverage)):
                        best = step
        if best is None:
            return current
        lo, hi, current = best.lo.copy(), best.hi.copy(), best


def quasi_p(x: np.ndarray, y: np.ndarray, scope: np.ndarray, box: Step, j: int,
            total: float) -> float:
    """Bryant and Lempert's (2010) quasi-p-value of the box's restriction on number ``j``:
    the chance that ``box.count`` draws taken at random from the box without that
    restriction hold at least the box's cases, P(Binomial(count, density') >= hits)."""
    from scipy.stats import binom

    lo, hi = box.lo.copy(), box.hi.copy()
    lo[j], hi[j] = -np.inf, np.inf
    relaxed = _step(x, y, scope, lo, hi, total, len(x))
    hits = round(box.density * box.count)
    return float(binom.sf(hits - 1, box.count, relaxed.density))


def prune(x: np.ndarray, y: np.ndarray, scope: np.ndarray, box: Step, total: float,
          significance: float = 0.05) -> Step:
    """Drop, one at a time and least significant first, the restrictions whose quasi-p-value
    exceeds ``significance``: with few cases among many numbers, peeling also cuts slices
    of numbers that do not matter, only because those slices happen to hold no case."""
    while True:
        restricted = [j for j in range(x.shape[1]) if np.isfinite(box.lo[j]) or np.isfinite(box.hi[j])]
        if not restricted:
            return box
        p, j = max((quasi_p(x, y, scope, box, j, total), j) for j in restricted)
        if p <= significance:
            return box
        lo, hi = box.lo.copy(), box.hi.copy()
        lo[j], hi[j] = -np.inf, np.inf
        box = _step(x, y, scope, lo, hi, total, len(x))


def choose(trajectory: list[Step]) -> int:
    """The densest box of the trajectory, the earliest (most covering) of equally dense
    ones: Friedman and Fisher's box of largest mean subject to the minimum support."""
    return max(range(len(trajectory)), key=lambda i: (trajectory[i].density, -i))


def prim(x: np.ndarray, y: np.ndarray, alpha: float = 0.05, mass_min: float = 0.05,
         threshold: float = 0.8, max_boxes: int = 3, significance: float = 0.05) -> list[Box]:
    """PRIM with covering: up to ``max_boxes`` boxes, each found on the rows the earlier
    ones left; a later box is kept only if it reaches ``threshold`` density and restricts
    some number. Coverage is a share of all cases, mass a share of all rows. The minimum
    mass is at most half the share of cases, so that rare cases can still be boxed."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    total = float(y.sum())
    mass_min = min(mass_min, 0.5 * total / max(1, len(y)))  # rare cases: a box may be smaller
    scope = np.ones(len(x), dtype=bool)
    boxes: list[Box] = []
    while len(boxes) < max_boxes and y[scope].sum() > 0:
        trajectory = peel(x, y, scope, alpha, mass_min, total)
        chosen = choose(trajectory)
        pruned = prune(x, y, scope, trajectory[chosen], total, significance)
        if pruned.restricted < trajectory[chosen].restricted:
            # peel again on the significant numbers only, from the whole box
            kept = [j for j in range(x.shape[1])
                    if np.isfinite(pruned.lo[j]) or np.isfinite(pruned.hi[j])]
            trajectory = peel(x, y, scope, alpha, mass_min, total, kept)
            chosen = choose(trajectory)
            pruned = prune(x, y, scope, trajectory[chosen], total, significance)
        box = paste(x, y, scope, pruned, alpha, total)
        if boxes and (box.density < threshold or box.restricted == 0):
            break
        boxes.append(Box(box, tuple(trajectory), chosen))
        if box.restricted == 0:
            break
        scope &= ~inside(x, box.lo, box.hi)
    return boxes
