"""Counterfactuals of an empty ZOPA: how far a disagreement point or a pressure must move.

Computed exactly:

- disagreement: t_i = max u_i(x) over outcomes free of red lines that give the
  other veto parties their d_j; the ZOPA is non-empty iff d_i <= t_i;
- pressures: every gain u_i(x) - d_i is linear in a pressure's credibility q
  (and in its penalty), so each outcome is feasible on an interval of q; the
  smallest q is the smallest left end, checked by solving at it.

Past ``solve.max_outcomes`` (:mod:`.variants`), still exactly, by solving
variants instead of passing over the space: t_i is the largest u_i on the
frontier of the scenario whose d_i lies below every outcome; and as a pressure's
credibility (or penalty) grows by 1, the outcomes that meet its demand keep
their utilities while the disagreement point falls by a fixed amount per party
(its slope), and every other outcome keeps its gains. So the ZOPA opens at 0 if
it exists there, else at the least over the outcomes meeting the demand of the
largest (d_i - u_i) / slope_i, which a frontier of those outcomes attains (the
scenario solved within the demand, with the d_i of the parties that have a
slope taken away); the value is then checked by solving at it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..analysis import Solver
from ..direct import require_listed
from ..errors import AnalysisError
from ..precision import round_utilities
from ..scenario import Pressure
from .variants import (
    LeftOut,
    enumerated,
    leave_out,
    solve_lean,
    utility_floor,
    without_disagreement,
    zopa_exists,
)

#: Slopes of a gain in a pressure's credibility or penalty below this are rounding
#: noise (two differences of numbers rounded to 1e-9): gains that do not move. Taken
#: for real, they put a threshold near 1e15, where the model has no precision left.
SLOPE_NOISE = 2.5e-9


def disagreement_thresholds(solver: Solver, pressures: Sequence[Pressure], left_out: LeftOut | None = None
                            ) -> dict[str, float | None]:
    """t_i = max u_i over red-line-free outcomes that give every other veto party its d_j.

    Past ``solve.max_outcomes`` by solving (module doc); a party whose variant cannot
    be solved is left out of the answer, and of ``left_out`` with the reason.
    """
    s = solver.scenario
    d = solver.disagreement(pressures)
    out: dict[str, float | None] = {}
    for i in solver.veto:
        relaxed = d.copy()
        relaxed[i] = -np.inf
        try:
            best, best_index = (_max_by_enumeration(solver, pressures, relaxed, i) if enumerated(solver)
                                else _max_by_solving(solver, pressures, i))
        except AnalysisError as exc:
            name = s.parties[i].name
            leave_out(left_out, f"counterfactuals.disagreement.{name}",
                      f"the disagreement utility at which {name} would accept a deal", exc)
            continue
        if best_index is not None and any(iss.continuous for iss in s.issues):
            best = _refine_max(solver, pressures, relaxed, i, best_index, best)
        out[s.parties[i].name] = None if best_index is None else float(round_utilities(best))
    return out


def _max_by_enumeration(solver: Solver, pressures: Sequence[Pressure], relaxed: np.ndarray, party: int
                        ) -> tuple[float, int | None]:
    """max u_party over the outcomes feasible for ``relaxed``, and the first attaining it."""
    best, best_index = -np.inf, None
    for start, stop, cols in solver.batches():
        u = solver.utilities(cols, pressures)
        ok = solver.feasible(cols, u, relaxed)
        if ok.any():
            k = int(np.argmax(np.where(ok, u[:, party], -np.inf)))
            if u[k, party] > best:
                best, best_index = float(u[k, party]), start + k
    return best, best_index


def _max_by_solving(solver: Solver, pressures: Sequence[Pressure], party: int) -> tuple[float, int | None]:
    """max u_party over the ZOPA with d_party below every outcome, and an outcome attaining it."""
    variant = without_disagreement(solver.scenario, [party], utility_floor(solver, pressures))
    r = solve_lean(variant, pressures)
    if not r.zopa_exists:
        return -np.inf, None
    require_listed(r, "a threshold's explanation")
    column = r.frontier[:, list(solver.veto).index(party)]
    row = int(np.argmax(column))
    return float(column[row]), int(r.frontier_index[row])


def _refine_max(solver: Solver, pressures: Sequence[Pressure], d: np.ndarray, party: int,
                index: int, value: float) -> float:
    from ..refine import Objective, pattern_search

    issues = solver.scenario.issues
    cont = np.array([j for j, iss in enumerate(issues) if iss.continuous])
    lo = np.array([issues[j].lo for j in cont])
    hi = np.array([issues[j].hi for j in cont])
    step = (hi - lo) / (solver.scenario.solve.resolution - 1)
    score = Objective(solver, pressures, d, None, lambda u: u[:, list(solver.veto).index(party)], None)
    _, (val, _) = pattern_search(score, np.array(solver.space.point(index)), cont, lo, hi, step)
    return max(value, val)


def replace_pressure(pressures: Sequence[Pressure], name: str, **changes: Any) -> list[Pressure]:
    """``pressures`` with the one called ``name`` given ``changes`` (its other fields kept)."""
    return [replace(p, **changes) if p.name == name else p for p in pressures]


def _zopa_exists(solver: Solver, pressures: Sequence[Pressure]) -> bool:
    if not enumerated(solver):
        return zopa_exists(solver.scenario, pressures)
    d = solver.disagreement(pressures)
    for start, stop, cols in solver.batches():
        if solver.feasible(cols, solver.utilities(cols, pressures), d).any():
            return True
    return False


def _linear_threshold(solver: Solver, pressures: Sequence[Pressure], name: str, field: str,
                      upper: float | None) -> float | None:
    """Smallest value of ``field`` of pressure ``name`` that opens the ZOPA, exactly.

    Gains are linear in the field: g(x; t) = g0(x) + slope(x) t. For each outcome
    the feasible t form an interval; the answer is the smallest left end >= 0
    (past ``solve.max_outcomes`` found by solving, module doc).
    """
    at0 = replace_pressure(pressures, name, **{field: 0.0})
    at1 = replace_pressure(pressures, name, **{field: 1.0})
    if field == "credibility":
        at0 = replace_pressure(at0, name, credibility=0.0)
    least = _least_by_enumeration if enumerated(solver) else _least_by_solving
    best = least(solver, at0, at1, name, upper)
    if not np.isfinite(best):
        return None
    # verify on the rounded model; nudge up by lattice units if rounding disagrees
    for nudge in (0.0, 1e-9, 1e-8, 1e-7, 1e-6):
        t = best + nudge
        if upper is not None and t > upper:
            break
        if _zopa_exists(solver, replace_pressure(pressures, name, **{field: t})):
            return float(round_utilities(t))
    return None


def _least_by_enumeration(solver: Solver, at0: list[Pressure], at1: list[Pressure], name: str,
                          upper: float | None) -> float:
    """The smallest left end of the outcomes' intervals of the field (inf: none)."""
    v = solver.veto
    d0, d1 = solver.disagreement(at0), solver.disagreement(at1)
    best = np.inf
    for start, stop, cols in solver.batches():
        red = ~solver.feasible(cols, np.full((stop - start, len(solver.scenario.parties)), np.inf),
                               np.full(len(solver.scenario.parties), -np.inf))
        g0 = solver.utilities(cols, at0)[:, v] - d0[v]
        slope = solver.utilities(cols, at1)[:, v] - d1[v] - g0
        slope[np.abs(slope) < SLOPE_NOISE] = 0.0  # the gains that do not move, up to rounding
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
    return best


