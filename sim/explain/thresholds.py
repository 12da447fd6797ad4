"""Counterfactuals of an empty ZOPA: how far a disagreement point or a pressure must move.

Computed exactly:

- disagreement: t_i = max u_i(x) over outcomes free of red lines that give the
  other veto parties their d_j; the ZOPA is non-empty iff d_i <= t_i;
- pressures: every gain u_i(x) - d_i is linear in a pressure's credibility q
  (and in its penalty), so each outcome is feasible on an interval of q; the
  smallest q is the smallest left end, checked by solving at it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..analysis import Solver
from ..scenario import Pressure


def disagreement_thresholds(solver: Solver, pressures: Sequence[Pressure]) -> dict[str, float | None]:
    """t_i = max u_i over red-line-free outcomes that give every other veto party its d_j."""
    s = solver.scenario
    d = solver.disagreement(pressures)
    out: dict[str, float | None] = {}
    for i in solver.veto:
        relaxed = d.copy()
        relaxed[i] = -np.inf
        best = -np.inf
        best_index = None
        for start, stop in solver.space.chunks():
            cols = solver.space.columns(start, stop)
            u = solver.utilities(cols, pressures)
            ok = solver.feasible(cols, u, relaxed)
            if ok.any():
                k = int(np.argmax(np.where(ok, u[:, i], -np.inf)))
                if u[k, i] > best:
                    best, best_index = float(u[k, i]), start + k
        if best_index is not None and any(iss.continuous for iss in s.issues):
            best = _refine_max(solver, pressures, relaxed, i, best_index, best)
        out[s.parties[i].name] = None if best_index is None else float(np.round(best, 9))
    return out


def _refine_max(solver: Solver, pressures: Sequence[Pressure], d: np.ndarray, party: int,
                index: int, value: float) -> float:
    from ..refine import _Objective, pattern_search

    issues = solver.scenario.issues
    cont = np.array([j for j, iss in enumerate(issues) if iss.continuous])
    lo = np.array([issues[j].lo for j in cont])
    hi = np.array([issues[j].hi for j in cont])
    step = (hi - lo) / (solver.scenario.solve.resolution - 1)
    score = _Objective(solver, pressures, d, None, lambda u: u[:, list(solver.veto).index(party)], None)
    _, (val, _) = pattern_search(score, np.array(solver.space.point(index)), cont, lo, hi, step)
    return max(value, val)


def _with_pressure(pressures: Sequence[Pressure], name: str, **changes: Any) -> list[Pressure]:
    return [replace(p, **changes) if p.name == name else p for p in pressures]


def _zopa_exists(solver: Solver, pressures: Sequence[Pressure]) -> bool:
    d = solver.disagreement(pressures)
    for start, stop in solver.space.chunks():
        cols = solver.space.columns(start, stop)
        if solver.feasible(cols, solver.utilities(cols, pressures), d).any():
            return True
    return False


def _linear_threshold(solver: Solver, pressures: Sequence[Pressure], name: str, field: str,
                      upper: float | None) -> float | None:
    """Smallest value of ``field`` of pressure ``name`` that opens the ZOPA, exactly.

    Gains are linear in the field: g(x; t) = g0(x) + slope(x) t. For each outcome
    the feasible t form an interval; the answer is the smallest left end >= 0.
    """
    at0 = _with_pressure(pressures, name, **{field: 0.0})
    at1 = _with_pressure(pressures, name, **{field: 1.0})
    if field == "credibility":
        at0 = _with_pressure(at0, name, credibility=0.0)
    v = solver.veto
    d0, d1 = solver.disagreement(at0), solver.disagreement(at1)
    best = np.inf
    for start, stop in solver.space.chunks():
        cols = solver.space.columns(start, stop)
        red = ~solver.feasible(cols, np.full((stop - start, len(solver.scenario.parties)), np.inf),
                               np.full(len(solver.scenario.parties), -np.inf))
        g0 = solver.utilities(cols, at0)[:, v] - d0[v]
        slope = solver.utilities(cols, at1)[:, v] - d1[v] - g0
        with np.errstate(divide="ignore", invalid="ignore"):
            need = np.where(slope > 0, -g0 / slope, np.where(g0 >= 0, -np.inf, np.inf))
            cap = np.where(slope < 0, -g0 / slope, np.inf)
        lo = np.maximum(need.max(axis=1), 0.0)
        hi = cap.min(axis=1)
        if upper is not None:
            hi = np.minimum(hi, upper)
        ok = ~red & (lo <= hi + 1e-12)
        if ok.any():
            best = min(best, float(lo[ok].min()))
    if not np.isfinite(best):
        return None
    # verify on the rounded model; nudge up by lattice units if rounding disagrees
    for nudge in (0.0, 1e-9, 1e-8, 1e-7, 1e-6):
        t = best + nudge
        if upper is not None and t > upper:
            break
        if _zopa_exists(solver, _with_pressure(pressures, name, **{field: t})):
            return float(np.round(t, 9))
    return None


def pressure_thresholds(solver: Solver, pressures: Sequence[Pressure]) -> dict[str, dict[str, float | None]]:
    """Smallest credibility in [0, 1] and smallest penalty >= 0 that open the ZOPA."""
    out = {}
    for p in pressures:
        out[p.name] = {
            "credibility": _linear_threshold(solver, pressures, p.name, "credibility", 1.0),
            "penalty": _linear_threshold(
                solver, _with_pressure(pressures, p.name, credibility=p.effective_credibility),
                p.name, "penalty", None),
        }
    return out
