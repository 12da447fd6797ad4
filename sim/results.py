"""The plain data of a solve: a solution, a frontier, a result (SPEC sections 3 and 5).

These are values, not algorithms: every module that solves produces them and
every module that reports reads them, so they sit below both and import
nothing of the package but its numbers.

- :class:`Solution`: one concept's pure outcome or lottery, with every party's
  (expected) utility.
- :class:`Frontier`: what a pass over the outcome space (enumerated chunk by
  chunk, or the additive path's part by part) hands to the selection of the
  concepts: the disagreement point, the ZOPA's size and its Pareto frontier.
- :class:`Result`: one solve under a set of pressures: a frontier and each
  concept's solution.
- :data:`Region`, :data:`Prefilter`, :data:`Method`: the shapes of a solve's
  options.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from .space import Columns

#: A region of the outcome space: outcome columns -> boolean mask.
Region = Callable[[Columns], np.ndarray]
#: Utility vectors (rows) -> the rows that may be on their frontier, every copy of
#: such a row included (a superset of the frontier's outcomes).
Prefilter = Callable[[np.ndarray], np.ndarray]
#: How :meth:`sim.analysis.Solver.solve` finds the frontier: ``"auto"`` chooses (see there).
Method = Literal["auto", "enumerate", "additive"]


@dataclass(frozen=True)
class Solution:
    """A solution: a pure outcome (``point``) or a ``lottery`` over outcomes,
    with every party's (expected) utility."""

    concept: str
    utilities: np.ndarray
    point: tuple[float, ...] | None = None
    lottery: tuple[tuple[float, tuple[float, ...]], ...] | None = None
    index: int | None = None


@dataclass(frozen=True)
class Frontier:
    """The ZOPA of one solve and its Pareto frontier, before any concept is chosen.

    ``points`` are the distinct veto-party utility vectors of the frontier (rows),
    ``index`` each one's first enumeration index; ``zopa_size`` is counted, or
    estimated with its 95 % interval ``zopa_ci95`` (the additive path). ``rows``:
    the rounded utilities of the whole space when one pass held them all (a
    solution's utilities are then its row). ``rule``: with an agreement rule
    (SPEC 11), the ``accepting`` and ``excluded`` counts of :class:`Result`."""

    disagreement: np.ndarray
    zopa_size: int
    points: np.ndarray
    index: np.ndarray
    zopa_ci95: tuple[float, float] | None = None
    rows: np.ndarray | None = field(default=None, repr=False)
    rule: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """One solve of a scenario under a given set of pressures."""

    disagreement: np.ndarray
    zopa_size: int
    frontier: np.ndarray
    frontier_index: np.ndarray
    ideal: np.ndarray | None
    solutions: dict[str, Solution | None]
    pareto_size: int | None = None
    zopa_ci95: tuple[float, float] | None = None
    #: The frontier's size estimated by sampling: its 95 % interval (:mod:`sim.direct`).
    pareto_ci95: tuple[float, float] | None = None
    #: False where ``frontier`` holds only the members near some solution (:mod:`sim.direct`).
    frontier_listed: bool = True
    #: With an agreement rule (SPEC 11): per party, the outcomes of Z it accepts
    #: (None on the additive path, which does not enumerate Z) ...
    accepting: np.ndarray | None = None
    #: ... and per constraint of the rule, the outcomes every veto party accepts
    #: that the constraint excludes (``veto``: how many every veto party accepts).
    excluded: dict[str, int] | None = None

    @property
    def zopa_exists(self) -> bool:
        return self.zopa_size > 0

    @property
    def n_pareto(self) -> int:
        return len(self.frontier) if self.pareto_size is None else self.pareto_size
