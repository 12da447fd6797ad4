"""Large additive spaces without enumeration (SPEC section 3, 'Large additive spaces').

When a space exceeds ``solve.max_outcomes``, :func:`solve_additive` gives the
same :class:`~sim.analysis.Result` as the enumerated solve without ever
enumerating it. Below that limit it is taken by default too where it gives
that result bit for bit and is the faster (:func:`auto`, end of this doc).

1. **Decomposition.** Each term that couples issues for a veto party (its
   interactions, its red lines, the demand of a pressure that moves its
   utility, and the ``region``) names the issues it reads. Issues linked by
   such terms are fused (union-find) into one compound issue whose options are
   the combinations of theirs in enumeration order, as long as it stays
   enumerable (at most ``min(solve.max_outcomes, COMPOUND_LIMIT)`` options).
   Each :class:`Part` tabulates, per option, the veto parties' utility it
   contributes (issue terms, bonuses, pressure terms) and whether a red line or
   the region excludes it. Every veto utility is then a sum of one table entry
   per part. Terms that only move non-veto parties fuse nothing: those
   parties' utilities are computed exactly at the solutions.
2. **Frontier, part by part.** If y + z is non-dominated in A + B then y is
   non-dominated in A and z in B (were y' to dominate y, y' + z would dominate
   y + z), so the frontier of a sum of parts is found by adding one part at a
   time and pruning to the frontier after each (the dynamic programming of the
   multi-objective knapsack problem; Klamroth and Wiecek 2000; Bazgan, Hugot
   and Vanderpooten 2009). The pruning is :func:`sim.frontier.clear_front`: it
   only drops what stays dominated after the 9-decimal rounding, and among
   exact copies keeps the lexicographically smallest tuple of options, which
   is the first outcome in enumeration order. Prefixes that cannot reach a
   veto party's disagreement utility even with every later part at its best
   are dropped too.
3. **Exact settling.** The survivors are scored again by the reference code
   (:meth:`Solver.utilities`, :meth:`Solver.feasible`) and
   :func:`~sim.frontier.pareto_front` with their enumeration rank gives the
   frontier and each vector's first outcome; :meth:`Solver.solutions` then
   picks the concepts exactly as on an enumerated space (tie-breaks,
   real-range refinement of continuous issues, lotteries). Continuous issues
   take part through their grid (SPEC section 3), like in enumeration.
4. **ZOPA size.** Counted exactly where it can be without enumeration: the
   product of the parts' allowed options when no veto party's disagreement
   utility binds; otherwise a dynamic programme over parts on the distinct
   partial sums of the binding parties (merging equal sums, settling a state
   as soon as every completion is in or out); with one binding party, when
   the partial sums are too many, meet in the middle (the two halves' sums,
   sorted, counted by ``searchsorted``; Horowitz and Sahni 1974). Otherwise it
   is estimated from ``SAMPLES`` outcomes drawn uniformly with the fixed seed
   ``SEED``, with a 95 % Wilson score interval in ``Result.zopa_ci95`` (and
   never below the frontier's count of distinct vectors, each realised in Z).

Exactness: the sums are formed part by part, so in another order than the
enumerated reference when parts are fused or carry bonuses or pressure terms;
results then agree unless some utility lies within a few units in the last
place (about 1e-15) of a 9-decimal rounding boundary. Where :func:`reproduces`
holds (one part per discrete issue, nothing but the issue's own term in it)
the sums are the reference's, bit for bit, and the result is the enumerated
one exactly; :meth:`Solver.solve <sim.analysis.Solver.solve>` then takes this
path below ``solve.max_outcomes`` too, past :data:`AUTO_FROM` outcomes
(:func:`auto`).

A ``region`` must say which issues it reads: an ``issues`` attribute (see
:class:`ConditionRegion`) or a bound ``Condition.matches``. Other callables
cannot be decomposed and stop the solve with the size message.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

from .conditions import Condition
from .errors import AnalysisError
from .frontier import clear_front, minkowski_front, pareto_front
from .pressure import apply_to_utilities
from .space import CHUNK

if TYPE_CHECKING:  # pragma: no cover
    from .analysis import Region, Result, Solver
    from .scenario import Pressure

#: Largest compound issue (options) made by fusing issues.
COMPOUND_LIMIT = 1 << 21
#: Safety margin of the bound tests (disagreement reachable, ZOPA settled) against
#: rounding and summation order; anything closer is decided exactly at the end.
SLACK = 1e-8
#: Most distinct partial sums (and candidate sums) a ZOPA counting programme may hold:
#: over all binding parties, and per half when meeting in the middle (one party).
DP_STATES = 1 << 16
DP_CANDIDATES = 1 << 19
MITM_STATES = 1 << 20
MITM_CANDIDATES = 1 << 22
#: Monte Carlo estimate of the ZOPA size: outcomes drawn, batch size and seed.
SAMPLES = 1 << 16
BATCH = 1 << 13
SEED = 0
#: z of the two-sided 95 % normal quantile (Wilson score interval).
Z95 = 1.959963984540054
#: Outcomes past which ``Solver.solve(method="auto")`` takes this path below
#: ``solve.max_outcomes`` too, where :func:`reproduces` holds: one enumeration
#: chunk. Measured on ``benchmarks/solve.py``'s random scenarios (2 to 4
#: parties, values random or opposed, disagreement 0 or 0.25, issues of 2, 4,
#: 8 or 10 options, 1e4 to 2e6 outcomes), both paths forced, median of 3:
#: with 2 or 3 veto parties they break even near 1e4 outcomes; this path is
#: 1.5 to 52 times faster at 2^18 outcomes and 2.3 to 240 times at 1e6 to
#: 2e6 (least with a binding disagreement, whose ZOPA count takes most of its
#: time). Below one chunk the enumeration stays: a run or a sweep tabulates the
#: space (:mod:`sim.tabulation`) and reuses it, and ``Solver.solve`` decides so
#: without importing this module. Never below ``CHUNK``.
AUTO_FROM = CHUNK
#: Most veto parties for that choice: with 4, frontiers of thousands of vectors
#: made this path up to 3 times slower than enumeration from 1e4 to 1e6 outcomes.
AUTO_PARTIES = 3


@dataclass(frozen=True)
class ConditionRegion:
    """A region given by a condition (or its complement) that names its issues.

    >>> from sim.conditions import Clause
    >>> r = ConditionRegion(Condition((Clause(1, options=frozenset({0})),)), complement=True)
    >>> r.issues, r([np.array([0, 0]), np.array([0, 1])]).tolist()
    ((1,), [False, True])
    """

    condition: Condition
    complement: bool = False

    @property
    def issues(self) -> tuple[int, ...]:
        return self.condition.issues

    def __call__(self, columns: Sequence[np.ndarray]) -> np.ndarray:
        hit = self.condition.matches(columns)
        return ~hit if self.complement else hit


def region_issues(region: Region | None) -> tuple[int, ...] | None:
    """The issues a region reads, or None if it does not say."""
    if region is None:
        return ()
    issues = getattr(region, "issues", None)
    owner = getattr(region, "__self__", None)
    bound_matches = isinstance(owner, Condition) and getattr(region, "__name__", "") == "matches"
    if issues is None and bound_matches:
        issues = owner.issues
    return None if issues is None else tuple(issues)


@dataclass(frozen=True)
class Part:
    """One issue, or a compound of fused issues, tabulated over its options."""

    issues: tuple[int, ...]
    digits: np.ndarray   # (options, len(issues)): grid index of each issue, enumeration order
    values: np.ndarray   # (options, veto parties): utility contributed, unrounded
    allowed: np.ndarray  # (options,): no veto red line, inside the region

    @property
    def options(self) -> np.ndarray:
        return np.nonzero(self.allowed)[0]


# ---------------------------------------------------------------------------
# 1. Decomposition


def _moves_veto(solver: Solver, p: Pressure, veto: set[int]) -> bool:
    s, q = solver.scenario, p.effective_credibility
    if s.party_index(p.target) in veto and (q * p.penalty or p.reward):
        return True
    return any(q * p.cost.get(name, 0.0) and s.party_index(name) in veto for name in p.senders)


def _fuse(n: int, links: list[tuple[int, ...]]) -> list[list[int]]:
    """Connected groups of issues (union-find), each in file order, by first issue."""
    parent = list(range(n))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for issues in links:
        for a, b in pairwise(issues):
            parent[root(a)] = root(b)
    groups: dict[int, list[int]] = {}
    for j in range(n):
        groups.setdefault(root(j), []).append(j)
    return sorted(groups.values())


def _terms(solver: Solver, pressures: Sequence[Pressure], region: Region | None
           ) -> tuple[list, list[Condition], list[Pressure], tuple[int, ...] | None]:
    """What adds to or restricts a veto party's utility besides the issues' own terms:
    (party, condition, bonus) of its interactions, its red lines, the pressures that
    move it, and the issues the region reads (None: it does not say)."""
    veto = {int(i) for i in solver.veto}
    bonuses = [(i, c, b) for i, c, b in solver.model.bonuses if i in veto and b]
    lines = [c for i in sorted(veto) for c in solver.scenario.parties[i].red_lines]
    acting = [p for p in pressures if _moves_veto(solver, p, veto)]
    return bonuses, lines, acting, region_issues(region)


def reproduces(solver: Solver, pressures: Sequence[Pressure], region: Region | None = None
               ) -> bool:
    """Whether this path gives the enumerated result bit for bit.

    It does when every part is one discrete issue whose table holds only that
    issue's term w_ij v_ij(x_j) for the veto parties, the row that
    :meth:`UtilityModel.issue_part <sim.utility.UtilityModel.issue_part>` gives
    the reference too. The part-by-part sums of :func:`additive_front` and of
    the counting programme of :func:`count_zopa` are then
    ``((0 + t_0) + t_1) + ...`` in file order, the very floating-point sums
    (before the one rounding) of ``UtilityModel.__call__``: outcomes that are
    exact copies while being built stay copies in the reference, so keeping the
    first of them loses no frontier vector's first outcome, and the counted
    states are the reference's rounded utilities. The frontier and the
    solutions are settled by the reference code, so they are the enumerated
    ones exactly, and so is the ZOPA size when counted without meeting in the
    middle (``count_zopa(..., in_order=True)``: that adds the two halves' sums,
    another order).

    So, no interaction of a veto party (its bonus comes after every issue in
    the reference, inside a part here), no pressure that moves a veto party
    (likewise), veto red lines and the region on one issue each (more would
    fuse issues into a compound part, summed first), no continuous issue (its
    shape is evaluated by numpy on arrays of other lengths in the two paths,
    which numpy does not promise gives the same last bits; its solutions are
    refined to 1e-3 anyway), and no issue past :data:`COMPOUND_LIMIT` options.
    """
    bonuses, lines, acting, reg = _terms(solver, pressures, region)
    s = solver.scenario
    return (not bonuses and not acting and reg is not None and len(reg) <= 1
            and all(len(c.issues) <= 1 for c in lines)
            and not any(issue.continuous for issue in s.issues)
            and max(solver.space.sizes) <= COMPOUND_LIMIT)


def auto(solver: Solver, pressures: Sequence[Pressure], region: Region | None = None) -> bool:
    """Whether ``Solver.solve(method="auto")`` tries this path on a space within
    ``solve.max_outcomes``: past :data:`AUTO_FROM` outcomes, with at most
    :data:`AUTO_PARTIES` veto parties, where :func:`reproduces` holds. (It still
    enumerates if the ZOPA cannot be counted exactly.)"""
    return (AUTO_FROM < solver.space.size <= solver.scenario.solve.max_outcomes
            and len(solver.veto) <= AUTO_PARTIES and reproduces(solver, pressures, region))


def decompose(solver: Solver, pressures: Sequence[Pressure], region: Region | None = None
              ) -> list[Part]:
    """The parts of the space over which every veto utility is additive."""
    s, space = solver.scenario, solver.space
    bonuses, lines, acting, reg = _terms(solver, pressures, region)
    if reg is None:
        raise AnalysisError(_too_large(solver, "a restricted region that does not name its issues "
                                               "cannot be split into additive parts"),
                            path="solve.max_outcomes")
    links = ([c.issues for _, c, _ in bonuses] + [c.issues for c in lines]
             + [p.demand.issues for p in acting] + ([reg] if region is not None else []))
    groups = _fuse(len(s.issues), links)
    group_of = {j: g for g, issues in enumerate(groups) for j in issues}
    limit = min(s.solve.max_outcomes, COMPOUND_LIMIT)
    sizes = space.sizes
    for issues in groups:
        size = math.prod(sizes[j] for j in issues)
        if size > limit:
            names = ", ".join(s.issues[j].name for j in issues)
            raise AnalysisError(_too_large(solver, f"interactions, red lines or demands tie the "
                                                   f"issues {names} into one compound of {size:,} "
                                                   f"options, more than {limit:,}"),
                                path="solve.max_outcomes")

    def where(issues: tuple[int, ...]) -> int:
        return group_of[issues[0]] if issues else 0

    return [
        _part(solver, issues,
              [t for t in bonuses if where(t[1].issues) == g],
              [c for c in lines if where(c.issues) == g],
              [p for p in acting if where(p.demand.issues) == g],
              region if region is not None and where(reg) == g else None)
        for g, issues in enumerate(groups)
    ]


def _part(solver: Solver, issues: list[int], bonuses: list, lines: list[Condition],
          pressures: list[Pressure], region: Region | None) -> Part:
    space, model = solver.space, solver.model
    digits = np.indices([len(space.grids[j]) for j in issues]).reshape(len(issues), -1).T
    n = len(digits)
    cols = [np.zeros(n, dtype=np.int64)] * len(space.grids)  # other issues: never read here
    for c, j in enumerate(issues):
        cols[j] = space.grids[j][digits[:, c]]
    u = np.zeros((n, len(solver.scenario.parties)))
    for j in issues:
        u += model.issue_part(j, cols[j])
    for i, cond, bonus in bonuses:
        u[:, i] += bonus * cond.matches(cols)
    apply_to_utilities(solver.scenario, pressures, cols, u)
    allowed = np.ones(n, dtype=bool)
    for cond in lines:
        allowed &= ~cond.matches(cols)
    if region is not None:
        allowed &= np.asarray(region(cols), dtype=bool)
    return Part(tuple(issues), digits, u[:, solver.veto], allowed)


def _too_large(solver: Solver, why: str) -> str:
    space, limit = solver.space, solver.scenario.solve.max_outcomes
    over = f", more than solve.max_outcomes = {limit:,}," if space.size > limit else ""
    return (f"the outcome space has {space.size:,} outcomes "
            f"({' x '.join(map(str, space.sizes))}){over} and it cannot be solved without "
            f"enumeration: {why}; raise solve.max_outcomes, lower solve.resolution, or merge "
            f"options")


# ---------------------------------------------------------------------------
# 2. and 3. The frontier


def _digit_dtype(space) -> type:
    top = max(space.sizes)
    return np.uint8 if top <= 1 << 8 else np.uint16 if top <= 1 << 16 else np.int64


def lex_rank(rows: np.ndarray) -> np.ndarray:
    """Rank of each row of option digits in enumeration (lexicographic) order."""
    perm = np.lexsort(rows.T[::-1])
    rank = np.empty(len(rows), dtype=np.int64)
    rank[perm] = np.arange(len(rows))
    return rank


def additive_front(parts: list[Part], d: np.ndarray, n_issues: int, dtype: type = np.int64
                   ) -> np.ndarray:
    """Option digits (rows: outcomes, columns: issues) of a superset of the ZOPA's
    frontier outcomes, each frontier vector's first outcome among them."""
    opts = [p.options[clear_front(p.values[p.options])] for p in parts]
    if any(not len(o) for o in opts):
        return np.empty((0, n_issues), dtype=dtype)
    best = np.array([p.values[o].max(axis=0) for p, o in zip(parts, opts)])
    rest = np.vstack([np.cumsum(best[::-1], axis=0)[::-1][1:], np.zeros((1, len(d)))])
    vec = np.zeros((1, len(d)))
    dig = np.zeros((1, n_issues), dtype=dtype)
    for part, o, later in zip(parts, opts, rest):
        vals, digs, cols = part.values[o], part.digits[o].astype(dtype), list(part.issues)
        need = d - SLACK - later
        reachable = None if np.all(vec.min(axis=0) + vals.min(axis=0) >= need) else \
            (lambda s, need=need: np.all(s >= need, axis=1))

        def tie(a: np.ndarray, b: np.ndarray, dig: np.ndarray = dig, digs: np.ndarray = digs,
                cols: list[int] = cols) -> np.ndarray:
            rows = dig[a]
            rows[:, cols] = digs[b]
            return lex_rank(rows)

        a, b = minkowski_front(vec, vals, tie, keep=reachable)
        vec = vec[a] + vals[b]
        dig = dig[a]
        dig[:, cols] = digs[b]
        if not len(vec):
            break
    return dig


