"""The near-optimal set of each solution (issue 19): the outcomes of the ZOPA Z whose
objective is within :data:`NEAR` of the best, how many, and on which issues they
differ.

The objective is the concept's (:mod:`sim.concepts`, SPEC section 3) with the
problem of the run (its disagreement point and ideal), except Nash's, which is
taken as the weighted product prod g_i^alpha_i (Nash 1950; alpha summing to 1, so
in utility units like the others) rather than its logarithm. The best objective
is that of the solution itself, or of a better outcome of Z if one ties it.

- **Discrete issues**: every outcome of Z, counted exactly; the space is streamed
  a chunk at a time (:meth:`sim.analysis.Solver.batches`), so memory is one chunk
  plus, per issue, the values seen.
- **Continuous issues**: Z on the grid of the space (``solve.resolution`` values
  per continuous issue) plus the solution's refined point; for a continuous issue
  ``ranges`` gives the least and largest value across the set, and it *varies*
  when they differ by more than :data:`~.moves.PRECISION` of its range.
- **Lotteries** (``solve.lotteries``): mixtures of outcomes form a convex set, and
  those within 1 % of the best lottery's objective are a continuum, which has no
  count. What is given instead (``"reference": "lottery"``) is the pure outcomes
  of Z within 1 % of the lottery's objective: none means no single outcome comes
  close to what randomising achieves.
- **Spaces too large to stream** (more than :data:`COUNT_UP_TO` outcomes, which
  the additive path solves): estimated from :data:`SAMPLES` uniform outcomes
  (seed :data:`SEED`) in SPEC section 5's form for estimates: ``"estimate":
  true`` and the 95 % Wilson interval ``ci95`` of the count (Wilson 1927); at
  least 1, the solution itself; ``varying`` is then what the sample shows.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .. import concepts as cc
from ..analysis import Solver
from ..precision import TIE_TOLERANCE
from ..proportions import wilson
from ..results import Result, Solution
from ..space import columns_of_points
from .moves import PRECISION

#: The near-optimal set: within this share of the best objective.
NEAR = 0.01
#: Spaces up to this many outcomes are counted, larger ones estimated by sampling.
COUNT_UP_TO = 1 << 22
#: Uniform outcomes drawn for an estimate, per batch, and the seed.
SAMPLES = 1 << 16
BATCH = 1 << 13
SEED = 0


def _scores(concept: str, uv: np.ndarray, problem: cc.BargainingProblem) -> np.ndarray:
    values = cc.CONCEPTS[concept].objective(uv, problem)
    return np.exp(values) if concept == "nash" else values


class _Tally:
    """One concept's near-optimal outcomes seen so far: how many, and per issue the
    values taken (discrete) or their least and largest (continuous)."""

    def __init__(self, continuous: list[bool]) -> None:
        self.count = 0
        self.values: list[set[float]] = [set() for _ in continuous]
        self.lo = np.full(len(continuous), np.inf)
        self.hi = np.full(len(continuous), -np.inf)
        self.continuous = continuous

    def add(self, columns: list[np.ndarray]) -> None:
        if not len(columns[0]):
            return
        self.count += len(columns[0])
        for j, col in enumerate(columns):
            if self.continuous[j]:
                self.lo[j], self.hi[j] = min(self.lo[j], col.min()), max(self.hi[j], col.max())
            else:
                self.values[j].update(np.unique(col).tolist())


def _batches(solver: Solver):
    """The space's batches: all of it, streamed (counted), or :data:`SAMPLES` uniform
    outcomes (an estimate) past :data:`COUNT_UP_TO`."""
    if solver.space.size <= COUNT_UP_TO:
        yield from (cols for _, _, cols in solver.batches())
        return
    rng = np.random.default_rng(SEED)
    for start in range(0, SAMPLES, BATCH):
        n = min(BATCH, SAMPLES - start)
        yield [grid[rng.integers(len(grid), size=n)] for grid in solver.space.grids]


def _on_grid(solver: Solver, sol: Solution) -> bool:
    return sol.index is not None and solver.space.point(sol.index) == sol.point


def near_optimal(solver: Solver, result: Result) -> dict[str, dict[str, Any] | None]:
    """Per concept of ``result`` (the run's solve with every pressure, by ``solver``):
    ``{"within", "count", "varying"}``, with ``ranges`` ({continuous issue: [lo, hi]})
    where there are continuous issues, ``"reference": "lottery"`` for a lottery, and
    ``"estimate": true, "ci95"`` past :data:`COUNT_UP_TO` (module doc); None for a
    concept without a deal. One pass over the space for every concept.

    The best objective is the solution's: a pure solution maximises it over Z (within
    SPEC's tie tolerance, which the threshold allows for), a refined one over the real
    range, a lottery over the hull of Z."""
    s = solver.scenario
    live = {c: sol for c, sol in result.solutions.items() if sol is not None}
    out: dict[str, dict[str, Any] | None] = dict.fromkeys(result.solutions)
    if not live or result.ideal is None:
        return out
    v, d = solver.veto, result.disagreement
    problem = solver.problem(d, result.ideal)
    continuous = [i.continuous for i in s.issues]
    best = {c: float(_scores(c, sol.utilities[v][None, :], problem)[0]) for c, sol in live.items()}
    threshold = {c: b - NEAR * abs(b) - TIE_TOLERANCE for c, b in best.items()}
    tallies = {c: _Tally(continuous) for c in live}
    seen = 0
    for cols in _batches(solver):
        seen += len(cols[0])
        u = solver.utilities(cols, s.pressures)
        inside = np.flatnonzero(solver.feasible(cols, u, d))
        uv = u[inside][:, v]
        for c in live:
            near = inside[_scores(c, uv, problem) >= threshold[c]]
            tallies[c].add([col[near] for col in cols])
    for c, sol in live.items():
        tally = tallies[c]
        if sol.point is not None and sol.lottery is None and not _on_grid(solver, sol):
            # the refined point
            tally.add([np.atleast_1d(col) for col in columns_of_points([sol.point], s.issues)])
        out[c] = _entry(solver, tally, sol, seen)
    return out


def _entry(solver: Solver, tally: _Tally, sol: Solution, seen: int) -> dict[str, Any]:
    """The JSON entry of one concept's near-optimal set (:func:`near_optimal`)."""
    issues = solver.scenario.issues
    varying = []
    ranges: dict[str, list[float]] = {}
    for j, issue in enumerate(issues):
        if issue.continuous:
            lo, hi = float(tally.lo[j]), float(tally.hi[j])
            if tally.count:
                ranges[issue.name] = [lo, hi]
            if tally.count and hi - lo > PRECISION * issue.width:
                varying.append(issue.name)
        elif len(tally.values[j]) > 1:
            varying.append(issue.name)
    entry: dict[str, Any] = {"within": NEAR, "count": tally.count, "varying": varying}
    size = solver.space.size
    if seen < size:  # sampled (module doc): the count is an estimate, the solution in it
        lo, hi = wilson(tally.count, seen)
        entry["count"] = max(1, (tally.count * size + seen // 2) // seen)
        entry["estimate"] = True
        entry["ci95"] = [max(1.0, lo * size), max(1.0, hi * size)]
    if any(i.continuous for i in issues):
        entry["ranges"] = ranges
    if sol.lottery is not None:
        entry["reference"] = "lottery"
    return entry
