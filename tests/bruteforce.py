"""A deliberately naive reference implementation of SPEC section 3.

Written from ``../shared/SPEC.md`` alone and sharing no code with ``sim``: it
reads the raw scenario mapping (what ``yaml.safe_load`` gives), enumerates the
outcome space with ``itertools.product`` in the SPEC's order, scores each
outcome in a plain loop, filters the ZOPA and the Pareto frontier pairwise and
picks each solution concept by its objective, tie-break and enumeration order.
It returns the JSON report of SPEC section 5. It is slow on purpose: it is the
oracle the fast path (``sim.analysis.analyse`` + ``sim.report.to_json``) is
checked against on random scenarios (``tests/test_bruteforce.py``).

Continuous issues: sizes, the ZOPA and the frontier are counted on the grid
``numpy.round(numpy.linspace(lo, hi, resolution), 9)`` exactly; the solutions
and the ideal point are optimised over the real range by a method of its own:
for each combination of discrete options, a dense grid over the continuous
issues (the scenario's grid included) followed by repeated zooming (a grid of
the neighbourhood of the best point, shrinking by a constant factor) until
the step is below 1e-9 of the range, started from the three best separated
grid points. Every local optimum found is kept in ``alternatives`` so a test
can accept any optimum whose objective ties with the best.

Agreement rules (SPEC section 11): each party's acceptance (none of its own red
lines, u_i >= d_i) is computed party by party, and the rule (every veto party,
the quorum, the vote threshold on the 9-decimal rounded sum, the implementers
of each issue moved from its default) is checked outcome by outcome, in
:func:`admitted`; the report then carries ``agreement.accepting``.

Not covered (raise :class:`NotImplementedError`): uncertain numbers
(distributions), ``solve.lotteries: true``, spaces above ``solve.max_outcomes``.

>>> doc = {"name": "pie", "issues": {"x": {"options": ["a", "b", "c"]}},
...        "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b", "c"]}}},
...                    "q": {"weights": {"x": 1}, "values": {"x": {"ranking": ["c", "b", "a"]}}}}}
>>> report(doc)["solutions"]["nash"]["outcome"]
{'x': 'b'}
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

#: Objectives and tie-break keys tie with the best within this (SPEC section 3).
TIE = 5e-10
CONCEPTS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
#: Real-range search: objectives within this tie (exactly flat stretches, such as a
#: constant sum on a linear frontier, vary only by float noise; a smooth peak must
#: not be flattened, or the tie-break would drag the optimum along it).
REAL_TIE = 1e-12
#: Real-range search: an optimum is kept as an alternative when its objective
#: is within this of the best one (near-ties the fast path may resolve either way).
ALTERNATIVE = 1e-6


def rnd(x: Any) -> Any:
    """SPEC section 3: numbers are rounded to 9 decimals with numpy.round."""
    return np.round(x, 9)


def load_yaml(path: str | Path) -> dict[str, Any]:
    """A scenario file as a raw mapping (YAML 1.2, safe loader)."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(Path(path).read_text())


# ---------------------------------------------------------------------------
# The scenario, read naively from the raw mapping.


@dataclass
class Issue:
    name: str
    options: list[str] | None
    lo: float = 0.0
    hi: float = 0.0

    @property
    def continuous(self) -> bool:
        return self.options is None


def _shape(spec: Any, issue: Issue) -> Callable[[Any], Any]:
    """The value function of one party on one issue (works on arrays of real values)."""
    if not issue.continuous:
        if set(spec) == {"ranking"}:
            ranking = spec["ranking"]
            n = len(ranking)
            table = {o: (1.0 if n == 1 else (n - 1 - k) / (n - 1)) for k, o in enumerate(ranking)}
        else:
            table = {o: float(v) for o, v in spec.items()}
        return lambda option: table[option]
    lo, hi = issue.lo, issue.hi

    def t(x: Any) -> Any:
        return (x - lo) / (hi - lo)

    if spec == "increasing":
        return t
    if spec == "decreasing":
        return lambda x: 1 - t(x)
    if "ideal" in spec:
        x0 = spec["ideal"]
        far = max(x0 - lo, hi - x0)
        return lambda x: 1 - abs(x - x0) / far
    if "power" in spec:
        e = spec["power"]
        if spec.get("direction", "increasing") == "increasing":
            return lambda x: np.clip(t(x), 0, 1) ** e
        return lambda x: np.clip(1 - t(x), 0, 1) ** e
    pts = [(float(a), float(b)) for a, b in spec["points"]]

    def piecewise(x: Any) -> Any:
        x = np.asarray(x, dtype=float)
        out = np.where(x <= pts[0][0], pts[0][1], pts[-1][1])
        for (x0, v0), (x1, v1) in itertools.pairwise(pts):
            inside = (x > x0) & (x <= x1)
            out = np.where(inside, v0 + (v1 - v0) * (x - x0) / (x1 - x0), out)
        return out

    return piecewise


