"""The agreement rule's constraints that bind (SPEC sections 10 and 11).

Each constraint of the rule is removed alone and the scenario solved again on
the same space and utilities (the analysis's solver, only the rule changed):

- ``rule:quorum`` (the rule without its quorum);
- ``rule:votes`` (without the vote threshold);
- ``rule:implementer:ISSUE:PARTY`` (PARTY no longer needed to carry out ISSUE).

A constraint *binds* a solution when removing it changes the solution's
outcome (like a red line in SPEC section 10's ``binding``: an implementer whose
refusal removes the Nash deal); it *opens* an empty ZOPA when removing it makes
Z non-empty (a quorum that empties the ZOPA).
"""

from __future__ import annotations

from dataclasses import replace

from ..analysis import Analysis, Solver
from ..results import Result
from ..scenario import Agreement, Implementers


def relaxations(rule: Agreement) -> dict[str, Agreement]:
    """Each constraint's name -> the rule without that constraint alone."""
    out = {}
    if rule.quorum is not None:
        out["rule:quorum"] = replace(rule, quorum=None)
    if rule.threshold is not None:
        out["rule:votes"] = replace(rule, votes=None, threshold=None)
    for k, imp in enumerate(rule.implementers):
        for party in imp.parties:
            fewer = tuple(p for p in imp.parties if p != party)
            kept = list(rule.implementers)
            if fewer:
                kept[k] = Implementers(imp.issue, fewer, imp.default)
            else:
                del kept[k]
            out[f"rule:implementer:{imp.issue}:{party}"] = replace(rule, implementers=tuple(kept))
    return out


def rule_alternatives(analysis: Analysis) -> dict[str, Result]:
    """The solve (every pressure applied) without each constraint of the rule, keyed by
    the constraint's name with issue and party named; empty without a rule."""
    solver = analysis.solver_of()
    s = solver.scenario
    if s.agreement is None:
        return {}
    out = {}
    for key, rule in relaxations(s.agreement).items():
        relaxed = Solver(replace(s, agreement=rule), solver.space, solver.model, solver.table,
                         limits=solver.limits)
        out[_named(analysis, key)] = relaxed.solve(s.pressures)
    return out


def _named(analysis: Analysis, key: str) -> str:
    """``rule:implementer:3:1`` -> ``rule:implementer:sanctions:united_states``."""
    if not key.startswith("rule:implementer:"):
        return key
    s = analysis.scenario
    issue, party = key.split(":")[2:]
    return f"rule:implementer:{s.issues[int(issue)].name}:{s.parties[int(party)].name}"


def openers(analysis: Analysis, alternatives: dict[str, Result]) -> list[str]:
    """The constraints whose removal alone opens an empty ZOPA (none if it exists)."""
    if analysis.result.zopa_exists:
        return []
    return [k for k, r in alternatives.items() if r.zopa_exists]
