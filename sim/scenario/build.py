"""Building a :class:`~sim.scenario.types.Scenario` from a document, collecting every problem.

:func:`build` runs the checks of every part (issues and games here, parties
in :mod:`.parties`, pressures in :mod:`.pressures`, the agreement rule in :mod:`.agreement`, the shared ones in
:mod:`.problems`) and raises one :class:`~sim.errors.ScenarioError` listing
them all; :func:`load` reads a file first, :func:`from_dict` takes an
already-parsed mapping.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .. import schema
from ..distributions import extract, is_finite_number
from ..docpaths import replaced
from ..document import Document, read_document
from ..errors import ScenarioError, describe_value, did_you_mean, kind_of, unknown
from ..precision import DECIMALS, round_utilities
from .agreement import build_agreement
from .observations import build_observations
from .parties import build_party
from .pressures import build_pressure
from .problems import CheckContext, Problems, check_bounds, check_name, names_in
from .types import CONCEPTS, Game, Issue, Party, Pressure, Scenario, SolveOptions

#: Grid points per continuous issue above which ``solve.resolution`` is refused:
#: the grids are built before anything else, so an absurd resolution would
#: exhaust memory instead of failing cleanly. Finer grids buy nothing, since
#: continuous issues are optimised over the real range anyway.
MAX_RESOLUTION = 1_000_000

T = TypeVar("T")


def _issues(model: schema.ScenarioModel, out: Problems) -> list[Issue]:
    """The usable issues, in file order; each unusable one is reported."""
    issues = []
    if not model.issues:
        out.add(("issues",), "at least one issue is required")
    for name, im in model.issues.items():
        issue = _issue(name, im, out)
        if issue is not None:
            issues.append(issue)
    return issues


def _issue(name: str, im: schema.IssueModel, out: Problems) -> Issue | None:
    path = ("issues", name)
    n_problems = len(out.items)
    check_name("issue", name, path, out)
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
        seen: set[str] = set()
        for k, o in enumerate(opts):
            if isinstance(o, str) and o in seen:
                out.add(path + ("options", k), f"option {o!r} is listed twice")
            elif isinstance(o, str):
                seen.add(o)
        if len(out.items) > n_problems or out.broken_under(path):
            return None
        return Issue(name, tuple(opts), description=im.description, label=im.label)
    rng = im.range
    assert rng is not None  # either options or a range, checked above
    if out.broken_under(path + ("range",)):  # a bound already reported (nan, 1e300): not twice
        return None
    if len(rng) != 2 or not all(is_finite_number(v) for v in rng):
        out.add(path + ("range",), f"range must be [lo, hi], two numbers; got {describe_value(rng)}")
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


def _check_lattice(issues: list[Issue], resolution: int, out: Problems) -> None:
    """A continuous range against the 9-decimal rounding of SPEC section 3.

    Grid values (and the outcomes reported) are ``numpy.round(x, 9)``. A range
    whose ends round to the same number would collapse to one point: refused. A
    grid whose points are closer than 1e-9 would count some outcomes twice under
    one value: a warning (fewer points, or a larger unit).
    """
    for issue in issues:
        if issue.options is not None:
            continue
        path = ("issues", issue.name, "range")
        lo, hi = (round(x, DECIMALS) for x in issue.bounds)
        if lo == hi:
            out.add(path, f"range [{issue.lo:.15g}, {issue.hi:.15g}] is narrower than the 1e-9 "
                          f"rounding of values: every value rounds to {lo + 0.0:.15g}; "
                          "rescale the unit")
            continue
        grid = round_utilities(np.linspace(*issue.bounds, resolution))  # ascending
        distinct = 1 + int(np.count_nonzero(np.diff(grid)))
        if distinct < resolution:
            out.add(path, f"the {resolution} grid points of range [{issue.lo:.15g}, {issue.hi:.15g}] "
                          f"round to {distinct} distinct values (values are rounded to 9 "
                          "decimals): lower solve.resolution or rescale the unit", warning=True)


def _game(name: str, gm: schema.GameModel, out: Problems) -> Game | None:
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


def _solve_options(sm: schema.SolveModel, out: Problems) -> SolveOptions:
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


def _date(text: str | datetime.date | None, out: Problems) -> datetime.date | None:
    """The scenario's ``date:`` (ISO 8601, ``2025-05-16``): when the modelled stage took place.
    (A mapping parsed by a YAML 1.1 loader may hold a date object already.)"""
    if text is None or isinstance(text, datetime.date):
        return text
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return datetime.date.fromisoformat(text)
    except ValueError as exc:
        out.add(("date",), f"{text!r} is not a date: {exc}")
        return None
    out.add(("date",), f"expected a date written YYYY-MM-DD (e.g. 2025-05-16), got {text!r}")
    return None


def _veto_count(model: schema.ScenarioModel, data: dict[str, Any], out: Problems) -> None:
    """At least two veto parties (skipped when a party's veto flag could not be read)."""
    found = sum(pm.veto for pm in model.parties.values())
    unread = [n for n in names_in(data, "parties") if n not in model.parties]
    if found + len(unread) < 2:
        out.add(("parties",), "at least two veto parties are required (veto: true is the "
                              f"default); found {found}")


def build(doc: Document) -> Scenario:
    """Validate a parsed document and build the :class:`Scenario`.

    Every problem is collected before anything is raised, so one run reports
    them all (:class:`~sim.errors.ScenarioError`, one located line each).
    """
    out = Problems(doc)
    out.extend(doc.problems)
    out.broken.update(doc.broken)  # read as placeholders: nothing more said about them
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
    out.broken.update(structure.broken)
    model = structure.model
    if model is None:
        raise out.error()
    check_bounds(data, (), out)
    if not model.name.strip() and not out.broken_under(("name",)):
        out.add(("name",), "the scenario needs a name")
    date = _date(model.date, out)
    issues = _issues(model, out)
    ctx = CheckContext(out, issues, names_in(data, "issues"), names_in(data, "parties"))
    ctx.agreement = build_agreement(model.agreement, ctx)
    parties: dict[str, Party] = {}
    for name, pm in model.parties.items():
        party = build_party(name, pm, ctx)
        if party is not None:
            parties[name] = party
    _veto_count(model, data, out)
    pressures = [pressure for name, pm in model.pressures.items()
                 if (pressure := build_pressure(name, pm, ctx))]
    games = [g for name, gm in model.games.items() if (g := _game(name, gm, out)) is not None]
    solve = _solve_options(model.solve, out)
    if not out.broken_under(("solve", "resolution")) and 2 <= solve.resolution <= MAX_RESOLUTION:
        _check_lattice(issues, solve.resolution, out)
    observed = build_observations(model.observed, names_in(data, "pressures"), ctx)
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
        agreement=ctx.agreement,
        description=model.description,
        sources=tuple(model.sources),
        source=doc.source,
        date=date,
        document=data,
        uncertain=uncertain,
        warnings=tuple(out.sorted(out.warnings)),
        observed=tuple(observed),
    )


