"""Observations checked against the model: does it reproduce what the parties did?

SPEC section 12. Under one set of numbers (a scenario, or one draw of its
uncertain numbers):

- ``no_agreement`` holds iff the ZOPA Z is empty;
- ``accepted: {party: i, outcome: x}`` holds iff i accepts x (no red line of i
  matched and u_i(x) >= d_i, after every pressure: SPEC section 11,
  :meth:`sim.analysis.Solver.accepting`), ``rejected`` iff it does not;
- ``defied: P`` holds iff

      N_rest - q * penalty  >  N_comply + reward - compliance_cost

  for P's target t, with q P's credibility, N_comply t's utility at the Nash
  solution over the part of Z meeting P's demand and N_rest over the rest of
  Z, both with every other pressure applied and P removed (t's disagreement
  utility for an empty part): the halves of P's threat game
  (:func:`sim.threat.halves`). Without a demand both are t's utility at the
  Nash solution without P, so t defies iff q * penalty < compliance_cost -
  reward. ``complied: P`` holds otherwise (a tie complies, as in SPEC 7).

The two sides of the ``defied`` comparison are rounded to 9 decimals before
comparing, like the threat game's payoffs (SPEC section 3: comparisons are
exact on the rounded numbers). With a uniform prior on q and the rest fixed,
the draws that reproduce ``defied`` are therefore exactly those with q below
the threshold q* = (N_rest - N_comply - reward + compliance_cost) / penalty
(to the 9-decimal lattice): the posterior is the prior cut at q*
(``tests/test_calibration.py``). The comparison is the target's expected
payoff of defying (the threat carried out with probability q) against that of
complying, the reading of credibility in Schelling (1960, ch. 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .analysis import Solver
from .precision import rounded
from .results import Result
from .scenario import Observation, Scenario
from .threat import Solve, halves, nash_solver


@dataclass(frozen=True)
class Check:
    """One observation under one set of numbers: whether it ``holds``, and the
    numbers it turned on, in words (``why``)."""

    observation: Observation
    holds: bool
    why: str


def defiance(scenario: Scenario, name: str, solve: Solve) -> tuple[bool, float, float]:
    """(defies, value of defying, value of complying) for the target of pressure
    ``name``: N_rest - q penalty and N_comply + reward - compliance_cost, each
    rounded to 9 decimals (module doc)."""
    p = scenario.pressure(name)
    comply, defy = halves(solve, scenario, p)
    t = scenario.party_index(p.target)
    q = p.effective_credibility
    defying = rounded(defy[t] - q * p.penalty)
    complying = rounded(comply[t] + p.reward - p.compliance_cost)
    return defying > complying, defying, complying


def check(solver: Solver, result: Result, solve: Solve | None = None) -> list[Check]:
    """Every observation of ``solver.scenario`` under its numbers.

    ``result`` is the solve with every pressure (``Analysis.result``); ``solve``
    computes Nash solutions of the same scenario over a region (default: a
    Nash-only solver built on ``solver``, see :func:`sim.threat.nash_solver`).
    """
    s = solver.scenario
    if solve is None and any(o.pressure is not None for o in s.observed):
        nash = nash_solver(s, solver)
        solve = lambda pressures, region: nash.solve(pressures, region)
    out = []
    for obs in s.observed:
        if obs.kind == "no_agreement":
            size = result.zopa_size
            out.append(Check(obs, size == 0, f"the ZOPA has {size:,} outcomes"))
        elif obs.pressure is not None:
            assert solve is not None
            defies, defying, complying = defiance(s, obs.pressure, solve)
            target = s.pressure(obs.pressure).target
            holds = defies if obs.kind == "defied" else not defies
            out.append(Check(obs, holds, f"{target} expects {defying:.4g} from defying and "
                                         f"{complying:.4g} from complying"))
        else:
            assert obs.party is not None and obs.point is not None
            i = s.party_index(obs.party)
            yes = bool(solver.accepting([obs.point], s.pressures)[0, i])
            out.append(Check(obs, yes == (obs.kind == "accepted"),
                             f"{obs.party} would {'accept' if yes else 'reject'} it"))
    return out


def holds(checks: Sequence[Check]) -> dict[str, bool]:
    """``{"0": holds, "1": ...}``: each observation by its 0-based position in the file."""
    return {str(k): c.holds for k, c in enumerate(checks)}


def describe(scenario: Scenario, obs: Observation) -> str:
    """An observation in words: ``russia defied sanctions_ultimatum``."""
    if obs.pressure is not None:
        return f"{scenario.pressure(obs.pressure).target} {obs.kind} {obs.pressure}"
    return obs.describe()


def to_text(scenario: Scenario, checks: Sequence[Check]) -> str:
    """The block of ``negsim run``: which observations the model reproduces and
    which it contradicts, with the numbers they turn on."""
    if not checks:
        return ""
    bad = sum(not c.holds for c in checks)
    head = ("Observed (SPEC section 12): the model reproduces all of it" if not bad else
            f"Observed (SPEC section 12): the model contradicts {bad} of {len(checks)}")
    lines = [head]
    for k, c in enumerate(checks):
        mark = "holds       " if c.holds else "CONTRADICTED"
        lines.append(f"  {k}. {mark} {describe(scenario, c.observation)}: {c.why}")
    if bad:
        lines.append("  (negsim calibrate keeps the draws of the uncertain numbers under which "
                     "every observation holds)")
    return "\n".join(lines)
