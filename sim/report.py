"""Reports of an :class:`~sim.analysis.Analysis`: the JSON report (SPEC section 5)
and the readable terminal report. Library code returns data and strings; only
the CLI prints.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .analysis import Analysis, Result, Solution


def _num(x: float) -> float:
    return float(np.round(x, 9)) + 0.0  # + 0.0 turns -0.0 into 0.0


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
    return {
        "disagreement": _by_party(analysis, result.disagreement),
        "zopa": zopa,
        "pareto": {"size": result.n_pareto},
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
        "pressures": {
            p.name: {
                "credibility": _num(p.effective_credibility),
                "without": result_json(analysis, analysis.without[p.name]),
            }
            for p in s.pressures
        },
    }