class PartBuilder:
    """Builds parties and pressures of the valid scenario ``base`` again, from
    their documents with some values substituted, by the checks and building
    steps of :func:`build` (one builder for a file and for a variant of it).

    ``changes`` are (keys inside the part, value) pairs, e.g.
    ``(("weights", "x"), 2.0)`` for ``parties.NAME.weights.x``; every substituted
    number is checked against its field's range as in a file. Nodes of the
    document that no change passes through are shared with ``base.document``,
    and their value shapes and conditions parsed once
    (:meth:`CheckContext.parsed`), so that building a part again costs tens of
    microseconds. Raises :class:`~sim.errors.ScenarioError` (located at the
    dotted paths) when a part is not valid.
    """

    def __init__(self, base: Scenario):
        self.base = base
        data = base.document
        self.ctx = CheckContext(Problems(None), list(base.issues), names_in(data, "issues"),
                                names_in(data, "parties"), base.agreement, reuse=True)

    def party(self, name: str, changes: Sequence[tuple[tuple[Any, ...], Any]]) -> Party:
        """Party ``name`` of ``base`` with ``changes`` made to its document."""
        raw = self._substituted(("parties", name), changes)
        return self._built(lambda: build_party(name, schema.PartyModel.model_validate(raw), self.ctx))

    def pressure(self, name: str, changes: Sequence[tuple[tuple[Any, ...], Any]]) -> Pressure:
        """Pressure ``name`` of ``base`` with ``changes`` made to its document."""
        raw = self._substituted(("pressures", name), changes)
        return self._built(
            lambda: build_pressure(name, schema.PressureModel.model_validate(raw), self.ctx))

    def number(self, keys: tuple[Any, ...], value: Any) -> float:
        """A number of the scenario itself (``breakdown``) checked against its field's range."""
        self.ctx.out = Problems(None)
        check_bounds(value, tuple(keys), self.ctx.out)
        return self._built(lambda: float(value))

    def _substituted(self, path: tuple[str, str], changes: Sequence[tuple[tuple[Any, ...], Any]]
                     ) -> dict[str, Any]:
        self.ctx.out = Problems(None)
        for keys, value in changes:
            check_bounds(value, path + tuple(keys), self.ctx.out)
        return replaced(self.base.document[path[0]][path[1]], changes)

    def _built(self, build_part: Callable[[], T | None]) -> T:
        part = None if self.ctx.out.items else build_part()
        if part is None or self.ctx.out.items:
            raise ScenarioError(self.ctx.out.sorted(self.ctx.out.items), self.base.source)
        return part


def load(path: str | Path) -> Scenario:
    """Read, validate and build a scenario file (raises :class:`ScenarioError`)."""
    return build(read_document(path, defer=True))


def from_dict(data: dict[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate and build a scenario from an already-parsed mapping."""
    return build(Document(data, source, {}))
