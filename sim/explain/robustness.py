"""How far the numbers may move before a solution's outcome changes (issue 19).

For each solution of a run, three measures, each computed by re-solving the
scenario with one number moved (:mod:`.rows`, exact re-solves on the tabulated
space):

- **disagreement**: for each veto party i, the interval (lo, hi) of its
  disagreement utility d_i over which the outcome stays the same, every other
  number as given. The outcome is a step function of d_i (the ZOPA and the
  frontier change where d_i crosses an outcome's u_i, the concept's choice
  where two objectives cross), so each end is found by a scan (:data:`SCAN`
  steps, and every value where an outcome leaves the ZOPA) and bisection
  (:func:`.moves._bisect`) to 1e-9, searching 1 either side of d_i; an end is
  the first value on the 9-decimal lattice at which the outcome differs,
  ``None`` when the outcome holds that far;
- **weights**: the three single weights w_ij (veto party i, issue j, w_ij > 0)
  whose smallest relative change r (w_ij -> w_ij (1 + r), the weights
  normalised again) changes the outcome, with r: found by a scan over |r| in
  :data:`MAGNITUDES` (both signs, down to r = -0.99) and bisection to 1e-3
  relative (best first: only the brackets that may hold one of the three
  smallest are halved); a weight whose outcome changes only between two scan points and
  back again is not seen;
- **near-optimal set**: the outcomes of the ZOPA whose objective is within
  1 % of the best (for Nash, the product of the gains prod g_i^alpha_i, Nash
  1950; else the objective of :mod:`sim.concepts`), how many, and the issues
  on which they differ. A near-optimal set of many outcomes that differ on
  many issues says the model barely prefers its answer.

Sensitivity of a bargaining solution to the disagreement point: Thomson (1987);
robustness as the range of inputs that keeps a decision: Ben-Haim (2006), info-gap.
Only pure outcomes over a tabulated space of discrete issues are re-solved
(:func:`.rows.applies`); otherwise :func:`robustness` returns ``None``.
"""

from __future__ import annotations

import heapq
from typing import Any

import numpy as np

from ..analysis import Analysis
from ..precision import TIE_TOLERANCE
from .moves import BISECTION_TOL, _bisect
from .rows import Keys, Rows, applies

#: Relative weight changes scanned, both signs (negative ones down to -0.99).
MAGNITUDES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 0.99, 1.5, 2.0, 3.0, 5.0, 10.0)
#: Relative precision of a weight's flip (issue 19: bisection to 1e-3 relative).
WEIGHT_PRECISION = 1e-3
#: Precision of the ends of a disagreement interval (the 9-decimal lattice of SPEC 3).
DISAGREEMENT_PRECISION = 1e-9
#: How far either side of d_i the disagreement interval is searched.
DISAGREEMENT_RANGE = 1.0
#: Scan steps either side of d_i before the bisection.
SCAN = 50
#: The near-optimal set: within this share of the best objective.
NEAR = 0.01
#: Weights reported per solution.
FLIPS = 3


def _reported(f, x: float, here: int | None, direction: float, decimals: int) -> float:
    """``x`` (where ``f`` differs from ``here``) as the number reported: rounded to
    ``decimals``, one step further out (``direction``) if the rounded value still
    gives ``here``, so that the value reported changes the outcome."""
    r = float(np.round(x, decimals))
    if f(r) == here:
        r = float(np.round(r + np.sign(direction) * 10.0 ** -decimals, decimals))
    return r + 0.0


def _first_change(at, points: np.ndarray, here: Keys, live: list[int]) -> dict[int, float | None]:
    """Per concept, where its outcome first differs from ``here`` going along ``points``
    (from the given value outward): bisected between the last scan point that keeps it
    and the first that does not; None when every point keeps it."""
    out: dict[int, float | None] = dict.fromkeys(live)
    pending = set(live)
    prev = float(points[0])
    for t in points[1:]:
        keys = at(float(t))
        for k in [k for k in pending if keys[k] != here[k]]:
            def f(x: float, k: int = k) -> int | None:
                return at(x)[k]

            end = _bisect(f, prev, float(t), lambda key, h=here[k]: key == h,
                          tol=DISAGREEMENT_PRECISION)[1]
            out[k] = _reported(f, end, here[k], end - prev, 9)
            pending.discard(k)
        if not pending:
            break
        prev = float(t)
    return out


