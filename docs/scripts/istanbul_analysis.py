"""Every number of docs/istanbul-2025.md, computed from the scenario files.

Run from the repository root (a few seconds):

    .venv/bin/python docs/scripts/istanbul_analysis.py            # print the tables (Markdown)
    .venv/bin/python docs/scripts/istanbul_analysis.py --figures  # also write docs/figures/*.png

It uses only the public API: :func:`sim.scenario.load` / :func:`sim.scenario.from_dict`
to build (modified) scenarios, :func:`sim.analysis.analyse` and
:class:`sim.analysis.Solver` to solve them. The tables are pasted into the
doc; ``tests/test_istanbul.py`` pins the headline numbers.
"""

from __future__ import annotations

import copy
import sys
from dataclasses import replace
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from sim.analysis import Analysis, Solver, analyse
from sim.results import Result
from sim.scenario import Scenario, from_dict, load

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = ROOT / "scenarios"
MAIN = SCENARIOS / "istanbul-2025.yaml"
#: The reading before issue 20, kept so the change is visible.
PREVIOUS = SCENARIOS / "istanbul-2025-previous.yaml"
PRESSURE = "sanctions_ultimatum"
CONCEPTS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


# ---------------------------------------------------------------------------
# Building blocks (imported by tests/test_istanbul.py).


def without_red_lines(scenario: Scenario, removed: tuple[tuple[str, int], ...]) -> Scenario:
    """``scenario`` with the red lines ``(party, index)`` removed (indices as in the file)."""
    doc = copy.deepcopy(scenario.document)
    for party in {p for p, _ in removed}:
        lines = doc["parties"][party].get("red_lines", [])
        drop = {k for p, k in removed if p == party}
        doc["parties"][party]["red_lines"] = [r for k, r in enumerate(lines) if k not in drop]
        prov = doc["parties"][party].get("provenance", {})
        doc["parties"][party]["provenance"] = {
            k: v for k, v in prov.items() if not k.startswith("red_lines.")}
    return from_dict(doc, scenario.source or "<scenario>")


def red_lines_of(scenario: Scenario) -> list[tuple[str, int]]:
    """Every veto party's red lines as ``(party, index)``, in file order."""
    return [(p.name, k) for p in scenario.veto_parties for k in range(len(p.red_lines))]


def red_line_scan(scenario: Scenario, max_size: int = 2) -> list[tuple[tuple[tuple[str, int], ...], Result]]:
    """The solve (with every pressure) after removing each set of up to ``max_size`` red lines."""
    out = []
    lines = red_lines_of(scenario)
    for size in range(max_size + 1):
        for removed in combinations(lines, size):
            s = without_red_lines(scenario, removed)
            out.append((removed, Solver.of(s).solve(s.pressures)))
    return out


def minimal_openings(scan: list[tuple[tuple[tuple[str, int], ...], Result]]) -> list[tuple[tuple[str, int], ...]]:
    """The sets of red lines in ``scan`` whose removal opens the ZOPA, no proper subset doing so."""
    opening = [set(r) for r, res in scan if res.zopa_exists]
    return [tuple(sorted(s, key=lambda x: (x[0] != "russia", x))) for s in opening
            if not any(o < s for o in opening)]


def with_pressure(scenario: Scenario, **changes: Any) -> Scenario:
    """``scenario`` with the ultimatum's fields changed (credibility, penalty, ...)."""
    p = scenario.pressure(PRESSURE)
    return scenario.with_pressures(tuple(replace(p, **changes) if q.name == PRESSURE else q
                                         for q in scenario.pressures))


def solve_with(scenario: Scenario, solver: Solver, **changes: Any) -> Result:
    """One solve with the ultimatum changed, reusing ``solver``'s space and utilities."""
    p = replace(scenario.pressure(PRESSURE), **changes)
    return solver.solve([p])


def nash_option(solver: Solver, result: Result, issue: str) -> str | None:
    """The Nash solution's option on ``issue``, or None when there is no deal."""
    sol = result.solutions.get("nash")
    if sol is None:
        return None
    return solver.space.describe(sol.point)[issue]


