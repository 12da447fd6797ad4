"""A validated scenario: typed, immutable objects built once from a YAML document.

:func:`load` reads a file, :func:`from_dict` takes an already-parsed mapping;
both return a :class:`Scenario` or raise :class:`~sim.errors.ScenarioError`
listing every problem with its file, dotted path and line. Nothing downstream
ever sees raw YAML: the solver works on these objects and the arrays built
from them.

>>> s = from_dict({"name": "pie", "issues": {"x": {"range": [0, 1]}},
...                "parties": {"a": {"weights": {"x": 1}, "values": {"x": "increasing"}},
...                            "b": {"weights": {"x": 1}, "values": {"x": "decreasing"}}}})
>>> [p.name for p in s.veto_parties], s.issues[0].continuous
(['a', 'b'], True)
"""

from __future__ import annotations

import copy
import difflib
import math
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from . import schema
from .conditions import Condition, parse_condition
from .document import Document, read_document
from .errors import Problem, ScenarioError, dotted
from .uncertain import Distribution, bounds_of, extract
from .values import Table, ValueShape, parse_continuous, parse_discrete

#: Solution concepts by name, in the default order (SPEC section 3).
CONCEPTS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
#: Negotiation strategies by name (SPEC section 8).
STRATEGIES = ("subgame_perfect", "boulware", "linear", "conceder", "tit_for_tat")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Absolute tolerance on lottery probabilities summing to 1.
PROBABILITY_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Issue:
    """A discrete issue (``options``) or a continuous one (``lo``..``hi``)."""

    name: str
    options: tuple[str, ...] | None = None
    lo: float | None = None
    hi: float | None = None
    description: str | None = None
    unit: str | None = None
    label: str | None = None

    @property
    def continuous(self) -> bool:
        return self.options is None


@dataclass(frozen=True)
class Lottery:
    """A war lottery: (probability, outcome) pairs and a cost (Fearon 1995).

    Each outcome gives, per issue in file order, an option index (discrete) or a
    real value (continuous).
    """

    probabilities: tuple[float, ...]
    outcomes: tuple[tuple[float, ...], ...]
    cost: float = 0.0


@dataclass(frozen=True)
class Interaction:
    """A bonus (possibly negative) added to utility when ``when`` holds."""

    when: Condition
    bonus: float


@dataclass(frozen=True)
class Party:
    """A party: normalised weights and a value shape per issue (file order)."""

    name: str
    weights: tuple[float, ...]
    values: tuple[ValueShape | None, ...]
    veto: bool = True
    disagreement: float | Lottery = 0.0
    red_lines: tuple[Condition, ...] = ()
    bargaining_power: float = 1.0
    discount: float = 1.0
    strategy: str = "subgame_perfect"
    interactions: tuple[Interaction, ...] = ()
    label: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Pressure:
    """A conditional threat or inducement (SPEC section 3, 'Pressures')."""

    name: str
    senders: tuple[str, ...]
    target: str
    demand: Condition
    penalty: float = 0.0
    cost: dict[str, float] = field(default_factory=dict)
    credibility: float | str = 1.0
    backing_down_cost: dict[str, float] = field(default_factory=dict)
    reward: float = 0.0
    at_round: int = 1
    label: str | None = None

    @property
    def effective_credibility(self) -> float:
        """q: the number given, or for ``auto`` 1 if the senders' summed
        backing-down cost exceeds their summed cost of carrying out, else 0."""
        if self.credibility == "auto":
            back = sum(self.backing_down_cost.values())
            carry = sum(self.cost.values())
            return 1.0 if back > carry else 0.0
        return float(self.credibility)


@dataclass(frozen=True)
class Game:
    """A two-player normal-form game written in the scenario (SPEC section 7)."""

    name: str
    players: tuple[str, str]
    strategies: dict[str, tuple[str, ...]]
    payoffs: dict[str, tuple[tuple[float, ...], ...]]


@dataclass(frozen=True)
class SolveOptions:
    concepts: tuple[str, ...] = CONCEPTS
    lotteries: bool = False
    resolution: int = 101
    max_outcomes: int = 100_000_000


