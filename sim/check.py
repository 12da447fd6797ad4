"""Proposals checked against a solved scenario (``negsim check SCENARIO --proposal FILE``).

A proposal is a full outcome, ``{issue: option name, or a number for a
continuous issue}``; a proposal file holds one such mapping, or a list of them.
For each proposal x, under the scenario's pressures (SPEC sections 3 and 11):

- per party: whether it accepts x (none of its red lines matched and
  u_i(x) >= d_i), its margin u_i(x) - d_i, and the red lines x hits (0-based
  indices into its ``red_lines``);
- whether x is in Z (the ZOPA under the scenario's agreement rule);
- whether x is on the Pareto frontier: in Z, and no frontier point P of the
  analysis has u_i >= u_i(x) for every veto party and > for one (for continuous
  issues P is the grid's frontier, so an off-grid proposal is compared with
  the grid);
- its Nash product prod_{i in V} g_i^alpha_i (g_i = u_i(x) - d_i, alpha_i the
  normalised bargaining powers; Nash 1950, Kalai 1977), null when some g_i < 0,
  the Nash solution's product, and the proposal's shortfall 1 - its product /
  the solution's (0 at the Nash solution, 1 at a zero product).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from . import agreement as ag
from . import concepts as cc
from .analysis import Analysis
from .direct import require_listed
from .distributions import is_finite_number
from .document import read_document
from .errors import Problem, ScenarioError, describe_value, did_you_mean, unknown
from .precision import rounded
from .scenario import Scenario
from .space import columns_of_points


@dataclass(frozen=True)
class Proposals:
    """Proposals read from a file: one point per proposal (option index or value)."""

    points: tuple[tuple[float, ...], ...]
    source: str


def _value(issue: Any, v: Any) -> tuple[float | None, str]:
    """An outcome's value of one issue as a point coordinate, or what is wrong."""
    if issue.options is not None:
        if isinstance(v, str) and v in issue.options:
            return float(issue.options.index(v)), ""
        return None, (f"{describe_value(v)} is not an option of {issue.name!r}"
                      + (did_you_mean(v, issue.options) or f" (options: {', '.join(issue.options)})"))
    if is_finite_number(v) and issue.lo <= float(v) <= issue.hi:
        return float(v), ""
    return None, f"expected a number in [{issue.lo:g}, {issue.hi:g}], got {describe_value(v)}"


def read_proposals(path: str | Path, scenario: Scenario) -> Proposals:
    """Read a proposal file against the scenario's issues; every problem is reported
    with the file, dotted path and line (:class:`ScenarioError`, exit 2)."""
    doc = read_document(path, defer=True)  # the document's problems, with the proposals'
    issues = scenario.issues
    names = [i.name for i in issues]
    data = doc.data
    many = isinstance(data, list)
    items = data if many else [data]
    problems: list[Problem] = list(doc.problems)
    points: list[tuple[float, ...]] = []
    broken = {".".join(p) for p in doc.broken}

    def add(where: tuple, message: str) -> None:
        path = ".".join(map(str, where))
        if path not in broken:  # a value read as a placeholder: its problem is said
            problems.append(Problem(path, message, doc.line_of(where)))

    if many and not items:
        add((), "an empty list: give one outcome or a list of outcomes")
    for k, item in enumerate(items):
        at = (k,) if many else ()
        if not isinstance(item, dict):
            add(at, f"a proposal is a mapping issue -> option (or number), not {describe_value(item)}")
            continue
        point: list[float] = []
        for key in item:
            if key not in names:
                add(at + (key,), unknown("issue", key, names))
        for issue in issues:
            if issue.name not in item:
                add(at, f"the proposal must name every issue; {issue.name!r} is missing")
                continue
            v, message = _value(issue, item[issue.name])
            if message:
                add(at + (issue.name,), message)
            point.append(0.0 if v is None else v)  # (a problem is reported: nothing is solved)
        points.append(tuple(point))
    if problems:
        raise ScenarioError(sorted(problems, key=lambda p: p.line or 0), str(path))
    return Proposals(tuple(points), str(path))


def _nash_product(u: np.ndarray, problem: cc.BargainingProblem) -> float | None:
    g = u - problem.d
    if np.any(g < 0):
        return None
    return float(np.prod(g ** problem.alpha))


