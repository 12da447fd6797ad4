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

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import schema
from .conditions import Condition, parse_condition
from .document import Document, read_document
from .errors import Problem, ScenarioError, describe_value, did_you_mean, dotted, kind_of, unknown
from .uncertain import Distribution, bounds_of, extract, is_distribution, is_finite_number
from .values import ValueShape, parse_continuous, parse_discrete

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

    def without_pressure(self, name: str) -> Scenario:
        """The same scenario with one pressure removed."""
        return replace(self, pressures=tuple(p for p in self.pressures if p.name != name))

    def with_pressures(self, pressures: tuple[Pressure, ...]) -> Scenario:
        return replace(self, pressures=pressures)


# ---------------------------------------------------------------------------
# Building: document -> Scenario, collecting every problem.

#: Grid points per continuous issue above which ``solve.resolution`` is refused:
#: the grids are built before anything else, so an absurd resolution would
#: exhaust memory instead of failing cleanly. Finer grids buy nothing, since
#: continuous issues are optimised over the real range anyway.
MAX_RESOLUTION = 1_000_000
#: Largest magnitude of a number in a scenario: SPEC section 3 rounds utilities to 9
#: decimals, which overflows near 1e299 and is meaningless far below that.
MAX_MAGNITUDE = 1e15
#: What a field must be, in words, beside its range (see ``uncertain.NUMERIC_FIELDS``).
_NOTES = {"credibility": " (or 'auto')"}

Path_ = tuple[Any, ...]


class _Problems:
    """The problems found so far, and the paths already known to be broken.

    A problem at or inside a broken path is dropped: it would only repeat, in
    other words, what was said about that path.
    """

    def __init__(self, doc: Document | None):
        self.doc = doc
        self.items: list[Problem] = []
        self.warnings: list[Problem] = []
        self.broken: set[Path_] = set()

    def add(self, path: Path_, message: str, warning: bool = False) -> None:
        if schema.within(path, self.broken):
            return
        line = self.doc.line_of(path) if self.doc else None
        problem = Problem(dotted(path), message, line)
        target = self.warnings if warning else self.items
        if problem not in target:
            target.append(problem)

    def breaks(self, path: Path_, message: str) -> None:
        """Report a problem and mark its path broken."""
        self.add(path, message)
        self.broken.add(tuple(path))

    def broken_under(self, prefix: Path_) -> bool:
        """Whether some broken path is ``prefix`` or lies inside it."""
        key = tuple(map(str, prefix))
        return any(tuple(map(str, b))[:len(key)] == key for b in self.broken)

    def sorted(self, items: list[Problem]) -> list[Problem]:
        """By line (problems without a line last), then in the order found."""
        return sorted(items, key=lambda p: (p.line is None, p.line or 0))

    def error(self) -> ScenarioError:
        source = self.doc.source if self.doc else None
        return ScenarioError(self.sorted(self.items), source, self.sorted(self.warnings))


@dataclass
class _Context:
    """What the checks of one part need: the problems, and the names of the file."""

    out: _Problems
    issues: list[Issue]
    issue_names: list[str]
    party_names: list[str]

    @property
    def skipped(self) -> set[str]:
        """Issues written in the file but not usable (their own problems are reported)."""
        return set(self.issue_names) - {i.name for i in self.issues}

    @property
    def issues_unreadable(self) -> bool:
        """The ``issues`` mapping itself is missing or broken: names cannot be checked."""
        return self.out.broken_under(("issues",)) and not self.issue_names

    def known_issue(self, name: Any, path: Path_) -> bool:
        """Report ``name`` if it is no issue of the file; True if it is a usable one."""
        if self.issues_unreadable:
            return False
        if name not in self.issue_names:
            self.out.add(path, unknown("issue", name, self.issue_names))
            return False
        return name not in self.skipped

    def known_party(self, name: Any, path: Path_) -> bool:
        """Report ``name`` if it is no party of the file (unless the parties are unreadable)."""
        if self.out.broken_under(("parties",)) and not self.party_names:
            return False
        if name not in self.party_names:
            self.out.add(path, unknown("party", name, self.party_names))
            return False
        return True

    def condition(self, spec: Any, path: Path_) -> Condition | None:
        """Parse a condition; clauses on unusable issues are left out silently."""
        if self.issues_unreadable:
            return None
        if isinstance(spec, dict) and self.skipped:
            spec = {k: v for k, v in spec.items() if k not in self.skipped}
            if not spec:
                return None
        cond, problems = parse_condition(spec, self.issues)
        for sub, msg in problems:
            self.out.add(path + ((sub,) if sub else ()), msg)
        return cond


