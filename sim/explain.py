"""Why a deal lands where it does, and what would open or move one (SPEC section 10).

Explanations of a solution x:

- ``concessions[i][j] = w_ij (max_o v_ij(o) - v_ij(x_j))``: what party i gives up
  on issue j against its best option there;
- ``trades``: issues on which one veto party gets its best option while another
  concedes (logrolling, Raiffa 1982);
- ``binding``: the constraints that hold the solution where it is.

Counterfactuals of an empty ZOPA, computed exactly:

- red lines: with V(x) the set of veto red lines outcome x matches, removing a
  set R of red lines opens the ZOPA iff some x with u_i(x) >= d_i for every veto
  party has V(x) within R. The minimal opening sets are therefore exactly the
  inclusion-minimal sets among {V(x)}: no search over subsets is needed;
- disagreement: t_i = max u_i(x) over outcomes free of red lines that give the
  other veto parties their d_j; the ZOPA is non-empty iff d_i <= t_i;
- pressures: every gain u_i(x) - d_i is linear in a pressure's credibility q
  (and in its penalty), so each outcome is feasible on an interval of q; the
  smallest q is the smallest left end, checked by solving at it.

Moves of an existing deal: the credibility and penalty at which the Nash
outcome changes (scan, then bisection to 1e-6, each threshold verified by
solving just below and just above), and for each veto party the range of its
disagreement utility over which the Nash outcome stays the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from .analysis import Analysis, Solution, Solver
from .conditions import Condition
from .frontier import merge_fronts, pareto_front
from .scenario import Lottery, Pressure, Scenario

#: Gains below this count as sitting on the disagreement point.
BINDING_GAIN = 1e-6
#: Precision of bisected thresholds.
BISECTION_TOL = 1e-6
SCAN_POINTS = 11


# --------------------------------------------------------------------------- explanations


def describe_condition(scenario: Scenario, cond: Condition) -> str:
    """A condition in words: ``nato = membership and territory in {a, b}``."""
    parts = []
    for c in cond.clauses:
        issue = scenario.issues[c.issue]
        if c.options is not None:
            names = [issue.options[k] for k in sorted(c.options)]
            parts.append(f"{issue.name} = {names[0]}" if len(names) == 1
                         else f"{issue.name} in {{{', '.join(names)}}}")
        else:
            ops = [("<", c.below), (">", c.above), ("<=", c.at_most), (">=", c.at_least)]
            parts.append(" and ".join(f"{issue.name} {op} {v:g}" for op, v in ops if v is not None))
    return " and ".join(parts)


def concessions(scenario: Scenario, point: Sequence[float]) -> dict[str, dict[str, float]]:
    """w_ij (best value on issue j - value at the solution) for each veto party and weighted issue."""
    out: dict[str, dict[str, float]] = {}
    for party in scenario.veto_parties:
        row = {}
        for j, (issue, w, shape) in enumerate(zip(scenario.issues, party.weights, party.values)):
            if w > 0 and shape is not None:
                x = np.array([int(point[j]) if issue.options else point[j]])
                row[issue.name] = float(np.round(w * (shape.best - float(shape(x)[0])), 9)) + 0.0
        out[party.name] = row
    return out


def trades(conc: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """Issues where some veto party gets its best option while another concedes."""
    issues = sorted({j for row in conc.values() for j in row}, key=lambda j: j)
    out = []
    for j in issues:
        winners = [p for p, row in conc.items() if j in row and row[j] <= 1e-12]
        losers = {p: row[j] for p, row in conc.items() if j in row and row[j] > 1e-12}
        if winners and losers:
            out.append({"issue": j, "gets_best": winners, "concedes": losers})
    return out


def _outcome_of(sol: Solution | None) -> Any:
    if sol is None:
        return None
    if sol.lottery is not None:
        return [(round(p, 9), tuple(pt)) for p, pt in sol.lottery]
    return tuple(np.round(sol.point, 6))


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


def binding(analysis: Analysis, concept: str,
            alternatives: dict[tuple[str, int], dict[str, Solution | None]] | None = None) -> list[str]:
    """Constraints of the solution: red lines, disagreement points, pressures' demands."""
    s = analysis.scenario
    sol = analysis.result.solutions[concept]
    if sol is None:
        return []
    if alternatives is None:
        alternatives = red_line_alternatives(analysis)
    here = _outcome_of(sol)
    out = [f"red_line:{party}:{k}" for (party, k), sols in alternatives.items()
           if _outcome_of(sols.get(concept)) != here]
    veto = analysis.veto
    gains = sol.utilities[veto] - analysis.result.disagreement[veto]
    out += [f"disagreement:{s.parties[i].name}" for i, g in zip(veto, gains) if g < BINDING_GAIN]
    for p in s.pressures:
        if _outcome_of(analysis.without[p.name].solutions.get(concept)) != here:
            out.append(f"demand:{p.name}")
    return out


