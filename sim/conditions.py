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

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np

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


def _num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and np.isfinite(v)


def parse_condition(
    spec: Any, issues: Sequence[Any]
) -> tuple[Condition | None, list[tuple[str, str]]]:
    """Parse a condition against the issues (objects with ``name``, ``options``,
    ``lo``/``hi``). Returns the condition (or None) and (sub-path, message) problems."""
    if not isinstance(spec, dict) or not spec:
        return None, [("", "a condition is a non-empty mapping issue -> option, list of "
                           "options, or {below/above/at_most/at_least: number}")]
    by_name = {iss.name: k for k, iss in enumerate(issues)}
    problems: list[tuple[str, str]] = []
    clauses = []
    for name, want in spec.items():
        k = by_name.get(name)
        if k is None:
            problems.append((str(name), f"unknown issue {name!r}"))
            continue
        issue = issues[k]
        if issue.options is not None:
            if isinstance(want, dict):
                problems.append((name, f"continuous condition on the discrete issue {name!r}: "
                                       "name an option or a list of options"))
                continue
            names = want if isinstance(want, list) else [want]
            if not names:
                problems.append((name, "an empty list of options matches nothing"))
                continue
            bad = False
            for w in names:
                if not isinstance(w, str):
                    problems.append((name, f"{w!r} is not an option name (quote it if it is one: "
                                           f"'{w}')"))
                    bad = True
                elif w not in issue.options:
                    problems.append((name, f"unknown option {w!r} of issue {name!r} "
                                           f"(options: {', '.join(issue.options)})"))
                    bad = True
            if not bad:
                clauses.append(Clause(k, options=frozenset(issue.options.index(w) for w in names)))
        else:
            if not isinstance(want, dict):
                problems.append((name, f"issue {name!r} is continuous: give a mapping of "
                                       "below/above/at_most/at_least to numbers"))
                continue
            unknown = [key for key in want if key not in BOUND_KEYS]
            if unknown or not want:
                problems.append((name, f"a continuous condition takes {', '.join(BOUND_KEYS)}"
                                       + (f" (unknown: {', '.join(map(str, unknown))})" if unknown else "")))
                continue
            if not all(_num(v) for v in want.values()):
                problems.append((name, "thresholds must be numbers"))
                continue
            clauses.append(Clause(k, **{key: float(v) for key, v in want.items()}))
    if problems:
        return None, problems
    return Condition(tuple(clauses)), []