def _condition(spec: dict[str, Any], issues: list[Issue]) -> Callable[[tuple], Any]:
    """A condition as a predicate on an outcome (one value per issue; continuous
    values may be arrays, then the predicate is an array)."""
    index = {iss.name: k for k, iss in enumerate(issues)}
    clauses = []
    for name, want in spec.items():
        k = index[name]
        if issues[k].continuous:
            clauses.append((k, None, dict(want)))
        else:
            clauses.append((k, set(want) if isinstance(want, list) else {want}, None))

    def holds(x: tuple) -> Any:
        ok: Any = True
        for k, options, bounds in clauses:
            if options is not None:
                ok = ok & (x[k] in options)
                continue
            v = x[k]
            for key, a in bounds.items():
                if key == "below":
                    ok = ok & (v < a)
                elif key == "above":
                    ok = ok & (v > a)
                elif key == "at_most":
                    ok = ok & (v <= a)
                else:
                    ok = ok & (v >= a)
        return ok

    return holds


@dataclass
class Party:
    name: str
    veto: bool
    weights: list[float]
    shapes: list[Callable[[Any], Any] | None]
    disagreement: Any
    red_lines: list[Callable[[tuple], Any]]
    power: float
    interactions: list[tuple[Callable[[tuple], Any], float]]


@dataclass
class Pressure:
    name: str
    senders: list[str]
    target: str
    demand: Callable[[tuple], Any]
    penalty: float
    cost: dict[str, float]
    q: float
    reward: float
    impasse: bool = False  # SPEC 12 applies_to: impasse: only the disagreement point moves
    compliance_cost: float = 0.0
    has_demand: bool = True


@dataclass
class Model:
    name: str
    issues: list[Issue]
    parties: list[Party]
    pressures: list[Pressure]
    concepts: list[str]
    resolution: int
    raw: dict[str, Any] = field(repr=False)
    agreement: dict[str, Any] | None = None

    @property
    def veto(self) -> list[int]:
        return [i for i, p in enumerate(self.parties) if p.veto]

    def grid(self, issue: Issue) -> list[Any]:
        if issue.continuous:
            return [float(v) for v in rnd(np.linspace(issue.lo, issue.hi, self.resolution))]
        return list(issue.options)


def _contains_distribution(node: Any) -> bool:
    if isinstance(node, dict):
        if len(node) == 1 and next(iter(node)) in ("uniform", "normal", "triangular", "beta"):
            return True
        return any(_contains_distribution(v) for v in node.values())
    if isinstance(node, list):
        return any(_contains_distribution(v) for v in node)
    return False