# --------------------------------------------------------------------------- counterfactuals


def _red_line_list(s: Scenario) -> list[tuple[str, int, Condition]]:
    return [(p.name, k, c) for p in s.veto_parties for k, c in enumerate(p.red_lines)]


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


def disagreement_thresholds(solver: Solver, pressures: Sequence[Pressure]) -> dict[str, float | None]:
    """t_i = max u_i over red-line-free outcomes that give every other veto party its d_j."""
    s = solver.scenario
    d = solver.disagreement(pressures)
    out: dict[str, float | None] = {}
    for i in solver.veto:
        relaxed = d.copy()
        relaxed[i] = -np.inf
        best = -np.inf
        best_index = None
        for start, stop in solver.space.chunks():
            cols = solver.space.columns(start, stop)
            u = solver.utilities(cols, pressures)
            ok = solver.feasible(cols, u, relaxed)
            if ok.any():
                k = int(np.argmax(np.where(ok, u[:, i], -np.inf)))
                if u[k, i] > best:
                    best, best_index = float(u[k, i]), start + k
        if best_index is not None and any(iss.continuous for iss in s.issues):
            best = _refine_max(solver, pressures, relaxed, i, best_index, best)
        out[s.parties[i].name] = None if best_index is None else float(np.round(best, 9))
    return out


def _refine_max(solver: Solver, pressures: Sequence[Pressure], d: np.ndarray, party: int,
                index: int, value: float) -> float:
    from .refine import _Objective, pattern_search

    issues = solver.scenario.issues
    cont = np.array([j for j, iss in enumerate(issues) if iss.continuous])
    lo = np.array([issues[j].lo for j in cont])
    hi = np.array([issues[j].hi for j in cont])
    step = (hi - lo) / (solver.scenario.solve.resolution - 1)
    score = _Objective(solver, pressures, d, None, lambda u: u[:, list(solver.veto).index(party)], None)
    _, (val, _) = pattern_search(score, np.array(solver.space.point(index)), cont, lo, hi, step)
    return max(value, val)


def _with_pressure(pressures: Sequence[Pressure], name: str, **changes: Any) -> list[Pressure]:
    return [replace(p, **changes) if p.name == name else p for p in pressures]


def _zopa_exists(solver: Solver, pressures: Sequence[Pressure]) -> bool:
    d = solver.disagreement(pressures)
    for start, stop in solver.space.chunks():
        cols = solver.space.columns(start, stop)
        if solver.feasible(cols, solver.utilities(cols, pressures), d).any():
            return True
    return False


