"""Conditions on outcomes: red lines, interaction triggers and pressure demands.

SPEC section 2: a condition maps issue -> option name (equal), a list of option
names (any of), or, for a continuous issue, a mapping of ``below`` (x < a),
``above`` (x > a), ``at_most`` (x <= a) and ``at_least`` (x >= a). All clauses
of one condition must hold. Thresholds are used as written (not rounded).

Outcomes are passed column-wise: ``columns[j]`` holds, for every outcome of a
batch, the option index (discrete issue) or the real value (continuous issue)
of issue ``j``. Matching is then one vectorised comparison per clause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .distributions import is_finite_number
from .errors import describe_value, did_you_mean, kind_of, listing, unknown

BOUND_KEYS = ("below", "above", "at_most", "at_least")


@dataclass(frozen=True)
class Clause:
    """One issue's part of a condition: a set of options, or an interval."""

    issue: int
    options: frozenset[int] | None = None
    below: float | None = None
    above: float | None = None
    at_most: float | None = None
    at_least: float | None = None

    def holds(self, column: np.ndarray) -> np.ndarray:
        if self.options is not None:
            if len(self.options) == 1:
                return column == next(iter(self.options))
            return np.isin(column, list(self.options))
        ok = np.ones(len(column), dtype=bool)
        if self.below is not None:
            ok &= column < self.below
        if self.above is not None:
            ok &= column > self.above
        if self.at_most is not None:
            ok &= column <= self.at_most
        if self.at_least is not None:
            ok &= column >= self.at_least
        return ok

    def thresholds(self) -> list[float]:
        return [v for v in (self.below, self.above, self.at_most, self.at_least) if v is not None]


@dataclass(frozen=True)
class Condition:
    """A conjunction of clauses over distinct issues."""

    clauses: tuple[Clause, ...]

    def matches(self, columns: Sequence[np.ndarray]) -> np.ndarray:
        """Boolean mask: which outcomes of the batch meet every clause."""
        n = len(columns[0]) if columns else 0
        ok = np.ones(n, dtype=bool)
        for clause in self.clauses:
            ok &= clause.holds(columns[clause.issue])
        return ok

    @property
    def issues(self) -> tuple[int, ...]:
        return tuple(c.issue for c in self.clauses)


@dataclass(frozen=True)
class ConditionRegion:
    """A region given by a condition (or its complement) that names its issues.

        >>> r = ConditionRegion(Condition((Clause(1, options=frozenset({0})),)), complement=True)
    >>> r.issues, r([np.array([0, 0]), np.array([0, 1])]).tolist()
    ((1,), [False, True])
    """

    condition: Condition
    complement: bool = False

    @property
    def issues(self) -> tuple[int, ...]:
        return self.condition.issues

    def __call__(self, columns: Sequence[np.ndarray]) -> np.ndarray:
        hit = self.condition.matches(columns)
        return ~hit if self.complement else hit


_num = is_finite_number


CONDITION_HELP = ("a condition is a non-empty mapping issue -> option, list of options, "
                  "or {below/above/at_most/at_least: number}")


def _discrete_clause(k: int, issue: Any, want: Any) -> tuple[Clause | None, list[str]]:
    """An issue -> option (or list of options) clause, or what is wrong with it."""
    name = issue.name
    if isinstance(want, dict):
        return None, [(f"continuous condition on the discrete issue {name!r}: name an option "
                       "or a list of options")]
    names = want if isinstance(want, list) else [want]
    if not names:
        return None, ["an empty list of options matches nothing"]
    problems = []
    for w in names:
        if isinstance(w, str) and w in issue.options:
            continue
        if not isinstance(w, str):
            text = describe_value(w)
            problems.append(f"{text} is {kind_of(w)}, not an option name"
                            + (f": quote it (\"{text}\")" if text in issue.options
                               else f" (options: {listing(issue.options)})"))
        else:
            problems.append(f"unknown option {w!r} of issue {name!r}"
                            + (did_you_mean(w, issue.options)
                               or f" (options: {listing(issue.options)})"))
    if problems:
        return None, problems
    return Clause(k, options=frozenset(issue.options.index(w) for w in names)), []


def _continuous_clause(k: int, issue: Any, want: Any) -> tuple[Clause | None, list[str]]:
    """A {below/above/at_most/at_least: number} clause, or what is wrong with it."""
    if not isinstance(want, dict):
        got = (f"a bare number ({describe_value(want)}) is refused"
               if isinstance(want, (int, float)) and not isinstance(want, bool)
               else f"got {describe_value(want)}")
        return None, [(f"issue {issue.name!r} is continuous: give a mapping of "
                       f"below/above/at_most/at_least to numbers, e.g. {{at_most: 0.5}}; {got}")]
    if not want:
        return None, [f"a continuous condition takes one or more of {', '.join(BOUND_KEYS)}"]
    problems = []
    for key, v in want.items():
        if key not in BOUND_KEYS:
            problems.append(unknown("threshold", key, BOUND_KEYS))
        elif not _num(v):
            problems.append(f"threshold {key} must be a number, got {describe_value(v)}")
    if problems:
        return None, problems
    bound = {key: float(v) for key, v in want.items()}
    return Clause(k, below=bound.get("below"), above=bound.get("above"), at_most=bound.get("at_most"),
                  at_least=bound.get("at_least")), []


def parse_condition(
    spec: Any, issues: Sequence[Any]
) -> tuple[Condition | None, list[tuple[str, str]]]:
    """Parse a condition against the issues (objects with ``name``, ``options``,
    ``lo``/``hi``). Returns the condition (or None) and (sub-path, message) problems.

    >>> from types import SimpleNamespace as I
    >>> issues = [I(name="nato", options=("membership", "neutral")), I(name="x", options=None)]
    >>> parse_condition({"nato": "membersip"}, issues)[1]
    [('nato', "unknown option 'membersip' of issue 'nato' (did you mean 'membership'?)")]
    >>> parse_condition({"x": 0.5}, issues)[1][0][0]
    'x'
    """
    if not isinstance(spec, dict) or not spec:
        return None, [("", f"{CONDITION_HELP}, not {describe_value(spec)}")]
    by_name = {iss.name: k for k, iss in enumerate(issues)}
    problems: list[tuple[str, str]] = []
    clauses = []
    for name, want in spec.items():
        k = by_name.get(name)
        if k is None:
            problems.append((str(name), unknown("issue", name, by_name)))
            continue
        issue = issues[k]
        parse = _discrete_clause if issue.options is not None else _continuous_clause
        clause, messages = parse(k, issue, want)
        problems += [(str(name), m) for m in messages]
        if clause is not None:
            clauses.append(clause)
    if problems:
        return None, problems
    return Condition(tuple(clauses)), []
