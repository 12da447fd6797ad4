"""The whole explanation of an analysis (SPEC section 10), and the sentences a reader can quote.

:func:`explain` gathers the concessions, trades and binding constraints of each
solution (:mod:`.concessions`), the counterfactuals of an empty ZOPA
(:mod:`.red_lines`, :mod:`.thresholds`) and the moves of a deal (:mod:`.moves`);
:func:`sentences` says them in words.
"""

from __future__ import annotations

from typing import Any

from ..analysis import Analysis
from ..conditions import Condition
from ..precision import round_utilities
from ..report import value_text
from ..scenario import Issue, Scenario
from .concessions import binding, concessions, trades
from .moves import PRECISION, nash_moves
from .red_lines import minimal_red_line_sets, red_line_alternatives
from .rule import openers, rule_alternatives
from .thresholds import disagreement_thresholds, pressure_thresholds
from .variants import LeftOut


def describe_condition(scenario: Scenario, cond: Condition) -> str:
    """A condition in words: ``nato = membership and territory in {a, b}``."""
    parts = []
    for c in cond.clauses:
        issue = scenario.issues[c.issue]
        if c.options is not None:
            names = [issue.options[k] for k in sorted(c.options)]
            parts.append(f"{issue.name} = {names[0]}" if len(names) == 1
                         else f"{issue.name} in {{{', '.join(names)}}}")
        else:
            ops = [("<", c.below), (">", c.above), ("<=", c.at_most), (">=", c.at_least)]
            parts.append(" and ".join(f"{issue.name} {op} {v:g}" for op, v in ops if v is not None))
    return " and ".join(parts)


def explain(analysis: Analysis, moves: bool = True, counterfactuals: bool = True) -> dict[str, Any]:
    """The explanation object of SPEC section 10 (plus ``trades``, ``moves`` and ``sentences``).

    ``moves=False`` skips the scans of what moves an existing deal;
    ``counterfactuals=False`` skips the thresholds while a ZOPA exists (the short
    "Why" of ``negsim run`` needs neither).

    Past ``solve.max_outcomes`` every part is computed by solving variants of the
    scenario (:mod:`.variants`); what cannot be (a variant the additive path cannot
    split, or the search for minimal red-line sets past its cap) is left out and
    listed under ``left_out`` (``item``: where it would be, ``what``: in words,
    ``why``), a key present only then.
    """
    solver = analysis.solver_of()
    s = solver.scenario
    pressures = list(s.pressures)
    solutions: dict[str, Any] = {}
    left_out: LeftOut = []
    alternatives = red_line_alternatives(analysis, left_out) if analysis.result.zopa_exists else {}
    rules = rule_alternatives(analysis)
    for name, sol in analysis.result.solutions.items():
        if sol is None:
            solutions[name] = None
            continue
        if sol.lottery is not None:
            conc = {p: {j: float(round_utilities(sum(pr * concessions(s, pt)[p][j] for pr, pt in sol.lottery)))
                        for j in concessions(s, sol.lottery[0][1])[p]}
                    for p in concessions(s, sol.lottery[0][1])}
        else:
            conc = concessions(s, sol.point)
        solutions[name] = {"concessions": conc, "trades": trades(conc),
                           "binding": binding(analysis, name, alternatives, rules)}
    exists = analysis.result.zopa_exists
    cf: dict[str, Any] = {"red_lines": [], "disagreement": {}, "pressures": {}}
    if counterfactuals or not exists:
        cf = {
            "red_lines": [] if exists else [[list(pair) for pair in group]
                                            for group in minimal_red_line_sets(solver, pressures, left_out)],
            "disagreement": disagreement_thresholds(solver, pressures, left_out),
            "pressures": pressure_thresholds(solver, pressures, left_out),
        }
    if s.agreement is not None:  # only with an agreement section (SPEC 11)
        cf["rule"] = openers(analysis, rules)
    out: dict[str, Any] = {"solutions": solutions, "counterfactuals": cf}
    if moves and exists:
        out["moves"] = nash_moves(analysis, left_out)
    if left_out:
        out["left_out"] = left_out
    out["sentences"] = sentences(analysis, out)
    return out


