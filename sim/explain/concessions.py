"""Explanations of a solution x: what each party concedes, the trades, what binds it.

- ``concessions[i][j] = w_ij (max_o v_ij(o) - v_ij(x_j))``: what party i gives up
  on issue j against its best option there;
- ``trades``: issues on which one veto party gets its best option while another
  concedes (logrolling, Raiffa 1982);
- ``binding``: the constraints that hold the solution where it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..analysis import Analysis
from ..precision import DECIMALS, rounded
from ..results import Result, Solution
from ..scenario import Scenario
from .red_lines import red_line_alternatives

#: Gains below this count as sitting on the disagreement point.
BINDING_GAIN = 1e-6


def concessions(scenario: Scenario, point: Sequence[float]) -> dict[str, dict[str, float]]:
    """w_ij (best value on issue j - value at the solution) for each veto party and weighted issue."""
    out: dict[str, dict[str, float]] = {}
    for party in scenario.veto_parties:
        row = {}
        for j, (issue, w, shape) in enumerate(zip(scenario.issues, party.weights, party.values)):
            if w > 0 and shape is not None:
                x = np.array([int(point[j]) if issue.options else point[j]])
                row[issue.name] = rounded(w * (shape.best - float(shape(x)[0])))
        out[party.name] = row
    return out


def trades(conc: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """Issues where some veto party gets its best option while another concedes."""
    issues = sorted({j for row in conc.values() for j in row}, key=lambda j: j)
    out = []
    for j in issues:
        winners = [p for p, row in conc.items() if j in row and row[j] <= 1e-12]
        losers = {p: row[j] for p, row in conc.items() if j in row and row[j] > 1e-12}
        if winners and losers:
            out.append({"issue": j, "gets_best": winners, "concedes": losers})
    return out


def _outcome_of(sol: Solution | None) -> Any:
    if sol is None:
        return None
    if sol.lottery is not None:
        return [(round(p, DECIMALS), tuple(pt)) for p, pt in sol.lottery]
    return tuple(np.round(sol.point, 6))


def binding(analysis: Analysis, concept: str,
            alternatives: dict[tuple[str, int], dict[str, Solution | None]] | None = None,
            rules: dict[str, Result] | None = None) -> list[str]:
    """Constraints of the solution: red lines, disagreement points, pressures' demands,
    and (``rules``: the solves without each constraint of an agreement rule,
    :mod:`.rule`) the rule's constraints whose removal changes the outcome."""
    s = analysis.scenario
    sol = analysis.result.solutions[concept]
    if sol is None:
        return []
    if alternatives is None:
        alternatives = red_line_alternatives(analysis)
    here = _outcome_of(sol)
    out = [f"red_line:{party}:{k}" for (party, k), sols in alternatives.items()
           if _outcome_of(sols.get(concept)) != here]
    veto = analysis.veto
    gains = sol.utilities[veto] - analysis.result.disagreement[veto]
    out += [f"disagreement:{s.parties[i].name}" for i, g in zip(veto, gains) if g < BINDING_GAIN]
    for p in s.pressures:
        if _outcome_of(analysis.without[p.name].solutions.get(concept)) != here:
            out.append(f"demand:{p.name}")
    out += [name for name, r in (rules or {}).items()
            if _outcome_of(r.solutions.get(concept)) != here]
    return out