def threshold(scenario: Scenario, solver: Solver, test, lo: float = 0.0, hi: float = 1.0,
              field: str = "credibility", tol: float = 1e-4) -> float | None:
    """The smallest value of the ultimatum's ``field`` in [lo, hi] at which ``test(result)``
    holds (bisection; assumes the test is monotone in the field). None if it never holds."""
    if not test(solve_with(scenario, solver, **{field: hi})):
        return None
    if test(solve_with(scenario, solver, **{field: lo})):
        return lo
    while hi - lo > tol:
        mid = (lo + hi) / 2
        if test(solve_with(scenario, solver, **{field: mid})):
            hi = mid
        else:
            lo = mid
    return hi


# ---------------------------------------------------------------------------
# The tables of the doc.


def _f(x: float) -> str:
    return f"{x:.3f}"


def _outcome(analysis: Analysis, result: Result, concept: str) -> dict[str, Any] | None:
    sol = result.solutions.get(concept)
    return None if sol is None else analysis.space.describe(sol.point)


def solutions_table(analysis: Analysis) -> str:
    """Issue by concept, with (and without) the ultimatum."""
    r, w = analysis.result, analysis.without[PRESSURE]
    head = "| issue | " + " | ".join(CONCEPTS) + " |\n|---|" + "---|" * len(CONCEPTS)
    rows = [head]
    outs = {c: (_outcome(analysis, r, c), _outcome(analysis, w, c)) for c in CONCEPTS}
    for issue in analysis.scenario.issues:
        cells = []
        for c in CONCEPTS:
            a, b = outs[c]
            cell = "no deal" if a is None else f"`{a[issue.name]}`"
            if b is not None and a is not None and a[issue.name] != b[issue.name]:
                cell += f" (without: `{b[issue.name]}`)"
            cells.append(cell)
        rows.append(f"| {issue.name} | " + " | ".join(cells) + " |")
    for name, res in (("utilities", r), ("utilities without the ultimatum", w)):
        cells = []
        for c in CONCEPTS:
            sol = res.solutions.get(c)
            cells.append("" if sol is None else
                         ", ".join(f"{p.name[:2]} {_f(v)}" for p, v in zip(analysis.scenario.parties, sol.utilities)))
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def summary_table(analysis: Analysis) -> str:
    r, w = analysis.result, analysis.without[PRESSURE]
    s = analysis.scenario
    rows = [("| | without the ultimatum | with it (credibility "
            f"{_f(s.pressure(PRESSURE).effective_credibility)}) |"), "|---|---|---|"]
    for k, p in enumerate(s.parties):
        rows.append(f"| disagreement {p.name} | {_f(w.disagreement[k])} | {_f(r.disagreement[k])} |")
    n = analysis.space.size
    rows.append(f"| ZOPA size | {w.zopa_size:,} ({w.zopa_size / n:.2%}) | {r.zopa_size:,} ({r.zopa_size / n:.2%}) |")
    rows.append(f"| Pareto frontier (distinct utility vectors) | {w.n_pareto} | {r.n_pareto} |")
    return "\n".join(rows)


def red_line_table(scenario: Scenario) -> str:
    scan = red_line_scan(scenario, 2)
    solver_space = Solver.of(scenario).space
    rows = ["| red lines removed | ZOPA size | Nash: crimea, four_oblasts, security, sanctions |",
            "|---|---|---|"]
    for removed, res in scan:
        label = ", ".join(f"{p}.{k}" for p, k in removed) or "none (as in the file)"
        sol = res.solutions.get("nash")
        if sol is None:
            nash = "no deal"
        else:
            o = solver_space.describe(sol.point)
            nash = ", ".join(f"`{o[i]}`" for i in ("crimea", "four_oblasts", "security", "sanctions"))
        rows.append(f"| {label} | {res.zopa_size:,} | {nash} |")
    return "\n".join(rows)


def variants_table() -> str:
    rows = [("| file | what it changes | ZOPA without / with the ultimatum | Nash (with): arms, "
            "security, sanctions |"), "|---|---|---|---|"]
    skip = ("istanbul-2025-uncertain.yaml", "istanbul-2025-calibrate.yaml", PREVIOUS.name)
    for path in [MAIN] + sorted(p for p in SCENARIOS.glob("istanbul-2025-*.yaml") if p.name not in skip):
        s = load(path)
        a = analyse(s)
        r = a.result
        w = a.without.get(PRESSURE, r)
        o = _outcome(a, r, "nash")
        nash = "no deal" if o is None else ", ".join(
            f"`{o[i]}`" for i in ("arms", "security", "sanctions"))
        desc = "the main case" if path == MAIN else s.description
        rows.append(f"| `{path.name}` | {desc} | {w.zopa_size:,} / {r.zopa_size:,} | {nash} |")
    return "\n".join(rows)


