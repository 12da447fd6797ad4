"""The outcome space: every combination of one value per issue, in a fixed order.

SPEC section 3: continuous issues are put on ``numpy.round(numpy.linspace(lo,
hi, resolution), 9)``; outcomes are enumerated as ``itertools.product`` over the
issues in file order (first issue slowest), options in listed order, grid
values ascending. Outcome ``k`` is never materialised as a Python object: a
batch of outcomes is handed around column-wise (one array per issue holding
option indices or real values), computed from flat indices by mixed-radix
arithmetic, so any slice of the space can be produced in bounded memory.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import AnalysisError
from .precision import round_utilities
from .scenario import Issue, Scenario

#: Outcomes per chunk when streaming an enumerated space.
CHUNK = 1 << 18

Columns = list[np.ndarray]


@dataclass(frozen=True)
class OutcomeSpace:
    """The enumerated outcome space of a scenario's issues."""

    issues: tuple[Issue, ...]
    grids: tuple[np.ndarray, ...]

    @classmethod
    def of(cls, scenario: Scenario) -> OutcomeSpace:
        grids = []
        for issue in scenario.issues:
            if issue.continuous:
                grids.append(round_utilities(np.linspace(issue.lo, issue.hi, scenario.solve.resolution)))
            else:
                grids.append(np.arange(len(issue.options), dtype=np.int64))
        return cls(scenario.issues, tuple(grids))

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(g) for g in self.grids)

    @property
    def size(self) -> int:
        """Number of outcomes (an exact Python integer, however large)."""
        return math.prod(self.sizes)

    @property
    def strides(self) -> tuple[int, ...]:
        strides, acc = [], 1
        for n in reversed(self.sizes):
            strides.append(acc)
            acc *= n
        return tuple(reversed(strides))

    def enumerable(self, max_outcomes: int) -> bool:
        """May this space be enumerated: at most ``max_outcomes`` (``solve.max_outcomes``)
        outcomes? The one place that rule is written; past it a space is solved through
        its additive structure (:mod:`sim.additive`) or not at all."""
        return self.size <= max_outcomes

    def check_enumerable(self, max_outcomes: int) -> None:
        """Raise :class:`AnalysisError` if enumeration would exceed ``max_outcomes``."""
        if not self.enumerable(max_outcomes):
            raise AnalysisError(
                f"the outcome space has {self.size:,} outcomes "
                f"({' x '.join(map(str, self.sizes))}), more than solve.max_outcomes = "
                f"{max_outcomes:,}; raise solve.max_outcomes, lower solve.resolution, or "
                f"merge options",
                path="solve.max_outcomes",
            )

    def columns(self, start: int, stop: int) -> Columns:
        """Columns of outcomes ``start`` .. ``stop - 1`` in enumeration order."""
        flat = np.arange(start, stop, dtype=np.int64)
        return self.columns_at(flat)

    def columns_at(self, flat: np.ndarray) -> Columns:
        """Columns of the outcomes with the given flat indices."""
        flat = np.asarray(flat, dtype=np.int64)
        return [grid[(flat // stride) % len(grid)] for grid, stride in zip(self.grids, self.strides)]

    def chunks(self, chunk: int = CHUNK) -> Iterator[tuple[int, int]]:
        """(start, stop) of consecutive batches of the enumeration; a space whose
        indices overflow int64 cannot be enumerated (AnalysisError)."""
        if self.size > np.iinfo(np.int64).max:
            raise AnalysisError(f"the outcome space has {self.size:,} outcomes "
                                f"({' x '.join(map(str, self.sizes))}), too many to enumerate",
                                path="solve.max_outcomes")
        for start in range(0, self.size, chunk):
            yield start, min(start + chunk, self.size)

    def point(self, index: int) -> tuple[float, ...]:
        """Outcome ``index`` as one value per issue (option index or real value).

        Python integer arithmetic, so any index of a space too large for int64
        (the additive path of SPEC section 3) works too."""
        index = int(index)
        return tuple(float(grid[(index // stride) % len(grid)])
                     for grid, stride in zip(self.grids, self.strides))

    def index_of(self, point: Sequence[float]) -> int | None:
        """Enumeration index of a grid outcome, or None if a value is off the grid."""
        index = 0
        for grid, stride, v in zip(self.grids, self.strides, point):
            hit = np.nonzero(grid == v)[0]
            if not len(hit):
                return None
            index += int(hit[0]) * stride
        return index

    def describe(self, point: Sequence[float]) -> dict[str, Any]:
        """``{issue: option name or rounded real value}`` for one outcome."""
        out: dict[str, Any] = {}
        for issue, v in zip(self.issues, point):
            out[issue.name] = issue.options[int(v)] if issue.options else float(round_utilities(v))
        return out


def columns_of_points(points: Sequence[Sequence[float]] | Sequence[np.ndarray] | np.ndarray,
                      issues: Sequence[Issue]) -> Columns:
    """Columns for explicit outcomes (e.g. a lottery's or a refined optimum)."""
    arr = np.asarray(points, dtype=float).reshape(len(points), len(issues))
    return [arr[:, j].astype(np.int64) if issue.options else arr[:, j]
            for j, issue in enumerate(issues)]
