"""Large additive spaces without enumeration (SPEC section 3, 'Large additive spaces').

When a space exceeds ``solve.max_outcomes``, :func:`solve_additive` gives the
same frontier and ZOPA size (a :class:`~sim.results.Frontier`) as the enumerated solve without ever
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
   (:meth:`Kernel.utilities <sim.kernel.Kernel.utilities>`, :meth:`Kernel.feasible
   <sim.kernel.Kernel.feasible>`) and
   :func:`~sim.frontier.pareto_front` with their enumeration rank gives the
   frontier and each vector's first outcome; the selection step (:mod:`sim.selection`) then
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
path below ``solve.max_outcomes`` too, past ``Limits.auto_from`` outcomes
(:func:`auto`; :class:`sim.limits.Limits`, carried on the kernel, holds this
path's tuning limits).

The steps live in :mod:`.parts` (1: decomposition, and the choice of
:func:`auto`), :mod:`.front` (2 and 3) and :mod:`.zopa` (4);
:func:`solve_additive` runs them.

A ``region`` must say which issues it reads: an ``issues`` attribute (see
:class:`ConditionRegion`) or a bound ``Condition.matches``. Other callables
cannot be decomposed and stop the solve with the size message.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..conditions import ConditionRegion
from ..kernel import Kernel
from ..results import Frontier, Region
from ..scenario import Pressure
from .front import FrontTooLarge, additive_front, digit_dtype, flat_index, lex_rank, settle
from .parts import (
    AUTO_PARTIES,
    COMPOUND_LIMIT,
    SLACK,
    Part,
    auto,
    decompose,
    region_issues,
    reproduces,
)
from .zopa import count_zopa, estimate_zopa

__all__ = [
    "AUTO_PARTIES", "COMPOUND_LIMIT", "SLACK", "ConditionRegion", "Part",
    "additive_front", "auto", "count_zopa", "decompose", "estimate_zopa", "flat_index", "lex_rank",
    "region_issues", "reproduces", "settle", "solve_additive",
]


def solve_additive(kernel: Kernel, pressures: Sequence[Pressure],
                   region: Region | None = None, exact: bool = False, count: bool = True
                   ) -> Frontier | None:
    """The ZOPA's frontier and size through the space's additive structure, without
    enumerating it (module doc); :func:`sim.selection.result_of` then picks the
    concepts on it as on an enumerated space.

    ``exact``: where :func:`reproduces` holds, give the enumerated frontier and
    count bit for bit, or None (enumerate instead) when the ZOPA cannot be
    counted exactly. ``count=False``: the frontier only, the ZOPA neither counted
    nor estimated (``zopa_size`` -1; most of this path's time on a binding
    disagreement point), for callers that need only the solutions.
    """
    d = kernel.disagreement(pressures)
    dv = d[kernel.veto]
    parts = decompose(kernel, pressures, region)
    size = count_zopa(parts, dv, in_order=exact, limits=kernel.limits) if count else -1
    if size is None and exact:
        return None
    try:
        digits = additive_front(parts, dv, len(kernel.space.sizes), digit_dtype(kernel.space),
                                [i.name for i in kernel.scenario.issues], kernel.limits)
    except FrontTooLarge:
        if exact:  # the space is enumerable: enumerate it instead
            return None
        raise
    front, order = settle(kernel, digits, pressures, d, region)
    if not len(front):
        return Frontier(d, 0, front, order)
    ci = None
    if size is None:
        size, ci = estimate_zopa(kernel, pressures, d, region, len(front))
    return Frontier(d, size, front, order, zopa_ci95=ci)