def flat_index(digits: np.ndarray, space) -> np.ndarray:
    """Enumeration indices of outcomes given by option digits: int64 where the space
    fits, else Python integers (an object array)."""
    n = len(digits)
    if space.size <= np.iinfo(np.int64).max:
        return digits.astype(np.int64) @ np.array(space.strides, dtype=np.int64) if n else \
            np.empty(0, dtype=np.int64)
    acc = np.zeros(n, dtype=object)
    j = 0
    while j < len(space.sizes):  # blocks of issues whose radix fits int64, then big integers
        block, radix = np.zeros(n, dtype=np.int64), 1
        while j < len(space.sizes) and radix * space.sizes[j] < 1 << 62:
            block = block * space.sizes[j] + digits[:, j].astype(np.int64)
            radix *= space.sizes[j]
            j += 1
        acc = acc * radix + block.astype(object)
    return acc


def settle(solver: Solver, digits: np.ndarray, pressures: Sequence[Pressure], d: np.ndarray,
           region: Region | None) -> tuple[np.ndarray, np.ndarray]:
    """Exact frontier (distinct vectors, first enumeration indices) of candidate outcomes."""
    space, v = solver.space, solver.veto
    cols = [grid[digits[:, j]] for j, grid in enumerate(space.grids)]
    u = solver.utilities(cols, pressures)
    inside = solver.feasible(cols, u, d, region)
    rank = lex_rank(digits)
    front, first = pareto_front(u[inside][:, v], rank[inside])
    row = np.empty(len(rank), dtype=np.int64)
    row[rank] = np.arange(len(rank))
    return front, flat_index(digits[row[first]], space)