def _names_in(data: Any, key: str) -> list[str]:
    """The names written under ``data[key]`` (a mapping), as strings, in file order."""
    part = data.get(key) if isinstance(data, dict) else None
    return [str(k) for k in part] if isinstance(part, dict) else []


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _check_name(kind: str, name: Any, path: Path_, out: _Problems) -> None:
    if not isinstance(name, str) or not IDENTIFIER.match(name):
        out.add(path, f"{kind} name {describe_value(name)} is not an identifier "
                      "([A-Za-z_][A-Za-z0-9_]*); use an identifier and keep the original text "
                      "in 'label:'")


def _check_bounds(data: Any, path: Path_, out: _Problems) -> None:
    """Every number of the model: finite, at most :data:`MAX_MAGNITUDE` in size, and
    within its field's valid range (value shapes excepted: :mod:`sim.values` checks
    their ranges)."""
    if isinstance(data, dict):
        for k, v in data.items():
            _check_bounds(v, path + (k,), out)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _check_bounds(v, path + (i,), out)
    elif _is_number(data):
        in_values = len(path) >= 3 and path[0] == "parties" and path[2] == "values"
        bounds = bounds_of(dotted(path))
        if bounds is None and not in_values:
            return
        if not is_finite_number(data):
            out.breaks(path, f"expected a finite number, got {describe_value(data)}")
        elif abs(data) > MAX_MAGNITUDE:
            out.breaks(path, f"{describe_value(data)} is too large: numbers in a scenario lie "
                             f"within +-{MAX_MAGNITUDE:g}, so that they can be rounded to 9 "
                             "decimals (rescale the unit)")
        elif bounds is not None and not in_values and not bounds.contains(float(data)):
            note = _NOTES.get(str(path[-1]), "")
            out.breaks(path, f"{describe_value(data)} is outside the valid range {bounds.describe()}{note}")


def _issues(model: schema.ScenarioModel, out: _Problems) -> list[Issue]:
    """The usable issues, in file order; each unusable one is reported."""
    issues = []
    if not model.issues:
        out.add(("issues",), "at least one issue is required")
    for name, im in model.issues.items():
        issue = _issue(name, im, out)
        if issue is not None:
            issues.append(issue)
    return issues


def _issue(name: str, im: schema.IssueModel, out: _Problems) -> Issue | None:
    path = ("issues", name)
    n_problems = len(out.items)
    _check_name("issue", name, path, out)
    if (im.options is None) == (im.range is None):
        if not out.broken_under(path):
            out.add(path, "give either 'options' (a discrete issue) or 'range' (a continuous one)"
                    + (", not both" if im.options is not None else ""))
        return None
    if im.options is not None:
        opts = im.options
        if not opts:
            out.add(path + ("options",), "needs at least one option")
        for k, o in enumerate(opts):
            if not isinstance(o, str):
                text = describe_value(o)
                out.add(path + ("options", k), f"option {text} is {kind_of(o)}; option names are "
                        f"strings: quote it (\"{text}\")")
        for k, o in enumerate(opts):
            if isinstance(o, str) and o in opts[:k]:
                out.add(path + ("options", k), f"option {o!r} is listed twice")
        if len(out.items) > n_problems or out.broken_under(path):
            return None
        return Issue(name, tuple(opts), description=im.description, label=im.label)
    rng = im.range
    if len(rng) != 2 or not all(is_finite_number(v) for v in rng):
        out.add(path + ("range",), f"range must be [lo, hi], two numbers; got {describe_value(rng)}")
        return None
    if out.broken_under(path + ("range",)):
        return None
    lo, hi = float(rng[0]), float(rng[1])
    if not lo < hi:
        out.add(path + ("range",), f"range needs lo < hi, got [{rng[0]}, {rng[1]}]")
        return None
    if not math.isfinite(hi - lo):
        out.add(path + ("range",), f"range [{rng[0]}, {rng[1]}] is too wide to compute with")
        return None
    if len(out.items) > n_problems:
        return None
    return Issue(name, None, lo, hi, im.description, im.unit, im.label)


