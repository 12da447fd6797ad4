"""Moves of an existing deal: what changes the Nash outcome, and what leaves it.

The credibility and penalty at which the Nash outcome changes (scan, then
bisection to 1e-6; ``from`` is the outcome just below the threshold, ``to`` the
one just past it), and for each veto party the range of its disagreement
utility over which the Nash outcome stays the same.

**Continuous issues.** SPEC section 3 determines continuous outcomes to 1e-3
only, and a continuous value follows every parameter a little. So an outcome
*moves* when a discrete issue changes (or a deal appears or vanishes), or when a
continuous value jumps by more than :data:`PRECISION` of its issue's range at
one parameter value; a continuous value that follows the parameter smoothly
*drifts*, and ``drift`` (a key present only for scenarios with continuous
issues) says by how much: over each pressure scan, its values at both ends;
for each veto party, its slope per unit of that party's disagreement utility.

Everything here solves the scenario (:meth:`Solver.solve`), so it needs no
enumeration: past ``solve.max_outcomes`` every solve takes the additive path
(a few dozen solves per pressure and per veto party). Where a solve cannot be
done (a pressure whose demand, once credible, fuses issues past the compound
limit), that move is left out and ``left_out`` says why.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from ..analysis import Analysis, Solver
from ..errors import AnalysisError
from ..precision import round_utilities
from ..scenario import Issue, Lottery, Pressure
from ..utility import UtilityModel
from .concessions import outcome_key
from .thresholds import replace_pressure
from .variants import LeftOut, leave_out

#: Precision of bisected thresholds.
BISECTION_TOL = 1e-6
SCAN_POINTS = 11
#: A continuous value moves when it changes by more than this share of its issue's
#: range (SPEC section 3: continuous outcomes are determined to 1e-3).
PRECISION = 1e-3
#: A jump of a continuous value is sought down to this share of the scanned range.
JUMP_WIDTH = 1e-4
#: Step of the central difference that measures a drift per unit of disagreement.
SLOPE_STEP = 0.01


def _nash_point(solver: Solver, pressures: Sequence[Pressure]) -> Any:
    sol = solver.solve(pressures).solutions.get("nash")
    return None if sol is None else outcome_key(sol)


@dataclass(frozen=True)
class Scaled:
    """An outcome split for comparison (SPEC section 3 determines continuous outcomes
    to 1e-3 of their range): the parts that must be equal (``exact``: a pure
    outcome's discrete coordinates, or what else a caller requires equal) and the
    values compared to :data:`PRECISION` (``scaled``: continuous values divided by
    their issue's range, or probabilities). The one rule of :mod:`.moves` and of
    :class:`.resolve.Outcome`.

    >>> continuous, spans = np.array([False, True]), np.array([2.0])
    >>> a = Scaled.of_point([2, 0.5], continuous, spans)
    >>> a.distance(Scaled.of_point([2, 0.75], continuous, spans))
    0.125
    >>> a.distance(Scaled.of_point([1, 0.5], continuous, spans))
    inf
    """

    exact: Any
    scaled: np.ndarray

    @staticmethod
    def scaling(issues: Sequence[Issue]) -> tuple[np.ndarray, np.ndarray]:
        """(continuous, spans) of :meth:`of_point`: which issues are continuous, and
        their ranges (hi - lo > 0, as the schema requires)."""
        continuous = np.array([i.continuous for i in issues], dtype=bool)
        return continuous, np.array([i.width for i in issues if i.continuous])

    @classmethod
    def of_point(cls, point: Any, continuous: np.ndarray, spans: np.ndarray) -> Scaled:
        """A pure outcome: its discrete coordinates exact, its continuous ones (mask
        ``continuous``) divided by ``spans``, their issues' ranges."""
        values = np.asarray(point, dtype=float)
        return cls(tuple(values[~continuous].tolist()), values[continuous] / spans)

    def distance(self, other: Scaled) -> float:
        """Largest change of a scaled value; infinite when the exact parts (or the
        number of scaled values) differ."""
        if self.exact != other.exact or self.scaled.shape != other.scaled.shape:
            return np.inf
        return float(np.max(np.abs(self.scaled - other.scaled), initial=0.0))


def _deal(solver: Solver, key: Any) -> Scaled:
    """An outcome key (:func:`.concessions.outcome_key`) for comparison: no deal, a
    pure outcome (:meth:`Scaled.of_point`), or a lottery, whose support's discrete
    parts (in order) must be equal and whose probabilities and continuous values
    (divided by their issue's range) are compared."""
    if key is None:
        return Scaled(None, np.empty(0))
    issues = solver.scenario.issues
    if not isinstance(key, list):
        return Scaled.of_point(key, *Scaled.scaling(issues))
    discrete = tuple(tuple(int(v) for v, i in zip(pt, issues) if not i.continuous) for _, pt in key)
    scaled = [p for p, _ in key] + [v / i.width for _, pt in key for v, i in zip(pt, issues)
                                    if i.continuous]
    return Scaled(discrete, np.asarray(scaled, dtype=float))


def bisect_edge(f, start: float, end: float, same, tol: float = BISECTION_TOL) -> tuple[float, float]:
    """The last value still ``same`` and the first not, within ``tol``, going
    from ``start`` towards ``end``; requires same(f(start)) and not same(f(end))."""
    while abs(end - start) > tol:
        mid = (start + end) / 2
        if same(f(mid)):
            start = mid
        else:
            end = mid
    return start, end


def _jump(deal, a: float, b: float, width: float) -> tuple[float, float] | None:
    """Where a continuous value jumps by more than PRECISION between ``a`` and ``b``
    (the half with the larger change is kept down to ``width``), or None when it
    only drifts there (the kept half changes by PRECISION or less: a jump would show)."""
    da, db = deal(a), deal(b)
    while b - a > width and da.distance(db) > PRECISION:
        m = (a + b) / 2
        dm = deal(m)
        if da.distance(dm) >= dm.distance(db):
            b, db = m, dm
        else:
            a, da = m, dm
    return (a, b) if da.distance(db) > PRECISION else None


def _changes(solver: Solver, f, lo: float, hi: float) -> list[dict[str, Any]]:
    """Thresholds where the Nash outcome moves as a parameter goes from lo to hi: a
    discrete change, or a continuous jump past PRECISION (a drift is no move)."""
    def deal(x: float) -> Scaled:
        return _deal(solver, f(x))

    grid = np.linspace(lo, hi, SCAN_POINTS)
    deals = [deal(x) for x in grid]
    out = []
    for a, b, da, db in zip(grid, grid[1:], deals, deals[1:]):
        if da.distance(db) <= PRECISION:
            continue
        edge: tuple[float, float] | None
        if np.isinf(da.distance(db)):
            edge = bisect_edge(f, float(a), float(b), lambda key, da=da: np.isfinite(
                da.distance(_deal(solver, key))))
        else:
            edge = _jump(deal, float(a), float(b), JUMP_WIDTH * (hi - lo))
            if edge is not None:  # then to BISECTION_TOL: where the value leaves its side
                left = deal(edge[0])
                half = left.distance(deal(edge[1])) / 2
                edge = bisect_edge(f, edge[0], edge[1], lambda key, left=left, half=half:
                               left.distance(_deal(solver, key)) <= half)
        if edge is not None:
            out.append({"at": float(np.round(edge[1], 6)),
                        "from": _describe(solver, f(edge[0])), "to": _describe(solver, f(edge[1]))})
    return out


def _drifts(solver: Solver, f, lo: float, hi: float,
            changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Between consecutive moves (and the ends of the scan), the continuous values
    that drift: ``[{"over": [a, b], "issues": {issue: {"from", "to"}}}, ...]``."""
    cuts = [lo] + [c["at"] for c in changes] + [hi]
    out = []
    for a, b in itertools.pairwise(cuts):
        end = b if b == hi else b - BISECTION_TOL
        if end > a and (found := _drift(solver, f(a), f(end))):
            out.append({"over": [float(a), float(b)], "issues": found})
    return out


def _drift(solver: Solver, before: Any, after: Any) -> dict[str, dict[str, float]]:
    """Continuous values of two Nash outcomes that differ by more than PRECISION of
    their range: ``{issue: {"from": value, "to": value}}`` (pure outcomes only)."""
    if before is None or after is None or isinstance(before, list) or isinstance(after, list):
        return {}
    out = {}
    for issue, x, y in zip(solver.scenario.issues, before, after):
        if issue.continuous and abs(y - x) > PRECISION * issue.width:
            out[issue.name] = {"from": float(round_utilities(x)), "to": float(round_utilities(y))}
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
    continuous = any(i.continuous for i in s.issues)
    drift: dict[str, Any] = {"pressures": {}, "disagreement": {}}
    for p in pressures:
        q = p.effective_credibility
        pen_hi = max(1.0, 2 * p.penalty)
        scans: dict[str, tuple[Callable[..., Any], float]] = {
            "credibility": (lambda t, n=p.name: _nash_point(
                solver, replace_pressure(pressures, n, credibility=t)), 1.0),
            "penalty": (lambda t, n=p.name, q=q: _nash_point(
                solver, replace_pressure(pressures, n, penalty=t, credibility=q)), pen_hi),
        }
        out["pressures"][p.name] = {}
        for field_name, (f, hi) in scans.items():
            try:
                changes = out["pressures"][p.name][field_name] = _changes(solver, f, 0.0, hi)
                if continuous and (spans := _drifts(solver, f, 0.0, hi, changes)):
                    drift["pressures"].setdefault(p.name, {})[field_name] = spans
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

        def same(key: Any) -> bool:  # the discrete deal stays; continuous values may drift
            return np.isfinite(_deal(solver, here).distance(_deal(solver, key)))

        try:
            d = float(d_now[i])
            lo_val = _edge(at, d, d - 1.0, same)
            hi_val = _edge(at, d, d + 1.0, same)
            if continuous:
                slopes = _slopes(solver, at, d, lo_val, hi_val, same)
                if slopes:
                    drift["disagreement"][party.name] = slopes
        except AnalysisError as exc:
            leave_out(left_out, f"moves.disagreement.{party.name}",
                      f"the range of {party.name}'s disagreement utility that keeps the Nash deal", exc)
            continue
        out["disagreement"][party.name] = [lo_val, hi_val]
    if continuous:
        out["drift"] = drift
    return out


def _edge(f, start: float, end: float, same) -> float | None:
    """Where ``f`` stops being ``same`` between ``start`` and ``end``; None if it never does."""
    if same(f(end)):
        return None
    return float(np.round(bisect_edge(f, start, end, same)[1], 6))


def _slopes(solver: Solver, at, d: float, low: float | None, high: float | None,
            same) -> dict[str, float]:
    """Per continuous issue, the change of the Nash value per unit of disagreement
    utility at ``d`` (a central difference inside the range that keeps the deal);
    only the issues that drift by more than PRECISION of their range per unit."""
    h = min(SLOPE_STEP, *(abs(d - e) / 2 for e in (low, high) if e is not None))
    below, above = at(d - h), at(d + h)
    if h <= 0 or not (same(below) and same(above)) or isinstance(below, list):
        return {}
    out = {}
    for issue, x, y in zip(solver.scenario.issues, below, above):
        slope = (y - x) / (2 * h)
        if issue.continuous and abs(slope) > PRECISION * issue.width:
            out[issue.name] = float(np.round(slope, 6))
    return out
