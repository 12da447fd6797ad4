"""What the veto red lines do: the solutions without each one, and the sets that open a ZOPA.

Red lines of an empty ZOPA, computed exactly: with V(x) the set of veto red
lines outcome x matches, removing a set R of red lines opens the ZOPA iff some
x with u_i(x) >= d_i for every veto party has V(x) within R. The minimal
opening sets are therefore exactly the inclusion-minimal sets among {V(x)}: no
search over subsets is needed (:func:`minimal_red_line_sets`).

Past ``solve.max_outcomes`` the space is not enumerated (:mod:`.variants`): the
solutions without a red line are those of the scenario solved without it, and
the minimal sets are found by solving removals, smallest sets first, skipping
supersets of sets already found, at most :data:`RED_LINE_SOLVES` solves.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace
from itertools import combinations

import numpy as np

from ..analysis import Analysis, Solver
from ..conditions import Condition
from ..direct import require_listed
from ..errors import AnalysisError
from ..frontier import merge_fronts, pareto_front
from ..results import Solution
from ..scenario import Pressure, Scenario
from ..selection import solutions
from .variants import LeftOut, enumerated, leave_out, zopa_exists

#: Most solves the search for minimal red-line sets spends on a space that is not
#: enumerated: about 2^L for L red lines at worst (fewer for each red line that every
#: opening set needs), so every case of up to 5 red lines is searched whole (0.005
#: to 0.2 s a solve on 20 issues of 5 options with 2 parties).
RED_LINE_SOLVES = 64
#: Most candidate sets that search looks at (most are skipped without a solve).
RED_LINE_CANDIDATES = 1 << 16


def _red_line_list(s: Scenario) -> list[tuple[str, int, Condition]]:
    return [(p.name, k, c) for p in s.veto_parties for k, c in enumerate(p.red_lines)]


def _without_red_lines(scenario: Scenario, pairs: Collection[tuple[str, int]]) -> Scenario:
    """``scenario`` without the red lines ``(party, index)`` of ``pairs``."""
    return replace(scenario, parties=tuple(
        replace(p, red_lines=tuple(c for k, c in enumerate(p.red_lines) if (p.name, k) not in pairs))
        for p in scenario.parties))


def red_line_alternatives(analysis: Analysis, left_out: LeftOut | None = None
                          ) -> dict[tuple[str, int], dict[str, Solution | None]]:
    """The solutions with each veto red line removed alone, in one pass over the space.

    Removing red line k admits exactly the outcomes that meet every disagreement
    point and match k and no other veto red line; the frontier without k is the
    frontier of the current one and of those. (With continuous issues or
    lotteries, or past ``solve.max_outcomes``, each case is solved afresh instead;
    a case that cannot be solved is left out of the answer, and of ``left_out``
    with the reason.)
    """
    solver = analysis.solver_of()
    s = solver.scenario
    lines = _red_line_list(s)
    if not lines:
        return {}
    if s.solve.lotteries or any(i.continuous for i in s.issues) or not enumerated(solver):
        out = {}
        for p, k, _ in lines:
            try:
                out[(p, k)] = Solver.of(_without_red_lines(s, {(p, k)}), limits=solver.limits
                                        ).solve(s.pressures).solutions
            except AnalysisError as exc:
                leave_out(left_out, f"binding.red_line:{p}:{k}", f"whether {p}'s red line {k + 1} binds", exc)
        return out
    pressures, d, v = s.pressures, analysis.result.disagreement, solver.veto
    parts: dict[int, list] = {j: [] for j in range(len(lines))}
    rows = None  # the whole space's utilities, when it is one batch
    for start, stop, cols in solver.batches():
        u = solver.utilities(cols, pressures)
        rows = u if stop - start == solver.space.size else None
        ok = np.all(u[:, v] >= d[v], axis=1)
        count = np.zeros(stop - start, dtype=np.int64)
        which = np.full(stop - start, -1)
        for j, (_, _, cond) in enumerate(lines):
            hit = cond.matches(cols)
            count += hit
            which[hit] = j
        single = ok & (count == 1)
        for j in np.unique(which[single]):
            sel = single & (which == j)
            parts[int(j)].append(pareto_front(u[sel][:, v], start + np.nonzero(sel)[0]))
    require_listed(analysis.result, "the red lines' explanation")
    here = (analysis.result.frontier, analysis.result.frontier_index)
    out = {}
    for j, (party, k, _) in enumerate(lines):
        if not parts[j]:
            out[(party, k)] = analysis.result.solutions
            continue
        front, order = merge_fronts([here] + parts[j], len(v))
        out[(party, k)] = solutions(solver, front, order, d, front.max(axis=0), pressures,
                                    rows=rows)
    return out


def minimal_red_line_sets(solver: Solver, pressures: Sequence[Pressure], left_out: LeftOut | None = None,
                          max_solves: int = RED_LINE_SOLVES) -> list[list[tuple[str, int]]]:
    """Every minimal set of veto red lines whose removal opens the ZOPA (by size, then file order).

    Past ``solve.max_outcomes`` by solving removals (:func:`_minimal_sets_by_solving`,
    at most ``max_solves`` of them).
    """
    s = solver.scenario
    lines = _red_line_list(s)
    if not lines:
        return []
    if not enumerated(solver):
        pairs = [(party, k) for party, k, _ in lines]
        groups = _minimal_sets_by_solving(solver, pressures, pairs, left_out, max_solves)
        return [[pairs[k] for k in group] for group in groups]
    d = solver.disagreement(pressures)
    v = solver.veto
    found: set[int] = set()
    weights = [1 << k for k in range(len(lines))]
    for start, stop, cols in solver.batches():
        u = solver.utilities(cols, pressures)
        ok = np.all(u[:, v] >= d[v], axis=1)
        if not ok.any():
            continue
        sub = [c[ok] for c in cols]
        masks = np.zeros(int(ok.sum()), dtype=object)
        for (_, _, cond), w in zip(lines, weights):
            masks = masks + np.where(cond.matches(sub), w, 0).astype(object)
        found.update(int(m) for m in set(masks.tolist()))
    if 0 in found:
        return []
    minimal = [m for m in found if not any(o != m and (o & m) == o for o in found)]

    def members(m: int) -> list[int]:
        return [k for k in range(len(lines)) if m >> k & 1]

    minimal.sort(key=lambda m: (m.bit_count(), members(m)))
    return [[(lines[k][0], lines[k][1]) for k in members(m)] for m in minimal]


def _minimal_sets_by_solving(solver: Solver, pressures: Sequence[Pressure], pairs: list[tuple[str, int]],
                             left_out: LeftOut | None, max_solves: int = RED_LINE_SOLVES
                             ) -> list[tuple[int, ...]]:
    """Minimal opening sets (indices into ``pairs``) found by solving removals.

    Removing more red lines only widens the ZOPA, so a set opens it iff some
    minimal set lies within it. No set opens it if removing all of them does not.
    A red line without which removing all the others still does not open it is in
    every opening set (essential); the search adds to the essential ones sets of
    the others, by size, then in file order (the order of the answer, since every
    set holds the essential ones), skipping every superset of a set found: the sets
    that open are exactly the minimal ones. Once every set of one size holds a set
    found, so does every larger one. Once the sizes up to one are searched, the
    search is narrowed (:func:`_narrow`) by the same two rules applied to the red
    lines not found to open it on their own. Past ``max_solves`` solves (or
    :data:`RED_LINE_CANDIDATES` candidates) the search stops: the sets found are
    minimal, every one up to the last size searched whole is there, and
    ``left_out`` says so.
    """
    s = solver.scenario
    every = tuple(range(len(pairs)))
    solves = 0

    def opens(group: tuple[int, ...]) -> bool:
        nonlocal solves
        solves += 1
        return zopa_exists(_without_red_lines(s, {pairs[k] for k in group}), pressures)

    try:
        if opens(()) or not opens(every):
            return []
        essential: tuple[int, ...] = ()
        if 1 < len(every) and len(every) + 2 <= max_solves:
            essential = _needed(opens, (), every)
    except AnalysisError as exc:
        leave_out(left_out, "counterfactuals.red_lines", "the minimal sets of red lines", exc)
        return []
    rest = tuple(k for k in every if k not in essential)
    found: list[tuple[int, ...]] = []
    masks: list[int] = []
    looked, size, narrowed = 0, 0, False
    while size <= len(rest):
        free = False
        for extra in combinations(rest, size):
            group = tuple(sorted(essential + extra))
            looked += 1
            if looked > RED_LINE_CANDIDATES:
                _cut_short(left_out, len(group), f"the search stopped after {RED_LINE_CANDIDATES:,} candidate sets")
                return _by_size(found)
            mask = sum(1 << k for k in group)
            if any(m & mask == m for m in masks):
                continue
            free = True
            if group in ((), every):
                is_open = bool(group)  # both solved above
            elif solves >= max_solves:
                _cut_short(left_out, len(group), f"the search stopped after {max_solves} solves")
                return _by_size(found)
            else:
                try:
                    is_open = opens(group)
                except AnalysisError as exc:
                    _cut_short(left_out, len(group), exc)
                    return _by_size(found)
            if is_open:
                found.append(group)
                masks.append(mask)
        if not free:
            break
        if size == 1 and found and not narrowed:
            narrowed = True
            step = _narrow(opens, essential, rest, found, max_solves - solves)
            if step is None:
                break  # no set of the other red lines opens it: the answer is complete
            if step != (essential, rest):
                essential, rest = step
                size = 0  # search the narrowed sets from the start
                continue
        size += 1
    return _by_size(found)


def _by_size(groups: list[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Sets by size, then in file order."""
    return sorted(groups, key=lambda g: (len(g), g))