def _lottery(spec: Any, path: Path_, ctx: _Context) -> Lottery | None:
    out = ctx.out
    if not isinstance(spec, dict) or "lottery" not in spec:
        out.add(path, "expected a number or a war lottery {lottery: [{probability, "
                      f"outcome}}, ...], cost: c}}, got {describe_value(spec)}"
                + (" (a quoted number is a string: write it without quotes)"
                   if isinstance(spec, str) and schema.looks_like_number(spec) else ""))
        return None
    for key in spec:
        if key not in ("lottery", "cost", "source"):
            out.add(path + (key,), f"unknown key {str(key)!r} in a war lottery"
                    + (did_you_mean(key, ("lottery", "cost")) or " (allowed: lottery, cost)"))
    cost = spec.get("cost", 0.0)
    if not is_finite_number(cost):
        out.add(path + ("cost",), f"expected a finite number, got {describe_value(cost)}")
    items = spec["lottery"]
    if not isinstance(items, list) or not items:
        out.add(path + ("lottery",), "a lottery is a non-empty list of {probability: p, "
                                     f"outcome: {{issue: option, ...}}}}; got {describe_value(items)}")
        return None
    probs, outcomes, ok = [], [], True
    for k, item in enumerate(items):
        entry = _lottery_entry(item, path + ("lottery", k), ctx)
        if entry is None:
            ok = False
        else:
            probs.append(entry[0])
            outcomes.append(entry[1])
    if ok and abs(math.fsum(probs) - 1.0) > PROBABILITY_TOLERANCE:
        out.add(path + ("lottery",), f"probabilities sum to {math.fsum(probs):.12g}, not 1")
        ok = False
    if not ok or not is_finite_number(cost) or out.broken_under(path):
        return None
    return Lottery(tuple(probs), tuple(outcomes), float(cost))


def _lottery_entry(item: Any, path: Path_, ctx: _Context) -> tuple[float, tuple[float, ...]] | None:
    out = ctx.out
    if not isinstance(item, dict):
        out.add(path, "each lottery entry is {probability: p, outcome: {issue: option, ...}}, "
                      f"not {describe_value(item)}")
        return None
    ok = True
    for key in item:
        if key not in ("probability", "outcome"):
            out.add(path + (key,), f"unknown key {str(key)!r} in a lottery entry"
                    + (did_you_mean(key, ("probability", "outcome"))
                       or " (allowed: probability, outcome)"))
            ok = False
    for key in ("probability", "outcome"):
        if key not in item and not any(did_you_mean(k, (key,)) for k in item):
            out.add(path, f"the lottery entry needs {key!r}")
            ok = False
    p = item.get("probability")
    if "probability" in item and (not is_finite_number(p) or not 0 <= p <= 1):
        extra = (" (probabilities cannot be distributions: they must sum to 1)"
                 if is_distribution(p) else "")
        out.add(path + ("probability",), f"probability must be a number in [0, 1], got "
                                         f"{describe_value(p)}{extra}")
        ok = False
    outcome = _lottery_outcome(item["outcome"], path + ("outcome",), ctx) if "outcome" in item \
        else None
    if not ok or outcome is None:
        return None
    return float(p), outcome


def _lottery_outcome(spec: Any, path: Path_, ctx: _Context) -> tuple[float, ...] | None:
    out = ctx.out
    if not isinstance(spec, dict):
        out.add(path, f"an outcome is a mapping naming every issue, not {describe_value(spec)}")
        return None
    ok = True
    for key in spec:
        ok = ctx.known_issue(key, path + (key,)) and ok
    missing = [i for i in ctx.issue_names if i not in spec]
    if missing:
        out.add(path, f"the outcome must name every issue; missing: {', '.join(missing)}")
        ok = False
    values = []
    for issue in ctx.issues:
        if issue.name not in spec:
            continue
        v = spec[issue.name]
        ip = path + (issue.name,)
        if issue.options is not None:
            if not isinstance(v, str) or v not in issue.options:
                out.add(ip, _lottery_option(v, issue))
                ok = False
                continue
            values.append(float(issue.options.index(v)))
        elif not _is_number(v) or not issue.lo <= v <= issue.hi:
            out.add(ip, f"expected a number in [{issue.lo:g}, {issue.hi:g}], got {describe_value(v)}")
            ok = False
        else:
            values.append(float(v))
    return tuple(values) if ok else None


def _lottery_option(v: Any, issue: Issue) -> str:
    assert issue.options is not None
    text = describe_value(v)
    if not isinstance(v, str):
        if text in issue.options:
            return f"option {text} is written as {kind_of(v)}: quote it (\"{text}\")"
        return f"expected an option of {issue.name!r}, got {text} (options: {', '.join(issue.options)})"
    return unknown("option", v, issue.options)