def _linear_threshold(solver: Solver, pressures: Sequence[Pressure], name: str, field: str,
                      upper: float | None) -> float | None:
    """Smallest value of ``field`` of pressure ``name`` that opens the ZOPA, exactly.

    Gains are linear in the field: g(x; t) = g0(x) + slope(x) t. For each outcome
    the feasible t form an interval; the answer is the smallest left end >= 0.
    """
    at0 = _with_pressure(pressures, name, **{field: 0.0})
    at1 = _with_pressure(pressures, name, **{field: 1.0})
    if field == "credibility":
        at0 = _with_pressure(at0, name, credibility=0.0)
    v = solver.veto
    d0, d1 = solver.disagreement(at0), solver.disagreement(at1)
    best = np.inf
    for start, stop in solver.space.chunks():
        cols = solver.space.columns(start, stop)
        red = ~solver.feasible(cols, np.full((stop - start, len(solver.scenario.parties)), np.inf),
                               np.full(len(solver.scenario.parties), -np.inf))
        g0 = solver.utilities(cols, at0)[:, v] - d0[v]
        slope = solver.utilities(cols, at1)[:, v] - d1[v] - g0
        with np.errstate(divide="ignore", invalid="ignore"):
            need = np.where(slope > 0, -g0 / slope, np.where(g0 >= 0, -np.inf, np.inf))
            cap = np.where(slope < 0, -g0 / slope, np.inf)
        lo = np.maximum(need.max(axis=1), 0.0)
        hi = cap.min(axis=1)
        if upper is not None:
            hi = np.minimum(hi, upper)
        ok = ~red & (lo <= hi + 1e-12)
        if ok.any():
            best = min(best, float(lo[ok].min()))
    if not np.isfinite(best):
        return None
    # verify on the rounded model; nudge up by lattice units if rounding disagrees
    for nudge in (0.0, 1e-9, 1e-8, 1e-7, 1e-6):
        t = best + nudge
        if upper is not None and t > upper:
            break
        if _zopa_exists(solver, _with_pressure(pressures, name, **{field: t})):
            return float(np.round(t, 9))
    return None


def pressure_thresholds(solver: Solver, pressures: Sequence[Pressure]) -> dict[str, dict[str, float | None]]:
    """Smallest credibility in [0, 1] and smallest penalty >= 0 that open the ZOPA."""
    out = {}
    for p in pressures:
        out[p.name] = {
            "credibility": _linear_threshold(solver, pressures, p.name, "credibility", 1.0),
            "penalty": _linear_threshold(
                solver, _with_pressure(pressures, p.name, credibility=p.effective_credibility),
                p.name, "penalty", None),
        }
    return out


# --------------------------------------------------------------------------- moves of a deal


def _nash_point(solver: Solver, pressures: Sequence[Pressure]) -> Any:
    sol = solver.solve(pressures).solutions.get("nash")
    return None if sol is None else _outcome_of(sol)


def _bisect(f, start: float, end: float, here: Any) -> float:
    """First value (within BISECTION_TOL) going from ``start`` towards ``end`` where
    ``f`` stops equalling ``here``; requires f(start) == here != f(end)."""
    while abs(end - start) > BISECTION_TOL:
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


def nash_moves(analysis: Analysis) -> dict[str, Any]:
    """Where the Nash outcome changes with each pressure's credibility and penalty,
    and the range of each veto party's disagreement utility that keeps it."""
    s = analysis.scenario
    s = replace(s, solve=replace(s.solve, concepts=("nash",)))
    solver = Solver.of(s)
    pressures = list(s.pressures)
    out: dict[str, Any] = {"pressures": {}, "disagreement": {}}
    for p in pressures:
        q = p.effective_credibility
        pen_hi = max(1.0, 2 * p.penalty)
        out["pressures"][p.name] = {
            "credibility": _changes(solver, lambda t, n=p.name: _nash_point(
                solver, _with_pressure(pressures, n, credibility=t)), 0.0, 1.0),
            "penalty": _changes(solver, lambda t, n=p.name, q=q: _nash_point(
                solver, _with_pressure(pressures, n, penalty=t, credibility=q)), 0.0, pen_hi),
        }
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
            return _nash_point(Solver.of(shifted), pressures)

        lo_val = _edge(at, float(d_now[i]), float(d_now[i]) - 1.0, here)
        hi_val = _edge(at, float(d_now[i]), float(d_now[i]) + 1.0, here)
        out["disagreement"][party.name] = [lo_val, hi_val]
    return out


