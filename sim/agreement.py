"""Acceptance and the agreement rule (SPEC section 11), on batches of outcomes.

Party i *accepts* outcome x iff x matches none of i's own red lines and
u_i(x) >= d_i (rounded utilities and disagreement point, after pressures;
SPEC sections 3 and 11). For a batch of n outcomes and P parties this is one
boolean matrix A (n x P): a comparison of the utility matrix with the
disagreement point, and each party's red-line mask.

The rule admits x into Z iff

- every veto party accepts x (without an ``agreement`` section this is all:
  the ZOPA of section 3);
- |A(x)| >= quorum (a row count of A);
- the votes of A(x) sum to at least the threshold (A @ votes, a matrix-vector
  product, rounded to 9 decimals like every other number before comparing);
- for each issue j with implementers, x_j is its default or every implementer
  of j accepts x.

Majority and quorum rules of this kind are the decision rules of multilateral
negotiation (Raiffa 1982, *The Art and Science of Negotiation*, ch. 17;
the EU Council's qualified majority); the "n - 1 parties including the two
principals" rule is that of the LLM-Deliberation games (Abdelnabi et al.
2024, "Cooperation, Competition, and Maliciousness: LLM-Stakeholders
Interactive Negotiation", NeurIPS Datasets and Benchmarks).

>>> from sim.scenario import from_dict
>>> s = from_dict({"name": "three", "issues": {"x": {"options": ["a", "b", "c"]}},
...   "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b", "c"]}}},
...               "q": {"weights": {"x": 1}, "values": {"x": {"ranking": ["c", "b", "a"]}}},
...               "r": {"veto": False, "weights": {"x": 1}, "values": {"x": {"a": 0, "b": 1, "c": 0}},
...                     "disagreement": 0.5}},
...   "agreement": {"quorum": 3}})
>>> import numpy as np
>>> cols = [np.array([0, 1, 2])]
>>> u = np.array([[1, 0, 0], [0.5, 0.5, 1], [0, 1, 0]])
>>> A = accepting(s, cols, u, np.array([0, 0, 0.5]))
>>> A.tolist()
[[True, True, False], [True, True, True], [True, True, False]]
>>> admitted(s, cols, A).tolist()
[False, True, False]
"""

from __future__ import annotations

import numpy as np

from .precision import DECIMALS, round_utilities
from .scenario import Agreement, Scenario
from .space import Columns


def refusals(scenario: Scenario, columns: Columns) -> np.ndarray:
    """R (n x parties): True where an outcome matches one of that party's own red lines."""
    n = len(columns[0]) if columns else 0
    hit = np.zeros((n, len(scenario.parties)), dtype=bool)
    for i, party in enumerate(scenario.parties):
        for cond in party.red_lines:
            hit[:, i] |= cond.matches(columns)
    return hit


def accepting(scenario: Scenario, columns: Columns, u: np.ndarray, d: np.ndarray) -> np.ndarray:
    """A (n x parties): party i accepts outcome x iff x matches none of i's red lines
    and u_i(x) >= d_i (``u``, ``d``: rounded, after pressures; SPEC section 11)."""
    return (u >= d[None, :]) & ~refusals(scenario, columns)


def vote_totals(rule: Agreement, accept: np.ndarray) -> np.ndarray:
    """The votes of the accepting parties of each outcome, rounded to 9 decimals."""
    assert rule.votes is not None
    return round_utilities(accept.astype(np.float64) @ np.asarray(rule.votes))


def failures(scenario: Scenario, columns: Columns, accept: np.ndarray) -> dict[str, np.ndarray]:
    """Each constraint of the rule and where it fails (n booleans): ``veto``, then,
    as the rule has them, ``quorum``, ``votes`` and ``implementers:ISSUE``."""
    v = [i for i, p in enumerate(scenario.parties) if p.veto]
    out: dict[str, np.ndarray] = {"veto": np.asarray(~accept[:, v].all(axis=1))}
    rule = scenario.agreement
    if rule is None:
        return out
    if rule.quorum is not None:
        out["quorum"] = np.count_nonzero(accept, axis=1) < rule.quorum
    if rule.votes is not None and rule.threshold is not None:
        out["votes"] = vote_totals(rule, accept) < rule.threshold
    for imp in rule.implementers:
        moved = columns[imp.issue] != imp.default
        out[f"implementers:{scenario.issues[imp.issue].name}"] = (
            moved & ~accept[:, list(imp.parties)].all(axis=1))
    return out


def admitted(scenario: Scenario, columns: Columns, accept: np.ndarray) -> np.ndarray:
    """Z's membership mask under the scenario's rule (SPEC section 11), given the
    acceptance matrix; without a rule, the ZOPA of section 3."""
    ok = np.ones(len(accept), dtype=bool)
    for fails in failures(scenario, columns, accept).values():
        ok &= ~fails
    return ok


def unanimous_equivalent(scenario: Scenario) -> bool:
    """Whether the rule admits exactly what the veto parties alone admit, whatever the
    numbers: the quorum is at most the number of veto parties, the threshold at most
    their votes, and every implementer is a veto party. The additive path (which knows
    only the veto parties) is then exact."""
    rule = scenario.agreement
    if rule is None:
        return True
    veto = [i for i, p in enumerate(scenario.parties) if p.veto]
    if rule.quorum is not None and rule.quorum > len(veto):
        return False
    if (rule.votes is not None and rule.threshold is not None
            and round(sum(rule.votes[i] for i in veto), DECIMALS) < rule.threshold):
        return False
    return all(i in veto for imp in rule.implementers for i in imp.parties)


def describe(scenario: Scenario) -> str:
    """The rule in words, for the reports."""
    veto = ", ".join(p.name for p in scenario.parties if p.veto)
    rule = scenario.agreement
    parts = [f"every veto party ({veto})"]
    if rule is not None:
        if rule.quorum is not None:
            parts.append(f"at least {rule.quorum} of {len(scenario.parties)} parties")
        if rule.threshold is not None:
            parts.append(f"votes summing to at least {rule.threshold:g}")
        for imp in rule.implementers:
            issue = scenario.issues[imp.issue]
            default = issue.options[int(imp.default)] if issue.options else f"{imp.default:g}"
            who = ", ".join(scenario.parties[i].name for i in imp.parties)
            parts.append(f"{who} whenever {issue.name} moves from {default}")
    return "; ".join(parts)