def _weights(name: str, pm: schema.PartyModel, ctx: _Context) -> tuple[float, ...]:
    """Check a party's weights; return them normalised over the usable issues."""
    path = ("parties", name, "weights")
    out = ctx.out
    for key in pm.weights:
        ctx.known_issue(key, path + (key,))
    written = [w for k, w in pm.weights.items() if k in ctx.issue_names]
    if not out.broken_under(path) and not ctx.issues_unreadable and all(w >= 0 for w in written):
        total = math.fsum(written)
        if not math.isfinite(total):
            out.add(path, "the weights are too large: their sum is not a finite number")
        elif total <= 0:
            out.add(path, "all weights are 0 (or missing): at least one must be > 0")
    return normalise_weights([pm.weights.get(i.name, 0.0) for i in ctx.issues])


def normalise_weights(raw: Sequence[float]) -> tuple[float, ...]:
    """Weights normalised to sum 1 (SPEC 2): negative weights count as 0, the sum is
    ``math.fsum``; all zeros (an error the check reports) give zeros.

    >>> normalise_weights([3, 1, 0])
    (0.75, 0.25, 0.0)
    """
    clipped = [max(float(w), 0.0) for w in raw]
    total = math.fsum(clipped)
    return tuple(w / total if total > 0 and math.isfinite(total) else 0.0 for w in clipped)


def _values(name: str, pm: schema.PartyModel, ctx: _Context) -> tuple[ValueShape | None, ...]:
    """Check a party's value shapes; one per usable issue (None where not given)."""
    path = ("parties", name, "values")
    out = ctx.out
    for key in pm.values:
        ctx.known_issue(key, path + (key,))
    shapes: list[ValueShape | None] = []
    for issue in ctx.issues:
        spec = pm.values.get(issue.name)
        w = pm.weights.get(issue.name, 0.0)
        vp = path + (issue.name,)
        if spec is None:
            if w > 0 and issue.name not in pm.values:
                out.add(path, f"issue {issue.name!r} has weight {w:g} but no values")
            elif w > 0:
                out.add(vp, "values are missing (null)")
            shapes.append(None)
            continue
        if issue.options is not None:
            table, problems = parse_discrete(spec, issue.options)
            for sub, msg in problems:
                out.add(vp + ((sub,) if sub else ()), msg)
            shapes.append(table)
        else:
            assert issue.lo is not None and issue.hi is not None
            shape = parse_continuous(spec, issue.lo, issue.hi)
            if isinstance(shape, str):
                out.add(vp, shape)
                shape = None
            shapes.append(shape)
    return tuple(shapes)


def _disagreement(name: str, pm: schema.PartyModel, ctx: _Context) -> float | Lottery | None:
    path = ("parties", name, "disagreement")
    d = pm.disagreement
    if _is_number(d):
        if not is_finite_number(d):
            ctx.out.add(path, f"expected a finite number, got {describe_value(d)}")
            return None
        return float(d)
    return _lottery(d, path, ctx)


def _party(name: str, pm: schema.PartyModel, ctx: _Context) -> Party | None:
    path = ("parties", name)
    out = ctx.out
    n_problems = len(out.items)
    _check_name("party", name, path, out)
    weights = _weights(name, pm, ctx)
    values = _values(name, pm, ctx)
    disagreement = _disagreement(name, pm, ctx)
    red_lines = [ctx.condition(spec, path + ("red_lines", k)) for k, spec in enumerate(pm.red_lines)]
    if pm.red_lines and not pm.veto:
        out.add(path + ("red_lines",), "red lines of a non-veto party never bind", warning=True)
    interactions = [(ctx.condition(im.when, path + ("interactions", k, "when")), im.bonus)
                    for k, im in enumerate(pm.interactions)]
    if pm.strategy not in STRATEGIES:
        out.add(path + ("strategy",), unknown("strategy", pm.strategy, STRATEGIES))
    _check_provenance(pm.provenance, path, schema.PartyModel, out, ctx.issue_names,
                      {"red_lines": len(pm.red_lines), "interactions": len(pm.interactions)})
    if len(out.items) > n_problems or out.broken_under(path) or disagreement is None:
        return None
    return Party(name, weights, values, pm.veto, disagreement,
                 tuple(c for c in red_lines if c is not None),
                 pm.bargaining_power, pm.discount, pm.strategy,
                 tuple(Interaction(c, float(b)) for c, b in interactions if c is not None),
                 pm.label, pm.source)


