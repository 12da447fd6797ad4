"""Solutions without the whole Pareto frontier: each concept's maximiser found by
direct maximisation over the ZOPA, streamed in batches (issue 22).

Every concept of :mod:`sim.concepts` maximises an objective f that is weakly
increasing in every veto party's utility (a sum, a minimum, a weighted sum of
logarithms, each correctly rounded operation monotone). So if y weakly
dominates x, f(y) >= f(x), and the candidates

    C = { x in Z : f(x) >= max_Z f - TIE_TOLERANCE - SLACK }

are closed upwards within Z: a y in Z that dominates a member of C is in C.
Hence the frontier of C is the frontier of Z restricted to C, and
max_Z f = max_P f (every x in Z is weakly dominated by a frontier member).
:func:`sim.concepts.select` applied to the frontier of the union of the
concepts' candidates therefore sees, for each concept, exactly the frontier
members within the tie tolerance of the best that it sees on the whole
frontier, and its tie-break and enumeration-order rule pick the same outcome
(SPEC section 3, 'Solutions'). The union is closed upwards too, so its
frontier is again the whole frontier restricted to it.

The Kalai-Smorodinsky objective needs the ideal point I_i = max over Z of u_i
(the maximum over the frontier: the lexicographic maximum with u_i first is a
frontier member). The first pass over Z finds it, with the candidates of the
other concepts; a second pass (over the same arrays when the space is one
batch) finds the Kalai-Smorodinsky candidates and counts the frontier
(:mod:`sim.frontier.count`).

The functions take plain arrays and callables: ``stream()`` yields, each time
it is called, the ZOPA's batches as (vectors over the veto parties, their
enumeration indices) in enumeration order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from . import concepts as cc
from .errors import AnalysisError
from .frontier import pareto_front
from .frontier.count import FrontierCount, FrontierSample
from .precision import TIE_TOLERANCE

#: A batch of the ZOPA: utility vectors over the veto parties (n x k) and their
#: enumeration indices (n).
Batch = tuple[np.ndarray, np.ndarray]
#: Extra room below the tie tolerance when collecting candidates: the objective of
#: one vector evaluated inside arrays of other shapes may differ in its last bits.
SLACK = 1e-12
#: Most candidates kept for one concept; past it (a tie over a large part of Z,
#: e.g. a Nash product of minus infinity everywhere) the direct path gives up.
MAX_CANDIDATES = 1 << 20


#: The direct path pays from this many outcomes on, by number of veto parties
#: (measured side by side, listed against direct: benchmarks/parties.py; the
#: figures in docs/performance.md "Many veto parties") ...
PAYS_FROM = {5: 1 << 20, 6: 1 << 16}
#: ... and from this many on with seven or more.
PAYS_FROM_MANY = 1 << 14


def pays(parties: int, outcomes: int) -> bool:
    """Whether a space of ``outcomes`` with ``parties`` veto parties is solved by
    direct maximisation rather than by listing its frontier. Listing costs up to
    the square of a frontier that, past a few parties, holds much of Z; the
    direct path costs two passes over Z plus the test of a sample of Z against
    it, and estimates the frontier's size where Z is large. Measured: with four
    parties listing stays cheaper (the frontier is a small part of Z, so that
    the sample also finds few of its members); with five from about 2^20
    outcomes (1.95e6: 68 s listed, 24 s direct), with six from 2^16, with more
    from 2^14 (eight parties, 16,807 outcomes: 7.3 s listed, 1.5 s direct).

    >>> pays(3, 10 ** 7), pays(4, 10 ** 7), pays(5, 10 ** 7), pays(30, 161051)
    (False, False, True, True)
    """
    if parties <= 4:
        return False
    return outcomes >= PAYS_FROM.get(parties, PAYS_FROM_MANY)


@dataclass(frozen=True)
class Direct:
    """What the direct path found: the ZOPA's size, the ideal point, the frontier
    members within the tie tolerance of some concept's best (``front``, distinct
    vectors, and ``order``, each one's first enumeration index, by index) and
    the frontier's size (:class:`~sim.frontier.count.FrontierCount`)."""

    zopa_size: int
    ideal: np.ndarray
    front: np.ndarray
    order: np.ndarray
    pareto: FrontierCount


