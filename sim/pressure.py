"""Pressures: conditional threats and inducements (SPEC section 3, 'Pressures').

With credibility q (the number given, or for ``auto`` 1 when the senders'
backing-down cost exceeds their cost of carrying out; cf. Schelling 1960 on
commitment and Fearon 1995 on costly signals), every outcome that does not meet
the demand costs the target ``q * penalty`` and each sender ``q * cost_s``;
every outcome that meets it gives the target ``reward``. The disagreement point
moves like a non-complying outcome, without the reward.

A pressure with ``applies_to: impasse`` (SPEC section 12) moves the disagreement
point only: no outcome's utility changes. It models a demand for an act outside
the settlement (a ceasefire before talks): what the threat changes is what
failing to agree is worth, the outside option of Binmore, Shaked and Sutton
(1989), not what any agreement is worth.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .precision import round_utilities
from .scenario import Pressure, Scenario
from .space import Columns


def apply_to_utilities(
    scenario: Scenario, pressures: Sequence[Pressure], columns: Columns, u: np.ndarray
) -> np.ndarray:
    """Apply ``pressures`` in order to utilities ``u`` (outcomes x parties), in place
    (pressures on the impasse leave them alone)."""
    for p in pressures:
        if not p.on_outcomes:
            continue
        q = p.effective_credibility
        meets = p.demand.matches(columns)
        defies = (~meets).astype(float)  # x * 1.0 and x * 0.0 are exact: same numbers as masking
        t = scenario.party_index(p.target)
        if q * p.penalty:
            u[:, t] -= (q * p.penalty) * defies
        for s in p.senders:
            cost = p.cost.get(s, 0.0)
            if q * cost:
                u[:, scenario.party_index(s)] -= (q * cost) * defies
        if p.reward:
            u[:, t] += p.reward * meets
    return u


def apply_to_disagreement(
    scenario: Scenario, pressures: Sequence[Pressure], d: np.ndarray
) -> np.ndarray:
    """Move the disagreement point: d_t -= q penalty, d_s -= q cost_s (in place).

    This is the one place a pressure's effect on what failing to agree is worth
    is written; it is also the most a set of pressures can take from each party
    (the lower bounds of :func:`sim.explain.variants.utility_floor` and the
    frontier figure's axes)."""
    for p in pressures:
        q = p.effective_credibility
        d[scenario.party_index(p.target)] -= q * p.penalty
        for s in p.senders:
            d[scenario.party_index(s)] -= q * p.cost.get(s, 0.0)
    return d


def disagreement_point(
    scenario: Scenario, pressures: Sequence[Pressure], d: np.ndarray
) -> np.ndarray:
    """The disagreement point under ``pressures``, rounded (:mod:`sim.precision`):
    ``d`` (the utilities of no agreement, all parties; changed in place) moved by
    :func:`apply_to_disagreement`."""
    return round_utilities(apply_to_disagreement(scenario, pressures, d))
