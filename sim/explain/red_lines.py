"""What the veto red lines do: the solutions without each one, and the sets that open a ZOPA.

Red lines of an empty ZOPA, computed exactly: with V(x) the set of veto red
lines outcome x matches, removing a set R of red lines opens the ZOPA iff some
x with u_i(x) >= d_i for every veto party has V(x) within R. The minimal
opening sets are therefore exactly the inclusion-minimal sets among {V(x)}: no
search over subsets is needed (:func:`minimal_red_line_sets`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..analysis import Analysis, Solution, Solver
from ..conditions import Condition
from ..frontier import merge_fronts, pareto_front
from ..scenario import Pressure, Scenario


def _red_line_list(s: Scenario) -> list[tuple[str, int, Condition]]:
    return [(p.name, k, c) for p in s.veto_parties for k, c in enumerate(p.red_lines)]


def _without_red_line(scenario: Scenario, party: str, index: int) -> Scenario:
    parties = tuple(
        replace(p, red_lines=p.red_lines[:index] + p.red_lines[index + 1:]) if p.name == party else p
        for p in scenario.parties
    )
    return replace(scenario, parties=parties)


def red_line_alternatives(analysis: Analysis) -> dict[tuple[str, int], dict[str, Solution | None]]:
    """The solutions with each veto red line removed alone, in one pass over the space.

    Removing red line k admits exactly the outcomes that meet every disagreement
    point and match k and no other veto red line; the frontier without k is the
    frontier of the current one and of those. (With continuous issues or
    lotteries each case is solved afresh instead.)
    """
    s = analysis.scenario
    lines = _red_line_list(s)
    if not lines:
        return {}
    if s.solve.lotteries or any(i.continuous for i in s.issues):
        return {(p, k): Solver.of(_without_red_line(s, p, k)).solve(s.pressures).solutions
                for p, k, _ in lines}
    solver = Solver.of(s)
    pressures, d, v = s.pressures, analysis.result.disagreement, solver.veto
    parts: dict[int, list] = {j: [] for j in range(len(lines))}
    for start, stop in solver.space.chunks():
        cols = solver.space.columns(start, stop)
        u = solver.utilities(cols, pressures)
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
    here = (analysis.result.frontier, analysis.result.frontier_index)
    out = {}
    for j, (party, k, _) in enumerate(lines):
        if not parts[j]:
            out[(party, k)] = analysis.result.solutions
            continue
        front, order = merge_fronts([here] + parts[j], len(v))
        out[(party, k)] = solver.solutions(front, order, d, front.max(axis=0), pressures)
    return out


def minimal_red_line_sets(solver: Solver, pressures: Sequence[Pressure]) -> list[list[tuple[str, int]]]:
    """Every minimal set of veto red lines whose removal opens the ZOPA (by size, then file order)."""
    s = solver.scenario
    lines = _red_line_list(s)
    if not lines:
        return []
    d = solver.disagreement(pressures)
    v = solver.veto
    found: set[int] = set()
    weights = [1 << k for k in range(len(lines))]
    for start, stop in solver.space.chunks():
        cols = solver.space.columns(start, stop)
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