class _Candidates:
    """The running candidates of one concept: the rows whose objective is within
    the tolerance (plus :data:`SLACK`) of the best so far."""

    def __init__(self, concept: cc.Concept, k: int):
        self.concept, self.best = concept, -np.inf
        self.points, self.order = np.empty((0, k)), np.empty(0, dtype=np.int64)
        self.values = np.empty(0)

    def add(self, points: np.ndarray, order: np.ndarray, problem: cc.BargainingProblem) -> bool:
        """Take a batch; False once the candidates outgrow :data:`MAX_CANDIDATES`."""
        values = self.concept.objective(points, problem)
        self.best = max(self.best, float(values.max()))
        keep = np.flatnonzero(values >= self._floor())
        self.points = np.vstack([self.points, points[keep]])
        self.order = np.concatenate([self.order, order[keep]])
        self.values = np.concatenate([self.values, values[keep]])
        if len(self.values) > MAX_CANDIDATES // 2:
            self._prune()
        return len(self.values) <= MAX_CANDIDATES

    def _floor(self) -> float:
        return -np.inf if self.best == -np.inf else self.best - TIE_TOLERANCE - SLACK

    def _prune(self) -> None:
        keep = self.values >= self._floor()
        self.points, self.order, self.values = self.points[keep], self.order[keep], self.values[keep]

    def result(self) -> Batch:
        self._prune()
        return self.points, self.order


def solve_direct(stream: Callable[[], Iterator[Batch]], problem: Callable[[np.ndarray], cc.BargainingProblem],
                 concepts: Sequence[str], sample: FrontierSample | None = None) -> Direct | None:
    """The candidates of each of ``concepts`` (names in :data:`sim.concepts.CONCEPTS`)
    and the frontier's size, in at most two passes over ``stream()``.

    ``problem(ideal)`` is the bargaining problem for an ideal point (the first
    pass calls it with a placeholder: only the concepts whose gains are
    ``relative`` to the ideal point read it, and they wait for the second pass).
    ``sample`` draws the outcomes whose frontier membership estimates (or counts)
    the frontier's size. None when some concept ties over more than
    :data:`MAX_CANDIDATES` outcomes (the caller then lists the frontier).

    >>> u = np.array([[1., 0.], [.5, .5], [.6, .3], [.5, .5]])
    >>> pb = lambda ideal: cc.BargainingProblem(np.zeros(2), ideal, np.array([.5, .5]))
    >>> r = solve_direct(lambda: iter([(u, np.arange(4))]), pb, ["nash"])
    >>> r.front.tolist(), r.order.tolist(), r.pareto.size
    ([[0.5, 0.5]], [1], 3)
    """
    sample = sample if sample is not None else FrontierSample()
    first = [cc.CONCEPTS[c] for c in concepts if not cc.CONCEPTS[c].relative]
    later = [cc.CONCEPTS[c] for c in concepts if cc.CONCEPTS[c].relative]
    k, count = None, 0
    ideal: np.ndarray | None = None
    found: list[_Candidates] = []
    for points, order in stream():
        if k is None:
            k = points.shape[1]
            found = [_Candidates(c, k) for c in first]
            placeholder = problem(np.ones(k))
        if not len(points):
            continue
        count += len(points)
        top = points.max(axis=0)
        ideal = top if ideal is None else np.maximum(ideal, top)
        sample.draw(points)
        if not all(c.add(points, order, placeholder) for c in found):
            return None
    if k is None or count == 0 or ideal is None:
        return None
    pb = problem(ideal)
    late = [_Candidates(c, k) for c in later]
    sample.start(count)
    for points, order in stream():
        if not len(points):
            continue
        sample.compare(points)
        if not all(c.add(points, order, pb) for c in late):
            return None
    parts = [c.result() for c in found + late]
    front, order = pareto_front(np.vstack([p for p, _ in parts]), np.concatenate([o for _, o in parts]))
    return Direct(count, ideal, front, order, sample.result())


class Listed(Protocol):
    """What :func:`require_listed` reads of a :class:`sim.analysis.Result`."""

    @property
    def frontier(self) -> np.ndarray: ...

    @property
    def frontier_listed(self) -> bool: ...


def require_listed(result: Listed, use: str) -> None:
    """Stop with a clear error (exit 2) where ``use`` needs every member of the
    frontier and ``result`` (a :class:`sim.analysis.Result`) holds only those near
    a solution (``frontier_listed`` false: the direct path): never a figure,
    table or answer drawn silently from a part of the frontier."""
    if result.frontier_listed:
        return
    k = result.frontier.shape[1]
    raise AnalysisError(
        f"{use} needs the whole Pareto frontier, which was not listed: with {k} veto parties "
        f"its members are too many to list in time, so the solutions were found by direct "
        f"maximisation and the frontier only counted or estimated (pareto.size); mark fewer "
        f"parties veto, or make the outcome space smaller than "
        f"{PAYS_FROM.get(k, PAYS_FROM_MANY):,} outcomes", path="parties")
