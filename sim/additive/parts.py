"""Step 1 of the additive path (:mod:`sim.additive`): the space as a sum of parts.

Each term that couples issues for a veto party (its interactions, its red
lines, the demand of a pressure that moves its utility, the ``region``) names
the issues it reads; issues linked by such terms are fused (union-find) into one
compound :class:`Part` while it stays enumerable. :func:`reproduces` and
:func:`auto` say when the path gives the enumerated result bit for bit and when
``Solver.solve(method="auto")`` takes it below ``solve.max_outcomes``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from ..conditions import Condition
from ..errors import AnalysisError
from ..kernel import Kernel
from ..pressure import apply_to_utilities
from ..results import Region
from ..scenario import Pressure

#: Largest compound issue (options) made by fusing issues.
COMPOUND_LIMIT = 1 << 21
#: Safety margin of the bound tests (disagreement reachable, ZOPA settled) against
#: rounding and summation order; anything closer is decided exactly at the end.
SLACK = 1e-8
#: Most veto parties for :func:`auto`'s choice of this path: with 4, frontiers of
#: thousands of vectors made it up to 3 times slower than enumeration from 1e4 to
#: 1e6 outcomes.
AUTO_PARTIES = 3


def region_issues(region: Region | None) -> tuple[int, ...] | None:
    """The issues a region reads, or None if it does not say."""
    if region is None:
        return ()
    issues = getattr(region, "issues", None)
    owner = getattr(region, "__self__", None)
    if issues is None and isinstance(owner, Condition) and getattr(region, "__name__", "") == "matches":
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


def _moves_veto(kernel: Kernel, p: Pressure, veto: set[int]) -> bool:
    s, q = kernel.scenario, p.effective_credibility
    if not p.on_outcomes:
        return False  # it moves the disagreement point only
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


def _terms(kernel: Kernel, pressures: Sequence[Pressure], region: Region | None
           ) -> tuple[list, list[Condition], list[Pressure], tuple[int, ...] | None]:
    """What adds to or restricts a veto party's utility besides the issues' own terms:
    (party, condition, bonus) of its interactions, its red lines, the pressures that
    move it, and the issues the region reads (None: it does not say)."""
    veto = {int(i) for i in kernel.veto}
    bonuses = [(i, c, b) for i, c, b in kernel.model.bonuses if i in veto and b]
    lines = [c for i in sorted(veto) for c in kernel.scenario.parties[i].red_lines]
    acting = [p for p in pressures if _moves_veto(kernel, p, veto)]
    return bonuses, lines, acting, region_issues(region)


def reproduces(kernel: Kernel, pressures: Sequence[Pressure], region: Region | None = None
               ) -> bool:
    """Whether this path gives the enumerated result bit for bit.

    It does when every part is one discrete issue whose table holds only that
    issue's term w_ij v_ij(x_j) for the veto parties, the row that
    :meth:`UtilityModel.issue_part <sim.utility.UtilityModel.issue_part>` gives
    the reference too. The part-by-part sums of :func:`~sim.additive.front.additive_front` and
    of the counting programme of :func:`~sim.additive.zopa.count_zopa` are then
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
    bonuses, lines, acting, reg = _terms(kernel, pressures, region)
    s = kernel.scenario
    return (not bonuses and not acting and reg is not None and len(reg) <= 1
            and all(len(c.issues) <= 1 for c in lines)
            and not any(issue.continuous for issue in s.issues)
            and max(kernel.space.sizes) <= COMPOUND_LIMIT)


def auto(kernel: Kernel, pressures: Sequence[Pressure], region: Region | None = None) -> bool:
    """Whether ``Solver.solve(method="auto")`` tries this path on a space within
    ``solve.max_outcomes``: past ``kernel.limits.auto_from`` outcomes (one chunk by
    default, :class:`sim.limits.Limits`), with at most :data:`AUTO_PARTIES` veto
    parties, where :func:`reproduces` holds. (It still enumerates if the ZOPA
    cannot be counted exactly.)"""
    return (kernel.space.size > kernel.limits.auto_from
            and kernel.space.enumerable(kernel.scenario.solve.max_outcomes)
            and len(kernel.veto) <= AUTO_PARTIES and reproduces(kernel, pressures, region))


def decompose(kernel: Kernel, pressures: Sequence[Pressure], region: Region | None = None
              ) -> list[Part]:
    """The parts of the space over which every veto utility is additive."""
    s, space = kernel.scenario, kernel.space
    bonuses, lines, acting, reg = _terms(kernel, pressures, region)
    if reg is None:
        raise AnalysisError(_too_large(kernel, "a restricted region that does not name its issues "
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
            raise AnalysisError(_too_large(kernel, f"interactions, red lines or demands tie the "
                                                   f"issues {names} into one compound of {size:,} "
                                                   f"options, more than {limit:,}"),
                                path="solve.max_outcomes")

    def where(issues: tuple[int, ...]) -> int:
        return group_of[issues[0]] if issues else 0

    return [
        _part(kernel, issues,
              [t for t in bonuses if where(t[1].issues) == g],
              [c for c in lines if where(c.issues) == g],
              [p for p in acting if where(p.demand.issues) == g],
              region if region is not None and where(reg) == g else None)
        for g, issues in enumerate(groups)
    ]


def _part(kernel: Kernel, issues: list[int], bonuses: list, lines: list[Condition],
          pressures: list[Pressure], region: Region | None) -> Part:
    space, model = kernel.space, kernel.model
    digits = np.indices([len(space.grids[j]) for j in issues]).reshape(len(issues), -1).T
    n = len(digits)
    cols = [np.zeros(n, dtype=np.int64)] * len(space.grids)  # other issues: never read here
    for c, j in enumerate(issues):
        cols[j] = space.grids[j][digits[:, c]]
    u = np.zeros((n, len(kernel.scenario.parties)))
    for j in issues:
        u += model.issue_part(j, cols[j])
    for i, cond, bonus in bonuses:
        u[:, i] += bonus * cond.matches(cols)
    apply_to_utilities(kernel.scenario, pressures, cols, u)
    allowed = np.ones(n, dtype=bool)
    for cond in lines:
        allowed &= ~cond.matches(cols)
    if region is not None:
        allowed &= np.asarray(region(cols), dtype=bool)
    return Part(tuple(issues), digits, u[:, kernel.veto], allowed)


def _too_large(kernel: Kernel, why: str) -> str:
    space, limit = kernel.space, kernel.scenario.solve.max_outcomes
    over = f", more than solve.max_outcomes = {limit:,}," if not space.enumerable(limit) else ""
    return (f"the outcome space has {space.size:,} outcomes "
            f"({' x '.join(map(str, space.sizes))}){over} and it cannot be solved without "
            f"enumeration: {why}; raise solve.max_outcomes, lower solve.resolution, or merge "
            f"options")
