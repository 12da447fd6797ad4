"""A condition checked against the report's fields, and evaluated on a table of draws.

:meth:`ReportCondition.of` parses a condition (:mod:`.grammar`), checks that every
field exists in the report and is compared with a value of its kind (a located
:class:`~sim.errors.ScenarioError` otherwise); :meth:`ReportCondition.holds` says, row
by row, where it holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from numbers import Number
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import Problem, ScenarioError, did_you_mean
from ..scenario import Scenario
from ..uncertainty import column
from .grammar import BoolOp, ConditionError, Not, fields_of, parse

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..sweep.record import Column


def _check(scenario: Scenario, tree: Any, cols: dict[str, Column], option: str) -> list[str]:
    """Type errors of a condition against the report's fields."""
    from ..sweep.record import BOOL, STRING

    if isinstance(tree, Not):
        return _check(scenario, tree.arg, cols, option)
    if isinstance(tree, BoolOp):
        return [m for a in tree.args for m in _check(scenario, a, cols, option)]
    col, op, v = cols[tree.field], tree.op, tree.value
    if op is None:
        return []
    if v is None:
        return [] if op in ("==", "!=") else [f"{tree.field} {op} null: only == and != compare with null"]
    if col.kind == BOOL and not isinstance(v, bool):
        return [f"{tree.field} is true or false; compare it with true or false, not {v!r}"]
    if col.kind == STRING:
        issue = scenario.issues[scenario.issue_index(col.keys[-1])]
        options = issue.options
        assert options is not None  # an option-valued field: a discrete issue
        if op not in ("==", "!="):
            return [f"{tree.field} is an option of {issue.name}: compare it with == or !="]
        if v not in options:
            hint = did_you_mean(v, options) or f" (options: {', '.join(options)})"
            return [f"{v!r} is not an option of {issue.name}{hint}"]
        return []
    if col.kind != BOOL and (isinstance(v, bool) or not isinstance(v, float)):
        return [f"{tree.field} is a number; compare it with a number, not {v!r}"]
    return []


@dataclass(frozen=True)
class ReportCondition:
    """A parsed, checked condition on the report (the ``--condition`` of ``negsim discover``)."""

    text: str
    tree: Any
    columns: dict[str, Column] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: Scenario, text: str, output: str | None = None,
           option: str = "--condition") -> ReportCondition:
        """Parse and check ``text``; a located error (exit 2) when it is malformed or
        names a field the report does not have."""
        try:
            tree = parse(text, output)
        except ConditionError as exc:
            raise ScenarioError([Problem(option, f"{text!r}: {exc}")], scenario.source) from None
        cols = {f: column(scenario, f, option) for f in fields_of(tree)}
        problems = _check(scenario, tree, cols, option)
        if problems:
            raise ScenarioError([Problem(option, m) for m in problems], scenario.source)
        return cls(text, tree, cols)

    @property
    def record(self) -> tuple[str, ...]:
        return tuple(self.columns)

    def holds(self, table: pd.DataFrame) -> np.ndarray:
        """Where the condition holds, row by row (a boolean array)."""
        return _evaluate(self.tree, table)


def _evaluate(tree: Any, table: pd.DataFrame) -> np.ndarray:
    if isinstance(tree, Not):
        return ~_evaluate(tree.arg, table)
    if isinstance(tree, BoolOp):
        parts = [_evaluate(a, table) for a in tree.args]
        return np.logical_and.reduce(parts) if tree.op == "and" else np.logical_or.reduce(parts)
    series = table[tree.field]
    present = series.notna().to_numpy()
    if tree.op is None:
        values = series.to_numpy(dtype=object)
        return np.array([bool(v) if isinstance(v, (np.bool_, Number)) else p
                         for v, p in zip(values, present)]) & present
    if tree.value is None:
        return ~present if tree.op == "==" else present
    values = series.to_numpy(dtype=object)
    compare = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
               "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}[tree.op]
    out = np.array([bool(compare(v, tree.value)) if p else False for v, p in zip(values, present)])
    return out | (~present if tree.op == "!=" else False)