def model_of(doc: dict[str, Any]) -> Model:
    """Read a raw scenario mapping (assumed valid)."""
    if _contains_distribution(doc):
        raise NotImplementedError("uncertain numbers")
    solve = doc.get("solve") or {}
    issues = []
    for name, spec in doc["issues"].items():
        if "options" in spec:
            issues.append(Issue(name, list(spec["options"])))
        else:
            issues.append(Issue(name, None, float(spec["range"][0]), float(spec["range"][1])))
    parties = []
    for name, spec in doc["parties"].items():
        raw = [float(spec["weights"].get(iss.name, 0.0)) for iss in issues]
        total = sum(raw)
        weights = [w / total for w in raw]
        shapes = [_shape(spec["values"][iss.name], iss) if w > 0 else None
                  for iss, w in zip(issues, weights)]
        parties.append(Party(
            name=name,
            veto=spec.get("veto", True),
            weights=weights,
            shapes=shapes,
            disagreement=spec.get("disagreement", 0.0),
            red_lines=[_condition(c, issues) for c in spec.get("red_lines", [])],
            power=float(spec.get("bargaining_power", 1.0)),
            interactions=[(_condition(i["when"], issues), float(i["bonus"]))
                          for i in spec.get("interactions", [])],
        ))
    pressures = []
    for name, spec in (doc.get("pressures") or {}).items():
        by = spec["by"] if isinstance(spec["by"], list) else [spec["by"]]
        cred = spec.get("credibility", 1.0)
        if cred == "auto":
            back = sum(spec.get("backing_down_cost", {}).values())
            carry = sum(spec.get("cost", {}).values())
            q = 1.0 if back > carry else 0.0
        else:
            q = float(cred)
        demand = spec.get("demand")
        pressures.append(Pressure(name, by, spec["target"],
                                  _condition(demand, issues) if demand else (lambda x: True),
                                  float(spec.get("penalty", 0.0)),
                                  {s: float(c) for s, c in spec.get("cost", {}).items()}, q,
                                  float(spec.get("reward", 0.0)),
                                  spec.get("applies_to", "outcomes") == "impasse",
                                  float(spec.get("compliance_cost", 0.0)), bool(demand)))
    return Model(doc["name"], issues, parties, pressures,
                 list(solve.get("concepts", CONCEPTS)), int(solve.get("resolution", 101)), doc,
                 doc.get("agreement"))


# ---------------------------------------------------------------------------
# Utilities, disagreement, ZOPA


def base_utility(model: Model, i: int, x: tuple) -> Any:
    """u_i(x) before pressures: weighted values plus matching interaction bonuses."""
    party = model.parties[i]
    u: Any = 0.0
    for k, (w, shape) in enumerate(zip(party.weights, party.shapes)):
        if w > 0:
            u = u + w * shape(x[k])
    for when, bonus in party.interactions:
        u = u + np.where(when(x), bonus, 0.0)
    return u


def utilities(model: Model, x: tuple, pressures: list[Pressure], rounded: bool = True) -> list[Any]:
    """Every party's utility at outcome x, pressures applied in file order."""
    names = [p.name for p in model.parties]
    u = [base_utility(model, i, x) for i in range(len(names))]
    for pr in pressures:
        if pr.impasse:
            continue
        meets = pr.demand(x)
        t = names.index(pr.target)
        u[t] = np.where(meets, u[t] + pr.reward, u[t] - pr.q * pr.penalty)
        for s in pr.senders:
            k = names.index(s)
            u[k] = np.where(meets, u[k], u[k] - pr.q * pr.cost.get(s, 0.0))
    return [rnd(v) if rounded else v for v in u]


def _lottery_outcome(model: Model, outcome: dict[str, Any]) -> tuple:
    return tuple(outcome[iss.name] if not iss.continuous else float(outcome[iss.name])
                 for iss in model.issues)


def disagreement(model: Model, pressures: list[Pressure]) -> list[float]:
    """d_i: the number, or the war lottery's expected utility minus its cost (Fearon 1995),
    computed before pressures; then the pressures move it; then it is rounded."""
    d = []
    for i, party in enumerate(model.parties):
        spec = party.disagreement
        if isinstance(spec, dict):
            ev = 0.0
            for item in spec["lottery"]:
                o = _lottery_outcome(model, item["outcome"])
                ev += item["probability"] * float(base_utility(model, i, o))
            d.append(ev - float(spec.get("cost", 0.0)))
        else:
            d.append(float(spec))
    names = [p.name for p in model.parties]
    for pr in pressures:
        d[names.index(pr.target)] -= pr.q * pr.penalty
        for s in pr.senders:
            d[names.index(s)] -= pr.q * pr.cost.get(s, 0.0)
    return [float(rnd(v)) for v in d]


