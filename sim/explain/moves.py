"""Moves of an existing deal: what changes the Nash outcome, and what leaves it.

The credibility and penalty at which the Nash outcome changes (scan, then
bisection to 1e-6, each threshold verified by solving just below and just
above), and for each veto party the range of its disagreement utility over
which the Nash outcome stays the same.

Everything here solves the scenario (:meth:`Solver.solve`), so it needs no
enumeration: past ``solve.max_outcomes`` every solve takes the additive path
(a few dozen solves per pressure and per veto party). Where a solve cannot be
done (a pressure whose demand, once credible, fuses issues past the compound
limit), that move is left out and ``left_out`` says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from ..analysis import Analysis, Solver
from ..errors import AnalysisError
from ..scenario import Lottery, Pressure
from ..utility import UtilityModel
from .concessions import _outcome_of
from .thresholds import _with_pressure
from .variants import LeftOut, leave_out

#: Precision of bisected thresholds.
BISECTION_TOL = 1e-6
SCAN_POINTS = 11


def _nash_point(solver: Solver, pressures: Sequence[Pressure]) -> Any:
    sol = solver.solve(pressures).solutions.get("nash")
    return None if sol is None else _outcome_of(sol)


def _bisect(f, start: float, end: float, here: Any, rel: float = 0.0,
            tol: float = BISECTION_TOL) -> float:
    """First value (within ``tol``, or within ``rel`` times its size when that is
    larger) going from ``start`` towards ``end`` where ``f`` stops equalling ``here``;
    requires f(start) == here != f(end)."""
    while abs(end - start) > max(tol, rel * abs(end)):
        mid = (start + end) / 2
        if f(mid) == here:
            start = mid
        else:
            end = mid
    return end


def _changes(solver: Solver, f, lo: float, hi: float) -> list[dict[str, Any]]:
    """Thresholds where the Nash outcome changes as a parameter goes from lo to hi."""
    grid = np.linspace(lo, hi, SCAN_POINTS)
    values = [f(x) for x in grid]
    out = []
    for a, b, va, vb in zip(grid, grid[1:], values, values[1:]):
        if va != vb:
            t = _bisect(f, float(a), float(b), va)
            before, after = f(t - BISECTION_TOL), f(t)
            out.append({"at": float(np.round(t, 6)),
                        "from": _describe(solver, before), "to": _describe(solver, after)})
    return out


def _describe(solver: Solver, key: Any) -> Any:
    if key is None:
        return None
    if isinstance(key, list):
        return [{"probability": p, "outcome": solver.space.describe(pt)} for p, pt in key]
    return solver.space.describe(key)


def nash_moves(analysis: Analysis, left_out: LeftOut | None = None) -> dict[str, Any]:
    """Where the Nash outcome changes with each pressure's credibility and penalty,
    and the range of each veto party's disagreement utility that keeps it (a move
    that cannot be solved is left out, and of ``left_out`` with the reason)."""
    solver = analysis.solver_of()  # its tabulated space serves every scan below
    s = replace(solver.scenario, solve=replace(solver.scenario.solve, concepts=("nash",)))
    solver = replace(solver, scenario=s)
    pressures = list(s.pressures)
    out: dict[str, Any] = {"pressures": {}, "disagreement": {}}
    for p in pressures:
        q = p.effective_credibility
        pen_hi = max(1.0, 2 * p.penalty)
        scans = {
            "credibility": (lambda t, n=p.name: _nash_point(
                solver, _with_pressure(pressures, n, credibility=t)), 1.0),
            "penalty": (lambda t, n=p.name, q=q: _nash_point(
                solver, _with_pressure(pressures, n, penalty=t, credibility=q)), pen_hi),
        }
        out["pressures"][p.name] = {}
        for field_name, (f, hi) in scans.items():
            try:
                out["pressures"][p.name][field_name] = _changes(solver, f, 0.0, hi)
            except AnalysisError as exc:
                leave_out(left_out, f"moves.pressures.{p.name}.{field_name}",
                          f"where the {field_name} of {p.name} moves the Nash deal", exc)
    here = _nash_point(solver, pressures)
    d_now = solver.disagreement(pressures)
    for i in solver.veto:
        party = s.parties[i]
        if isinstance(party.disagreement, Lottery):
            base = solver.model.disagreement()[i]
        else:
            base = float(party.disagreement)

        def at(value: float, i=i, base=base) -> Any:
            shifted = replace(s, parties=tuple(
                replace(p, disagreement=base + (value - d_now[i])) if k == i else p
                for k, p in enumerate(s.parties)))
            # only a disagreement point moves: the space and its tabulated utilities stay
            return _nash_point(replace(solver, scenario=shifted,
                                       model=UtilityModel.of(shifted)), pressures)

        try:
            lo_val = _edge(at, float(d_now[i]), float(d_now[i]) - 1.0, here)
            hi_val = _edge(at, float(d_now[i]), float(d_now[i]) + 1.0, here)
        except AnalysisError as exc:
            leave_out(left_out, f"moves.disagreement.{party.name}",
                      f"the range of {party.name}'s disagreement utility that keeps the Nash deal", exc)
            continue
        out["disagreement"][party.name] = [lo_val, hi_val]
    return out


def _edge(f, start: float, end: float, here: Any) -> float | None:
    """Where f stops equalling ``here`` between ``start`` and ``end``; None if it never does."""
    if f(end) == here:
        return None
    return float(np.round(_bisect(f, start, end, here), 6))
