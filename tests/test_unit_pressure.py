"""Direct tests of the pressures (sim.pressure), SPEC section 3 'Pressures'.

With credibility q, every outcome that does not meet the demand costs the
target q * penalty and each sender q * cost_s; every outcome that meets it gives
the target the reward; the disagreement point moves like a non-complying
outcome without the reward; a pressure on the impasse (SPEC section 12) moves
only the disagreement point. Each is checked number by number against the
utilities without the pressure, and, with hypothesis, a pressure applied and
then removed is the scenario solved without it.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import given, settings

from sim import analyse, from_dict
from sim.pressure import apply_to_disagreement, apply_to_utilities
from sim.space import OutcomeSpace
from sim.utility import UtilityModel

from .strategies import scenario_settings, scenarios

CAKE = {
    "name": "cake",
    "issues": {"share": {"options": ["none", "half", "all"]}, "cream": {"options": ["yes", "no"]}},
    "parties": {
        "alice": {"weights": {"share": 3, "cream": 1}, "disagreement": 0.2,
                  "values": {"share": {"ranking": ["all", "half", "none"]}, "cream": {"yes": 1, "no": 0}}},
        "bob": {"weights": {"share": 2, "cream": 1}, "disagreement": 0.25,
                "values": {"share": {"ranking": ["none", "half", "all"]}, "cream": {"yes": 0, "no": 1}}},
        "carol": {"veto": False, "weights": {"cream": 1}, "values": {"cream": {"yes": 1, "no": 0}}}},
    "pressures": {"deadline": {"by": ["carol"], "target": "bob", "demand": {"cream": "yes"},
                               "penalty": 0.5, "credibility": 0.6, "cost": {"carol": 0.25},
                               "reward": 0.125}}}


def _base_and_pressed(doc: dict):
    s = from_dict(doc)
    space = OutcomeSpace.of(s)
    cols = space.columns(0, space.size)
    base = UtilityModel.of(s).of_space(space, cols)
    pressed = apply_to_utilities(s, s.pressures, cols, base.copy())
    meets = np.asarray(cols[1]) == 0  # cream: yes
    return s, base, pressed, meets


def test_a_pressure_costs_the_target_and_senders_on_defiance_and_rewards_compliance():
    s, base, pressed, meets = _base_and_pressed(CAKE)
    change = pressed - base
    alice, bob, carol = (s.party_index(n) for n in ("alice", "bob", "carol"))
    assert change[:, alice].tolist() == [0.0] * len(base)
    assert change[meets, bob] == pytest.approx(0.125)
    assert change[~meets, bob] == pytest.approx(-0.6 * 0.5)
    assert change[meets, carol] == pytest.approx(0.0)
    assert change[~meets, carol] == pytest.approx(-0.6 * 0.25)


def test_the_disagreement_point_moves_like_defiance_without_the_reward():
    s = from_dict(CAKE)
    d = apply_to_disagreement(s, s.pressures, np.array([0.2, 0.25, 0.0]))
    assert d == pytest.approx([0.2, 0.25 - 0.6 * 0.5, -0.6 * 0.25])


def test_a_pressure_on_the_impasse_moves_only_the_disagreement_point():
    doc = copy.deepcopy(CAKE)
    doc["pressures"]["deadline"]["applies_to"] = "impasse"
    s, base, pressed, _ = _base_and_pressed(doc)
    assert np.array_equal(pressed, base)
    d = apply_to_disagreement(s, s.pressures, np.array([0.2, 0.25, 0.0]))
    assert d[1] == pytest.approx(0.25 - 0.6 * 0.5)


def test_credibility_zero_changes_nothing():
    doc = copy.deepcopy(CAKE)
    doc["pressures"]["deadline"].update(credibility=0, reward=0)
    _, base, pressed, _ = _base_and_pressed(doc)
    assert np.array_equal(pressed, base)


def _same_result(a, b) -> None:
    assert a.zopa_size == b.zopa_size
    assert a.disagreement.tolist() == b.disagreement.tolist()
    assert a.frontier.tolist() == b.frontier.tolist()
    assert {k: None if v is None else (v.point, v.utilities.tolist()) for k, v in a.solutions.items()} == \
        {k: None if v is None else (v.point, v.utilities.tolist()) for k, v in b.solutions.items()}


@given(scenarios(continuous=0))
@settings(scenario_settings, max_examples=25, deadline=None)
def test_a_pressure_applied_then_removed_is_the_scenario_without_it(doc):
    pressures = doc.get("pressures") or {}
    a = analyse(from_dict(doc))
    for name in pressures:
        rest = {k: v for k, v in pressures.items() if k != name}
        _same_result(a.without[name], analyse(from_dict({**doc, "pressures": rest})).result)