@dataclass(frozen=True)
class Scenario:
    """A validated negotiation scenario (SPEC section 2)."""

    name: str
    issues: tuple[Issue, ...]
    parties: tuple[Party, ...]
    pressures: tuple[Pressure, ...] = ()
    games: tuple[Game, ...] = ()
    breakdown: float = 0.0
    solve: SolveOptions = SolveOptions()
    description: str | None = None
    sources: tuple[str, ...] = ()
    source: str | None = None
    document: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    uncertain: dict[str, Distribution] = field(default_factory=dict, compare=False)
    warnings: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def veto_parties(self) -> list[Party]:
        return [p for p in self.parties if p.veto]

    def party(self, name: str) -> Party:
        for p in self.parties:
            if p.name == name:
                return p
        raise KeyError(name)

    def party_index(self, name: str) -> int:
        return [p.name for p in self.parties].index(name)

    def issue_index(self, name: str) -> int:
        return [i.name for i in self.issues].index(name)

    def pressure(self, name: str) -> Pressure:
        for p in self.pressures:
            if p.name == name:
                return p
        raise KeyError(name)

    def without_pressure(self, name: str) -> "Scenario":
        """The same scenario with one pressure removed."""
        return replace(self, pressures=tuple(p for p in self.pressures if p.name != name))

    def with_pressures(self, pressures: tuple[Pressure, ...]) -> "Scenario":
        return replace(self, pressures=pressures)


# ---------------------------------------------------------------------------
# Building: document -> Scenario, collecting every problem.


class _Problems:
    def __init__(self, doc: Document | None):
        self.doc = doc
        self.items: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, path: tuple[Any, ...], message: str, warning: bool = False) -> None:
        line = self.doc.line_of(path) if self.doc else None
        (self.warnings if warning else self.items).append(Problem(dotted(path), message, line))


def _pydantic_problems(errors: list[Any], out: _Problems) -> None:
    for err in errors:
        loc = tuple(err["loc"])
        kind = err["type"]
        got = err.get("input")
        if kind == "extra_forbidden":
            model = schema.owner_of(loc[:-1])
            known = list(model.model_fields) if model else []
            hint = difflib.get_close_matches(str(loc[-1]), known, n=1)
            msg = f"unknown key {loc[-1]!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")
            if known and not hint:
                msg += f"; allowed here: {', '.join(known)}"
        elif kind == "missing":
            msg = "required key is missing"
        elif kind in ("float_type", "int_type", "bool_type", "string_type", "list_type",
                      "dict_type", "int_from_float", "finite_number", "model_type"):
            want = {"float_type": "a number", "int_type": "a whole number",
                    "int_from_float": "a whole number", "bool_type": "true or false",
                    "string_type": "a string", "list_type": "a list", "dict_type": "a mapping",
                    "finite_number": "a finite number", "model_type": "a mapping"}[kind]
            msg = f"expected {want}, got {_show(got)}"
        else:
            msg = err["msg"]
        out.add(loc, msg)


def _show(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_name(kind: str, name: Any, path: tuple[Any, ...], out: _Problems) -> None:
    if not isinstance(name, str) or not IDENTIFIER.match(name):
        out.add(path, f"{kind} name {name!r} is not an identifier ([A-Za-z_][A-Za-z0-9_]*); "
                      "use an identifier and keep the original text in 'label:'")


def _check_bounds(data: Any, path: tuple[Any, ...], out: _Problems) -> None:
    """Every numeric leaf against its field's valid range (value shapes excluded)."""
    if isinstance(data, dict):
        for k, v in data.items():
            _check_bounds(v, path + (k,), out)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _check_bounds(v, path + (i,), out)
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        if len(path) >= 3 and path[0] == "parties" and path[2] == "values":
            return
        bounds = bounds_of(dotted(path))
        if bounds is not None and not bounds.contains(float(data)):
            out.add(path, f"{data} is outside the valid range {bounds.describe()}")


def _issues(model: schema.ScenarioModel, out: _Problems) -> list[Issue]:
    issues = []
    if not model.issues:
        out.add(("issues",), "at least one issue is required")
    for name, im in model.issues.items():
        path = ("issues", name)
        _check_name("issue", name, path, out)
        if (im.options is None) == (im.range is None):
            out.add(path, "give either 'options' (discrete) or 'range' (continuous)")
            continue
        if im.options is not None:
            opts = im.options
            if not opts:
                out.add(path + ("options",), "needs at least one option")
                continue
            bad = False
            for k, o in enumerate(opts):
                if not isinstance(o, str):
                    out.add(path + ("options", k),
                            f"option {o!r} is a {type(o).__name__}: quote it (\"{o}\") to make it a name")
                    bad = True
            dupes = sorted({o for o in opts if isinstance(o, str) and opts.count(o) > 1})
            for o in dupes:
                out.add(path + ("options",), f"option {o!r} is listed twice")
            if bad or dupes:
                continue
            issues.append(Issue(name, tuple(opts), description=im.description, label=im.label))
        else:
            rng = im.range
            if (
                not isinstance(rng, list)
                or len(rng) != 2
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in rng)
                or not all(math.isfinite(v) for v in rng)
            ):
                out.add(path + ("range",), "range must be [lo, hi], two finite numbers")
                continue
            if not rng[0] < rng[1]:
                out.add(path + ("range",), f"range needs lo < hi, got [{rng[0]}, {rng[1]}]")
                continue
            issues.append(Issue(name, None, float(rng[0]), float(rng[1]), im.description,
                                im.unit, im.label))
    return issues