def credibility_scan(scenario: Scenario, penalties=(0.05, 0.1, 0.15, 0.2)) -> str:
    solver = Solver.of(scenario)
    qs = np.round(np.linspace(0, 1, 11), 2)
    rows = ["| penalty \\ credibility | " + " | ".join(f"{q:g}" for q in qs) + " |",
            "|---|" + "---|" * len(qs)]
    short = {"before_talks": "B", "with_settlement": "S", "none": "N", None: "-"}
    for pen in penalties:
        cells = []
        for q in qs:
            res = solve_with(scenario, solver, credibility=float(q), penalty=pen)
            cells.append(f"{short[nash_option(solver, res, 'ceasefire')]} {res.zopa_size:,}")
        rows.append(f"| {pen:g} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def thresholds(scenario: Scenario) -> dict[str, float | None]:
    """Where the ZOPA appears and where Nash picks the ceasefire before talks."""
    solver = Solver.of(scenario)
    pen = scenario.pressure(PRESSURE).penalty
    q = scenario.pressure(PRESSURE).effective_credibility
    zopa = lambda r: r.zopa_exists
    before = lambda r: nash_option(solver, r, "ceasefire") == "before_talks"
    return {
        "zopa_credibility": threshold(scenario, solver, zopa),
        "zopa_penalty": threshold(scenario, solver, zopa, 0.0, 1.0, "penalty"),
        "nash_ceasefire_credibility": threshold(scenario, solver, before),
        "nash_ceasefire_penalty": threshold(scenario, solver, before, 0.0, 1.0, "penalty"),
        "penalty": pen,
        "credibility": q,
    }


def figures() -> list[Path]:
    """The payoff frontier with and without the ultimatum, and the issue view."""
    from sim.plot import frontier_figure, issues_figure, save_figure

    out = ROOT / "docs" / "figures"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    a = analyse(load(MAIN))
    written.append(save_figure(frontier_figure(a), out / "istanbul-2025-frontier.png"))
    written.append(save_figure(issues_figure(a), out / "istanbul-2025-issues.png"))
    return written


def with_pressure_analysis(analysis: Analysis) -> Analysis:
    """The war-lottery variant with a fully credible ultimatum (q = 1), for the figure."""
    return analyse(with_pressure(analysis.scenario, credibility=1.0))


def main(argv: list[str]) -> int:
    main_s = load(MAIN)
    a = analyse(main_s)
    print("## Outcome space\n")
    print(" x ".join(f"{i.name} {n}" for i, n in zip(main_s.issues, a.space.sizes)), "=", f"{a.space.size:,}")
    print("\n## With and without the ultimatum\n")
    print(summary_table(a))
    print("\n## Solutions\n")
    print(solutions_table(a))
    print("\n## Red lines removed, main case\n")
    print(red_line_table(main_s))
    lit = load(SCENARIOS / "istanbul-2025-literal.yaml")
    print("\n## Red lines removed, literal reading\n")
    print(red_line_table(lit))
    print("\nminimal openings (literal):", minimal_openings(red_line_scan(lit, 2)))
    strict = load(SCENARIOS / "istanbul-2025-strict-ukraine.yaml")
    print("minimal openings (strict Ukraine):", minimal_openings(red_line_scan(strict, 2)))
    print("\n## Variants\n")
    print(variants_table())
    w = load(SCENARIOS / "istanbul-2025-war-lottery.yaml")
    solver = Solver.of(w)
    print("\nwar lottery: the ZOPA opens at credibility",
          threshold(w, solver, lambda r: r.zopa_exists), "and at penalty",
          threshold(w, solver, lambda r: r.zopa_exists, 0.0, 1.0, "penalty"))
    print("force red line:", red_line_table(load(SCENARIOS / "istanbul-2025-force-red-line.yaml")).splitlines()[2])
    prev = load(PREVIOUS)
    print("\n## The reading before issue 20: credibility x penalty scan (Nash ceasefire option, ZOPA size)\n")
    print(credibility_scan(prev))
    print("\nthresholds:", {k: (None if v is None else round(v, 4)) for k, v in thresholds(prev).items()})
    if "--figures" in argv:
        for path in figures():
            print("written:", path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
