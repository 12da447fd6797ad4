"""GENIUS domains and profiles as typed objects, with GENIUS's own semantics.

A GENIUS *domain* lists issues: ``discrete`` (named values), ``integer``
(``lowerbound``..``upperbound``) or ``real`` (a range). A *profile* (an
additive utility space) gives each issue a weight and an evaluator, plus a
reservation value and a discount factor. The utility of an outcome is
``sum_j w_j e_j(x_j)``, where (as GENIUS computes it):

- discrete: ``e_j(v) = evaluation(v) / max_v' evaluation(v')``;
- integer: ``e_j(x) = clip(offset + slope (x - lowerbound), 0, 1)``;
- real, ``linear``: ``clip(parameter1 x + parameter0, 0, 1)``; ``constant``:
  ``parameter0``; ``triangular``: 0 at ``parameter0``, 1 at the top
  ``parameter2``, 0 at ``parameter1`` (linear between, 0 outside);
  ``triangular_variable_top``: the same scaled by ``parameter3``.

These objects are the hub of the conversion: :mod:`.reader` builds them from
XML, :mod:`.writer` renders them, :mod:`.importer` turns them into a negsim
scenario and :mod:`.exporter` builds them from one.

>>> Linear(slope=0.25, offset=0.5, origin=2)(np.array([0, 2, 4]))
array([0. , 0.5, 1. ])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

IssueKind = Literal["discrete", "integer", "real"]


@dataclass(frozen=True)
class GeniusIssue:
    """An issue of a GENIUS domain. ``lo``/``hi`` are the bounds of integer and real issues."""

    name: str
    kind: IssueKind
    values: tuple[str, ...] = ()
    lo: float | None = None
    hi: float | None = None

    @property
    def size(self) -> int | None:
        """Number of values of a discrete or integer issue; None for a real one."""
        if self.kind == "discrete":
            return len(self.values)
        if self.kind == "integer":
            lo, hi = self.bounds
            return int(hi) - int(lo) + 1
        return None

    @property
    def integers(self) -> np.ndarray:
        """The values of an integer issue, ascending."""
        lo, hi = self.bounds
        return np.arange(int(lo), int(hi) + 1)

    @property
    def bounds(self) -> tuple[float, float]:
        """(lo, hi) of an integer or real issue (a discrete one has none: ``ValueError``)."""
        if self.lo is None or self.hi is None:
            raise ValueError(f"issue {self.name!r} is discrete: it has no range")
        return self.lo, self.hi


@dataclass(frozen=True)
class GeniusDomain:
    """A GENIUS domain: a name (the file's, without ``_domain``) and its issues."""

    name: str
    issues: tuple[GeniusIssue, ...]


@dataclass(frozen=True)
class Discrete:
    """Evaluations of the values of a discrete issue, in domain order, as written."""

    evaluations: tuple[float, ...]

    def normalised(self) -> tuple[float, ...]:
        """GENIUS divides each evaluation by the issue's largest (all 0 stays 0)."""
        top = max(self.evaluations, default=0.0)
        return tuple(e / top if top > 0 else 0.0 for e in self.evaluations)


@dataclass(frozen=True)
class Linear:
    """``clip(offset + slope (x - origin), 0, 1)``; origin is the lower bound of an
    integer issue and 0 for a real one."""

    slope: float
    offset: float
    origin: float = 0.0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return np.clip(self.offset + self.slope * (np.asarray(x, dtype=float) - self.origin), 0.0, 1.0)

    def kinks(self) -> list[float]:
        """Where the clipping starts or stops."""
        if self.slope == 0:
            return []
        return [self.origin + (level - self.offset) / self.slope for level in (0.0, 1.0)]


@dataclass(frozen=True)
class Constant:
    """The same evaluation everywhere (GENIUS ``constant``)."""

    value: float

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return np.full(np.shape(x), self.value, dtype=float)

    def kinks(self) -> list[float]:
        return []


@dataclass(frozen=True)
class Triangular:
    """0 at ``lower``, ``top_value`` at ``top``, 0 at ``upper``; linear between, 0 outside.

    GENIUS ``triangular`` has ``top_value`` 1; ``triangular_variable_top`` gives it.
    """

    lower: float
    upper: float
    top: float
    top_value: float = 1.0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        rise = (x - self.lower) / (self.top - self.lower) if self.top > self.lower else np.ones_like(x)
        fall = 1.0 - (x - self.top) / (self.upper - self.top) if self.upper > self.top else np.ones_like(x)
        inside = (x >= self.lower) & (x <= self.upper)
        return np.where(inside, self.top_value * np.where(x < self.top, rise, fall), 0.0)

    def kinks(self) -> list[float]:
        return [self.lower, self.top, self.upper]


Evaluator = Discrete | Linear | Constant | Triangular
#: The evaluators of a real or integer issue (a line, a constant, a triangle).
RealEvaluator = Linear | Constant | Triangular


@dataclass(frozen=True)
class GeniusProfile:
    """A GENIUS additive utility profile over a domain's issues (domain order).

    ``weights`` are as written (not normalised); ``discount`` is GENIUS's
    discount factor, where 0 (the default) and 1 both mean no discounting.
    """

    name: str
    weights: tuple[float, ...]
    evaluators: tuple[Evaluator, ...]
    reservation: float = 0.0
    discount: float = 0.0


def evaluate(domain: GeniusDomain, profile: GeniusProfile, outcome: tuple) -> float:
    """GENIUS's utility of one outcome (a value per issue), weights normalised to sum 1.

    >>> d = GeniusDomain("d", (GeniusIssue("a", "discrete", ("x", "y")),))
    >>> evaluate(d, GeniusProfile("p", (2.0,), (Discrete((1.0, 4.0)),)), ("x",))
    0.25
    """
    total = sum(profile.weights)
    u = 0.0
    for issue, w, ev, x in zip(domain.issues, profile.weights, profile.evaluators, outcome):
        if isinstance(ev, Discrete):
            e = ev.normalised()[issue.values.index(x)]
        else:
            e = float(ev(np.array([float(x)]))[0])
        u += w / total * e
    return u