def _check_provenance(prov: dict[str, str], path: Path_, model: Any, out: _Problems,
                      issues: list[str] | None = None,
                      counts: dict[str, int] | None = None) -> None:
    """``provenance:`` maps a sub-path of this part (``weights.territory``) to its source.

    ``counts`` gives the length of the part's lists (``red_lines``, ``interactions``),
    so that ``red_lines.3`` is checked to exist."""
    counts = counts or {}
    fields = [f for f in model.model_fields if f != "provenance"]
    for key in prov:
        head, _, rest = key.partition(".")
        where = path + ("provenance", key)
        if head not in fields:
            out.add(where, f"{head!r} is not a field this note can refer to"
                    + (did_you_mean(head, fields) or f" (fields: {', '.join(fields)})"))
        elif head in ("weights", "values") and issues is not None and rest:
            issue = rest.partition(".")[0]
            if issue not in issues:
                out.add(where, f"unknown issue {issue!r}" + did_you_mean(issue, issues))
        elif head in counts and rest and not (rest.isdigit() and int(rest) < counts[head]):
            what = head.replace("_", " ")[:-1]
            out.add(where, f"there is no {what} {rest!r} ({head.replace('_', ' ')} are "
                           "numbered from 0)")


def _pressure(name: str, pm: schema.PressureModel, ctx: _Context) -> Pressure | None:
    path = ("pressures", name)
    out = ctx.out
    n_problems = len(out.items)
    senders = [pm.by] if isinstance(pm.by, str) else pm.by
    if not isinstance(senders, list) or not senders:
        out.add(path + ("by",), f"by is a list of sender party names, not {describe_value(pm.by)}")
        senders = []
    for k, s in enumerate(senders):
        ctx.known_party(s, path + (("by", k) if isinstance(pm.by, list) else ("by",)))
    for k, s in enumerate(senders):
        if s in senders[:k]:
            out.add(path + ("by",), f"sender {s!r} is named twice")
    ctx.known_party(pm.target, path + ("target",))
    if not out.broken_under(path + ("by",)):
        for key, table in (("cost", pm.cost), ("backing_down_cost", pm.backing_down_cost)):
            for s in table:
                if s not in senders:
                    out.add(path + (key, s), f"{s!r} is not a sender of this pressure "
                            f"(senders: {', '.join(map(str, senders))})")
    demand = ctx.condition(pm.demand, path + ("demand",))
    cred = pm.credibility
    if cred != "auto" and not is_finite_number(cred):
        hint = did_you_mean(cred, ("auto",)) if isinstance(cred, str) else ""
        out.add(path + ("credibility",),
                f"credibility is a number in [0, 1] or 'auto', got {describe_value(cred)}{hint}")
    if pm.at_round < 1:
        out.add(path + ("at_round",), f"at_round must be >= 1, got {pm.at_round}")
    _check_provenance(pm.provenance, path, schema.PressureModel, out)
    if len(out.items) > n_problems or out.broken_under(path) or demand is None:
        return None
    return Pressure(name, tuple(senders), pm.target, demand, pm.penalty, dict(pm.cost),
                    cred if cred == "auto" else float(cred), dict(pm.backing_down_cost),
                    pm.reward, pm.at_round, pm.label)


def _game(name: str, gm: schema.GameModel, out: _Problems) -> Game | None:
    path = ("games", name)
    n_problems = len(out.items)
    players = gm.players
    if out.broken_under(path + ("players",)):
        return None
    if len(players) != 2 or len(set(players)) != 2:
        out.add(path + ("players",), "a game has exactly two distinct players (row player first)")
        return None
    for key in gm.strategies:
        if key not in players:
            out.add(path + ("strategies", key), f"{key!r} is not a player of this game"
                    + did_you_mean(key, players))
    for key in gm.payoffs:
        if key not in players:
            out.add(path + ("payoffs", key), f"{key!r} is not a player of this game"
                    + did_you_mean(key, players))
    strategies: dict[str, tuple[str, ...]] = {}
    for p in players:
        names = gm.strategies.get(p)
        if out.broken_under(path + ("strategies", p)):
            continue
        if not names:
            out.add(path + ("strategies",), f"player {p!r} needs a non-empty list of strategies")
            continue
        for k, s in enumerate(names):
            if not isinstance(s, str):
                out.add(path + ("strategies", p, k), f"strategy {describe_value(s)} is "
                        f"{kind_of(s)}; strategy names are strings: quote it")
            elif s in names[:k]:
                out.add(path + ("strategies", p, k), f"strategy {s!r} is named twice")
        strategies[p] = tuple(map(str, names))
    if len(strategies) == 2:
        m, n = len(strategies[players[0]]), len(strategies[players[1]])
        for p in players:
            table = gm.payoffs.get(p)
            if out.broken_under(path + ("payoffs", p)):
                continue
            if table is None:
                out.add(path + ("payoffs",), f"payoffs for player {p!r} are missing")
            elif len(table) != m or any(len(row) != n for row in table):
                shape = f"{len(table)} x " + "/".join(sorted({str(len(r)) for r in table}) or ["0"])
                out.add(path + ("payoffs", p), f"payoff table must be {m} x {n} (rows: "
                        f"{players[0]}'s strategies, columns: {players[1]}'s), got {shape}")
    if len(out.items) > n_problems or out.broken_under(path) or len(strategies) != 2:
        return None
    return Game(name, (players[0], players[1]), strategies,
                {p: tuple(tuple(row) for row in gm.payoffs[p]) for p in players})