def red_lined(model: Model, x: tuple) -> Any:
    """True where some veto party's red line matches x (non-veto red lines never bind)."""
    hit: Any = False
    for party in model.parties:
        if party.veto:
            for line in party.red_lines:
                hit = hit | line(x)
    return hit


def accepts(model: Model, i: int, x: tuple, u: list[Any], d: list[float]) -> Any:
    """SPEC 11: party i accepts x iff x matches none of i's own red lines and u_i >= d_i."""
    hit: Any = False
    for line in model.parties[i].red_lines:
        hit = hit | line(x)
    return np.logical_and(np.logical_not(hit), np.asarray(u[i]) >= d[i])


def admitted(model: Model, x: tuple, u: list[Any], d: list[float]) -> Any:
    """Whether x is in Z: SPEC section 3's ZOPA, or with ``agreement`` section 11's
    Z (rounded utilities ``u`` of every party; x may hold arrays of points)."""
    rule = model.agreement
    if rule is None:
        ok: Any = np.logical_not(red_lined(model, x))
        for i in model.veto:
            ok = np.logical_and(ok, np.asarray(u[i]) >= d[i])
        return ok
    acc = [accepts(model, i, x, u, d) for i in range(len(model.parties))]
    ok = True
    for i in model.veto:
        ok = np.logical_and(ok, acc[i])
    if rule.get("quorum") is not None:
        count: Any = 0
        for a in acc:
            count = count + np.asarray(a, dtype=int)
        ok = np.logical_and(ok, count >= rule["quorum"])
    if rule.get("votes") is not None:
        total: Any = 0.0
        for party, a in zip(model.parties, acc):
            total = total + float(rule["votes"].get(party.name, 0.0)) * np.asarray(a, dtype=float)
        ok = np.logical_and(ok, rnd(total) >= float(rule["threshold"]))
    names = [p.name for p in model.parties]
    for issue, spec in (rule.get("implementers") or {}).items():
        k = [iss.name for iss in model.issues].index(issue)
        moved = np.asarray(x[k]) != spec["default"]
        everyone: Any = True
        for name in spec["parties"]:
            everyone = np.logical_and(everyone, acc[names.index(name)])
        ok = np.logical_and(ok, np.logical_or(np.logical_not(moved), everyone))
    return ok


# ---------------------------------------------------------------------------
# Concepts on finite sets


def _pick(cands: list, key: Callable[[Any], float]) -> list:
    """The candidates whose key is within TIE of the best (all of them if the best is -inf)."""
    values = [key(c) for c in cands]
    best = max(values)
    if best == -math.inf:
        return cands
    return [c for c, v in zip(cands, values) if v >= best - TIE]


def objectives(concept: str, d: list[float], ideal: list[float], power: list[float]
               ) -> tuple[Callable[[list[float]], float], Callable[[list[float]], float] | None]:
    """Objective and tie-break key of a concept on a veto-party utility vector."""
    alpha = [b / sum(power) for b in power]

    def gains(u: list[float]) -> list[float]:
        return [a - b for a, b in zip(u, d)]

    def nash(u: list[float]) -> float:
        g = gains(u)
        if min(g) <= 0:
            return -math.inf
        return sum(a * math.log(x) for a, x in zip(alpha, g))

    def egal(u: list[float]) -> float:
        return min(gains(u))

    def total_gain(u: list[float]) -> float:
        return sum(gains(u))

    if concept == "nash":
        return nash, None
    if concept == "egalitarian":
        return egal, total_gain
    if concept == "utilitarian":
        return (lambda u: sum(u)), egal
    live = [k for k in range(len(d)) if ideal[k] > d[k]]
    if not live:
        return egal, total_gain

    def ks(u: list[float]) -> float:
        g = gains(u)
        return min(g[k] / (ideal[k] - d[k]) for k in live)

    return ks, total_gain


def dominates(a: list[float], b: list[float]) -> bool:
    return all(x >= y for x, y in zip(a, b)) and any(x > y for x, y in zip(a, b))


# ---------------------------------------------------------------------------
# Real-range optimisation (continuous issues)


@dataclass
class Optimum:
    value: float
    tie_break: float
    point: tuple
    u: list[float]  # every party, unrounded


