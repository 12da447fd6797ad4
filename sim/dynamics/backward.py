"""The subgame-perfect plan by backward induction from the deadline.

With W(N + 1) = d, for r = N, ..., 1 and proposer k (Rubinstein 1982; Stahl 1972
for the finite horizon):

- each responder j's value of rejecting is C_j(r) = p d_j + (1 - p) W_j(r + 1),
  p the breakdown probability (Binmore, Rubinstein and Wolinsky 1986);
- j accepts x iff d_j + delta_j^(r-1) (u_j(x) - d_j) >= C_j(r), i.e.
  u_j(x) >= tau_j = d_j + (C_j(r) - d_j) / delta_j^(r-1);
- k offers the outcome of the ZOPA maximising its own utility subject to
  u_j >= tau_j for every responder (ties: the larger sum of the responders'
  gains, then the first outcome), if that is worth at least its own C_k(r);
  else no agreement is possible in round r and W(r) = C(r).

The maximiser lies on the Pareto frontier of the ZOPA (a dominating outcome
would meet the same constraints and win the tie-break), so each round is one
vectorised pass over the frontier; continuous issues are then optimised over
the real range from the best frontier point.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..precision import UNIT
from .setting import Offer, Regime, Setting

#: Acceptance and comparison tolerance (one unit of the 9-decimal lattice).
TOL = UNIT


@dataclass
class Plan:
    """Round r's subgame-perfect offer (or None) and every party's value of rejecting."""

    offers: list[Offer | None]
    continuation: np.ndarray  # (rounds, parties): C(r) in round-1 value terms

    def offer(self, r: int) -> Offer | None:
        return self.offers[r - 1]

    def accepts(self, setting: Setting, r: int, party: int, offer: Offer) -> bool:
        d = setting.regime(r).d
        value = setting.value(offer.utilities, d, r)[party]
        return bool(value >= self.continuation[r - 1, party] - TOL)


def _best_row(regime: Regime, pos: int, responders: list[int], tau: np.ndarray) -> int | None:
    """Frontier row maximising party ``pos``'s utility with every responder at least tau."""
    f = regime.frontier
    if not len(f):
        return None
    ok = np.all(f[:, responders] >= tau[None, :] - TOL, axis=1) if responders else np.ones(len(f), bool)
    rows = np.nonzero(ok)[0]
    if not len(rows):
        return None
    own = f[rows, pos]
    rows = rows[own >= own.max() - 5e-10]
    others = f[rows][:, responders].sum(axis=1) if responders else np.zeros(len(rows))
    rows = rows[others >= others.max() - 5e-10]
    return int(rows[np.argmin(regime.order[rows])])


def _refine(setting: Setting, regime: Regime, offer: Offer, proposer: int,
            floor: np.ndarray) -> Offer:
    """Optimise the offer over the real range of the continuous issues."""
    from ..refine import Objective, pattern_search

    issues = setting.scenario.issues
    cont = np.array([j for j, iss in enumerate(issues) if iss.continuous])
    lo = np.array([issues[j].lo for j in cont])
    hi = np.array([issues[j].hi for j in cont])
    step = (hi - lo) / (setting.scenario.solve.resolution - 1)
    veto = list(setting.veto)
    pos = veto.index(proposer)
    others = [i for i in range(len(veto)) if i != pos]
    d = regime.d[setting.veto]
    score = Objective(setting.solver, regime.pressures, floor, None, lambda u: u[:, pos],
                       lambda u: (u[:, others] - d[others]).sum(axis=1) if others else u[:, pos] * 0)
    point, _ = pattern_search(score, np.array(offer.point), cont, lo, hi, step)
    better = setting.offer_at(tuple(np.round(point, 12)), regime)
    return better if better.utilities[proposer] > offer.utilities[proposer] + TOL else offer


def subgame_perfect(setting: Setting, progress: Callable[[int], None] | None = None) -> Plan:
    """Backward induction over all rounds (SPEC section 8, ``subgame_perfect``)."""
    n_rounds, p = setting.rounds, setting.breakdown
    n_parties = len(setting.scenario.parties)
    veto = list(setting.veto)
    continuous = any(i.continuous for i in setting.scenario.issues)
    offers: list[Offer | None] = [None] * n_rounds
    cont = np.zeros((n_rounds, n_parties))
    w = setting.regime(n_rounds).d.copy()
    for r in range(n_rounds, 0, -1):
        regime = setting.regime(r)
        d = regime.d
        c = p * d + (1 - p) * w
        cont[r - 1] = c
        k = setting.proposer(r)
        pos = veto.index(k)
        disc = setting.discount ** (r - 1)
        tau = d + (c - d) / disc
        responders = [i for i in range(len(veto)) if i != pos]
        row = _best_row(regime, pos, responders, tau[[veto[i] for i in responders]])
        offer = None
        if row is not None:
            offer = setting.offer(regime, row)
            if continuous:
                floor = regime.d.copy()
                floor[[veto[i] for i in responders]] = np.maximum(
                    d[[veto[i] for i in responders]], tau[[veto[i] for i in responders]] - TOL)
                offer = _refine(setting, regime, offer, k, floor)
        if offer is not None:
            value = setting.value(offer.utilities, d, r)
            if value[k] >= c[k] - TOL:
                offers[r - 1] = offer
                w = value
            else:
                w = c
        else:
            w = c
        if progress is not None:
            progress(1)
    return Plan(offers, cont)
