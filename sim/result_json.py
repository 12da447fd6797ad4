"""The JSON of a solved scenario's results: the pieces of the JSON report (SPEC
section 5) that depend on an :class:`~sim.analysis.Analysis` alone, each shaped
here once: the report's header (:func:`header_json`), one result (disagreement,
ZOPA, Pareto frontier, solutions: :func:`result_json`), the agreement rule's
counts (:func:`agreement_json`) and the pressures (:func:`pressures_json`).
Numbers are rounded as :func:`sim.precision.rounded` does (SPEC section 5). The run report
(:func:`sim.report.report_json`), a sweep's record (:mod:`sim.sweep.evaluate`),
``negsim diff``, ``negsim timeline`` and the live page are built from them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .analysis import Analysis
from .precision import rounded
from .results import Result, Solution
from .scenario import Scenario


def _by_party(analysis: Analysis, values: np.ndarray) -> dict[str, float]:
    return {p.name: rounded(v) for p, v in zip(analysis.scenario.parties, values)}


def solution_json(analysis: Analysis, sol: Solution | None) -> dict[str, Any] | None:
    if sol is None:
        return None
    out: dict[str, Any] = {}
    if sol.lottery is not None:
        out["lottery"] = [
            {"probability": rounded(p), "outcome": analysis.space.describe(pt)} for p, pt in sol.lottery
        ]
    else:
        assert sol.point is not None  # a pure solution
        out["outcome"] = analysis.space.describe(sol.point)
    out["utilities"] = _by_party(analysis, sol.utilities)
    return out


def result_json(analysis: Analysis, result: Result) -> dict[str, Any]:
    size = analysis.space.size
    zopa: dict[str, Any] = {
        "exists": result.zopa_exists,
        "size": result.zopa_size,
        "share": rounded(result.zopa_size / size),
    }
    if result.zopa_ci95 is not None:
        zopa["estimate"] = True
        zopa["ci95"] = [rounded(result.zopa_ci95[0]), rounded(result.zopa_ci95[1])]
    pareto: dict[str, Any] = {"size": result.n_pareto}
    if result.pareto_ci95 is not None:
        pareto["estimate"] = True
        pareto["ci95"] = [rounded(result.pareto_ci95[0]), rounded(result.pareto_ci95[1])]
    return {
        "disagreement": _by_party(analysis, result.disagreement),
        "zopa": zopa,
        "pareto": pareto,
        "solutions": {name: solution_json(analysis, s) for name, s in result.solutions.items()},
    }


def header_json(scenario: Scenario, size: int) -> dict[str, Any]:
    """The report's first keys: ``scenario``, ``veto_parties``, ``outcome_space``."""
    return {
        "scenario": scenario.name,
        "veto_parties": [p.name for p in scenario.veto_parties],
        "outcome_space": {"size": size},
    }


def pressures_json(analysis: Analysis, without: Mapping[str, Result]) -> dict[str, Any]:
    """``pressures.<name>``: the credibility, and the result ``without`` it where given
    (the run report gives every pressure's, a sweep's record those it records)."""
    return {
        p.name: {"credibility": rounded(p.effective_credibility),
                 **({"without": result_json(analysis, without[p.name])} if p.name in without else {})}
        for p in analysis.scenario.pressures
    }


def agreement_json(analysis: Analysis) -> dict[str, Any]:
    """``agreement.accepting`` only with an ``agreement`` section (SPEC 11): per
    party, the outcomes of Z it accepts. On the additive path, which counts Z
    without listing it, a veto party accepts all of Z (``zopa.size``) and the
    others are ``null``."""
    s, r = analysis.scenario, analysis.result
    if s.agreement is None:
        return {}
    accepting: dict[str, int | None]
    if r.accepting is not None:
        accepting = {p.name: int(n) for p, n in zip(s.parties, r.accepting)}
    else:
        accepting = {p.name: r.zopa_size if p.veto else None for p in s.parties}
    return {"agreement": {"accepting": accepting}}