def _intervals(rows: Rows, party: int, here: Keys, live: list[int]) -> dict[int, list[float | None]]:
    """Per concept, the interval of party's disagreement utility that keeps its outcome:
    scanned on a grid of :data:`SCAN` steps either side and at every value where an
    outcome leaves the ZOPA (u_i of a frontier vector, and just past it), then bisected."""
    at = rows.disagreement_solver(party)
    t0 = float(rows.d[party])
    ends = []
    for side in (-1.0, 1.0):
        grid = t0 + side * np.linspace(0.0, DISAGREEMENT_RANGE, SCAN + 1)
        b = at.breaks
        b = np.concatenate((b, b + 1e-9))
        b = b[(side * (b - t0) > 0) & (side * (b - t0) <= DISAGREEMENT_RANGE)]
        points = np.unique(np.concatenate((grid, b)))
        ends.append(_first_change(at, points if side > 0 else points[::-1], here, live))
    return {k: [ends[0][k], ends[1][k]] for k in live}


def _brackets(rows: Rows, here: Keys, live: list[int]) -> dict[int, list[tuple[float, float, int, int]]]:
    """Per concept, the weights that flip it, each as (|r| that still holds, r that
    flips, party, issue), from a scan of all weights together by growing |r|: the
    scan stops once every concept has :data:`FLIPS` flips (a larger |r| cannot be
    among the smallest)."""
    out: dict[int, list[tuple[float, float, int, int]]] = {k: [] for k in live}
    s = rows.solver.scenario
    weights = [(int(i), j) for i in rows.veto for j, w in enumerate(s.parties[i].weights) if w > 0]
    solvers = {ij: rows.weight_solver(*ij) for ij in weights}
    pending = {ij: set(live) for ij in weights}
    prev = 0.0
    for m in MAGNITUDES:
        for ij in weights:
            hit = set()
            for r in (-m, m):
                if r <= -1 or not pending[ij]:
                    continue
                keys = solvers[ij](r)
                for k in pending[ij]:
                    if keys[k] != here[k]:
                        out[k].append((prev, r, *ij))
                        hit.add(k)
            pending[ij] -= hit
        if all(len(out[k]) >= FLIPS for k in live):
            break
        prev = m
    return out


def _flips(rows: Rows, here: Keys, k: int, brackets: list[tuple[float, float, int, int]]
           ) -> list[dict[str, Any]]:
    """The :data:`FLIPS` smallest flips of concept ``k``: best first, the bracket with
    the smallest change that may still keep the outcome is halved next, and a bracket
    is final once it is as narrow as :data:`WEIGHT_PRECISION` asks; so only brackets
    that may be among the smallest are refined."""
    queue = [(held, float(np.sign(r) * held), r, i, j) for held, r, i, j in brackets]
    heapq.heapify(queue)
    found: list[tuple[float, int, int, int | None]] = []
    while queue and len(found) < FLIPS:
        _, start, end, i, j = heapq.heappop(queue)
        at = rows.weight_solver(i, j)

        def f(x: float, at=at) -> int | None:
            return at(x)[k]

        if abs(end - start) <= max(BISECTION_TOL, WEIGHT_PRECISION * abs(end)):
            flip = _reported(f, end, here[k], end, 6)
            found.append((flip, i, j, f(flip)))
            continue
        mid = (start + end) / 2
        if f(mid) == here[k]:
            start = mid
        else:
            end = mid
        heapq.heappush(queue, (abs(start), start, end, i, j))
    found.sort(key=lambda f: (abs(f[0]), f[1], f[2]))  # equal changes in file order
    s, space = rows.solver.scenario, rows.solver.space
    return [{"party": s.parties[i].name, "issue": s.issues[j].name, "change": flip,
             "outcome": None if key is None else space.describe(space.point(key))}
            for flip, i, j, key in found]


