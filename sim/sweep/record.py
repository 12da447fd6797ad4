"""Recorded report fields: which columns a sweep's table has, and their values.

``record`` names fields of the JSON report (SPEC section 5) by dotted path; a
path may name a whole subtree (``solutions.nash.utilities``), which is
flattened to one column per leaf (``solutions.nash.utilities.russia``). The
columns and their types come from the scenario (:func:`template`), not from
any one variant's report, so every row and every Parquet part has the same
schema; a field a variant lacks (a solution when the ZOPA is empty) is null.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from ..errors import Problem
from ..scenario import Scenario

#: Leaf types: a Parquet column type per report leaf.
STRING, INT, FLOAT, BOOL, JSON = "string", "int64", "float64", "bool", "json"


def _result_template(s: Scenario) -> dict[str, Any]:
    parties = {p.name: FLOAT for p in s.parties}
    solution: dict[str, Any] = {"utilities": dict(parties)}
    if s.solve.lotteries:
        solution["lottery"] = JSON
    else:
        solution["outcome"] = {i.name: FLOAT if i.continuous else STRING for i in s.issues}
    return {
        "disagreement": dict(parties),
        "zopa": {"exists": BOOL, "size": INT, "share": FLOAT},
        "pareto": {"size": INT},
        "solutions": {c: solution for c in s.solve.concepts},
    }


def template(s: Scenario) -> dict[str, Any]:
    """The report's shape for ``s``: nested mappings whose leaves are column types."""
    return {
        "scenario": STRING,
        "veto_parties": JSON,
        "outcome_space": {"size": INT},
        **_result_template(s),
        "pressures": {
            p.name: {"credibility": FLOAT,
                     "without": _result_template(s)}
            for p in s.pressures
        },
        **({"observed": {str(k): BOOL for k in range(len(s.observed))}} if s.observed else {}),
    }


def _leaves(node: Any, prefix: tuple[str, ...]) -> list[tuple[tuple[str, ...], str]]:
    if isinstance(node, dict):
        return [leaf for k, v in node.items() for leaf in _leaves(v, prefix + (k,))]
    return [(prefix, node)]


@dataclass(frozen=True)
class Column:
    """One recorded column: its report path (keys) and type."""

    keys: tuple[str, ...]
    kind: str

    @property
    def name(self) -> str:
        return ".".join(self.keys)


def columns(s: Scenario, record: tuple[str, ...], locate) -> tuple[list[Column], list[Problem]]:
    """The columns of ``record`` (in order, without repeats) and the problems found.

    ``locate(index, message)`` makes a located problem for ``record[index]``.
    """
    shape = template(s)
    out: list[Column] = []
    problems: list[Problem] = []
    seen: set[tuple[str, ...]] = set()
    for index, path in enumerate(record):
        node: Any = shape
        keys: list[str] = []
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                where = ".".join(keys) or "the report"
                known = list(node) if isinstance(node, dict) else []
                hint = difflib.get_close_matches(part, known, n=1)
                msg = (f"{path!r} is not a report field: {where} has no {part!r}"
                       + (f" (did you mean {hint[0]!r}?)" if hint else
                          f" (it has: {', '.join(known)})" if known else " (it is a single value)"))
                problems.append(locate(index, msg))
                break
            keys.append(part)
            node = node[part]
        else:
            for leaf, kind in _leaves(node, tuple(keys)):
                if leaf not in seen:
                    seen.add(leaf)
                    out.append(Column(leaf, kind))
    return out, problems


def needs(cols: list[Column]) -> tuple[bool, set[str], bool]:
    """What the recorded columns need computed: the frontier (for ``pareto`` or
    ``solutions``), the pressures whose ``without`` solve is recorded, and
    whether the frontier is needed in those ``without`` solves."""
    frontier = any(c.keys[0] in ("pareto", "solutions") for c in cols)
    without = {c.keys[1] for c in cols if c.keys[0] == "pressures" and c.keys[2] == "without"}
    frontier_without = any(c.keys[0] == "pressures" and len(c.keys) > 3
                           and c.keys[3] in ("pareto", "solutions") for c in cols)
    return frontier, without, frontier_without


def observed(cols: list[Column]) -> bool:
    """Whether the observations (SPEC section 12) are recorded: ``observed.K``, true
    where observation K holds under the variant's numbers."""
    return any(c.keys[0] == "observed" for c in cols)


def concepts(cols: list[Column]) -> frozenset[str]:
    """The solution concepts whose solutions are recorded (others need not be solved)."""
    found = set()
    for c in cols:
        keys = c.keys[3:] if c.keys[0] == "pressures" and len(c.keys) > 3 else c.keys
        if len(keys) > 1 and keys[0] == "solutions":
            found.add(keys[1])
    return frozenset(found)


def value(report: dict[str, Any], col: Column) -> Any:
    """The value of ``col`` in one report (None where the report lacks it)."""
    node: Any = report
    for key in col.keys:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    if col.kind == JSON:
        return json.dumps(node, separators=(",", ":"))
    return node
