"""Reports of an :class:`~sim.analysis.Analysis`: the JSON report (SPEC section 5)
and the readable terminal report. Library code returns data and strings; only
the CLI prints.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import numpy as np

from .agreement import describe as describe_rule
from .analysis import Analysis
from .precision import rounded
from .results import Result, Solution
from .scenario import Issue


def _num(x: float) -> float:
    return rounded(x)


def _by_party(analysis: Analysis, values: np.ndarray) -> dict[str, float]:
    return {p.name: _num(v) for p, v in zip(analysis.scenario.parties, values)}


def solution_json(analysis: Analysis, sol: Solution | None) -> dict[str, Any] | None:
    if sol is None:
        return None
    out: dict[str, Any] = {}
    if sol.lottery is not None:
        out["lottery"] = [
            {"probability": _num(p), "outcome": analysis.space.describe(pt)} for p, pt in sol.lottery
        ]
    else:
        out["outcome"] = analysis.space.describe(sol.point)
    out["utilities"] = _by_party(analysis, sol.utilities)
    return out


def result_json(analysis: Analysis, result: Result) -> dict[str, Any]:
    size = analysis.space.size
    zopa: dict[str, Any] = {
        "exists": result.zopa_exists,
        "size": result.zopa_size,
        "share": _num(result.zopa_size / size),
    }
    if result.zopa_ci95 is not None:
        zopa["estimate"] = True
        zopa["ci95"] = [_num(result.zopa_ci95[0]), _num(result.zopa_ci95[1])]
    pareto: dict[str, Any] = {"size": result.n_pareto}
    if result.pareto_ci95 is not None:
        pareto["estimate"] = True
        pareto["ci95"] = [_num(result.pareto_ci95[0]), _num(result.pareto_ci95[1])]
    return {
        "disagreement": _by_party(analysis, result.disagreement),
        "zopa": zopa,
        "pareto": pareto,
        "solutions": {name: solution_json(analysis, s) for name, s in result.solutions.items()},
    }


def to_json(analysis: Analysis) -> dict[str, Any]:
    """The JSON report of SPEC section 5."""
    s = analysis.scenario
    core = result_json(analysis, analysis.result)
    return {
        "scenario": s.name,
        "veto_parties": [p.name for p in s.veto_parties],
        "outcome_space": {"size": analysis.space.size},
        **core,
        **_agreement_json(analysis),
        "pressures": {
            p.name: {
                "credibility": _num(p.effective_credibility),
                "without": result_json(analysis, analysis.without[p.name]),
            }
            for p in s.pressures
        },
        **_games_json(s),
    }


def _agreement_json(analysis: Analysis) -> dict[str, Any]:
    """``agreement.accepting`` only with an ``agreement`` section (SPEC 11): per
    party, the outcomes of Z it accepts. On the additive path, which counts Z
    without listing it, a veto party accepts all of Z (``zopa.size``) and the
    others are ``null``."""
    s, r = analysis.scenario, analysis.result
    if s.agreement is None:
        return {}
    if r.accepting is not None:
        accepting = {p.name: int(n) for p, n in zip(s.parties, r.accepting)}
    else:
        accepting = {p.name: r.zopa_size if p.veto else None for p in s.parties}
    return {"agreement": {"accepting": accepting}}


def _rule_word(name: str) -> str:
    """A constraint of the rule in words: the quorum, the vote threshold, the
    implementers of an issue."""
    if name.startswith("implementers:"):
        return f"the implementers of {name.partition(':')[2]}"
    return {"quorum": "the quorum", "votes": "the vote threshold"}.get(name, name)


def _agreement_lines(analysis: Analysis) -> list[str]:
    """Which rule decided: the rule, what each of its constraints excluded of what
    the veto parties accept, and per party how many outcomes of Z it accepts."""
    s, r = analysis.scenario, analysis.result
    if s.agreement is None:
        return []
    lines = ["", f"Agreement rule    {describe_rule(s)}"]
    if r.excluded is not None:
        ex = dict(r.excluded)
        veto = ex.pop("veto")
        lines.append(f"  every veto party accepts {count_text(veto)} outcomes; of these")
        for name, n in ex.items():
            lines.append(f"    {_rule_word(name)}: {count_text(n)} excluded")
        decided = [_rule_word(k) for k, n in ex.items() if n]
        lines.append("  decided by: " + (", ".join(decided) if decided
                                        else "the veto parties alone (the rule excludes nothing more)"))
    if r.accepting is not None:
        lines.append("  outcomes of the ZOPA each party accepts: "
                     + ", ".join(f"{p.name} {count_text(int(n))}" for p, n in zip(s.parties, r.accepting)))
    return lines


def _games_json(scenario) -> dict[str, Any]:
    """``games`` only when the scenario declares games (SPEC 5 keys stay exact otherwise);
    the threat games are printed by ``negsim game`` (docs/games.md)."""
    if not scenario.games:
        return {}
    from .games import scenario_games_json

    return {"games": scenario_games_json(scenario)}


def _fmt(x: float) -> str:
    return f"{_num(x):.4g}" if abs(x) >= 1e-4 or x == 0 else f"{x:.2e}"


def _utilities_line(analysis: Analysis, values: np.ndarray) -> str:
    return ", ".join(f"{p.name} {_fmt(v)}" for p, v in zip(analysis.scenario.parties, values))


#: Continuous values are printed to this share of their range: SPEC section 3
#: determines continuous outcomes to 1e-3 only (the JSON keeps 9 decimals).
PRINTED_PRECISION = 1e-3


def value_text(issue: Issue, value: Any) -> str:
    """An issue's value for a reader: an option as it is; a real value to 1e-3 of
    its range, with the issue's unit.

    >>> value_text(Issue("tariff", lo=0, hi=25, unit="percent"), 11.081728746)
    '11.08 percent'
    >>> value_text(Issue("relief", lo=0, hi=1), 0.4), value_text(Issue("a", ("x",)), "x")
    ('0.400', 'x')
    """
    if issue.options is not None:
        return str(value)
    step = (issue.hi - issue.lo) * PRINTED_PRECISION
    digits = max(0, math.ceil(-math.log10(step))) if step > 0 else 9
    text = f"{value:.{min(digits, 9)}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")  # no "-0.000"
    return f"{text} {issue.unit}" if issue.unit else text


def outcome_texts(analysis: Analysis, point: Any) -> dict[str, str]:
    """``{issue: value_text}`` for one outcome."""
    described = analysis.space.describe(point)
    return {i.name: value_text(i, described[i.name]) for i in analysis.scenario.issues}


def _lottery_lines(analysis: Analysis, sol: Solution, indent: str) -> list[str]:
    return [f"{indent}with probability {_fmt(p)}: "
            + ", ".join(f"{k} = {v}" for k, v in outcome_texts(analysis, pt).items())
            for p, pt in sol.lottery or ()]


def _solution_lines(analysis: Analysis, name: str, sol: Solution | None,
                    before: Solution | None = None, indent: str = "  ") -> list[str]:
    """A solution's lines; with ``before`` (the solution without a pressure), what
    differs without it: each changed issue, or the whole lottery and utilities."""
    if sol is None:
        return [f"{indent}{name}: no deal (the ZOPA is empty)"]
    lines = [f"{indent}{name}:"]
    if sol.lottery is not None or (before is not None and before.lottery is not None):
        sides = [(sol, "")] if before is None else [(sol, "with it:"), (before, "without it:")]
        for side, label in sides:
            inner = f"{indent}    " if label else f"{indent}  "
            if label:
                lines.append(f"{indent}  {label}")
            lines += (_lottery_lines(analysis, side, inner) if side.lottery is not None else
                      [inner + ", ".join(f"{k} = {v}"
                                         for k, v in outcome_texts(analysis, side.point).items())])
            lines.append(f"{inner}utilities: {_utilities_line(analysis, side.utilities)}")
        return lines
    was = outcome_texts(analysis, before.point) if before is not None and before.point else {}
    for issue, value in outcome_texts(analysis, sol.point).items():
        change = f"   (without: {was[issue]})" if was and was.get(issue) != value else ""
        lines.append(f"{indent}  {issue:<24} -> {value}{change}")
    lines.append(f"{indent}  utilities: {_utilities_line(analysis, sol.utilities)}")
    return lines


def _same(a: Solution | None, b: Solution | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.point == b.point and a.lottery == b.lottery and np.array_equal(a.utilities, b.utilities)


def _grouped(solutions: dict[str, Solution | None]) -> list[tuple[str, Solution | None]]:
    """Concepts that pick the same agreement, listed together."""
    groups: list[tuple[list[str], Solution | None]] = []
    for name, sol in solutions.items():
        for names, other in groups:
            if _same(sol, other):
                names.append(name)
                break
        else:
            groups.append(([name], sol))
    return [(", ".join(names), sol) for names, sol in groups]


#: Counts from this size on are printed as 1.235e+15 (the JSON report keeps them exact).
SCIENTIFIC_FROM = 10 ** 15
#: Spaces of more issues than this are summed up by their number of options.
LISTED_ISSUES = 12


def count_text(n: int) -> str:
    """A count for the terminal: exact with separators, or to 4 digits past 1e15
    (any size: no conversion to float).

    >>> count_text(174960), count_text(10 ** 100)
    ('174,960', '1.000e+100')
    """
    return f"{n:,}" if n < SCIENTIFIC_FROM else format(Decimal(n), ".3e").replace("E", "e")


def _space_line(analysis: Analysis) -> str:
    issues, sizes = analysis.scenario.issues, analysis.space.sizes
    if len(issues) <= LISTED_ISSUES:
        shape = " x ".join(f"{i.name} {n}" for i, n in zip(issues, sizes))
    else:
        lo, hi = min(sizes), max(sizes)
        shape = f"{len(sizes)} issues of {lo if lo == hi else f'{lo} to {hi}'} options"
    return f"{count_text(analysis.space.size)} outcomes ({shape})"


def _zopa_line(analysis: Analysis, result: Result) -> str:
    if not result.zopa_exists:
        return "none: no outcome respects every veto party's red lines and gives each its disagreement utility"
    share = result.zopa_size / analysis.space.size
    approx = " (estimated)" if result.zopa_ci95 is not None else ""
    return f"{count_text(result.zopa_size)} outcomes{approx}, {share:.2%} of the space"


def why_text(sentences: list[str]) -> str:
    """The "Why" block that follows the terminal report (empty without sentences)."""
    return "\n\nWhy\n" + "\n".join(f"  {line}" for line in sentences) if sentences else ""


def run_text(analysis: Analysis, held: list[str], why: list[str]) -> str:
    """What ``negsim run`` prints: the terminal report, then the "Holds while" block
    (``held``, its lines) and the "Why" block (``why``, its sentences), each if any."""
    text = to_text(analysis)
    if held:
        text += "\n\n" + "\n".join(held)
    return text + why_text(why)


def to_text(analysis: Analysis) -> str:
    """The readable terminal report."""
    s, r = analysis.scenario, analysis.result
    lines = [
        f"{s.name}" + (f"  ({s.source})" if s.source else ""),
        "",
        f"Outcome space     {_space_line(analysis)}",
        f"Veto parties      {', '.join(p.name for p in s.veto_parties)}",
        f"Disagreement      {_utilities_line(analysis, r.disagreement)}",
        f"ZOPA              {_zopa_line(analysis, r)}",
        f"Pareto frontier   {count_text(r.n_pareto)} distinct utility vectors"
        + (f" (estimated, 95 % {count_text(round(r.pareto_ci95[0]))} to {count_text(round(r.pareto_ci95[1]))})"
           if r.pareto_ci95 is not None else ""),
        *_agreement_lines(analysis),
        "",
        "Solutions",
    ]
    for names, sol in _grouped(r.solutions):
        lines += _solution_lines(analysis, names, sol)
    for p in s.pressures:
        w = analysis.without[p.name]
        lines += ["", (f"Pressure {p.name} (credibility {_fmt(p.effective_credibility)}): "
                       "with it vs without it")]
        changed = [f"{party.name} {_fmt(b)} -> {_fmt(a)}"
                   for party, a, b in zip(s.parties, r.disagreement, w.disagreement) if a != b]
        lines.append(f"  disagreement: {', '.join(changed) if changed else 'unchanged'}")
        lines.append(f"  ZOPA: {_zopa_line(analysis, w)}  ->  {_zopa_line(analysis, r)}")
        for names, sol in _grouped(r.solutions):
            before = w.solutions.get(names.split(", ")[0])
            if sol is None or before is None:
                if (sol is None) != (before is None):
                    lines.append(f"  {names}: {'no deal' if before is None else 'a deal'} without it, "
                                 f"{'no deal' if sol is None else 'a deal'} with it")
                continue
            if _same(sol, before):
                lines.append(f"  {names}: unchanged")
            else:
                lines += _solution_lines(analysis, names, sol, before, indent="  ")
    if s.games or s.pressures:
        from .games import analyse_games, games_text

        lines += ["", games_text(analyse_games(s, solver=analysis.solver))]
    for w in s.warnings:
        lines.append("warning: " + w.format(s.source))
    return "\n".join(lines)