def _solve_options(sm: schema.SolveModel, out: _Problems) -> SolveOptions:
    concepts = tuple(sm.concepts) if sm.concepts is not None else CONCEPTS
    for k, c in enumerate(concepts):
        if c not in CONCEPTS:
            out.add(("solve", "concepts", k), unknown("concept", c, CONCEPTS))
        elif c in concepts[:k]:
            out.add(("solve", "concepts", k), f"concept {c!r} is listed twice")
    if sm.resolution < 2:
        out.add(("solve", "resolution"), f"resolution must be >= 2, got {sm.resolution}")
    elif sm.resolution > MAX_RESOLUTION:
        out.add(("solve", "resolution"), f"resolution {sm.resolution:,} is too fine: at most "
                f"{MAX_RESOLUTION:,} grid points per continuous issue (continuous issues are "
                "optimised over the real range anyway)")
    if sm.max_outcomes < 1:
        out.add(("solve", "max_outcomes"), f"max_outcomes must be >= 1, got {sm.max_outcomes}")
    return SolveOptions(concepts, sm.lotteries, sm.resolution, sm.max_outcomes)


def _veto_count(model: schema.ScenarioModel, data: dict[str, Any], out: _Problems) -> None:
    """At least two veto parties (skipped when a party's veto flag could not be read)."""
    found = sum(pm.veto for pm in model.parties.values())
    unread = [n for n in _names_in(data, "parties") if n not in model.parties]
    if found + len(unread) < 2:
        out.add(("parties",), "at least two veto parties are required (veto: true is the "
                              f"default); found {found}")


def build(doc: Document) -> Scenario:
    """Validate a parsed document and build the :class:`Scenario`.

    Every problem is collected before anything is raised, so one run reports
    them all (:class:`~sim.errors.ScenarioError`, one located line each).
    """
    out = _Problems(doc)
    data = doc.data
    if not isinstance(data, dict):
        out.add((), f"a scenario is a mapping with name, issues and parties, not {kind_of(data)}")
        raise out.error()
    data, uncertain, problems = extract(data)
    for p in problems:
        out.breaks(tuple(p.path.split(".")), p.message)
    structure = schema.check_structure(data)
    for loc, message in structure.problems:
        out.add(loc, message)
    out.broken |= structure.broken
    model = structure.model
    if model is None:
        raise out.error()
    _check_bounds(data, (), out)
    if not model.name.strip() and not out.broken_under(("name",)):
        out.add(("name",), "the scenario needs a name")
    issues = _issues(model, out)
    ctx = _Context(out, issues, _names_in(data, "issues"), _names_in(data, "parties"))
    parties: dict[str, Party] = {}
    for name, pm in model.parties.items():
        party = _party(name, pm, ctx)
        if party is not None:
            parties[name] = party
    _veto_count(model, data, out)
    pressures = [p for name, pm in model.pressures.items() if (p := _pressure(name, pm, ctx))]
    games = [g for name, gm in model.games.items() if (g := _game(name, gm, out)) is not None]
    solve = _solve_options(model.solve, out)
    if out.items:
        raise out.error()
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
        warnings=tuple(out.sorted(out.warnings)),
    )


def load(path: str | Path) -> Scenario:
    """Read, validate and build a scenario file (raises :class:`ScenarioError`)."""
    return build(read_document(path))


def from_dict(data: dict[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate and build a scenario from an already-parsed mapping."""
    return build(Document(data, source, {}))