def check(analysis: Analysis, proposals: Proposals) -> list[dict[str, Any]]:
    """The check of each proposal (module doc), as JSON-ready mappings."""
    s, r = analysis.scenario, analysis.result
    solver = analysis.solver_of()
    v = analysis.veto
    require_listed(r, "checking whether a proposal is dominated")
    points = [list(p) for p in proposals.points]
    cols = columns_of_points(points, s.issues)
    u = solver.utilities(cols, s.pressures)
    d = r.disagreement
    accept = ag.accepting(s, cols, u, d)
    in_z = ag.admitted(s, cols, accept)
    ideal = r.ideal if r.ideal is not None else u[:, v].max(axis=0)
    problem = solver.problem(d, ideal)
    nash = r.solutions.get("nash")
    if nash is not None:
        best = _nash_product(nash.utilities[v], problem)
    elif len(r.frontier):
        best = max((_nash_product(f, problem) or 0.0) for f in r.frontier)
    else:
        best = None
    out = []
    for k, point in enumerate(proposals.points):
        uv = u[k, v]
        dominated = bool(len(r.frontier)) and bool(np.any(
            np.all(r.frontier >= uv, axis=1) & np.any(r.frontier > uv, axis=1)))
        product = _nash_product(uv, problem)
        parties = {}
        for i, party in enumerate(s.parties):
            hits = [j for j, line in enumerate(party.red_lines)
                    if line.matches([c[k:k + 1] for c in cols])[0]]
            parties[party.name] = {"accepts": bool(accept[k, i]),
                                   "margin": _round(u[k, i] - d[i]), "red_lines": hits}
        out.append({
            "outcome": analysis.space.describe(point),
            "parties": parties,
            "in_zopa": bool(in_z[k]),
            "on_frontier": bool(in_z[k]) and not dominated,
            "nash_product": _round(product),
            "nash_product_of_solution": _round(best),
            "nash_shortfall": (_round(1 - product / best) if product is not None and best
                               else None),
        })
    return out


def _round(x: float | None) -> float | None:
    return None if x is None else rounded(x)


def check_json(analysis: Analysis, checked: list[dict[str, Any]]) -> dict[str, Any]:
    """What ``negsim check --json`` prints: ``{"scenario", "rule", "proposals"}``
    (the rule in words, each proposal's checks as :func:`check` gives them)."""
    s = analysis.scenario
    return {"scenario": s.name, "rule": ag.describe(s), "proposals": checked}


def check_text(analysis: Analysis, checked: list[dict[str, Any]]) -> str:
    """The checks for the terminal."""
    plural = "s" if len(checked) != 1 else ""
    rule = ag.describe(analysis.scenario)
    lines = [f"{analysis.scenario.name}: {len(checked)} proposal{plural} under {rule}"]
    for k, c in enumerate(checked):
        lines += ["", f"Proposal {k}: " + ", ".join(f"{i} = {o}" for i, o in c["outcome"].items())]
        for name, p in c["parties"].items():
            hits = p["red_lines"]
            red = (f"; hits red line{'s' if len(hits) > 1 else ''} {', '.join(map(str, hits))}"
                   if hits else "")
            lines.append(f"  {name:<20} {'accepts' if p['accepts'] else 'refuses'}  "
                         f"margin {p['margin']:+.4g}{red}")
        lines.append(f"  in the ZOPA: {'yes' if c['in_zopa'] else 'no'}; on the Pareto frontier: "
                     f"{'yes' if c['on_frontier'] else 'no'}")
        if c["nash_product"] is None:
            lines.append("  Nash product: none (a veto party is below its disagreement utility)")
        elif c["nash_product_of_solution"] is None:  # an empty ZOPA: no Nash solution
            lines.append(f"  Nash product {c['nash_product']:.4g}; no Nash solution (the ZOPA is empty)")
        else:
            short = c["nash_shortfall"]
            lines.append(f"  Nash product {c['nash_product']:.4g} vs {c['nash_product_of_solution']:.4g}"
                         " at the Nash solution"
                         + (f" ({short:.1%} short)" if short is not None else ""))
    return "\n".join(lines)
