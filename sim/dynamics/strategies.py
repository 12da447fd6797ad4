"""Negotiation strategies, registered by name (SPEC section 8).

A strategy proposes in the rounds it is proposer and responds in the others:

- ``subgame_perfect``: follows the backward-induction plan (:mod:`.backward`);
- ``boulware``, ``linear``, ``conceder``: time-dependent tactics of Faratin,
  Sierra and Jennings (1998) with target
  T_i(r) = I_i - (I_i - d_i) ((r - 1) / (N - 1))^(1/beta), beta = 0.2, 1, 5:
  the proposer offers the frontier outcome with u_i >= T_i(r) that is best for
  the others (largest sum of their gains); the responder accepts u_i >= T_i(r + 1);
- ``tit_for_tat``: a relative tit-for-tat (Axelrod 1984; Faratin et al. 1998):
  opens at its ideal, then lowers its target by as much as the others, on
  average, raised its utility between their last two offers, never below d_i.

Adding a strategy is one class with ``propose``/``accepts``/``observe`` and one
entry in :data:`STRATEGIES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from .backward import TOL, BackwardInduction, subgame_perfect
from .setting import Offer, Regime, Setting


def best_for_others(setting: Setting, regime: Regime, party: int, target: float) -> Offer | None:
    """Frontier outcome with u_party >= target that maximises the others' summed gains."""
    veto = list(setting.veto)
    pos = veto.index(party)
    f = regime.frontier
    if not len(f):
        return None
    rows = np.nonzero(f[:, pos] >= target - TOL)[0]
    if not len(rows):
        rows = np.array([int(np.argmax(f[:, pos]))])
    others = [i for i in range(len(veto)) if i != pos]
    gain = (f[rows][:, others] - regime.d[[veto[i] for i in others]]).sum(axis=1)
    rows = rows[gain >= gain.max() - 5e-10]
    return setting.offer(regime, int(rows[np.argmin(regime.order[rows])]))


class Strategy(Protocol):
    """What the alternating-offers loop asks of a party's strategy."""

    def propose(self, setting: Setting, r: int, party: int) -> Offer | None: ...

    def accepts(self, setting: Setting, r: int, party: int, offer: Offer) -> bool: ...

    def observe(self, setting: Setting, r: int, proposer: int, offer: Offer, party: int) -> None: ...


@dataclass
class SubgamePerfect:
    plan: BackwardInduction

    def propose(self, setting: Setting, r: int, party: int) -> Offer | None:
        offer = self.plan.offer(r)
        if offer is None:  # no acceptable offer worth making: ask for its best outcome
            regime = setting.regime(r)
            return best_for_others(setting, regime, party, np.inf)
        return offer

    def accepts(self, setting: Setting, r: int, party: int, offer: Offer) -> bool:
        return self.plan.accepts(setting, r, party, offer)

    def observe(self, setting: Setting, r: int, proposer: int, offer: Offer, party: int) -> None:
        pass


@dataclass
class TimeDependent:
    """Faratin, Sierra and Jennings (1998) time-dependent tactic with concession exponent beta."""

    beta: float

    def target(self, setting: Setting, r: int, party: int) -> float:
        regime = setting.regime(r)
        pos = list(setting.veto).index(party)
        ideal = regime.ideal[pos] if regime.ideal is not None else regime.d[party]
        d = regime.d[party]
        n = setting.rounds
        frac = (r - 1) / (n - 1) if n > 1 else 1.0  # exceeds 1 only for T(N + 1)
        return float(ideal - (ideal - d) * frac ** (1.0 / self.beta))

    def propose(self, setting: Setting, r: int, party: int) -> Offer | None:
        return best_for_others(setting, setting.regime(r), party, self.target(setting, r, party))

    def accepts(self, setting: Setting, r: int, party: int, offer: Offer) -> bool:
        return bool(offer.utilities[party] >= self.target(setting, r + 1, party) - TOL)

    def observe(self, setting: Setting, r: int, proposer: int, offer: Offer, party: int) -> None:
        pass


@dataclass
class TitForTat:
    """Opens at its ideal; concedes as much as the others raised its utility, on average."""

    target: float | None = None
    seen: dict[int, list[float]] = field(default_factory=dict)

    def _current(self, setting: Setting, r: int, party: int) -> float:
        regime = setting.regime(r)
        if self.target is None:
            pos = list(setting.veto).index(party)
            self.target = float(regime.ideal[pos]) if regime.ideal is not None else float(regime.d[party])
        return max(self.target, float(regime.d[party]))

    def propose(self, setting: Setting, r: int, party: int) -> Offer | None:
        return best_for_others(setting, setting.regime(r), party, self._current(setting, r, party))

    def accepts(self, setting: Setting, r: int, party: int, offer: Offer) -> bool:
        return bool(offer.utilities[party] >= self._current(setting, r, party) - TOL)

    def observe(self, setting: Setting, r: int, proposer: int, offer: Offer, party: int) -> None:
        if proposer == party:
            return
        self._current(setting, r, party)
        self.seen.setdefault(proposer, []).append(float(offer.utilities[party]))
        raises = [v[-1] - v[-2] for v in self.seen.values() if len(v) >= 2]
        if raises:
            step = max(float(np.mean(raises)), 0.0)
            assert self.target is not None  # set by _current above
            self.target = max(self.target - step, float(setting.regime(r).d[party]))


def make_strategy(name: str, setting: Setting, plan_cache: dict) -> Strategy:
    """A fresh strategy object of the registered ``name``."""
    if name == "subgame_perfect":
        if "plan" not in plan_cache:
            plan_cache["plan"] = subgame_perfect(setting, plan_cache.get("progress"))
        return SubgamePerfect(plan_cache["plan"])
    factory = STRATEGIES[name]
    assert factory is not None  # only subgame_perfect has none, built above
    return factory()


#: Strategy name -> factory (beta = 0.2 boulware, 1 linear, 5 conceder).
STRATEGIES: dict[str, Callable[[], Strategy] | None] = {
    "subgame_perfect": None,
    "boulware": lambda: TimeDependent(0.2),
    "linear": lambda: TimeDependent(1.0),
    "conceder": lambda: TimeDependent(5.0),
    "tit_for_tat": TitForTat,
}