def sentences(analysis: Analysis, ex: dict[str, Any]) -> list[str]:
    """Plain sentences a reader can quote. A party's red lines are counted from 1 in
    words ("red line 1" is the first), where the JSON keys count from 0 (SPEC 10)."""
    s = analysis.scenario
    out: list[str] = []
    nash = ex["solutions"].get("nash") or next((v for v in ex["solutions"].values() if v), None)
    if nash:
        for party, row in nash["concessions"].items():
            conceded = sorted(((c, j) for j, c in row.items() if c > 1e-9), reverse=True)
            if conceded:
                top = ", ".join(f"{j} ({c:.3f})" for c, j in conceded[:2])
                out.append(f"{party} concedes most on {top}.")
            else:
                out.append(f"{party} gets its best option on every issue it cares about.")
        for item in nash["trades"]:
            winners, losers = item["gets_best"], list(item["concedes"])
            out.append(f"On {item['issue']}, {' and '.join(winners)} "
                       f"{'gets its' if len(winners) == 1 else 'get their'} best option while "
                       f"{' and '.join(losers)} {'concedes' if len(losers) == 1 else 'concede'}: "
                       "a trade across issues.")
        for b in nash["binding"]:
            kind, _, rest = b.partition(":")
            if kind == "disagreement":
                out.append(f"The deal sits on {rest}'s disagreement point, so a weaker BATNA for "
                           f"{rest} would move it.")
            elif kind == "red_line":
                party, k = rest.split(":")
                cond = describe_condition(s, s.party(party).red_lines[int(k)])
                out.append(f"{party}'s red line {int(k) + 1} ({cond}) binds: without it the deal "
                           "would change.")
            elif kind == "demand" and not s.pressure(rest).on_outcomes:
                out.append(f"The pressure {rest} moves the deal through the impasse alone (it "
                           "changes what no deal is worth, not what any deal is worth): without "
                           "it the outcome would differ.")
            elif kind == "demand":
                out.append(f"The pressure {rest} moves the deal: without it the outcome would differ.")
            elif kind == "rule":
                out.append(f"In the agreement rule, {_rule_words(rest)} binds: without it the deal "
                           "would change.")
    out += _other_concepts(analysis)
    out += _move_sentences(analysis, ex.get("moves"))
    cf = ex["counterfactuals"]
    if not analysis.result.zopa_exists:
        out.append("There is no zone of possible agreement.")
        ways = []
        for group in cf["red_lines"]:
            ways.append(" and ".join(
                f"{p} to drop red line {k + 1} ({describe_condition(s, s.party(p).red_lines[k])})"
                for p, k in group))
        d = analysis.result.disagreement
        for party, t in cf["disagreement"].items():
            if t is not None:
                di = float(d[s.party_index(party)])
                ways.append(f"{party}'s disagreement utility to fall from {di:.3f} to {t:.3f} "
                            f"(by {di - t:.3f}), i.e. its expected gain from no deal to shrink")
        for name, th in cf["pressures"].items():
            if th.get("credibility") is not None:
                ways.append(f"the pressure {name} to be credible at {th['credibility']:.3f} or more")
            if th.get("penalty") is not None:
                ways.append(f"the pressure {name}'s penalty to reach {th['penalty']:.3f}")
        ways += [f"the agreement rule to drop {_rule_words(r.partition(':')[2])}"
                 for r in cf.get("rule", ())]
        for k, way in enumerate(ways):
            out.append(("A deal needs " if k == 0 else "Or ") + way + ".")
        if not ways and not ex.get("left_out"):
            out.append("No single change of a red line, a disagreement point or a pressure opens one.")
    for item in ex.get("left_out", ()):
        out.append(f"Left out: {item['what']}, because {item['why']}.")
    return out


def _rule_words(constraint: str) -> str:
    """``quorum`` -> 'the quorum'; ``implementer:sanctions:us`` -> "us's consent as an
    implementer of sanctions"."""
    kind, _, rest = constraint.partition(":")
    if kind == "implementer":
        issue, party = rest.split(":")
        return f"{party}'s consent as an implementer of {issue}"
    return {"quorum": "the quorum", "votes": "the vote threshold"}.get(kind, kind)