def _needed(opens, base: tuple[int, ...], pool: tuple[int, ...]) -> tuple[int, ...]:
    """The red lines of ``pool`` without which removing ``base`` and the rest of
    ``pool`` does not open the ZOPA: each is in every opening set within them."""
    return tuple(k for k in pool if not opens(tuple(sorted(base + tuple(j for j in pool if j != k)))))


def _narrow(opens, essential: tuple[int, ...], rest: tuple[int, ...],
            found: list[tuple[int, ...]], budget: int
            ) -> tuple[tuple[int, ...], tuple[int, ...]] | None:
    """Narrow the search once the sets of one red line beside the essential ones
    are known. A further minimal set holds none of those lines (it would contain a
    set found), so it lies within the essential ones and the others (the pool).
    If removing all of these does not open the ZOPA, no further set does (None).
    Else a pool line without which the rest of them do not open it is in every
    further set: it joins the essential ones. Returns (essential, rest) to search
    next, unchanged when the ``budget`` of solves or a solve does not allow it."""
    alone = {k for k in rest if tuple(sorted(essential + (k,))) in found}
    pool = tuple(k for k in rest if k not in alone)
    if not alone or 1 + len(pool) > budget:
        return essential, rest
    try:
        if not opens(tuple(sorted(essential + pool))):
            return None
        inner = _needed(opens, essential, pool)
    except AnalysisError:
        return essential, rest
    return tuple(sorted(essential + inner)), tuple(k for k in pool if k not in inner)


def _cut_short(left_out: LeftOut | None, size: int, why: object) -> None:
    fewer = "" if size == 1 else " (every one of fewer is listed)"
    leave_out(left_out, "counterfactuals.red_lines",
              f"the minimal sets of {size} or more red lines{fewer}", why)
