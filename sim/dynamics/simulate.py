"""The simulation loop: alternating offers until agreement, breakdown or the deadline.

In round r the proposer offers an outcome; every other veto party accepts or
rejects; all must accept. After a rejected round the talks collapse with the
scenario's ``breakdown`` probability, drawn from ``numpy.random.default_rng(seed)``
(seed 0 when none is given), so a run is reproducible and a Monte Carlo of seeds gives the distribution of
the round of agreement. Utilities in the trace are undiscounted (SPEC section 8).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..analysis import Solver
from ..errors import Problem, ScenarioError
from ..precision import round_utilities, rounded
from ..readable import value_text
from ..scenario import STRATEGIES as STRATEGY_NAMES
from ..scenario import Scenario
from .setting import Offer, Setting
from .strategies import make_strategy


@dataclass
class Round:
    round: int
    proposer: str
    offer: Offer | None
    responses: dict[str, bool]
    accepted: bool


@dataclass
class Trace:
    """What happened, round by round."""

    setting: Setting
    rounds: list[Round] = field(default_factory=list)
    agreement: Offer | None = None
    round_of_agreement: int | None = None
    collapsed_after: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON of SPEC section 8 (plus per-party ``responses`` and ``collapsed_after_round``)."""
        s = self.setting

        def utilities(offer: Offer) -> dict[str, float]:
            return {p.name: rounded(v) for p, v in zip(s.scenario.parties, offer.utilities)}

        return {
            "rounds": [
                {"round": r.round, "proposer": r.proposer,
                 "offer": s.solver.space.describe(r.offer.point) if r.offer else None,
                 "utilities": utilities(r.offer) if r.offer else None,
                 "accepted": r.accepted, "responses": r.responses}
                for r in self.rounds
            ],
            "agreement": None if self.agreement is None else {
                "outcome": s.solver.space.describe(self.agreement.point),
                "utilities": utilities(self.agreement)},
            "round_of_agreement": self.round_of_agreement,
            "collapsed_after_round": self.collapsed_after,
        }


def _check(scenario: Scenario, first: str | None, strategies: Mapping[str, str], rounds: int) -> None:
    problems = []
    veto = [p.name for p in scenario.veto_parties]
    if first is not None and first not in veto:
        problems.append(Problem("--first", f"{first!r} is not a veto party ({', '.join(veto)})"))
    for party, name in strategies.items():
        if party not in veto:
            problems.append(Problem("--strategy", f"{party!r} is not a veto party ({', '.join(veto)})"))
        if name not in STRATEGY_NAMES:
            problems.append(Problem("--strategy", f"unknown strategy {name!r} ({', '.join(STRATEGY_NAMES)})"))
    if rounds < 1:
        problems.append(Problem("--rounds", f"needs at least one round, got {rounds}"))
    if problems:
        raise ScenarioError(problems, scenario.source)


def prepare(scenario: Scenario, rounds: int = 100, first: str | None = None,
            strategies: Mapping[str, str] | None = None,
            progress: Callable[[int], None] | None = None) -> tuple[Setting, dict[int, str], dict]:
    strategies = dict(strategies or {})
    _check(scenario, first, strategies, rounds)
    setting = Setting(scenario, Solver.of(scenario), rounds, first)
    names = {i: strategies.get(scenario.parties[i].name, scenario.parties[i].strategy)
             for i in setting.veto}
    cache: dict = {"progress": progress}
    return setting, names, cache


