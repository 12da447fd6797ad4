"""How far the numbers may move before a solution's outcome changes (issue 19).

For each solution of a run, three measures, each computed by re-solving the
scenario with one number moved:

- **disagreement**: for each veto party i, the interval (lo, hi) of its
  disagreement utility d_i over which the outcome stays the same, every other
  number as given. The outcome is a step function of d_i (the ZOPA and the
  frontier change where d_i crosses an outcome's u_i, the concept's choice
  where two objectives cross), so each end is found by a scan and bisection
  (:func:`.moves.bisect_edge`), searching :data:`DISAGREEMENT_RANGE` either side of
  d_i; an end is the first value found at which the outcome differs, ``None``
  when the outcome holds that far;
- **weights**: the three single weights w_ij (veto party i, issue j, w_ij > 0)
  whose smallest relative change r (w_ij -> w_ij (1 + r), the weights
  normalised again) changes the outcome, with r: found by a scan over |r| in
  :data:`MAGNITUDES` (both signs, down to r = -0.99) and bisection to 1e-3
  relative (best first: only the brackets that may hold one of the three
  smallest are halved); a weight whose outcome changes only between two scan points and
  back again is not seen; a party with one positive weight keeps it at 1 whatever
  the change (normalised), so its weight is not tried;
- **near-optimal set** (:mod:`.near_optimal`): the outcomes of the ZOPA whose
  objective is within 1 % of the best, how many, and the issues on which they
  differ. A near-optimal set of many outcomes that differ on many issues says
  the model barely prefers its answer.

Two ways to re-solve:

- **fast** (:class:`.rows.Rows`; pure outcomes over a tabulated space of discrete
  issues, :func:`.rows.applies`): exact re-solves on the red-line-free rows in
  microseconds; the disagreement scan has :data:`SCAN` steps either side plus
  every value where an outcome leaves the ZOPA, and the ends are bisected to
  :data:`DISAGREEMENT_PRECISION` (the 9-decimal lattice of SPEC 3);
- **full** (:class:`.resolve.Resolves`; continuous issues, lotteries, spaces past
  one chunk or on the additive path): each re-solve is the whole solve of the
  changed scenario, refinement, lottery and additive path included, and outcomes
  are compared by :class:`.resolve.Outcome` (a continuous value or a probability
  moves only by more than 1e-3). These take from milliseconds to a tenth of a
  second each (a bisection re-solves for its concept alone), so the scans are
  geometric (:data:`FULL_STEPS`, :data:`FULL_MAGNITUDES`), a disagreement end is
  bisected to :data:`RELATIVE_PRECISION` of its distance from d_i (1e-9 at least)
  rather than to the lattice, and the weight scan and its bisections each take at
  most :data:`FULL_BUDGET` re-solves (every case of ``benchmarks/robustness.py``
  finishes within it; past it the entry says how far the scan got).

Sensitivity of a bargaining solution to the disagreement point: Thomson (1987);
robustness as the range of inputs that keeps a decision: Ben-Haim (2006), info-gap.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable
from typing import Any

import numpy as np

from ..analysis import Analysis
from ..errors import AnalysisError
from ..precision import UNIT, rounded
from .moves import BISECTION_TOL, PRECISION, bisect_edge
from .near_optimal import NEAR, near_optimal
from .resolve import Resolves, distance
from .rows import Rows, applies

#: Relative weight changes scanned, both signs (negative ones down to -0.99).
MAGNITUDES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 0.99, 1.5, 2.0, 3.0, 5.0, 10.0)
#: Relative precision of a weight's flip (issue 19: bisection to 1e-3 relative).
WEIGHT_PRECISION = 1e-3
#: Precision of the ends of a disagreement interval (the 9-decimal lattice of SPEC 3).
DISAGREEMENT_PRECISION = 1e-9
#: How far either side of d_i the disagreement interval is searched.
DISAGREEMENT_RANGE = 1.0
#: Scan steps either side of d_i before the bisection (fast re-solves).
SCAN = 50
#: Distances from d_i scanned either side by full re-solves, and the relative weight
#: changes they scan (both signs, negative ones down to -0.99).
FULL_STEPS = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
FULL_MAGNITUDES = (0.01, 0.03, 0.1, 0.3, 0.99, 3.0, 10.0)
#: Precision of a disagreement end found by full re-solves: this share of its
#: distance from d_i.
RELATIVE_PRECISION = 1e-3
#: Weights reported per solution.
FLIPS = 3
#: Full re-solves the weight scan may take (its bisections as many again): a round
#: of the scan (every weight at -m and +m) that would pass it is not started. The
#: cases of ``benchmarks/robustness.py`` need at most 442 (3 parties, 12 issues of
#: 10 options, additive path: about 20 s CPU); 60 until the re-solves left out the ZOPA
#: count and the other concepts.
FULL_BUDGET = 500

#: Either way of re-solving (module doc).
Searcher = Rows | Resolves
__all__ = ["FLIPS", "NEAR", "robustness", "text_lines"]


def _reported(f, x: float, here: int | None, direction: float, decimals: int) -> float:
    """``x`` (where ``f`` differs from ``here``) as the number reported: rounded to
    ``decimals``, one step further out (``direction``) if the rounded value still
    gives ``here``, so that the value reported changes the outcome."""
    r = float(np.round(x, decimals))
    if f(r) == here:
        r = float(np.round(r + np.sign(direction) * 10.0 ** -decimals, decimals))
    return r + 0.0


def _narrow(dist, start: float, ds: float, end: float, de: float, tol: float
            ) -> tuple[float, float, float, float]:
    """One step of the search for where the outcome moves between ``start`` (distance
    ``ds`` at most PRECISION from the given outcome) and ``end`` (``de``, more): the
    bracket narrowed, (start, ds, end, de). ``dist(x)``: the distance of the outcome at
    x (:func:`.resolve.distance`); ``tol``: the width the caller stops at. A continuous
    value or a probability drifts almost linearly, so the step probes either side of
    the secant's guess (regula falsi; two full solves usually end the search); across a
    discrete change (an infinite distance) or a stalled guess it halves the bracket."""
    width = abs(end - start)
    step = end - start
    probes = [0.5]
    if np.isfinite(de) and de > ds:
        guess = (PRECISION - ds) / (de - ds)
        half = 0.25 * tol / abs(step)
        probes = sorted({float(np.clip(guess - half, 0.01, 0.99)),
                         float(np.clip(guess + half, 0.01, 0.99))})
    for x in [start + frac * step for frac in probes]:
        dx = dist(x)
        if dx <= PRECISION:
            start, ds = x, dx
        else:
            end, de = x, dx
            break
    if abs(end - start) > width / 2:  # the guess missed: halve as well
        x = (start + end) / 2
        dx = dist(x)
        if dx <= PRECISION:
            start, ds = x, dx
        else:
            end, de = x, dx
    return start, ds, end, de


def _crossing(dist, t0: float, start: float, end: float) -> float:
    """Going from ``start`` (distance at most PRECISION from the given outcome) to ``end``
    (more), the first value found past which the outcome has moved, to
    :data:`RELATIVE_PRECISION` of its distance from the given value ``t0``, by
    :func:`_narrow`."""
    ds, de = dist(start), dist(end)
    while abs(end - start) > (tol := max(DISAGREEMENT_PRECISION, RELATIVE_PRECISION * abs(end - t0))):
        start, ds, end, de = _narrow(dist, start, ds, end, de, tol)
    return end


def _first_change(at, points: np.ndarray, here: tuple, live: list[int], full: bool
                  ) -> dict[int, float | None]:
    """Per concept, where its outcome first differs from ``here`` going along ``points``
    (from the given value outward): searched between the last scan point that keeps it
    and the first that does not, by bisection to :data:`DISAGREEMENT_PRECISION` or
    (``full`` re-solves) by :func:`_crossing`; None when every point keeps it."""
    out: dict[int, float | None] = dict.fromkeys(live)
    pending = set(live)
    prev = float(points[0])
    for t in points[1:]:
        keys = at(float(t))
        for k in [k for k in pending if keys[k] != here[k]]:
            def f(x: float, k: int = k) -> Any:
                return at(x)[k]

            if full:  # re-solved for concept k alone
                end = _crossing(lambda x, k=k: distance(at(x, k)[k], here[k]),
                                float(points[0]), prev, float(t))
            else:
                end = bisect_edge(f, prev, float(t), lambda key, h=here[k]: key == h,
                              tol=DISAGREEMENT_PRECISION)[1]
            # full re-solves: the end rounded outward (another solve to check it costs
            # as much as a step of the search, and the search's tolerance is coarser)
            out[k] = (rounded(end + np.sign(end - prev) * UNIT / 2) if full
                      else _reported(f, end, here[k], end - prev, 9))
            pending.discard(k)
        if not pending:
            break
        prev = float(t)
    return out


def _intervals(rows: Searcher, party: int, here: tuple, live: list[int]
               ) -> dict[int, list[float | None]]:
    """Per concept, the interval of party's disagreement utility that keeps its outcome:
    scanned on a grid of :data:`SCAN` steps either side and at every value where an
    outcome leaves the ZOPA (u_i of a frontier vector, and just past it), or by full
    re-solves at :data:`FULL_STEPS`, then bisected."""
    t0 = float(rows.d[party])
    if isinstance(rows, Resolves):
        at = rows.disagreement_solver(party, t0 - DISAGREEMENT_RANGE)
    else:
        at = rows.disagreement_solver(party)
    full = at.breaks is None  # each value a full re-solve: a shorter, geometric scan
    steps = np.array((0.0, *FULL_STEPS)) if full else np.linspace(0.0, DISAGREEMENT_RANGE, SCAN + 1)
    ends = []
    for side in (-1.0, 1.0):
        grid = t0 + side * steps
        b = at.breaks if at.breaks is not None else np.empty(0)
        b = np.concatenate((b, b + 1e-9))
        b = b[(side * (b - t0) > 0) & (side * (b - t0) <= DISAGREEMENT_RANGE)]
        points = np.unique(np.concatenate((grid, b)))
        ends.append(_first_change(at, points if side > 0 else points[::-1], here, live, full))
    return {k: [ends[0][k], ends[1][k]] for k in live}


def _brackets(rows: Searcher, here: tuple, live: list[int]
              ) -> tuple[dict[int, list[tuple[float, float, int, int]]], float | None]:
    """Per concept, the weights that flip it, each as (|r| that still holds, r that
    flips, party, issue), from a scan of all weights together by growing |r|: the
    scan stops once every concept has :data:`FLIPS` flips (a larger |r| cannot be
    among the smallest); and None, or by full re-solves the largest |r| scanned when
    the next round would pass :data:`FULL_BUDGET` re-solves."""
    out: dict[int, list[tuple[float, float, int, int]]] = {k: [] for k in live}
    s = rows.solver.scenario
    weights = [(int(i), j) for i in rows.veto for j, w in enumerate(s.parties[i].weights)
               if w > 0 and np.count_nonzero(s.parties[i].weights) > 1]
    solvers = {ij: rows.weight_solver(*ij) for ij in weights}
    pending = {ij: set(live) for ij in weights}
    prev = 0.0
    for m in FULL_MAGNITUDES if isinstance(rows, Resolves) else MAGNITUDES:
        if isinstance(rows, Resolves) and \
                rows.solves + 2 * sum(1 for ij in weights if pending[ij]) > FULL_BUDGET:
            return out, prev
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
    return out, None


def _flips(rows: Searcher, here: tuple, k: int, brackets: list[tuple[float, float, int, int]]
           ) -> tuple[list[dict[str, Any]], float]:
    """The :data:`FLIPS` smallest flips of concept ``k``: best first, the bracket with
    the smallest change that may still keep the outcome is halved next, and a bracket
    is final once it is as narrow as :data:`WEIGHT_PRECISION` asks (or, by full
    re-solves past twice :data:`FULL_BUDGET`, as it is: each reported change flips the
    outcome, the smallest to within the width left); so only brackets that may be
    among the smallest are refined. With the flips, the widest relative bracket left
    where the budget ended the bisection (0: every flip to :data:`WEIGHT_PRECISION`).
    Where outcomes drift (continuous issues, lotteries: full re-solves) a bracket is
    narrowed by :func:`_narrow`'s secant step rather than halved (the distance of each
    end remembered with it); elsewhere it is halved."""
    drifts = isinstance(rows, Resolves) and (bool(rows.continuous.any()) or rows.solver.scenario.solve.lotteries)

    def dist(i: int, j: int) -> Any:
        at = rows.weight_solver(i, j)
        return lambda x: distance(at(x, k)[k], here[k])

    queue = []
    for held, r, i, j in brackets:
        start, ds, de = float(np.sign(r) * held), 0.0, 0.0
        if drifts:  # the given outcome at 0; the scan solved both other ends already
            at_ij = dist(i, j)
            ds, de = (0.0 if start == 0 else at_ij(start)), at_ij(r)
        queue.append((held, start, r, ds, de, i, j))
    heapq.heapify(queue)
    found: list[tuple[float, int, int, Any]] = []
    reached = 0.0  # the widest bracket left when the budget ended the bisection
    while queue and len(found) < FLIPS:
        _, start, end, ds, de, i, j = heapq.heappop(queue)
        at = rows.weight_solver(i, j)

        def f(x: float, at=at) -> Any:  # full re-solves: for concept k alone
            return at(x, k)[k] if isinstance(rows, Resolves) else at(x)[k]

        tol = max(BISECTION_TOL, WEIGHT_PRECISION * abs(end))
        narrow = abs(end - start) <= tol
        if narrow or (isinstance(rows, Resolves) and rows.solves >= 2 * FULL_BUDGET):
            flip = _reported(f, end, here[k], end, 6)
            found.append((flip, i, j, f(flip)))
            if not narrow:
                reached = max(reached, abs(end - start) / abs(end))
            continue
        if drifts:
            start, ds, end, de = _narrow(dist(i, j), start, ds, end, de, tol)
        else:
            mid = (start + end) / 2
            if f(mid) == here[k]:
                start = mid
            else:
                end = mid
        heapq.heappush(queue, (abs(start), start, end, ds, de, i, j))
    found.sort(key=lambda f: (abs(f[0]), f[1], f[2]))  # equal changes in file order
    s = rows.solver.scenario
    return [{"party": s.parties[i].name, "issue": s.issues[j].name, "change": flip,
             "outcome": rows.describe(key)} for flip, i, j, key in found], reached


def robustness(analysis: Analysis, progress: Callable[[], None] | None = None
               ) -> dict[str, dict[str, Any] | None] | None:
    """Per concept: ``disagreement`` ({party: {"value", "interval": [lo, hi]}}),
    ``weights`` ([{"party", "issue", "change", "outcome"}], smallest change first)
    and ``near_optimal`` (:func:`.near_optimal.near_optimal`); ``None`` for a concept
    without a deal. By full re-solves (module doc) an entry may also have
    ``disagreement_precision``, ``weights_scanned`` and ``weights_precision``. Where a
    re-solve cannot be done (a moved number that takes the additive path past its
    limits), each live concept's entry is ``{"left_out": why}``. ``progress`` is
    called after each full re-solve (none on the fast path)."""
    try:
        return _robustness(analysis, progress)
    except AnalysisError as e:
        return {c: None if sol is None else {"left_out": str(e)}
                for c, sol in analysis.result.solutions.items()}


def _robustness(analysis: Analysis, progress: Callable[[], None] | None
                ) -> dict[str, dict[str, Any] | None] | None:
    solver = analysis.solver_of()
    if not analysis.result.frontier_listed:  # (sim.direct: too many parties)
        return None
    rows: Searcher
    if applies(solver):
        rows = Rows.of(solver)
        here: tuple = rows.solve(rows.u, rows.d)
    else:
        rows = Resolves.of(solver, analysis.result.disagreement, progress)
        here = rows.outcomes(analysis.result.solutions)
    concepts = rows.concepts
    live = [k for k, key in enumerate(here) if key is not None]
    brackets, scanned = _brackets(rows, here, live)
    out: dict[str, dict[str, Any] | None] = dict.fromkeys(concepts)
    s = solver.scenario
    intervals = {int(i): _intervals(rows, int(i), here, live) for i in rows.veto}
    near = near_optimal(solver, analysis.result)
    for k in live:
        flips, reached = _flips(rows, here, k, brackets[k])
        entry = out[concepts[k]] = {
            "disagreement": {s.parties[i].name: {"value": float(rows.d[i]),
                                                 "interval": intervals[int(i)][k]}
                             for i in rows.veto},
            "weights": flips,
            "near_optimal": near[concepts[k]],
        }
        if isinstance(rows, Resolves) and not rows.pure_discrete:
            entry["disagreement_precision"] = {"relative": RELATIVE_PRECISION}
        if scanned is not None:
            entry["weights_scanned"] = {"up_to": scanned, "budget": FULL_BUDGET}
        if reached:
            entry["weights_precision"] = {"relative": float(np.round(reached, 6))}
    return out


def _number(x: float) -> str:
    return f"{x:.4g}"


def _percent(r: float) -> str:
    """A relative change in percent, with its first digit even when tiny (a tie)."""
    return f"{r:+.1%}" if abs(r) >= 1e-3 else f"{100 * r:+.1g}%"


def _range(entry: dict[str, Any]) -> str:
    """d_i and its interval, with as many digits (4 to 9 significant) as it takes to
    tell the ends from the value (a narrow interval of a drifting outcome)."""
    lo, hi = entry["interval"]
    value = entry["value"]
    digits = next((g for g in (4, 5, 6, 7, 8, 9)
                   if all(f"{end:.{g}g}" != f"{value:.{g}g}" for end in (lo, hi) if end is not None)), 9)

    def number(x: float) -> str:
        return f"{x:.{digits}g}"

    now = number(value)
    if lo is None and hi is None:
        return f"{now} (any value within {DISAGREEMENT_RANGE:g})"
    if lo is None:
        return f"{now} (up to {number(hi)})"
    if hi is None:
        return f"{now} (from {number(lo)})"
    return f"{now} ({number(lo)} to {number(hi)})"


def _near_line(near: dict[str, Any]) -> str:
    """The near-optimal line of the block (:mod:`.near_optimal`)."""
    what = "pure outcomes" if near.get("reference") == "lottery" else "outcomes"
    best = "the lottery's objective" if near.get("reference") == "lottery" else "the best"
    count = f"{near['count']:,}"
    if near.get("estimate"):
        lo, hi = near["ci95"]
        count = f"about {count} (95% {lo:,.0f} to {hi:,.0f}, sampled)"
    ranges = near.get("ranges", {})
    differing = ", ".join(f"{n} ({_number(ranges[n][0])} to {_number(ranges[n][1])})" if n in ranges
                          else n for n in near["varying"])
    grid = " on the grid and the refined point" if ranges else ""
    if near["count"] == 0:
        return f"    near-optimal no {what} within {near['within']:.0%} of {best}"
    if near["count"] == 1 and not near.get("estimate") and what == "outcomes":
        return f"    near-optimal no other outcome within {near['within']:.0%} of the best{grid}"
    return (f"    near-optimal {count} {what} within {near['within']:.0%} of {best}{grid}"
            + (f", differing on {differing}" if differing else
               ", none other in the sample" if near.get("estimate") else ", all alike"))


def text_lines(robust: dict[str, dict[str, Any] | None] | None) -> list[str]:
    """The "Holds while" block of ``negsim run``: per group of concepts with the same
    robustness, the disagreement intervals, the weights that flip the outcome soonest
    and the near-optimal set; by full re-solves, a last line with their precision."""
    if robust is None:
        return []
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
        if "left_out" in entry:
            lines.append(f"    left out: a re-solve with one number moved failed: {entry['left_out']}")
            continue
        lines.append("    disagreement " + ", ".join(f"{p} {_range(e)}"
                                                     for p, e in entry["disagreement"].items()))
        flips = ", ".join(f"{w['party']} on {w['issue']} {_percent(w['change'])}"
                          for w in entry["weights"])
        if flips and "weights_precision" in entry:
            flips += f" (each within {entry['weights_precision']['relative']:.1%} of the smallest)"
        scanned = entry.get("weights_scanned")
        if scanned is not None:
            reach = (f"searched within {scanned['up_to']:+.0%}".replace("+", "\u00b1")
                     if scanned["up_to"] else "not searched")
            lines.append(f"    one weight   {flips + ' moves it' if flips else 'none found'} ({reach}: "
                         f"each re-solve is in full, the scan stops at {scanned['budget']})")
        else:
            lines.append(f"    one weight   {flips} moves it" if flips else
                         "    one weight   no single weight moves it (from -99 % to x11)")
        lines.append(_near_line(entry["near_optimal"]))
    if any("disagreement_precision" in entry for _, entry in groups):
        lines.append("  (re-solved in full: a continuous value or a probability moves by more than "
                     "1e-3; disagreement ends to 0.1% of their distance)")
    return lines