def _lottery(spec: Any, path: tuple[Any, ...], issues: list[Issue], out: _Problems) -> Lottery | None:
    if not isinstance(spec, dict) or "lottery" not in spec:
        out.add(path, "disagreement is a number or {lottery: [{probability, outcome}, ...], cost: c}")
        return None
    extra = set(spec) - {"lottery", "cost", "source"}
    for key in sorted(map(str, extra)):
        out.add(path + (key,), f"unknown key {key!r} in a war lottery (allowed: lottery, cost)")
    cost = spec.get("cost", 0.0)
    if not isinstance(cost, (int, float)) or isinstance(cost, bool) or not math.isfinite(cost):
        out.add(path + ("cost",), f"expected a number, got {_show(cost)}")
        cost = 0.0
    elif cost < 0:
        out.add(path + ("cost",), f"cost {cost} must be >= 0")
    items = spec["lottery"]
    if not isinstance(items, list) or not items:
        out.add(path + ("lottery",), "a lottery is a non-empty list of {probability, outcome}")
        return None
    probs, outcomes, ok = [], [], True
    for k, item in enumerate(items):
        ip = path + ("lottery", k)
        if not isinstance(item, dict) or set(item) - {"probability", "outcome"} or "outcome" not in item \
                or "probability" not in item:
            out.add(ip, "each lottery entry is {probability: p, outcome: {issue: option, ...}}")
            ok = False
            continue
        p = item["probability"]
        if not isinstance(p, (int, float)) or isinstance(p, bool) or not math.isfinite(p) or p < 0:
            out.add(ip + ("probability",), f"probability must be a number >= 0, got {_show(p)}")
            ok = False
            continue
        outcome = _lottery_outcome(item["outcome"], ip + ("outcome",), issues, out)
        if outcome is None:
            ok = False
            continue
        probs.append(float(p))
        outcomes.append(outcome)
    if ok and abs(sum(probs) - 1.0) > PROBABILITY_TOLERANCE:
        out.add(path + ("lottery",), f"probabilities sum to {sum(probs):.12g}, not 1")
        ok = False
    return Lottery(tuple(probs), tuple(outcomes), float(cost)) if ok else None


def _lottery_outcome(spec: Any, path: tuple[Any, ...], issues: list[Issue],
                     out: _Problems) -> tuple[float, ...] | None:
    if not isinstance(spec, dict):
        out.add(path, "an outcome is a mapping naming every issue")
        return None
    known = {i.name for i in issues}
    ok = True
    for key in spec:
        if key not in known:
            out.add(path + (key,), f"unknown issue {key!r}")
            ok = False
    values = []
    for issue in issues:
        if issue.name not in spec:
            out.add(path, f"the outcome must name every issue; missing {issue.name!r}")
            ok = False
            continue
        v = spec[issue.name]
        if issue.options is not None:
            if not isinstance(v, str) or v not in issue.options:
                out.add(path + (issue.name,), f"unknown option {v!r} (options: {', '.join(issue.options)})")
                ok = False
                continue
            values.append(float(issue.options.index(v)))
        else:
            if not isinstance(v, (int, float)) or isinstance(v, bool) or not issue.lo <= v <= issue.hi:
                out.add(path + (issue.name,), f"expected a number in [{issue.lo}, {issue.hi}], got {_show(v)}")
                ok = False
                continue
            values.append(float(v))
    return tuple(values) if ok else None


