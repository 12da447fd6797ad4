"""Renderers of a run's :class:`~sim.findings.Findings`: the JSON report (SPEC
section 5) and the readable terminal report. They lay out what was computed and
compute nothing (no solve, no game); library code returns data and strings, only
the CLI prints.

:func:`report_json` is the one home of the JSON report's shape: its header
(:func:`header_json`), each result (:func:`result_json`), the pressures
(:func:`pressures_json`) and the parts ``negsim run``'s flags add; a sweep's record
(:mod:`sim.sweep.evaluate`) is built from the same pieces. :func:`report_text` is
the terminal report and :func:`run_text` all that ``negsim run`` prints.
:func:`to_json` and :func:`to_text` are the short ways from an analysis (they
compute its findings first).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .agreement import describe as describe_rule
from .analysis import Analysis
from .findings import Findings, Options, findings_of
from .games import game_json, games_text
from .precision import rounded
from .readable import count_text, value_text
from .result_json import agreement_json, header_json, pressures_json, result_json
from .results import Result, Solution


def report_json(found: Findings) -> dict[str, Any]:
    """The JSON report of SPEC section 5, with the parts its options add (in this
    order): ``explain``, ``solutions.<concept>.robustness``, ``pressures.<name>.game``,
    ``frontier``, ``negsim_version`` and ``input_sha256``."""
    analysis, options = found.analysis, found.options
    report = {
        **header_json(analysis.scenario, analysis.space.size),
        **result_json(analysis, analysis.result),
        **agreement_json(analysis),
        "pressures": pressures_json(analysis, analysis.without),
    }
    if found.games is not None and found.games.games:
        report["games"] = {k: game_json(g) for k, g in found.games.games.items()}
    if options.explain:
        report["explain"] = found.explanation
    if options.robust:
        robust = found.robustness
        for name, entry in report["solutions"].items():
            if entry is not None:
                entry["robustness"] = None if robust is None else robust[name]
    if options.games and found.games is not None:
        for name, game in found.games.threats.items():
            report["pressures"][name]["game"] = game_json(game)
    if found.frontier is not None:
        report["frontier"] = found.frontier
    if found.stamp is not None:
        report.update(found.stamp)
    return report


def to_json(analysis: Analysis) -> dict[str, Any]:
    """The JSON report of SPEC section 5 of ``analysis`` (its findings computed first:
    the scenario's own games)."""
    return report_json(findings_of(analysis, Options(text=False)))


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


def _fmt(x: float) -> str:
    return f"{rounded(x):.4g}" if abs(x) >= 1e-4 or x == 0 else f"{x:.2e}"


def _utilities_line(analysis: Analysis, values: np.ndarray) -> str:
    return ", ".join(f"{p.name} {_fmt(v)}" for p, v in zip(analysis.scenario.parties, values))


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


#: Spaces of more issues than this are summed up by their number of options.
LISTED_ISSUES = 12


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


def run_text(found: Findings, observations: bool = True, held: list[str] | None = None) -> str:
    """What ``negsim run`` prints: the terminal report (:func:`report_text`), then the
    "Holds while" block (``held``, default: the findings' robustness in lines), the
    "Why" block (the explanation's sentences) and, with ``observations``, the
    observations' block, each if any."""
    from .explain.robustness import text_lines

    if held is None:
        held = text_lines(found.robustness) if found.robustness_computed else []
    text = report_text(found)
    if held:
        text += "\n\n" + "\n".join(held)
    text += why_text(found.explanation["sentences"] if found.explanation else [])
    if observations and found.observations is not None:
        from .observations import observations_text as observed_text

        text += "\n\n" + observed_text(found.scenario, found.observations)
    return text


def to_text(analysis: Analysis) -> str:
    """The readable terminal report of ``analysis`` (:func:`report_text`; its threat
    games solved first)."""
    return report_text(findings_of(analysis, Options(text=False, games=True)))


def report_text(found: Findings) -> str:
    """The readable terminal report: the space, the ZOPA, the solutions, what each
    pressure changes, the games and the scenario's warnings."""
    analysis = found.analysis
    s, r = analysis.scenario, analysis.result
    lines = [
        f"{s.name}" + (f"  ({s.source})" if s.source else ""),
        "",
        f"Outcome space     {_space_line(analysis)}",
        f"Veto parties      {', '.join(p.name for p in s.veto_parties)}",
        f"Disagreement      {_utilities_line(analysis, r.disagreement)}",
        f"ZOPA              {_zopa_line(analysis, r)}",
        f"Pareto frontier   {count_text(r.n_pareto)} distinct utility vectors"
        + (f" (estimated, 95 % {count_text(round(r.pareto_ci95[0]))} to "
           f"{count_text(round(r.pareto_ci95[1]))})" if r.pareto_ci95 is not None else ""),
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
    if found.games is not None:
        lines += ["", games_text(found.games)]
    lines += ["warning: " + warning.format(s.source) for warning in s.warnings]
    return "\n".join(lines)