def _least_by_solving(solver: Solver, at0: list[Pressure], at1: list[Pressure], name: str,
                      upper: float | None) -> float:
    """The same least left end without enumeration (module doc); ``upper`` is left to
    the check that follows."""
    if zopa_exists(solver.scenario, at0):
        return 0.0
    v = solver.veto
    d0 = solver.disagreement(at0)[v]
    slope = d0 - solver.disagreement(at1)[v]
    rising = slope > 0
    if not rising.any():
        return np.inf
    pressure = next(p for p in at0 if p.name == name)
    # the outcomes that keep their utilities as the field grows: those meeting the
    # demand, or every outcome for a pressure on the impasse (SPEC section 12)
    region = pressure.demand.matches if pressure.on_outcomes else None
    variant = without_disagreement(solver.scenario, v[rising], utility_floor(solver, at0))
    r = solve_lean(variant, at0, region)  # a bound Condition.matches names its issues
    if not r.zopa_exists:
        return np.inf
    require_listed(r, "a threshold's explanation")
    need = (d0[rising] - r.frontier[:, rising]) / slope[rising]
    return max(float(need.max(axis=1).min()), 0.0)


def pressure_thresholds(solver: Solver, pressures: Sequence[Pressure], left_out: LeftOut | None = None
                        ) -> dict[str, dict[str, float | None]]:
    """Smallest credibility in [0, 1] and smallest penalty >= 0 that open the ZOPA.

    A threshold whose variants cannot be solved (past ``solve.max_outcomes``) is left
    out of the answer, and of ``left_out`` with the reason.
    """
    out: dict[str, dict[str, float | None]] = {}
    for p in pressures:
        cases = {"credibility": (pressures, 1.0),
                 "penalty": (replace_pressure(pressures, p.name, credibility=p.effective_credibility), None)}
        out[p.name] = {}
        for field, (given, upper) in cases.items():
            try:
                out[p.name][field] = _linear_threshold(solver, given, p.name, field, upper)
            except AnalysisError as exc:
                leave_out(left_out, f"counterfactuals.pressures.{p.name}.{field}",
                          f"the {field} of {p.name} that would open a zone of agreement", exc)
    return out