def _party(name: str, pm: schema.PartyModel, issues: list[Issue], out: _Problems) -> Party | None:
    path = ("parties", name)
    n_problems = len(out.items)
    _check_name("party", name, path, out)
    names = [i.name for i in issues]
    for key in pm.weights:
        if key not in names:
            hint = difflib.get_close_matches(key, names, n=1)
            out.add(path + ("weights", key), f"unknown issue {key!r}"
                    + (f" (did you mean {hint[0]!r}?)" if hint else ""))
    raw = [pm.weights.get(n, 0.0) for n in names]
    if any(w < 0 for w in raw):
        pass  # reported by the bounds check
    elif sum(raw) <= 0:
        out.add(path + ("weights",), "at least one weight must be > 0")
    total = sum(w for w in raw if w > 0) or 1.0
    weights = tuple(w / total for w in raw)

    values: list[ValueShape | None] = []
    for key in pm.values:
        if key not in names:
            out.add(path + ("values", key), f"unknown issue {key!r}")
    for issue, w in zip(issues, raw):
        spec = pm.values.get(issue.name)
        vp = path + ("values", issue.name)
        if spec is None:
            if w > 0:
                out.add(path + ("values",), f"issue {issue.name!r} has weight {w} but no values")
            values.append(None)
            continue
        if issue.options is not None:
            table, problems = parse_discrete(spec, issue.options)
            for sub, msg in problems:
                out.add(vp + ((sub,) if sub else ()), msg)
            values.append(table)
        else:
            shape = parse_continuous(spec, issue.lo, issue.hi)
            if isinstance(shape, str):
                out.add(vp, shape)
                shape = None
            values.append(shape)

    d = pm.disagreement
    if isinstance(d, (int, float)) and not isinstance(d, bool):
        disagreement: float | Lottery | None = float(d) if math.isfinite(d) else None
        if disagreement is None:
            out.add(path + ("disagreement",), "must be a finite number")
    else:
        disagreement = _lottery(d, path + ("disagreement",), issues, out)

    red_lines = []
    for k, spec in enumerate(pm.red_lines):
        cond, problems = parse_condition(spec, issues)
        for sub, msg in problems:
            out.add(path + ("red_lines", k) + ((sub,) if sub else ()), msg)
        if cond:
            red_lines.append(cond)
    if red_lines and not pm.veto:
        out.add(path + ("red_lines",), "red lines of a non-veto party never bind", warning=True)

    interactions = []
    for k, im in enumerate(pm.interactions):
        cond, problems = parse_condition(im.when, issues)
        for sub, msg in problems:
            out.add(path + ("interactions", k, "when") + ((sub,) if sub else ()), msg)
        if cond:
            interactions.append(Interaction(cond, float(im.bonus)))

    if pm.strategy not in STRATEGIES:
        out.add(path + ("strategy",), f"unknown strategy {pm.strategy!r} (one of: {', '.join(STRATEGIES)})")
    _check_provenance(pm.provenance, path, schema.PartyModel, out, names, len(pm.red_lines))
    if len(out.items) > n_problems:
        return None
    return Party(name, weights, tuple(values), pm.veto, disagreement, tuple(red_lines),
                 pm.bargaining_power, pm.discount, pm.strategy, tuple(interactions), pm.label,
                 pm.source)


def _check_provenance(prov: dict[str, str], path: tuple[Any, ...], model: Any, out: _Problems,
                      issues: list[str] | None = None, n_red_lines: int = 0) -> None:
    for key in prov:
        head, _, rest = key.partition(".")
        if head not in model.model_fields or head == "provenance":
            out.add(path + ("provenance", key), f"{head!r} is not a field this note can refer to")
        elif head in ("weights", "values") and issues is not None and rest and rest not in issues:
            out.add(path + ("provenance", key), f"unknown issue {rest!r}")
        elif head == "red_lines" and rest and not (rest.isdigit() and int(rest) < n_red_lines):
            out.add(path + ("provenance", key), f"there is no red line {rest!r}")


