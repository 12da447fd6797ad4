"""Real-range optimisation of the solution concepts on continuous issues.

SPEC section 3: with continuous issues the concepts and the ideal point are
optimised over the real range, not only the grid, so reported utilities are
within 1e-3 of the true optimum. Starting from the best grid points of the
frontier (the discrete issues stay as they are there), each start is improved
by a shrinking pattern search over the continuous coordinates (a local lattice
of +-4 steps per coordinate, moving to the best point and quartering the step
when the centre is best; Hooke and Jeeves 1961), which handles the kinks of
conditions, ``points`` shapes and max-min objectives, and then polished with
``scipy.optimize.minimize`` (SLSQP, Kraft 1988) on a smooth reformulation
(epigraph form for the max-min objectives). Candidate points are rounded to 9
decimals like grid values, so a reported outcome is exactly the one evaluated
(a supremum at an open condition boundary, ``below: 1``, is then approached to
1e-9 rather than snapped onto the boundary). A candidate replaces the best grid
point only if it is lexicographically better (objective, then tie-break) by
more than the tie tolerance, so grid optima stay exactly where they are.

:class:`Objective` (a scorer of full outcome points) and :func:`pattern_search`
are public: :mod:`sim.dynamics` and :mod:`sim.explain` search the real range
with them too. Everything here takes a :class:`~sim.kernel.Kernel`, and how a
concept is polished follows its registered ``form`` (:mod:`sim.concepts`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import numpy as np

from . import concepts as cc
from .kernel import Kernel
from .precision import TIE_TOLERANCE, UNIT, round_utilities
from .pressure import apply_to_utilities
from .results import Region, Solution
from .scenario import Pressure
from .space import columns_of_points

#: Pattern-search half-width (points per side) and stopping step (relative to the range).
HALF_WIDTH = 4
MIN_STEP = 1e-10
MAX_ITERATIONS = 400
#: Grid starts refined per concept.
STARTS = 4
#: Seed points evaluated before the local search, and the most discrete combinations seeded.
SEED_POINTS = 1 << 13
MAX_COMBOS = 256
#: Above this many continuous issues the lattice is searched one coordinate at a time.
FULL_LATTICE_MAX = 3


class Objective:
    """Scores full outcome points: feasibility, objective and tie-break key.

    ``key`` and ``tie`` map rows of veto-party utilities to numbers (larger is
    better); an infeasible point scores minus infinity."""

    def __init__(self, kernel: Kernel, pressures: Sequence[Pressure], d: np.ndarray,
                 region: Region | None, key: Callable, tie: Callable | None):
        self.kernel, self.pressures, self.d, self.region = kernel, pressures, d, region
        self.key, self.tie = key, tie
        self.veto = kernel.veto

    def evaluate(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """All parties' utilities and ZOPA membership of ``points``."""
        cols = columns_of_points(points, self.kernel.scenario.issues)
        u = self.kernel.utilities(cols, self.pressures)
        return u, self.kernel.feasible(cols, u, self.d, self.region)

    def __call__(self, points: np.ndarray, evaluated: tuple[np.ndarray, np.ndarray] | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        u, ok = evaluated if evaluated is not None else self.evaluate(points)
        uv = u[:, self.veto]
        obj = np.where(ok, self.key(uv), -np.inf)
        tie = np.where(ok, self.tie(uv), -np.inf) if self.tie is not None else np.zeros(len(points))
        return obj, tie, ok


def _best(obj: np.ndarray, tie: np.ndarray, ok: np.ndarray) -> int | None:
    """Index of the lexicographic best feasible row (first wins remaining ties)."""
    rows = np.nonzero(ok & (obj > -np.inf))[0]
    if not len(rows):
        return None
    rows = rows[obj[rows] >= obj[rows].max() - TIE_TOLERANCE]
    rows = rows[tie[rows] >= tie[rows].max() - TIE_TOLERANCE]
    return int(rows[0])


def _better(a: tuple[float, float], b: tuple[float, float], strict: bool = False) -> bool:
    """Is (objective, tie) ``a`` lexicographically better than ``b`` beyond the tolerance?

    ``strict`` (objectives without a tie-break, such as Nash's) compares the objective
    exactly, so the search keeps climbing where the objective is flatter than the
    tie tolerance near its optimum."""
    if strict:
        return a[0] > b[0] + 1e-15 * max(1.0, abs(b[0]))
    if a[0] > b[0] + TIE_TOLERANCE:
        return True
    return a[0] >= b[0] - TIE_TOLERANCE and a[1] > b[1] + TIE_TOLERANCE


def _lattices(n_cont: int) -> list[np.ndarray]:
    """Lattice offsets (in steps): the full lattice, or one coordinate at a time."""
    k = np.arange(-HALF_WIDTH, HALF_WIDTH + 1, dtype=float)
    if n_cont <= FULL_LATTICE_MAX:
        grids = np.meshgrid(*([k] * n_cont), indexing="ij")
        return [np.stack([g.ravel() for g in grids], axis=1)]
    axes = []
    for j in range(n_cont):
        o = np.zeros((len(k), n_cont))
        o[:, j] = k
        axes.append(o)
    return axes


def pattern_search(score: Objective, start: np.ndarray, cont: np.ndarray, lo: np.ndarray,
                   hi: np.ndarray, step: np.ndarray) -> tuple[np.ndarray, tuple[float, float]]:
    """Shrinking lattice search over the continuous coordinates ``cont`` of ``start``."""
    centre = start.astype(float).copy()
    obj, tie, _ = score(centre[None, :])
    value = (float(obj[0]), float(tie[0]))
    step = step.astype(float).copy()
    lattices = _lattices(len(cont))
    for _ in range(MAX_ITERATIONS):
        moved = False
        for offsets in lattices:
            pts = np.repeat(centre[None, :], len(offsets), axis=0)
            pts[:, cont] = round_utilities(np.clip(centre[cont] + offsets * step, lo, hi))
            obj, tie, ok = score(pts)
            i = _best(obj, tie, ok)
            if i is not None and _better((float(obj[i]), float(tie[i])), value, score.tie is None):
                centre, value, moved = pts[i], (float(obj[i]), float(tie[i])), True
        if not moved:
            step /= HALF_WIDTH
            if np.all(step <= MIN_STEP * (hi - lo)):
                break
    return centre, value


def _thresholds(scenario, issue: int) -> np.ndarray:
    """Every condition threshold on a continuous issue: where utilities may jump."""
    conds = [c for p in scenario.parties for c in p.red_lines]
    conds += [i.when for p in scenario.parties for i in p.interactions]
    conds += [pr.demand for pr in scenario.pressures]
    rule = scenario.agreement  # an implemented issue's default: its implementers' consent
    defaults = [m.default for m in rule.implementers if m.issue == issue] if rule else []
    return np.array(sorted({t for c in conds for cl in c.clauses if cl.issue == issue
                            for t in cl.thresholds()} | set(defaults)))


def _cell(scenario, cont: np.ndarray, point: np.ndarray, lo: np.ndarray,
          hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bounds of the box around ``point`` in which no condition changes (open ends
    shrunk by 1e-9), so a smooth optimiser stays where the utilities are smooth."""
    cell_lo, cell_hi = lo.astype(float).copy(), hi.astype(float).copy()
    for k, j in enumerate(cont):
        t = _thresholds(scenario, int(j))
        x = point[j]
        below, above = t[t < x], t[t > x]
        if len(below):
            cell_lo[k] = max(cell_lo[k], below[-1] + UNIT)
        if len(above):
            cell_hi[k] = min(cell_hi[k], above[0] - UNIT)
        if x in t:  # on a threshold: stay on it
            cell_lo[k] = cell_hi[k] = x
    return cell_lo, np.maximum(cell_hi, cell_lo)


def _polish(score: Objective, start: np.ndarray, cont: np.ndarray, lo: np.ndarray,
            hi: np.ndarray, value: tuple[float, float], concept: cc.Concept, pb: cc.BargainingProblem
            ) -> tuple[np.ndarray, tuple[float, float]]:
    """SLSQP on a smooth form of the objective (by its ``form``); kept only if strictly better."""
    from scipy.optimize import minimize

    kernel, veto = score.kernel, score.veto
    lo, hi = _cell(kernel.scenario, cont, start, lo, hi)

    issues = kernel.scenario.issues

    # with an agreement rule, the other parties that accept the start keep accepting
    # (the rule is monotone in who accepts, and the cell keeps every red line as it is)
    others = np.array([], dtype=int)
    if kernel.scenario.agreement is not None:
        u0 = score.evaluate(start[None, :])[0][0]
        others = np.array([i for i in np.flatnonzero(u0 >= score.d) if i not in set(veto)], dtype=int)
    keep = np.concatenate([np.asarray(veto, dtype=int), others])

    @functools.lru_cache(maxsize=256)
    def gains_at(key: bytes) -> np.ndarray:
        # unrounded: finite-difference gradients of 9-decimal utilities are noise;
        # the result is judged on the rounded model below
        pt = start.copy()
        pt[cont] = np.clip(np.frombuffer(key), lo, hi)
        cols = columns_of_points([pt], issues)
        u = apply_to_utilities(kernel.scenario, score.pressures, cols, kernel.model(cols))
        return u[0, keep] - score.d[keep]

    def all_gains(x: np.ndarray) -> np.ndarray:
        # SLSQP asks the objective and each constraint, and their finite differences,
        # at the same points (and moves t, which gains ignore): each point is scored once
        return gains_at(np.asarray(x[: len(cont)], dtype=float).tobytes()).copy()

    def gains(x: np.ndarray) -> np.ndarray:
        return all_gains(x)[: len(veto)]

    live = pb.ideal - pb.d > 0
    if concept.form == "min_gains":
        # epigraph: max t s.t. g_i / s_i >= t over the parties the objective ranges over
        # (KS: those with I_i > d_i, SPEC 3), and g_i >= 0 for every veto party
        if concept.relative and live.any():
            over, scale = live, (pb.ideal - pb.d)[live]
        else:
            over, scale = np.ones(len(veto), dtype=bool), np.ones(len(veto))
        x0 = np.append(start[cont], float(np.min(gains(start[cont])[over] / scale)))
        fun = lambda x: -x[-1]
        cons = [{"type": "ineq", "fun": lambda x: gains(x)[over] / scale - x[-1]},
                {"type": "ineq", "fun": all_gains}]
        bounds = list(zip(lo, hi)) + [(None, None)]
    else:
        x0 = start[cont].copy()
        if concept.form == "log_gains":
            fun = lambda x: -float(np.dot(pb.alpha, np.log(np.maximum(gains(x), 1e-300))))
        else:
            fun = lambda x: -float(np.sum(gains(x)))
        cons = [{"type": "ineq", "fun": all_gains}]
        bounds = list(zip(lo, hi))
    try:
        res = minimize(fun, x0, method="SLSQP", bounds=bounds, constraints=cons,
                       options={"maxiter": 200, "ftol": 1e-14})
    except (ValueError, ArithmeticError):
        return start, value
    pt = start.copy()
    pt[cont] = round_utilities(np.clip(res.x[: len(cont)], lo, hi))
    obj, tie, ok = score(pt[None, :])
    cand = (float(obj[0]), float(tie[0]))
    if ok[0] and _better(cand, value):
        return pt, cand
    return start, value


def _seeds(kernel: Kernel, front: np.ndarray, order: np.ndarray, cont: np.ndarray,
           lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Dense seed points: every discrete combination (or, when there are too many, those
    of the grid frontier) times a lattice of about SEED_POINTS continuous values."""
    issues = kernel.scenario.issues
    disc = [j for j, i in enumerate(issues) if not i.continuous]
    n_combos = int(np.prod(np.array([len(issues[j].options or ()) for j in disc]))) if disc else 1
    frontier_pts = np.array([kernel.space.point(int(i)) for i in order])
    if n_combos <= MAX_COMBOS:
        if disc:
            grids = np.meshgrid(*[np.arange(len(issues[j].options or ())) for j in disc], indexing="ij")
            combos = np.stack([g.ravel() for g in grids], axis=1).astype(float)
        else:
            combos = np.empty((1, 0))
    else:
        combos = np.unique(frontier_pts[:, disc], axis=0) if disc else np.empty((1, 0))
    per_dim = max(3, round((SEED_POINTS / max(len(combos), 1)) ** (1 / len(cont))))
    per_dim = min(per_dim, 4097)
    axes = [_axis(kernel.scenario, int(j), a, b, per_dim) for j, a, b in zip(cont, lo, hi)]
    lattice = np.stack([g.ravel() for g in np.meshgrid(*axes, indexing="ij")], axis=1)
    pts = np.zeros((len(combos) * len(lattice), len(issues)))
    pts[:, disc] = np.repeat(combos, len(lattice), axis=0)
    pts[:, cont] = np.tile(lattice, (len(combos), 1))
    return np.vstack([frontier_pts, pts])


def _axis(scenario, issue: int, lo: float, hi: float, n: int) -> np.ndarray:
    """Seed values of one continuous issue: an even lattice, every condition threshold
    and the points just inside it (a feasible set may be a single threshold value),
    and the kinks of the value shapes (``ideal``, ``points``)."""
    t = _thresholds(scenario, issue)
    kinks = [v for p in scenario.parties if (shape := p.values[issue]) is not None
             for v in ([shape.x0] if hasattr(shape, "x0") else list(getattr(shape, "xs", ())))]
    vals = np.concatenate([np.linspace(lo, hi, n), t, t - UNIT, t + UNIT, kinks])
    return np.unique(round_utilities(np.clip(vals, lo, hi)))


def _top(score: Objective, seeds: np.ndarray, n: int,
         evaluated: tuple[np.ndarray, np.ndarray]) -> list[np.ndarray]:
    """Starts for the local search: the best seed of each of the n best discrete
    combinations, then the n best seeds overall (best first, no repeats).

    One start per combination keeps a combination whose optimum lies between
    lattice points in the race against one whose lattice points happen to score
    a little better."""
    obj, tie, ok = score(seeds, evaluated)
    rows = np.nonzero(ok & (obj > -np.inf))[0]
    if not len(rows):
        return []
    rank = rows[np.lexsort((rows, -tie[rows], -obj[rows]))]
    disc = [j for j, i in enumerate(score.kernel.scenario.issues) if not i.continuous]
    if disc:  # the first (best) seed of each combination, in rank order
        _, first = np.unique(seeds[rank][:, disc], axis=0, return_index=True)
        firsts = rank[np.sort(first)[:n]]
    else:
        firsts = rank[:1]
    picked = [int(r) for r in firsts]
    picked += [int(r) for r in rank[:n] if int(r) not in picked]
    return [seeds[r] for r in picked]


def _starts(kernel: Kernel, front: np.ndarray, order: np.ndarray, key: np.ndarray,
            tie: np.ndarray | None) -> list[np.ndarray]:
    """The best frontier rows by (key, tie, order), as full points."""
    t = tie if tie is not None else np.zeros(len(key))
    rank = np.lexsort((order, -t, -key))[:STARTS]
    return [np.array(kernel.space.point(int(order[r]))) for r in rank]


def refine_solutions(kernel: Kernel, pressures: Sequence[Pressure], d: np.ndarray,
                     front: np.ndarray, order: np.ndarray, grid: dict[str, Solution | None],
                     region: Region | None = None) -> dict[str, Solution | None]:
    """Improve each grid solution over the real range of the continuous issues."""
    issues = kernel.scenario.issues
    cont = np.array([j for j, i in enumerate(issues) if i.continuous])
    lo = np.array([issues[j].lo for j in cont])
    hi = np.array([issues[j].hi for j in cont])
    seeds = _seeds(kernel, front, order, cont, lo, hi)
    evaluated = Objective(kernel, pressures, d, region, lambda u: u[:, 0], None).evaluate(seeds)
    step = np.maximum((hi - lo) / (kernel.scenario.solve.resolution - 1), (hi - lo) / 64)

    # The ideal point over the real range: maximise each veto party's utility over Z.
    ideal = front.max(axis=0).copy()
    for k in range(front.shape[1]):
        score = Objective(kernel, pressures, d, region, lambda u, k=k: u[:, k], None)
        for start in _top(score, seeds, 2, evaluated):
            _, (top, _) = pattern_search(score, start, cont, lo, hi, step)
            ideal[k] = max(ideal[k], top)
    pb = kernel.problem(d, ideal)

    out: dict[str, Solution | None] = {}
    for name in grid:
        concept = cc.CONCEPTS[name]
        key = lambda u, c=concept: c.objective(u, pb)
        tie = (lambda u, c=concept: c.tie_break(u, pb)) if concept.tie_break else None
        score = Objective(kernel, pressures, d, region, key, tie)
        starts = _starts(kernel, front, order, key(front), tie(front) if tie else None)
        obj0, tie0, _ = score(np.array(starts[:1]))
        best_pt, best_val = None, (float(obj0[0]), float(tie0[0]))
        # max-min objectives have kinks where a lattice search stalls: polish every
        # start; smooth ones (Nash, utilitarian) only the best
        kinked = concept.form == "min_gains"
        for start in _top(score, seeds, STARTS, evaluated):
            pt, val = pattern_search(score, start, cont, lo, hi, step)
            if kinked:
                pt, val = _polish(score, pt, cont, lo, hi, val, concept, pb)
            if _better(val, best_val):
                best_pt, best_val = pt, val
        if best_pt is not None and not kinked:
            best_pt, best_val = _polish(score, best_pt, cont, lo, hi, best_val, concept, pb)
        if best_pt is None:  # no refinement beats the best grid point: keep it exactly
            point = tuple(float(v) for v in starts[0])
            index = kernel.space.index_of(point)
        else:
            # points are searched on the 9-decimal lattice (SPEC 3 rounds grid values the
            # same way), so the reported outcome is exactly the one evaluated
            point, index = tuple(float(v) for v in best_pt), None
        u = kernel.utilities_at([point], pressures)[0]
        out[name] = Solution(name, u, point=point, index=index)
    return out
