"""The validated scenario's types: immutable objects, built once by :mod:`.build`.

:class:`Scenario` holds :class:`Issue`, :class:`Party` (with its disagreement
:class:`Lottery` and :class:`Interaction` bonuses), :class:`Pressure`,
:class:`Game` and :class:`SolveOptions`; the names they may take
(:data:`CONCEPTS`, :data:`STRATEGIES`, :data:`IDENTIFIER`) are defined here too.
Nothing here checks anything: :func:`~sim.scenario.build.build` makes these objects
once every check has passed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..conditions import Condition
from ..distributions import Distribution
from ..errors import Problem
from ..values import ValueShape

#: Solution concepts by name, in the default order (SPEC section 3).
CONCEPTS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")
#: Negotiation strategies by name (SPEC section 8).
STRATEGIES = ("subgame_perfect", "boulware", "linear", "conceder", "tit_for_tat")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


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

    @property
    def bounds(self) -> tuple[float, float]:
        """(lo, hi) of a continuous issue (a discrete one has none: ``ValueError``)."""
        if self.lo is None or self.hi is None:
            raise ValueError(f"issue {self.name!r} is discrete: it has no range")
        return self.lo, self.hi

    @property
    def width(self) -> float:
        """hi - lo of a continuous issue."""
        lo, hi = self.bounds
        return hi - lo


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


#: Where a pressure acts (SPEC section 12): on the outcomes' utilities and the
#: disagreement point (``outcomes``, SPEC section 3), or on the disagreement point only.
APPLIES_TO = ("outcomes", "impasse")


@dataclass(frozen=True)
class Pressure:
    """A conditional threat or inducement (SPEC section 3, 'Pressures'; section 12).

    ``applies_to`` is ``outcomes`` or ``impasse``; an impasse pressure may omit
    its demand, which is then the condition without clauses (every outcome meets
    it; no demand a scenario can write is empty). ``compliance_cost`` is what
    complying costs the target outside the settlement (the threat game, SPEC 7).
    """

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
    applies_to: str = "outcomes"
    compliance_cost: float = 0.0

    @property
    def on_outcomes(self) -> bool:
        """Whether the pressure changes outcomes' utilities (``applies_to: outcomes``)."""
        return self.applies_to == "outcomes"

    @property
    def has_demand(self) -> bool:
        """Whether the pressure demands something of the outcome (an impasse
        pressure may not: its demand is then an act outside the settlement)."""
        return bool(self.demand.clauses)

    @property
    def senders_carry_out(self) -> bool:
        """Whether the senders would carry the pressure out after defiance
        (backward induction at their node, SPEC section 12). Their two payoffs
        there differ by exactly (summed backing-down cost - summed cost),
        whatever the bargaining outcome, so that difference is what is compared
        (a tie backs down). The one home of the ``credibility: auto`` rule, so
        the threat game (:mod:`sim.threat`) agrees with it to the last bit."""
        return sum(self.backing_down_cost.values()) > sum(self.cost.values())

    @property
    def effective_credibility(self) -> float:
        """q: the number given, or for ``auto`` 1 if the senders would carry the
        pressure out (:attr:`senders_carry_out`), else 0."""
        if self.credibility == "auto":
            return 1.0 if self.senders_carry_out else 0.0
        return float(self.credibility)


#: What a party may be seen to do (SPEC section 12), by the key of the observation.
OBSERVATIONS = ("defied", "complied", "rejected", "accepted", "no_agreement")


@dataclass(frozen=True)
class Observation:
    """One item of ``observed:`` (SPEC section 12): ``kind`` is one of
    :data:`OBSERVATIONS`; ``pressure`` names the pressure defied or complied with;
    ``party`` the party that rejected or accepted ``point`` (option index or value
    per issue, file order; ``outcome`` as written)."""

    kind: str
    pressure: str | None = None
    party: str | None = None
    point: tuple[float, ...] | None = None
    outcome: dict[str, Any] | None = field(default=None, compare=False)

    def describe(self) -> str:
        """The observation in words: ``russia defied sanctions_ultimatum``."""
        if self.kind == "no_agreement":
            return "no agreement was reached"
        if self.pressure is not None:
            return f"the target {self.kind} {self.pressure}"
        shown = ", ".join(f"{k}={v}" for k, v in (self.outcome or {}).items())
        return f"{self.party} {self.kind} {{{shown}}}"


@dataclass(frozen=True)
class Game:
    """A two-player normal-form game written in the scenario (SPEC section 7)."""

    name: str
    players: tuple[str, str]
    strategies: dict[str, tuple[str, ...]]
    payoffs: dict[str, tuple[tuple[float, ...], ...]]


@dataclass(frozen=True)
class Implementers:
    """The parties that must accept any deal moving ``issue`` (an index) away from
    its ``default`` (an option index, or a value of a continuous issue)."""

    issue: int
    parties: tuple[int, ...]
    default: float


@dataclass(frozen=True)
class Agreement:
    """An agreement rule (SPEC section 11): who must accept a deal besides every
    veto party. ``votes`` has one entry per party (file order, 0 if not listed)."""

    quorum: int | None = None
    votes: tuple[float, ...] | None = None
    threshold: float | None = None
    implementers: tuple[Implementers, ...] = ()

    def counts(self, party: int) -> bool:
        """Whether ``party``'s acceptance can matter beyond its veto (quorum, a
        positive vote, or an implementer)."""
        return (self.quorum is not None
                or (self.votes is not None and self.votes[party] > 0)
                or any(party in imp.parties for imp in self.implementers))


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
    agreement: Agreement | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()
    source: str | None = None
    date: datetime.date | None = None
    document: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    uncertain: dict[str, Distribution] = field(default_factory=dict, compare=False)
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    observed: tuple[Observation, ...] = ()

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

    def with_pressures(self, pressures: tuple[Pressure, ...]) -> Scenario:
        return replace(self, pressures=pressures)
