"""What the frontier figure draws, computed from an :class:`~sim.analysis.Analysis`.

Every outcome's utilities are streamed chunk by chunk through the solver
(:meth:`Solver.utilities` with every pressure, :meth:`Solver.feasible` against
the disagreement point), exactly as the analysis does, so a point is in the
ZOPA on the figure iff it is in the ZOPA of the report. A space of up to
:data:`MAX_POINTS` outcomes is kept point by point. A larger one is summarised
in the same single pass by a 2-D histogram per pair of parties (on a fixed
grid over the utility bounds, cropped to the occupied cells), while the ZOPA
is still kept point by point if it has at most :data:`MAX_POINTS` outcomes
(else it is binned too). Nothing is left out and memory stays bounded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from ..analysis import Analysis, Solver
from ..direct import require_listed
from ..pressure import apply_to_disagreement

#: Largest set of outcomes drawn point by point; above it, 2-D histograms.
MAX_POINTS = 20_000
#: Histogram cells per axis over the utility bounds (before cropping).
BINS = 120

Pair = tuple[int, int]


@dataclass(frozen=True)
class Histogram:
    """Outcome counts of one pair of parties on a grid: ``counts[x_bin, y_bin]``."""

    counts: np.ndarray
    zopa: np.ndarray
    xedges: np.ndarray
    yedges: np.ndarray


@dataclass(frozen=True)
class Cloud:
    """The outcomes to draw: as points (utilities, outcomes x parties) or binned.

    ``outside`` holds the points outside the ZOPA (None when binned);
    ``inside`` the ZOPA's points (None when the ZOPA itself is binned);
    ``histograms`` a :class:`Histogram` per pair of parties when binned.
    """

    outside: np.ndarray | None
    inside: np.ndarray | None
    histograms: dict[Pair, Histogram] = field(default_factory=dict)

    @property
    def binned(self) -> bool:
        return bool(self.histograms)


def _stream(analysis: Analysis, solver: Solver) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    pressures = solver.scenario.pressures
    d = analysis.result.disagreement
    for _, _, cols in solver.batches():
        u = solver.utilities(cols, pressures)
        yield u, solver.feasible(cols, u, d)


def enumerable(analysis: Analysis) -> bool:
    """Whether the outcome space may be enumerated (``solve.max_outcomes``)."""
    return analysis.space.enumerable(analysis.scenario.solve.max_outcomes)


def cloud(analysis: Analysis, pairs: list[Pair], max_points: int = MAX_POINTS,
          solver: Solver | None = None) -> Cloud:
    """Every outcome's utilities, as points or (above ``max_points``) binned for ``pairs``."""
    solver = solver or analysis.solver_of()
    if analysis.space.size <= max_points:
        us, oks = zip(*_stream(analysis, solver))
        u, ok = np.concatenate(us), np.concatenate(oks)
        return Cloud(u[~ok], u[ok])
    lo, hi = utility_bounds(analysis)
    edges = [np.linspace(a, b, BINS + 1) for a, b in zip(lo, hi)]
    total = {p: np.zeros((BINS, BINS), dtype=np.int64) for p in pairs}
    inside = {p: np.zeros((BINS, BINS), dtype=np.int64) for p in pairs}
    kept: list[np.ndarray] | None = [] if analysis.result.zopa_size <= max_points else None
    for u, ok in _stream(analysis, solver):
        if kept is not None:
            kept.append(u[ok])
        u = np.clip(u, lo, hi)
        for i, j in pairs:
            e = [edges[i], edges[j]]
            total[i, j] += np.histogram2d(u[:, i], u[:, j], bins=e)[0].astype(np.int64)
            inside[i, j] += np.histogram2d(u[ok, i], u[ok, j], bins=e)[0].astype(np.int64)
    hist = {p: _crop(total[p], inside[p], edges[p[0]], edges[p[1]]) for p in pairs}
    return Cloud(None, np.concatenate(kept) if kept is not None else None, hist)


def utility_bounds(analysis: Analysis) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of every party's utility over all outcomes.

    Weighted values lie in [0, 1]; interaction bonuses, penalties, costs and
    rewards widen that range by at most their sum.
    """
    s = analysis.scenario
    lo, hi = np.zeros(len(s.parties)), np.ones(len(s.parties))
    for i, party in enumerate(s.parties):
        lo[i] += sum(min(0.0, x.bonus) for x in party.interactions)
        hi[i] += sum(max(0.0, x.bonus) for x in party.interactions)
    for p in s.pressures:
        hi[s.party_index(p.target)] += p.reward
    return apply_to_disagreement(s, s.pressures, lo), hi


def _crop(counts: np.ndarray, zopa: np.ndarray, xe: np.ndarray, ye: np.ndarray) -> Histogram:
    xs, ys = np.nonzero(counts.any(axis=1))[0], np.nonzero(counts.any(axis=0))[0]
    if not len(xs):
        return Histogram(counts, zopa, xe, ye)
    a, b, c, d = xs[0], xs[-1] + 1, ys[0], ys[-1] + 1
    return Histogram(counts[a:b, c:d], zopa[a:b, c:d], xe[a:b + 1], ye[c:d + 1])


def frontier_utilities(analysis: Analysis, solver: Solver | None = None) -> np.ndarray:
    """Every party's utility (frontier points x parties) at the frontier's outcomes.

    The frontier holds veto parties' utilities only; a non-veto party's
    coordinate comes from the first outcome of each frontier point.
    """
    r = analysis.result
    n = len(analysis.scenario.parties)
    require_listed(r, "the frontier figure")
    if not len(r.frontier):
        return np.zeros((0, n))
    solver = solver or analysis.solver_of()
    cols = analysis.space.columns_at(np.asarray(r.frontier_index, dtype=np.int64))
    u = solver.utilities(cols, analysis.scenario.pressures)
    u[:, analysis.veto] = r.frontier
    return u


def nondominated(xy: np.ndarray) -> np.ndarray:
    """The points of ``xy`` (n x 2) no other point weakly dominates, sorted by x.

    >>> nondominated(np.array([[0, 1], [1, 0], [0.5, 0.5], [0.2, 0.2]])).tolist()
    [[0.0, 1.0], [0.5, 0.5], [1.0, 0.0]]
    """
    xy = np.unique(np.asarray(xy, dtype=float), axis=0)
    order = np.lexsort((-xy[:, 1], -xy[:, 0]))  # x descending, then y descending
    keep, best = [], -np.inf
    for k in order:
        if xy[k, 1] > best:
            keep.append(k)
            best = xy[k, 1]
    return xy[sorted(keep, key=lambda k: xy[k, 0])]