def _edge(f, start: float, end: float, here: Any) -> float | None:
    """Where f stops equalling ``here`` between ``start`` and ``end``; None if it never does."""
    if f(end) == here:
        return None
    return float(np.round(_bisect(f, start, end, here), 6))


# --------------------------------------------------------------------------- the whole explanation


def explain(analysis: Analysis, moves: bool = True, counterfactuals: bool = True) -> dict[str, Any]:
    """The explanation object of SPEC section 10 (plus ``trades``, ``moves`` and ``sentences``).

    ``moves=False`` skips the scans of what moves an existing deal;
    ``counterfactuals=False`` skips the thresholds while a ZOPA exists (the short
    "Why" of ``negsim run`` needs neither).
    """
    s = analysis.scenario
    solver = Solver.of(s)
    pressures = list(s.pressures)
    solutions: dict[str, Any] = {}
    alternatives = red_line_alternatives(analysis) if analysis.result.zopa_exists else {}
    for name, sol in analysis.result.solutions.items():
        if sol is None:
            solutions[name] = None
            continue
        if sol.lottery is not None:
            conc = {p: {j: float(np.round(sum(pr * concessions(s, pt)[p][j] for pr, pt in sol.lottery), 9))
                        for j in concessions(s, sol.lottery[0][1])[p]}
                    for p in concessions(s, sol.lottery[0][1])}
        else:
            conc = concessions(s, sol.point)
        solutions[name] = {"concessions": conc, "trades": trades(conc),
                           "binding": binding(analysis, name, alternatives)}
    exists = analysis.result.zopa_exists
    cf: dict[str, Any] = {"red_lines": [], "disagreement": {}, "pressures": {}}
    if counterfactuals or not exists:
        cf = {
            "red_lines": [] if exists else [[list(pair) for pair in group]
                                            for group in minimal_red_line_sets(solver, pressures)],
            "disagreement": disagreement_thresholds(solver, pressures),
            "pressures": pressure_thresholds(solver, pressures),
        }
    out: dict[str, Any] = {"solutions": solutions, "counterfactuals": cf}
    if moves and exists:
        out["moves"] = nash_moves(analysis)
    out["sentences"] = sentences(analysis, out)
    return out


