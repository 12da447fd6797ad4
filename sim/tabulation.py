"""A one-chunk outcome space computed once: its columns, every condition's mask
on them, and the utilities before pressures.

A run solves one scenario on one space several times: with every pressure,
without each one (:func:`sim.analysis.analyse`), over the two halves of each
pressure's demand (the threat games, :mod:`sim.threat`), once more for the red
lines that bind (:mod:`sim.explain`); a sweep solves thousands of variants that
differ only in numbers (:mod:`sim.sweep.evaluate`). What these solves share
does not depend on the pressures or on the numbers:

- the columns of the whole space (one array of option indices or grid values
  per issue, in enumeration order, SPEC section 3);
- the mask of every condition (red lines, interaction triggers, demands) on
  those columns;
- the utilities before pressures, u_i(x) = sum_j w_ij v_ij(x_j) + bonuses.

When the whole space fits in one chunk (:data:`sim.space.CHUNK` outcomes,
and within ``solve.max_outcomes``) a :class:`Tabulation` holds them, and
:class:`MemoCondition` answers a condition from its mask when asked about
those very columns (by identity). The numbers are the ones an untabulated
solve computes, by the same code, once; a larger space is streamed chunk by
chunk as before, so memory stays bounded by one chunk.

>>> from sim.scenario import from_dict
>>> s = from_dict({"name": "pie", "issues": {"x": {"options": ["a", "b", "c"]}},
...   "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b", "c"]}},
...                     "red_lines": [{"x": "c"}]},
...               "q": {"weights": {"x": 1}, "values": {"x": {"ranking": ["c", "b", "a"]}}}}})
>>> from sim.space import OutcomeSpace
>>> from sim.utility import UtilityModel
>>> table = Tabulation.of(s, OutcomeSpace.of(s), UtilityModel.of(s))
>>> table.utilities.tolist()
[[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]
>>> table.scenario.parties[0].red_lines[0].matches(table.columns).tolist()
[False, False, True]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from .conditions import Condition
from .scenario import Scenario
from .space import Columns, OutcomeSpace
from .utility import UtilityModel


@dataclass(frozen=True)
class MemoCondition(Condition):
    """A condition that remembers its mask on one batch of columns (the whole space)."""

    on: Any = field(default=None, compare=False)
    mask: Any = field(default=None, compare=False)

    def matches(self, columns: Sequence[np.ndarray]) -> np.ndarray:
        if columns is self.on:
            return self.mask
        return super().matches(columns)


def memoise(condition: Condition, columns: Columns) -> MemoCondition:
    """``condition`` with its (read-only) mask on ``columns`` computed once."""
    mask = condition.matches(columns)
    mask.setflags(write=False)
    return MemoCondition(condition.clauses, on=columns, mask=mask)


def memoised(s: Scenario, columns: Columns) -> Scenario:
    """``s`` with every condition's mask on ``columns`` computed once."""
    parties = tuple(
        replace(p, red_lines=tuple(memoise(c, columns) for c in p.red_lines),
                interactions=tuple(replace(x, when=memoise(x.when, columns)) for x in p.interactions))
        for p in s.parties)
    pressures = tuple(replace(p, demand=memoise(p.demand, columns)) for p in s.pressures)
    return replace(s, parties=parties, pressures=pressures)


def fits(space: OutcomeSpace, scenario: Scenario) -> bool:
    """Whether ``space`` is enumerated in one chunk: at most its ``chunk`` outcomes
    (:data:`~sim.space.CHUNK` unless made otherwise) and within ``solve.max_outcomes``."""
    return space.size <= space.chunk and space.enumerable(scenario.solve.max_outcomes)


@dataclass(frozen=True)
class Tabulation:
    """The whole space's ``columns``, ``scenario`` with its conditions memoised on
    them, and ``utilities`` (outcomes x parties, before pressures, unrounded,
    read-only) from ``scenario``'s model."""

    scenario: Scenario
    columns: Columns
    utilities: np.ndarray = field(repr=False)

    @classmethod
    def of(cls, scenario: Scenario, space: OutcomeSpace, model: UtilityModel) -> Tabulation:
        """Tabulate ``space`` (the space of ``scenario``, one chunk) with ``model``.
        Option indices are kept in the smallest unsigned type that holds them
        (uint8 up to 256 options; columns only index tables and meet ``==`` and
        ``isin``), so an analysis that keeps its table holds 1 byte per outcome
        and discrete issue rather than 8."""
        columns = [c.astype(np.min_scalar_type(len(grid) - 1)) if c.dtype.kind == "i" else c
                   for c, grid in zip(space.columns(0, space.size), space.grids)]
        utilities = model.of_space(space, columns)
        utilities.setflags(write=False)
        return cls(memoised(scenario, columns), columns, utilities)