def _pressure(name: str, pm: schema.PressureModel, issues: list[Issue], parties: dict[str, Any],
              out: _Problems) -> Pressure | None:
    path = ("pressures", name)
    n_problems = len(out.items)
    senders = [pm.by] if isinstance(pm.by, str) else pm.by
    if not isinstance(senders, list) or not senders or not all(isinstance(s, str) for s in senders):
        out.add(path + ("by",), "by is a list of sender party names")
        senders = []
    for s in senders:
        if s not in parties:
            out.add(path + ("by",), f"unknown party {s!r} (parties: {', '.join(parties)})")
    if len(set(senders)) != len(senders):
        out.add(path + ("by",), "a sender is named twice")
    if pm.target not in parties:
        out.add(path + ("target",), f"unknown party {pm.target!r} (parties: {', '.join(parties)})")
    for key, table in (("cost", pm.cost), ("backing_down_cost", pm.backing_down_cost)):
        for s in table:
            if s not in senders:
                out.add(path + (key, s), f"{s!r} is not a sender of this pressure")
    demand, problems = parse_condition(pm.demand, issues)
    for sub, msg in problems:
        out.add(path + ("demand",) + ((sub,) if sub else ()), msg)
    cred = pm.credibility
    if cred != "auto" and (not isinstance(cred, (int, float)) or isinstance(cred, bool)
                           or not math.isfinite(cred)):
        out.add(path + ("credibility",), f"credibility is a number in [0, 1] or 'auto', got {_show(cred)}")
    if pm.at_round < 1:
        out.add(path + ("at_round",), f"at_round must be >= 1, got {pm.at_round}")
    _check_provenance(pm.provenance, path, schema.PressureModel, out)
    if len(out.items) > n_problems or demand is None:
        return None
    return Pressure(name, tuple(senders), pm.target, demand, pm.penalty, dict(pm.cost),
                    cred if cred == "auto" else float(cred), dict(pm.backing_down_cost),
                    pm.reward, pm.at_round, pm.label)


def _game(name: str, gm: schema.GameModel, out: _Problems) -> Game | None:
    path = ("games", name)
    n_problems = len(out.items)
    players = gm.players
    if len(players) != 2 or len(set(players)) != 2:
        out.add(path + ("players",), "a game has exactly two distinct players (row player first)")
        return None
    for key in gm.strategies:
        if key not in players:
            out.add(path + ("strategies", key), f"{key!r} is not a player of this game")
    for key in gm.payoffs:
        if key not in players:
            out.add(path + ("payoffs", key), f"{key!r} is not a player of this game")
    strategies: dict[str, tuple[str, ...]] = {}
    for p in players:
        names = gm.strategies.get(p)
        if not names:
            out.add(path + ("strategies",), f"player {p!r} needs a non-empty list of strategies")
            continue
        for k, s in enumerate(names):
            if not isinstance(s, str):
                out.add(path + ("strategies", p, k), f"strategy {s!r} must be a name (quote it)")
        for s in sorted({s for s in names if isinstance(s, str) and names.count(s) > 1}):
            out.add(path + ("strategies", p), f"strategy {s!r} is named twice")
        strategies[p] = tuple(map(str, names))
    if len(strategies) == 2:
        m, n = len(strategies[players[0]]), len(strategies[players[1]])
        for p in players:
            table = gm.payoffs.get(p)
            if table is None:
                out.add(path + ("payoffs",), f"payoffs for player {p!r} are missing")
            elif len(table) != m or any(len(row) != n for row in table):
                shape = f"{len(table)} x " + "/".join(sorted({str(len(r)) for r in table}) or ["0"])
                out.add(path + ("payoffs", p), f"payoff table must be {m} x {n} (rows: "
                        f"{players[0]}'s strategies, columns: {players[1]}'s), got {shape}")
    if len(out.items) > n_problems:
        return None
    return Game(name, (players[0], players[1]), strategies,
                {p: tuple(tuple(row) for row in gm.payoffs[p]) for p in players})


