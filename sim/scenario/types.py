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
from ..errors import Problem
from ..uncertain import Distribution
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
    date: datetime.date | None = None
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
