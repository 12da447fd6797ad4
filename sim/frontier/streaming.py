"""Frontiers of unions, and the running frontier of a space streamed in chunks
(:mod:`sim.frontier`): the frontier of a union is the frontier of the union of
frontiers, so memory stays bounded by one chunk plus the frontier."""

from __future__ import annotations

import numpy as np

from .exact import pareto_front


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