def _solve_options(sm: schema.SolveModel, out: _Problems) -> SolveOptions:
    concepts = tuple(sm.concepts) if sm.concepts is not None else CONCEPTS
    for k, c in enumerate(concepts):
        if c not in CONCEPTS:
            hint = difflib.get_close_matches(c, CONCEPTS, n=1)
            out.add(("solve", "concepts", k), f"unknown concept {c!r}"
                    + (f" (did you mean {hint[0]!r}?)" if hint else f" (one of: {', '.join(CONCEPTS)})"))
    if len(set(concepts)) != len(concepts):
        out.add(("solve", "concepts"), "a concept is listed twice")
    if sm.resolution < 2:
        out.add(("solve", "resolution"), f"resolution must be >= 2, got {sm.resolution}")
    if sm.max_outcomes < 1:
        out.add(("solve", "max_outcomes"), f"max_outcomes must be >= 1, got {sm.max_outcomes}")
    return SolveOptions(concepts, sm.lotteries, sm.resolution, sm.max_outcomes)


def _validate_structure(data: dict[str, Any], out: _Problems) -> schema.ScenarioModel | None:
    """Pydantic structure check. Keys that fail are dropped and the check is
    retried, so that the semantic checks still run and report everything else."""
    trimmed, reported = data, set()
    for _ in range(4):
        try:
            return schema.ScenarioModel.model_validate(trimmed)
        except ValidationError as exc:
            errors = [e for e in exc.errors() if tuple(e["loc"]) not in reported]
            if not errors:
                return None
            _pydantic_problems(errors, out)
            if trimmed is data:
                trimmed = copy.deepcopy(data)
            dropped = False
            for err in sorted(errors, key=lambda e: [str(x) for x in e["loc"]], reverse=True):
                loc = tuple(err["loc"])
                reported.add(loc)
                if err["type"] == "missing" or not loc:
                    continue
                node = trimmed
                try:
                    for key in loc[:-1]:
                        node = node[key]
                    del node[loc[-1]]
                    dropped = True
                except (KeyError, IndexError, TypeError):
                    pass
            if not dropped:
                return None
    return None


def build(doc: Document) -> Scenario:
    """Validate a parsed document and build the :class:`Scenario`."""
    out = _Problems(doc)
    data = doc.data
    if not isinstance(data, dict):
        out.add((), f"a scenario is a mapping with name, issues and parties, not {type(data).__name__}")
        raise ScenarioError(out.items, doc.source)
    data, uncertain, problems = extract(data)
    for p in problems:
        out.add(tuple(p.path.split(".")), p.message)
    model = _validate_structure(data, out)
    if model is None:
        raise ScenarioError(out.items, doc.source)
    _check_bounds(data, (), out)
    issues = _issues(model, out)
    if len(issues) != len(model.issues):
        raise ScenarioError(out.items, doc.source)
    parties = {}
    for name, pm in model.parties.items():
        party = _party(name, pm, issues, out)
        if party is not None:
            parties[name] = party
    if sum(1 for pm in model.parties.values() if pm.veto) < 2:
        out.add(("parties",), "at least two veto parties are required (veto: true is the default)")
    pressures = []
    for name, pm in model.pressures.items():
        pr = _pressure(name, pm, issues, model.parties, out)
        if pr is not None:
            pressures.append(pr)
    games = [g for name, gm in model.games.items() if (g := _game(name, gm, out)) is not None]
    solve = _solve_options(model.solve, out)
    if out.items:
        raise ScenarioError(out.items, doc.source, out.warnings)
    return Scenario(
        name=model.name,
        issues=tuple(issues),
        parties=tuple(parties.values()),
        pressures=tuple(pressures),
        games=tuple(games),
        breakdown=model.breakdown,
        solve=solve,
        description=model.description,
        sources=tuple(model.sources),
        source=doc.source,
        document=data,
        uncertain=uncertain,
        warnings=tuple(out.warnings),
    )


def load(path: str | Path) -> Scenario:
    """Read, validate and build a scenario file (raises :class:`ScenarioError`)."""
    return build(read_document(path))


def from_dict(data: dict[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate and build a scenario from an already-parsed mapping."""
    return build(Document(data, source, {}))


def table_of(party: Party, issue_index: int) -> Table | None:
    """The value table of a discrete issue, or None."""
    shape = party.values[issue_index]
    return shape if isinstance(shape, Table) else None