def simulate(scenario: Scenario, rounds: int = 100, first: str | None = None,
             strategies: Mapping[str, str] | None = None, seed: int | None = None,
             progress: Callable[[int], None] | None = None, _prepared=None) -> Trace:
    """Run one negotiation (SPEC section 8).

    Rubinstein's (1982) split of a pie, both discounting by 0.9: the first proposer
    gets 1 / (1 + 0.9), agreed in round 1.

    >>> from sim import from_dict
    >>> s = from_dict({"name": "pie", "issues": {"x": {"range": [0, 1]}},
    ...   "parties": {"p": {"weights": {"x": 1}, "values": {"x": "increasing"}, "discount": 0.9},
    ...               "q": {"weights": {"x": 1}, "values": {"x": "decreasing"}, "discount": 0.9}}})
    >>> t = simulate(s, rounds=200)
    >>> t.round_of_agreement, round(t.to_json()["agreement"]["outcome"]["x"], 4)
    (1, 0.5263)
    """
    setting, names, cache = _prepared or prepare(scenario, rounds, first, strategies, progress)
    players = {i: make_strategy(names[i], setting, cache) for i in setting.veto}
    rng = np.random.default_rng(0 if seed is None else seed)  # deterministic by default
    trace = Trace(setting)
    for r in range(1, rounds + 1):
        k = setting.proposer(r)
        offer = players[k].propose(setting, r, k)
        responses = {}
        for j in setting.veto:
            if j != k:
                responses[setting.scenario.parties[j].name] = (
                    offer is not None and players[j].accepts(setting, r, j, offer))
        accepted = offer is not None and all(responses.values())
        trace.rounds.append(Round(r, setting.scenario.parties[k].name, offer, responses, accepted))
        if accepted:
            trace.agreement, trace.round_of_agreement = offer, r
            break
        if offer is not None:
            for j in setting.veto:
                players[j].observe(setting, r, k, offer, j)
        if setting.breakdown > 0 and r < rounds and rng.random() < setting.breakdown:
            trace.collapsed_after = r
            break
    return trace


def simulate_many(scenario: Scenario, runs: int, rounds: int = 100, first: str | None = None,
                  strategies: Mapping[str, str] | None = None, seed: int = 0) -> dict[str, Any]:
    """Monte Carlo over seeds ``seed .. seed + runs - 1``: the distribution of the round of agreement."""
    prepared = prepare(scenario, rounds, first, strategies)
    counts: Counter = Counter()
    for k in range(runs):
        t = simulate(scenario, rounds, first, strategies, seed + k, _prepared=prepared)
        counts[t.round_of_agreement] += 1
    agreed = {str(r): n for r, n in sorted((r, n) for r, n in counts.items() if r is not None)}
    return {"runs": runs, "seed": seed, "round_of_agreement": agreed,
            "no_agreement": counts.get(None, 0),
            "agreement_probability": float(round_utilities(1 - counts.get(None, 0) / runs))}


def trace_text(trace: Trace, max_rows: int = 60) -> str:
    """The readable trace: round, proposer, offer by issue (continuous values to 1e-3
    of their range, with their unit), utilities, responses."""
    s = trace.setting
    lines = []
    shown: list[Round | None] = list(trace.rounds) if len(trace.rounds) <= max_rows else (
        [*trace.rounds[: max_rows // 2], None, *trace.rounds[-max_rows // 2:]])
    for r in shown:
        if r is None:
            lines.append(f"  ... {len(trace.rounds) - max_rows} rounds ...")
            continue
        if r.offer is None:
            lines.append(f"round {r.round:>3}  {r.proposer}: no offer (the ZOPA is empty)")
            continue
        offer = ", ".join(f"{i.name}={value_text(i, v)}" for i, v in zip(
            s.scenario.issues, s.solver.space.describe(r.offer.point).values()))
        utils = ", ".join(f"{p.name} {v:.4g}" for p, v in zip(s.scenario.parties, r.offer.utilities))
        replies = ", ".join(f"{p} {'accepts' if ok else 'rejects'}" for p, ok in r.responses.items())
        lines.append(f"round {r.round:>3}  {r.proposer} offers {offer}")
        lines.append(f"           utilities: {utils}; {replies}")
    if trace.agreement is not None:
        lines.append(f"Agreement in round {trace.round_of_agreement}.")
    elif trace.collapsed_after is not None:
        lines.append(f"The talks broke down after round {trace.collapsed_after}: disagreement.")
    else:
        lines.append(f"No agreement by round {s.rounds}: disagreement.")
    return "\n".join(lines)
