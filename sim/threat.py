"""The threat game of a pressure (SPEC section 7): payoffs and backward induction.

The target chooses ``comply`` or ``defy``; the senders, as one player whose
payoff is their summed utility, choose ``carry_out`` or ``back_down``. The
payoffs rest on two bargaining outcomes, computed with every *other* pressure
applied and this one removed:

- comply: the Nash solution over the part of the ZOPA that meets the demand,
  the target gaining ``reward`` and losing ``compliance_cost`` (the
  disagreement point if that part is empty);
- defy: the Nash solution over the rest of the ZOPA (the disagreement point if
  it is empty); ``carry_out`` costs the target ``penalty`` and each sender its
  ``cost``, ``back_down`` costs each sender its ``backing_down_cost``.

The senders' choice does not change the comply row, so every threat game is
degenerate. As an extensive form (Schelling 1960, *The Strategy of Conflict*;
Selten 1965 on subgame perfection) the senders move only after defiance:
backward induction gives the one subgame-perfect profile, which is what
``credibility: auto`` assumes (SPEC section 3).

A pressure on the impasse without a demand (SPEC section 12: the demand is an
act outside the settlement, such as a ceasefire before talks) has no halves:
both rows rest on the Nash solution without the pressure (the disagreement
point if there is no ZOPA), and the target's choice turns on the penalty
against ``compliance_cost - reward``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from .analysis import Solver
from .conditions import ConditionRegion
from .precision import round_utilities
from .results import Region, Result
from .scenario import Pressure, Scenario

TARGET_STRATEGIES = ("comply", "defy")
SENDER_STRATEGIES = ("carry_out", "back_down")


@dataclass(frozen=True)
class ThreatPayoffs:
    """The 2 x 2 threat game of one pressure.

    ``target`` and ``senders`` are the payoff matrices (rows: comply, defy;
    columns: carry_out, back_down); ``comply`` and ``defy`` the utilities of
    every party (scenario order) at the two bargaining outcomes, before the
    reward, compliance cost, penalty and costs; ``carry_out`` and ``complies`` the
    subgame-perfect choices.
    """

    pressure: Pressure
    players: tuple[str, str]
    target: np.ndarray
    senders: np.ndarray
    comply: np.ndarray
    defy: np.ndarray
    carry_out: bool
    complies: bool

    @property
    def subgame_perfect(self) -> tuple[int, int]:
        """(row, column) of the subgame-perfect profile."""
        return (0 if self.complies else 1, 0 if self.carry_out else 1)

    def in_words(self) -> str:
        """The subgame-perfect profile as a sentence."""
        p = self.pressure
        what = "the " + (p.label or p.name.replace("_", " "))
        who = p.senders[0] if len(p.senders) == 1 else f"the senders ({', '.join(p.senders)})"
        act = f"carry out {what}" if self.carry_out else f"back down from {what}"
        if self.complies:
            return f"{p.target} complies; {who} would {act} if it defied"
        return f"{p.target} defies; {who} " + (f"carry out {what}" if self.carry_out
                                                 else f"back down from {what}")


    def credibility_note(self) -> str | None:
        """One line when the game and the report disagree: the senders would back
        down (the threat is not credible), yet the pressure's stated credibility,
        which every solve of the report applies, is above 0."""
        p = self.pressure
        if self.carry_out or p.credibility == "auto" or p.effective_credibility <= 0:
            return None
        return (f"the senders would back down, so this threat is not credible; the report "
                f"still applies {p.name} at its stated credibility {p.effective_credibility:g} "
                "(credibility: auto would apply it at 0)")


def nash_solver(scenario: Scenario, solver: Solver | None = None) -> Solver:
    """A solver of ``scenario`` that computes the Nash solution only (whatever
    ``solve.concepts`` says), with the scenario's other solve options; built on
    ``solver`` (a solver of ``scenario``, e.g. ``Analysis.solver``) when given,
    so that its tabulated space is reused."""
    base = solver if solver is not None else Solver.of(scenario, tabulate=True)
    s = base.scenario
    return replace(base, scenario=replace(s, solve=replace(s.solve, concepts=("nash",))))


def _nash_or_disagreement(result: Result) -> np.ndarray:
    sol = result.solutions.get("nash")
    return np.asarray(sol.utilities if sol is not None else result.disagreement, dtype=float)


def sender_carries_out(pressure: Pressure) -> bool:
    """Backward induction at the senders' node, after defiance.

    The senders' two payoffs there differ by exactly (summed backing-down cost
    - summed cost), whatever the bargaining outcome, so that difference is what
    is compared (a tie backs down). The sums are taken as in
    :attr:`Pressure.effective_credibility`, so the choice agrees with
    ``credibility: auto`` to the last bit.
    """
    return sum(pressure.backing_down_cost.values()) > sum(pressure.cost.values())


#: solve(pressures, region) -> the Nash solution's :class:`Result` (e.g. ``Solver.solve``).
Solve = Callable[[Sequence[Pressure], Region | None], Result]


def halves(solve: Solve, scenario: Scenario, pressure: Pressure) -> tuple[np.ndarray, np.ndarray]:
    """Every party's utility at the comply and the defy bargaining outcome of
    ``pressure`` (module doc), computed by ``solve`` with every other pressure of
    ``scenario`` applied and this one removed. Both are the Nash solution without
    the pressure when it has no demand (SPEC section 12)."""
    others = [q for q in scenario.pressures if q.name != pressure.name]
    if not pressure.has_demand:  # an act outside the settlement: the deal without the pressure
        both = _nash_or_disagreement(solve(others, None))
        return both, both
    comply = _nash_or_disagreement(solve(others, ConditionRegion(pressure.demand)))
    defy = _nash_or_disagreement(solve(others, ConditionRegion(pressure.demand, complement=True)))
    return comply, defy


def threat_payoffs(solver: Solver, pressure: Pressure) -> ThreatPayoffs:
    """Derive the threat game of ``pressure`` (SPEC section 7) with ``solver``.

    ``solver`` must compute the Nash solution (see :func:`nash_solver`).
    """
    s = solver.scenario
    comply, defy = halves(lambda pressures, region: solver.solve(pressures, region), s, pressure)
    t = s.party_index(pressure.target)
    senders = [s.party_index(n) for n in pressure.senders]
    cost = sum(pressure.cost.values())
    back = sum(pressure.backing_down_cost.values())
    c_t = comply[t] + pressure.reward - pressure.compliance_cost
    target = np.array([[c_t, c_t], [defy[t] - pressure.penalty, defy[t]]])
    c_s, d_s = comply[senders].sum(), defy[senders].sum()
    sender = np.array([[c_s, c_s], [d_s - cost, d_s - back]])
    target, sender = round_utilities(target) + 0.0, round_utilities(sender) + 0.0
    carry = sender_carries_out(pressure)
    column = 0 if carry else 1
    complies = bool(target[0, column] >= target[1, column])  # a tied target complies
    players = (pressure.target, "+".join(pressure.senders))
    return ThreatPayoffs(pressure, players, target, sender, comply, defy, carry, complies)


def threat_games(scenario: Scenario, solver: Solver | None = None) -> dict[str, ThreatPayoffs]:
    """The threat game of every pressure of ``scenario``, by pressure name
    (``solver``: see :func:`nash_solver`)."""
    if not scenario.pressures:
        return {}
    solver = nash_solver(scenario, solver)
    return {p.name: threat_payoffs(solver, p) for p in solver.scenario.pressures}