class RealSearch:
    """Local optima over the real ZOPA, for each combination of discrete options.

    The dense starting grid of each combination (with its utilities and ZOPA
    mask) is computed once and shared by the ideal point and every concept.
    """

    def __init__(self, model: Model, pressures: list[Pressure], d: list[float]):
        self.model, self.pressures, self.d = model, pressures, np.asarray(d)
        self.cont = [k for k, iss in enumerate(model.issues) if iss.continuous]
        self.disc = [k for k, iss in enumerate(model.issues) if not iss.continuous]
        self.ranges = [(model.issues[k].lo, model.issues[k].hi) for k in self.cont]
        n0 = 2001 if len(self.cont) == 1 else 121
        self.steps = [(hi - lo) / (n0 - 1) for lo, hi in self.ranges]
        # one dimension: 201 points per zoom, the step shrinks 50-fold; two: 41 x 41, 10-fold
        self.zoom_points = 201 if len(self.cont) == 1 else 41
        axes = [np.union1d(np.linspace(lo, hi, n0), model.grid(model.issues[k]))
                for k, (lo, hi) in zip(self.cont, self.ranges)]
        self.mesh = [m.ravel() for m in np.meshgrid(*axes, indexing="ij")]
        self.combos = [dict(zip(self.disc, options))
                       for options in itertools.product(*(model.issues[k].options for k in self.disc))]
        self.coarse = [self.evaluate(combo, self.mesh) for combo in self.combos]

    def evaluate(self, combo: dict[int, str], mesh: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Utilities (points x parties, unrounded) and ZOPA membership of points."""
        x: list[Any] = [None] * len(self.model.issues)
        for k, option in combo.items():
            x[k] = option
        for k, col in zip(self.cont, mesh):
            x[k] = col
        shape = mesh[0].shape
        u = np.array([np.broadcast_to(v, shape) for v in utilities(self.model, tuple(x), self.pressures,
                                                                     rounded=False)]).T
        # feasibility on rounded utilities, as on the grid (SPEC 3, 'Rounding')
        ok = admitted(self.model, tuple(x), list(rnd(u).T), list(self.d))
        return u, np.broadcast_to(ok, shape)

    @staticmethod
    def _lexi_best(f: np.ndarray, tb: np.ndarray) -> int:
        tied = np.nonzero(f >= f.max() - REAL_TIE)[0]
        return int(tied[np.lexsort((-f[tied], -tb[tied]))[0]])  # best tie-break, then objective

    def optima(self, objective: Callable[[np.ndarray], np.ndarray],
               tie_break: Callable[[np.ndarray], np.ndarray] | None) -> list[Optimum]:
        """Local optima of (objective, tie_break) on veto-party utility rows, every combination."""
        veto = self.model.veto

        def score(u: np.ndarray, ok: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            f = np.where(ok, objective(u[:, veto]), -np.inf)
            tb = np.where(ok, tie_break(u[:, veto]), -np.inf) if tie_break is not None else np.zeros(len(f))
            return f, tb

        found = []
        for combo, (u, ok) in zip(self.combos, self.coarse):
            f, tb = score(u, ok)
            if not np.isfinite(f).any():
                continue
            # up to three starts, pairwise more than three steps apart on some axis
            starts = [self._lexi_best(f, tb)]
            for r in np.lexsort((-tb, -f)):
                if len(starts) == 3 or not np.isfinite(f[r]):
                    break
                if all(any(abs(self.mesh[a][r] - self.mesh[a][s]) > 3 * step
                           for a, step in enumerate(self.steps)) for s in starts):
                    starts.append(int(r))
            for s in starts:
                found.append(self._zoom(combo, s, u, f, tb, score))
        return found

    def _zoom(self, combo: dict[int, str], s: int, u: np.ndarray, f: np.ndarray, tb: np.ndarray,
              score: Callable) -> Optimum:
        """Repeatedly grid the neighbourhood (two steps each side) of the best point."""
        n = self.zoom_points
        best = (u[s], f[s], tb[s], [m[s] for m in self.mesh])
        half = [2 * step for step in self.steps]
        while max(h / (hi - lo) for h, (lo, hi) in zip(half, self.ranges)) > 1e-9:
            local = [np.clip(np.linspace(c - h, c + h, n), lo, hi)
                     for c, h, (lo, hi) in zip(best[3], half, self.ranges)]
            mesh = [g.ravel() for g in np.meshgrid(*local, indexing="ij")]
            lu, ok = self.evaluate(combo, mesh)
            lf, ltb = score(lu, ok)
            r = self._lexi_best(np.append(lf, best[1]), np.append(ltb, best[2]))
            if r < len(lf):
                best = (lu[r], lf[r], ltb[r], [m[r] for m in mesh])
            half = [h * 4 / (n - 1) for h in half]
        x: list[Any] = [None] * len(self.model.issues)
        for k, option in combo.items():
            x[k] = option
        for k, v in zip(self.cont, best[3]):
            x[k] = float(v)
        return Optimum(float(best[1]), float(best[2]), tuple(x), [float(v) for v in best[0]])


def array_objectives(concept: str, d: list[float], ideal: list[float], power: list[float]
                     ) -> tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray] | None]:
    """:func:`objectives`, on rows of veto-party utility vectors at once (for the
    real-range search, where the rows are many)."""
    dd = np.asarray(d, dtype=float)
    alpha = np.asarray(power, dtype=float) / sum(power)
    top = np.asarray(ideal, dtype=float)

    def nash(u: np.ndarray) -> np.ndarray:
        g = u - dd
        with np.errstate(all="ignore"):
            value = np.log(np.where(g > 0, g, 1.0)) @ alpha
        return np.where(np.all(g > 0, axis=1), value, -np.inf)

    def egal(u: np.ndarray) -> np.ndarray:
        return (u - dd).min(axis=1)

    def total_gain(u: np.ndarray) -> np.ndarray:
        return (u - dd).sum(axis=1)

    if concept == "nash":
        return nash, None
    if concept == "egalitarian":
        return egal, total_gain
    if concept == "utilitarian":
        return (lambda u: u.sum(axis=1)), egal
    live = top > dd
    if not live.any():
        return egal, total_gain
    return (lambda u: ((u - dd)[:, live] / (top - dd)[live]).min(axis=1)), total_gain


def _best(found: list[Optimum]) -> tuple[Optimum, list[Optimum]]:
    top = max(o.value for o in found)
    tied = [o for o in found if o.value >= top - REAL_TIE]
    best = max(tied, key=lambda o: o.tie_break)
    alternatives = [o for o in found if o.value >= top - ALTERNATIVE]
    return best, alternatives


# ---------------------------------------------------------------------------
# One solve and the report


@dataclass
class Solve:
    """One analysis under a set of pressures (SPEC section 3)."""

    disagreement: list[float]
    zopa_size: int
    pareto_size: int
    solutions: dict[str, dict[str, Any] | None]
    #: continuous issues only: per concept, every optimum tied within ALTERNATIVE
    alternatives: dict[str, list[dict[str, float]]]
    #: the ZOPA and the frontier on the grid: (enumeration index, outcome, utilities of all parties)
    zopa: list[tuple[int, tuple, list[float]]]
    frontier: list[tuple[int, tuple, list[float]]]
    ideal: list[float] = field(default_factory=list)  # veto parties


def _describe(model: Model, x: tuple) -> dict[str, Any]:
    return {iss.name: (v if not iss.continuous else float(rnd(v))) for iss, v in zip(model.issues, x)}


def _by_party(model: Model, u: list[float]) -> dict[str, float]:
    return {p.name: float(rnd(v)) + 0.0 for p, v in zip(model.parties, u)}


def grid_zopa(model: Model, pressures: list[Pressure], d: list[float]) -> list[tuple[int, tuple, list[float]]]:
    """The ZOPA on the grid: (enumeration index, outcome, every party's utility), in order."""
    space = itertools.product(*(model.grid(iss) for iss in model.issues))
    zopa = []
    for index, x in enumerate(space):
        xx = _grid_point(model, x)
        u = [float(v[0]) if np.ndim(v) else float(v) for v in utilities(model, xx, pressures)]
        if bool(np.all(admitted(model, xx, u, d))):
            zopa.append((index, x, u))
    return zopa


def solve(model: Model, pressures: list[Pressure]) -> Solve:
    veto = model.veto
    d = disagreement(model, pressures)
    dv = [d[i] for i in veto]
    zopa = grid_zopa(model, pressures, d)
    frontier = [z for z in zopa
                if not any(dominates([y[2][i] for i in veto], [z[2][i] for i in veto]) for y in zopa)]
    distinct = {tuple(z[2][i] for i in veto) for z in frontier}
    out = Solve(d, len(zopa), len(distinct), {}, {}, zopa, frontier)
    if not zopa:
        out.solutions = {c: None for c in model.concepts}
        return out
    power = [model.parties[i].power for i in veto]
    continuous = any(iss.continuous for iss in model.issues)
    if continuous:
        search = RealSearch(model, pressures, d)
        ideal = [max(o.value for o in search.optima(lambda u, pos=pos: u[:, pos], None))
                 for pos in range(len(veto))]
    else:
        ideal = [max(z[2][i] for z in zopa) for i in veto]
    out.ideal = ideal
    for concept in model.concepts:
        key, tb = objectives(concept, dv, ideal, power)
        if continuous:
            akey, atb = array_objectives(concept, dv, ideal, power)
            found = search.optima(akey, atb)
            if found:  # else every Nash product is zero: the grid's first frontier outcome
                best, alternatives = _best(found)
                out.solutions[concept] = {"outcome": _describe(model, best.point),
                                          "utilities": _by_party(model, best.u)}
                out.alternatives[concept] = [_by_party(model, o.u) for o in alternatives]
                continue
        cands = _pick(frontier, lambda z, key=key: key([z[2][i] for i in veto]))
        if tb is not None and len(cands) > 1:
            cands = _pick(cands, lambda z, tb=tb: tb([z[2][i] for i in veto]))
        _, x, u = min(cands, key=lambda z: z[0])
        out.solutions[concept] = {"outcome": _describe(model, x), "utilities": _by_party(model, u)}
        out.alternatives[concept] = [out.solutions[concept]["utilities"]]
    return out


def _core(model: Model, s: Solve, size: int) -> dict[str, Any]:
    return {
        "disagreement": _by_party(model, s.disagreement),
        "zopa": {"exists": s.zopa_size > 0, "size": s.zopa_size, "share": float(rnd(s.zopa_size / size))},
        "pareto": {"size": s.pareto_size},
        "solutions": s.solutions,
    }


def analyse(doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Solve]]:
    """The SPEC section 5 report, and the solves behind it (key '' for all pressures,
    else the name of the pressure left out)."""
    model = model_of(doc)
    if (doc.get("solve") or {}).get("lotteries"):
        raise NotImplementedError("lotteries")
    size = math.prod(len(model.grid(iss)) for iss in model.issues)
    limit = (doc.get("solve") or {}).get("max_outcomes", 100_000_000)
    if size > limit:
        raise NotImplementedError("spaces above solve.max_outcomes")
    solves = {"": solve(model, model.pressures)}
    for pr in model.pressures:
        solves[pr.name] = solve(model, [p for p in model.pressures if p is not pr])
    rep = {
        "scenario": model.name,
        "veto_parties": [model.parties[i].name for i in model.veto],
        "outcome_space": {"size": size},
        **_core(model, solves[""], size),
    }
    if model.agreement is not None:
        s, names = solves[""], [p.name for p in model.parties]
        rep["agreement"] = {"accepting": {
            name: sum(bool(np.all(accepts(model, i, _grid_point(model, x), u, s.disagreement)))
                      for _, x, u in s.zopa)
            for i, name in enumerate(names)}}
    rep["pressures"] = {pr.name: {"credibility": float(rnd(pr.q)) + 0.0,
                                  "without": _core(model, solves[pr.name], size)}
                        for pr in model.pressures}
    return rep, solves


def _grid_point(model: Model, x: tuple) -> tuple:
    return tuple(np.array([v]) if iss.continuous else v for iss, v in zip(model.issues, x))


def report(doc: dict[str, Any]) -> dict[str, Any]:
    """The JSON report of SPEC section 5, computed by brute force."""
    return analyse(doc)[0]


def utilities_at(doc: dict[str, Any], outcome: dict[str, Any], pressures: str | None = None
                 ) -> dict[str, float]:
    """Every party's rounded utility at an outcome ({issue: option or number}), with every
    pressure applied, or (``pressures`` = a pressure's name) with that one left out."""
    model = model_of(doc)
    prs = [p for p in model.pressures if p.name != pressures]
    x = _lottery_outcome(model, outcome)
    return _by_party(model, [float(v) for v in utilities(model, x, prs)])


def violates_red_line(doc: dict[str, Any], outcome: dict[str, Any]) -> bool:
    """Whether an outcome matches a red line of some veto party."""
    model = model_of(doc)
    return bool(red_lined(model, _lottery_outcome(model, outcome)))


def meets(doc: dict[str, Any], condition: dict[str, Any], outcome: dict[str, Any]) -> bool:
    """Whether an outcome ({issue: option or number}) meets a condition of the scenario."""
    model = model_of(doc)
    return bool(_condition(condition, model.issues)(_lottery_outcome(model, outcome)))


# ---------------------------------------------------------------------------
# Observations (SPEC section 12), discrete issues only


def _nash_utilities(model: Model, pressures: list[Pressure], keep: Callable[[tuple], Any]
                    ) -> list[float]:
    """Every party's utility at the Nash solution over the ZOPA's outcomes that ``keep``
    holds for, or the disagreement point when there are none."""
    veto = model.veto
    d = disagreement(model, pressures)
    zopa = [z for z in grid_zopa(model, pressures, d) if keep(z[1])]
    if not zopa:
        return d
    frontier = [z for z in zopa
                if not any(dominates([y[2][i] for i in veto], [z[2][i] for i in veto]) for y in zopa)]
    key, _ = objectives("nash", [d[i] for i in veto], [], [model.parties[i].power for i in veto])
    return min(_pick(frontier, lambda z: key([z[2][i] for i in veto])), key=lambda z: z[0])[2]


def defied(doc: dict[str, Any], name: str) -> bool:
    """SPEC 12: N_rest - q penalty > N_comply + reward - compliance_cost for the target
    of pressure ``name`` (both sides rounded to 9 decimals), the Nash solutions taken
    with every other pressure applied over the parts of Z meeting and not meeting the
    demand (both without the pressure when it has no demand)."""
    model = model_of(doc)
    if any(iss.continuous for iss in model.issues):
        raise NotImplementedError("observations on continuous issues")
    pr = next(p for p in model.pressures if p.name == name)
    others = [p for p in model.pressures if p is not pr]
    t = [p.name for p in model.parties].index(pr.target)
    if pr.has_demand:
        n_comply = _nash_utilities(model, others, lambda x: bool(pr.demand(x)))[t]
        n_rest = _nash_utilities(model, others, lambda x: not pr.demand(x))[t]
    else:
        n_comply = n_rest = _nash_utilities(model, others, lambda x: True)[t]
    return float(rnd(n_rest - pr.q * pr.penalty)) > float(rnd(n_comply + pr.reward - pr.compliance_cost))


def accepts_outcome(doc: dict[str, Any], party: str, outcome: dict[str, Any]) -> bool:
    """SPEC 11 (:func:`accepts`) at one outcome, with every pressure applied."""
    model = model_of(doc)
    x = _lottery_outcome(model, outcome)
    u = utilities(model, x, model.pressures)
    d = disagreement(model, model.pressures)
    return bool(accepts(model, [p.name for p in model.parties].index(party), x, u, d))


def observation_holds(doc: dict[str, Any], observation: dict[str, Any]) -> bool:
    """Whether one item of ``observed:`` holds at the scenario's numbers (SPEC 12)."""
    (kind, value), = observation.items()
    if kind == "no_agreement":
        return report(doc)["zopa"]["size"] == 0
    if kind in ("defied", "complied"):
        return defied(doc, value) == (kind == "defied")
    return accepts_outcome(doc, value["party"], value["outcome"]) == (kind == "accepted")