def _other_concepts(analysis: Analysis) -> list[str]:
    """Where the other concepts' deals differ from the Nash deal, issue by issue."""
    sols = analysis.result.solutions
    nash = sols.get("nash")
    if nash is None or nash.point is None:
        return []
    base = analysis.space.describe(nash.point)
    issues = {i.name: i for i in analysis.scenario.issues}
    out, same = [], []
    for name, sol in sols.items():
        if name == "nash" or sol is None or sol.point is None:
            continue
        other = analysis.space.describe(sol.point)
        diff = [f"{k} = {value_text(issues[k], other[k])} (Nash: {value_text(issues[k], v)})"
                for k, v in base.items() if _differs(issues[k], v, other[k])]
        if diff:
            out.append(f"The {name.replace('_', '-')} deal differs from Nash's on " + "; ".join(diff) + ".")
        else:
            same.append(name.replace("_", "-"))
    if same:
        out.insert(0, f"The {', '.join(same)} solution{'s' if len(same) > 1 else ''} "
                      f"pick{'' if len(same) > 1 else 's'} the same deal as Nash.")
    return out


def _differs(issue: Issue, a: Any, b: Any) -> bool:
    """Two values of an issue differ: options that are not the same, or continuous
    values more than the model's precision (of the range) apart."""
    if issue.continuous:
        return abs(b - a) > PRECISION * (issue.hi - issue.lo)
    return a != b


def _changed(analysis: Analysis, before: Any, after: Any) -> str:
    """What differs between two described outcomes, values as the report prints them."""
    if not isinstance(before, dict) or not isinstance(after, dict):
        return "the deal changes"
    issues = {i.name: i for i in analysis.scenario.issues}
    return ", ".join(f"{k}: {value_text(issues[k], before[k])} -> {value_text(issues[k], new)}"
                     for k, new in after.items() if _differs(issues[k], before[k], new))


def _move_sentences(analysis: Analysis, moves: dict[str, Any] | None) -> list[str]:
    """What would move the Nash deal: pressure thresholds and disagreement ranges, and
    how its continuous values drift meanwhile."""
    if not moves:
        return []
    issues = {i.name: i for i in analysis.scenario.issues}
    drift = moves.get("drift", {"pressures": {}, "disagreement": {}})
    out = []
    for name, fields in moves["pressures"].items():
        for field_name, changes in fields.items():
            for c in changes:
                when = (f"As soon as the {field_name} of {name} is above 0" if c["at"] <= 1e-5
                        else f"If the {field_name} of {name} crosses {c['at']:.3f}")
                out.append(f"{when}, the Nash deal moves ({_changed(analysis, c['from'], c['to'])}).")
            for span in drift["pressures"].get(name, {}).get(field_name, ()):
                lo, hi = span["over"]
                out.append(f"As the {field_name} of {name} goes from {lo:.3g} to {hi:.3g}, "
                           + "; ".join(f"{k} drifts from {value_text(issues[k], v['from'])} to "
                                       f"{value_text(issues[k], v['to'])}"
                                       for k, v in span["issues"].items()) + ".")
    for party, (low, high) in moves["disagreement"].items():
        slopes = drift["disagreement"].get(party, {})
        if low is None and high is None:
            out.append(f"The Nash deal does not depend on {party}'s disagreement utility within "
                       "one utility unit either way" + ("" if slopes else ".")
                       + (" (only its continuous values drift)." if slopes else ""))
        else:
            where = (f"between {low:.3f} and {high:.3f}" if low is not None and high is not None
                     else f"below {high:.3f}" if low is None else f"above {low:.3f}")
            out.append(f"The Nash deal holds while {party}'s disagreement utility stays {where}; "
                       "beyond that a different deal (or none) is predicted.")
        for k, slope in slopes.items():
            unit = f" {issues[k].unit}" if issues[k].unit else ""
            out.append(f"Meanwhile {k} drifts by {slope:+.3g}{unit} per unit of {party}'s "
                       "disagreement utility.")
    return out