def sentences(analysis: Analysis, ex: dict[str, Any]) -> list[str]:
    """Plain sentences a reader can quote."""
    s = analysis.scenario
    out: list[str] = []
    nash = ex["solutions"].get("nash") or next((v for v in ex["solutions"].values() if v), None)
    if nash:
        for party, row in nash["concessions"].items():
            conceded = sorted(((c, j) for j, c in row.items() if c > 1e-9), reverse=True)
            if conceded:
                top = ", ".join(f"{j} ({c:.3f})" for c, j in conceded[:2])
                out.append(f"{party} concedes most on {top}.")
            else:
                out.append(f"{party} gets its best option on every issue it cares about.")
        for item in nash["trades"]:
            winners, losers = item["gets_best"], list(item["concedes"])
            out.append(f"On {item['issue']}, {' and '.join(winners)} "
                       f"{'gets its' if len(winners) == 1 else 'get their'} best option while "
                       f"{' and '.join(losers)} {'concedes' if len(losers) == 1 else 'concede'}: "
                       "a trade across issues.")
        for b in nash["binding"]:
            kind, _, rest = b.partition(":")
            if kind == "disagreement":
                out.append(f"The deal sits on {rest}'s disagreement point, so a weaker BATNA for "
                           f"{rest} would move it.")
            elif kind == "red_line":
                party, k = rest.split(":")
                cond = describe_condition(s, s.party(party).red_lines[int(k)])
                out.append(f"{party}'s red line {k} ({cond}) binds: without it the deal would change.")
            elif kind == "demand":
                out.append(f"The pressure {rest} moves the deal: without it the outcome would differ.")
    out += _other_concepts(analysis)
    out += _move_sentences(analysis, ex.get("moves"))
    cf = ex["counterfactuals"]
    if not analysis.result.zopa_exists:
        out.append("There is no zone of possible agreement.")
        ways = []
        for group in cf["red_lines"]:
            ways.append(" and ".join(
                f"{p} to drop red line {k} ({describe_condition(s, s.party(p).red_lines[k])})"
                for p, k in group))
        d = analysis.result.disagreement
        for party, t in cf["disagreement"].items():
            if t is not None:
                di = float(d[s.party_index(party)])
                ways.append(f"{party}'s disagreement utility to fall from {di:.3f} to {t:.3f} "
                            f"(by {di - t:.3f}), i.e. its expected gain from no deal to shrink")
        for name, th in cf["pressures"].items():
            if th["credibility"] is not None:
                ways.append(f"the pressure {name} to be credible at {th['credibility']:.3f} or more")
            if th["penalty"] is not None:
                ways.append(f"the pressure {name}'s penalty to reach {th['penalty']:.3f}")
        for k, way in enumerate(ways):
            out.append(("A deal needs " if k == 0 else "Or ") + way + ".")
        if not ways:
            out.append("No single change of a red line, a disagreement point or a pressure opens one.")
    return out


def _other_concepts(analysis: Analysis) -> list[str]:
    """Where the other concepts' deals differ from the Nash deal, issue by issue."""
    sols = analysis.result.solutions
    nash = sols.get("nash")
    if nash is None or nash.point is None:
        return []
    base = analysis.space.describe(nash.point)
    out, same = [], []
    for name, sol in sols.items():
        if name == "nash" or sol is None or sol.point is None:
            continue
        other = analysis.space.describe(sol.point)
        diff = [f"{k} = {other[k]} (Nash: {v})" for k, v in base.items() if other[k] != v]
        if diff:
            out.append(f"The {name.replace('_', '-')} deal differs from Nash's on " + "; ".join(diff) + ".")
        else:
            same.append(name.replace("_", "-"))
    if same:
        out.insert(0, f"The {', '.join(same)} solution{'s' if len(same) > 1 else ''} "
                      f"pick{'' if len(same) > 1 else 's'} the same deal as Nash.")
    return out


def _changed(before: Any, after: Any) -> str:
    if not isinstance(before, dict) or not isinstance(after, dict):
        return "the deal changes"
    return ", ".join(f"{k}: {before[k]} -> {after[k]}" for k in after if before.get(k) != after[k])


def _move_sentences(analysis: Analysis, moves: dict[str, Any] | None) -> list[str]:
    """What would move the Nash deal: pressure thresholds and disagreement ranges."""
    if not moves:
        return []
    out = []
    for name, fields in moves["pressures"].items():
        for field_name, changes in fields.items():
            for c in changes:
                when = (f"As soon as the {field_name} of {name} is above 0" if c["at"] <= 1e-5
                        else f"If the {field_name} of {name} crosses {c['at']:.3f}")
                out.append(f"{when}, the Nash deal moves ({_changed(c['from'], c['to'])}).")
    for party, (low, high) in moves["disagreement"].items():
        if low is None and high is None:
            out.append(f"The Nash deal does not depend on {party}'s disagreement utility within "
                       "one utility unit either way.")
            continue
        lo = "below" if low is None else f"{low:.3f}"
        hi = "above" if high is None else f"{high:.3f}"
        out.append(f"The Nash deal holds while {party}'s disagreement utility stays between {lo} "
                   f"and {hi}; beyond that a different deal is predicted.")
    return out