def _near(rows: Rows, concept: str) -> dict[str, Any]:
    inside = rows.zopa(rows.u, rows.d)
    score = rows.scores(concept, inside)
    best = float(score.max())
    near = inside[score >= best - NEAR * abs(best) - TIE_TOLERANCE]
    issues = rows.solver.scenario.issues
    varying = [iss.name for iss, col in zip(issues, rows.columns) if len(np.unique(col[near])) > 1]
    return {"within": NEAR, "count": len(near), "varying": varying}


def robustness(analysis: Analysis) -> dict[str, dict[str, Any] | None] | None:
    """Per concept: ``disagreement`` ({party: {"value", "interval": [lo, hi]}}),
    ``weights`` ([{"party", "issue", "change", "outcome"}], smallest change first)
    and ``near_optimal`` ({"within", "count", "varying"}); ``None`` for a concept
    without a deal. ``None`` where the scenario is not re-solved here (module doc)."""
    solver = analysis.solver_of()
    if not applies(solver) or not analysis.result.frontier_listed:  # (sim.direct: too many parties)
        return None
    rows = Rows.of(solver)
    here = rows.solve(rows.u, rows.d)
    concepts = rows.concepts
    live = [k for k, key in enumerate(here) if key is not None]
    brackets = _brackets(rows, here, live)
    out: dict[str, dict[str, Any] | None] = dict.fromkeys(concepts)
    s = solver.scenario
    intervals = {int(i): _intervals(rows, int(i), here, live) for i in rows.veto}
    for k in live:
        out[concepts[k]] = {
            "disagreement": {s.parties[i].name: {"value": float(rows.d[i]),
                                                 "interval": intervals[int(i)][k]}
                             for i in rows.veto},
            "weights": _flips(rows, here, k, brackets[k]),
            "near_optimal": _near(rows, concepts[k]),
        }
    return out


def _number(x: float) -> str:
    return f"{x:.4g}"


def _percent(r: float) -> str:
    """A relative change in percent, with its first digit even when tiny (a tie)."""
    return f"{r:+.1%}" if abs(r) >= 1e-3 else f"{100 * r:+.1g}%"


def _range(entry: dict[str, Any]) -> str:
    lo, hi = entry["interval"]
    now = _number(entry["value"])
    if lo is None and hi is None:
        return f"{now} (any value within {DISAGREEMENT_RANGE:g})"
    if lo is None:
        return f"{now} (up to {_number(hi)})"
    if hi is None:
        return f"{now} (from {_number(lo)})"
    return f"{now} ({_number(lo)} to {_number(hi)})"


def text_lines(robust: dict[str, dict[str, Any] | None] | None) -> list[str]:
    """The "Holds while" block of ``negsim run``: per group of concepts with the same
    robustness, the disagreement intervals, the weights that flip the outcome soonest
    and the near-optimal set; one line when the scenario is not re-solved here."""
    if robust is None:
        return ["Holds while", ("  not computed: it re-solves tabulated spaces of discrete issues "
                                "with pure outcomes (see docs/robustness.md)")]
    groups: list[tuple[list[str], dict[str, Any]]] = []
    for concept, entry in robust.items():
        if entry is None:
            continue
        same = next((names for names, other in groups if other == entry), None)
        if same is not None:
            same.append(concept)
        else:
            groups.append(([concept], entry))
    if not groups:
        return []
    lines = ["Holds while"]
    for names, entry in groups:
        lines.append(f"  {', '.join(names)}:")
        lines.append("    disagreement " + ", ".join(f"{p} {_range(e)}"
                                                     for p, e in entry["disagreement"].items()))
        flips = ", ".join(f"{w['party']} on {w['issue']} {_percent(w['change'])}"
                          for w in entry["weights"])
        lines.append(f"    one weight   {flips} moves it" if flips else
                     "    one weight   no single weight moves it (from -99 % to x11)")
        near = entry["near_optimal"]
        lines.append(f"    near-optimal {near['count']} outcomes within {near['within']:.0%} of the best, "
                     f"differing on {', '.join(near['varying'])}" if near["count"] > 1 else
                     f"    near-optimal no other outcome within {near['within']:.0%} of the best")
    return lines