# ---------------------------------------------------------------------------
# 4. The ZOPA size


def _sweep(tables: list[np.ndarray], need: np.ndarray, out_lo: np.ndarray, out_hi: np.ndarray,
           out_size: int, settle_in: bool = True, caps: tuple[int, int] | None = None
           ) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Distinct partial sums over ``tables`` with their counts; a state is dropped when
    no completion (the rest of ``tables``, then something between ``out_lo`` and
    ``out_hi`` over ``out_size`` outcomes) reaches ``need``, and (``settle_in``) counted
    when every completion does. Returns (sums, counts, settled count) or None past the
    ``caps`` (states, candidates; default ``DP_STATES``, ``DP_CANDIDATES``)."""
    max_states, max_candidates = caps or (DP_STATES, DP_CANDIDATES)
    b = len(need)
    lo = np.vstack([np.cumsum([t.min(axis=0) for t in tables[::-1]], axis=0)[::-1][1:],
                    np.zeros((1, b))]) + out_lo
    hi = np.vstack([np.cumsum([t.max(axis=0) for t in tables[::-1]], axis=0)[::-1][1:],
                    np.zeros((1, b))]) + out_hi
    sizes = [len(t) for t in tables]
    later = [math.prod(sizes[g + 1:]) * out_size for g in range(len(tables))]
    big = math.prod(sizes) * out_size >= 1 << 62
    states = np.zeros((1, b))
    counts = np.ones(1, dtype=object if big else np.int64)
    settled = 0
    for g, t in enumerate(tables):
        if len(states) * len(t) > max_candidates:
            return None
        s = (states[:, None, :] + t[None, :, :]).reshape(-1, b)
        c = np.repeat(counts, len(t))
        o = np.argsort(s[:, 0], kind="stable") if b == 1 else np.lexsort(s.T[::-1])
        s, c = s[o], c[o]
        new = np.ones(len(s), dtype=bool)
        new[1:] = np.any(s[1:] != s[:-1], axis=1)
        starts = np.nonzero(new)[0]
        s, c = s[starts], np.add.reduceat(c, starts)
        alive = np.all(s + hi[g] >= need - SLACK, axis=1)
        if settle_in:
            done = alive & np.all(s + lo[g] >= need + SLACK, axis=1)
            settled += int(c[done].sum()) * later[g]
            alive &= ~done
        states, counts = s[alive], c[alive]
        if len(states) > max_states:
            return None
    return states, counts, settled


def _count_mitm(tables: list[np.ndarray], need: float) -> int | None:
    """One binding party: count pairs of half-sums with round(a + b, 9) >= need."""
    sizes = [len(t) for t in tables]
    total = math.prod(sizes)
    split = next((g for g in range(1, len(tables)) if math.prod(sizes[:g]) ** 2 >= total),
                 len(tables) - 1)
    first, second = tables[:split], tables[split:]
    halves = max(math.prod(sizes[:split]), math.prod(sizes[split:]))
    if not first or not second or halves > 64 * MITM_STATES:
        return None  # the halves' sums alone would be far past the caps
    bounds = [(sum(t.min(axis=0) for t in h), sum(t.max(axis=0) for t in h),
               math.prod(len(t) for t in h)) for h in (second, first)]
    nd = np.array([need])
    caps = (MITM_STATES, MITM_CANDIDATES)
    a = _sweep(first, nd, *bounds[0], caps=caps)
    b = _sweep(second, nd, *bounds[1], settle_in=False, caps=caps)
    if a is None or b is None:
        return None
    (av, ac, settled), (bv, bc, _) = a, b
    av, bv = av[:, 0], bv[:, 0]
    o = np.argsort(bv)
    bv, bc = bv[o], bc[o]
    above = np.concatenate([np.cumsum(bc[::-1])[::-1], np.zeros(1, dtype=bc.dtype)])
    p = np.searchsorted(bv, need - 5e-10 - av)
    for _ in range(64):  # settle the boundary exactly on the rounded sums
        left = (p > 0) & (np.round(av + bv[np.maximum(p - 1, 0)], 9) >= need)
        right = (p < len(bv)) & (np.round(av + bv[np.minimum(p, len(bv) - 1)], 9) < need)
        if not left.any() and not right.any():
            break
        p = p - left + right
    return settled + int(np.dot(ac.astype(object), above[p].astype(object)))


def _wilson(hits: int, n: int) -> tuple[float, float]:
    """95 % Wilson score interval of a binomial proportion (Wilson 1927)."""
    p = hits / n
    centre = (p + Z95 ** 2 / (2 * n)) / (1 + Z95 ** 2 / n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 ** 2 / (4 * n * n)) / (1 + Z95 ** 2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def estimate_zopa(solver: Solver, pressures: Sequence[Pressure], d: np.ndarray,
                  region: Region | None, floor: int) -> tuple[int, tuple[float, float]]:
    """ZOPA size from ``SAMPLES`` uniform outcomes (seed ``SEED``), scored by the
    reference code; with its 95 % interval, both at least ``floor``."""
    rng = np.random.default_rng(SEED)
    hits = 0
    for start in range(0, SAMPLES, BATCH):
        n = min(BATCH, SAMPLES - start)
        cols = [grid[rng.integers(len(grid), size=n)] for grid in solver.space.grids]
        u = solver.utilities(cols, pressures)
        hits += int(solver.feasible(cols, u, d, region).sum())
    size = solver.space.size
    lo, hi = _wilson(hits, SAMPLES)
    estimate = (hits * size + SAMPLES // 2) // SAMPLES
    return max(estimate, floor), (max(lo * size, float(floor)), max(hi * size, float(floor)))


def count_zopa(parts: list[Part], d: np.ndarray, in_order: bool = False) -> int | None:
    """Exact ZOPA size from the parts, or None when it cannot be counted in bounds
    (``in_order``: only by sums formed part by part, not meeting in the middle)."""
    tables = [p.values[p.allowed] for p in parts]
    if any(not len(t) for t in tables):
        return 0
    total = math.prod(len(t) for t in tables)
    binding = sum(t.min(axis=0) for t in tables) < d + SLACK
    if not binding.any():
        return total
    tables = [t[:, binding] for t in tables]
    need = d[binding]
    zero = np.zeros(len(need))
    swept = _sweep(tables, need, zero, zero, 1)
    if swept is not None:
        states, counts, settled = swept
        return settled + int(counts[np.all(np.round(states, 9) >= need, axis=1)].sum())
    if len(need) == 1 and not in_order:
        return _count_mitm(tables, float(need[0]))
    return None


# ---------------------------------------------------------------------------


def solve_additive(solver: Solver, pressures: Sequence[Pressure],
                   region: Region | None = None, exact: bool = False) -> Result | None:
    """Solve a space through its additive structure, without enumerating it (module doc).

    ``exact``: where :func:`reproduces` holds, give the enumerated result bit for
    bit, or None (enumerate instead) when the ZOPA cannot be counted exactly.
    """
    from .analysis import Result

    d = solver.disagreement(pressures)
    dv = d[solver.veto]
    parts = decompose(solver, pressures, region)
    size = count_zopa(parts, dv, in_order=exact)
    if size is None and exact:
        return None
    digits = additive_front(parts, dv, len(solver.space.sizes), _digit_dtype(solver.space))
    front, order = settle(solver, digits, pressures, d, region)
    if not len(front):
        return Result(d, 0, front, order, None, {c: None for c in solver.scenario.solve.concepts})
    ideal = front.max(axis=0)
    solutions = solver.solutions(front, order, d, ideal, pressures, region)
    ci = None
    if size is None:
        size, ci = estimate_zopa(solver, pressures, d, region, len(front))
    return Result(d, size, front, order, ideal, solutions, zopa_ci95=ci)
