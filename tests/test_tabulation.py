"""The tabulated one-chunk space (:mod:`sim.tabulation`) changes no number.

``analyse`` tabulates a space of one chunk and reuses it for every solve of the
run (with and without each pressure, the threat games, the explanation). These
tests solve random scenarios both ways and compare with ``==``, not within a
tolerance: the tabulation must only save work.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from sim import tabulation
from sim.analysis import Solver, analyse, analyse_on
from sim.explain import explain
from sim.games import analyse_games
from sim.limits import Limits
from sim.report import to_json
from sim.scenario import from_dict, load
from sim.space import CHUNK, OutcomeSpace
from sim.utility import UtilityModel

from .conftest import SCENARIOS, conformance_cases
from .strategies import scenario_settings, scenarios


@given(scenarios(continuous=None))
@scenario_settings
def test_utilities_of_the_whole_space_are_the_gathered_ones_bit_for_bit(doc):
    s = from_dict(doc)
    space, model = OutcomeSpace.of(s), UtilityModel.of(s)
    columns = space.columns(0, space.size)
    gathered, broadcast = model(columns), model.of_space(space, columns)
    assert broadcast.shape == gathered.shape
    assert np.array_equal(broadcast.view(np.int64), gathered.view(np.int64))


def _streamed(s):
    """``analyse(s)`` on a kernel not tabulated: every solve streams the space."""
    return analyse_on(Solver.of(s))


def _same_run(s, moves: bool = True) -> None:
    """The report, the threat games and the explanation are equal with and
    without the tabulation (``moves``: with the scans of what moves the Nash
    deal, dozens of solves each, too slow to run untabulated on every case)."""
    tabulated, streamed = analyse(s), _streamed(s)
    assert tabulated.solver.table is not None and streamed.solver.table is None
    assert to_json(tabulated) == to_json(streamed)
    assert (analyse_games(s, solver=tabulated.solver).to_json()
            == analyse_games(s, solver=streamed.solver).to_json())
    assert explain(tabulated, moves=moves) == explain(streamed, moves=moves)


@given(scenarios(continuous=0, max_veto=3))
@settings(scenario_settings, max_examples=40, deadline=None)
def test_a_tabulated_run_equals_a_streamed_one(doc):
    _same_run(from_dict(doc), moves=False)


def _real_cases() -> list:
    return conformance_cases() + [SCENARIOS / "istanbul-2025.yaml", SCENARIOS / "examples" / "split-the-pie.yaml",
                    SCENARIOS / "examples" / "fearon-war-bargaining.yaml"]


@pytest.mark.parametrize("path", _real_cases(), ids=lambda p: p.name)
def test_a_tabulated_run_equals_a_streamed_one_on_real_cases(path):
    """The conformance cases (with the scans of the Nash deal's moves), the
    Istanbul case (174,960 outcomes, one chunk) and the examples with continuous
    issues (refined over the real range; their scans take half a minute
    untabulated, and so do Istanbul's)."""
    _same_run(load(path), moves=path.parent.name == "conformance")


PIE = {"name": "pie", "issues": {"x": {"options": ["a", "b", "c"]}, "y": {"options": ["u", "v"]}},
       "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b", "c"]}},
                         "red_lines": [{"x": "c", "y": "v"}]},
                   "q": {"weights": {"x": 1, "y": 1},
                         "values": {"x": {"ranking": ["c", "b", "a"]}, "y": {"u": 0, "v": 1}}}}}


def test_a_memoised_condition_answers_from_its_mask_only_on_its_own_columns():
    s = from_dict(PIE)
    space = OutcomeSpace.of(s)
    table = tabulation.Tabulation.of(s, space, UtilityModel.of(s))
    line = table.scenario.parties[0].red_lines[0]
    assert line.matches(table.columns).tolist() == [False] * 5 + [True]
    assert not line.matches(table.columns).flags.writeable
    other = space.columns(0, space.size)  # equal values, another object: computed afresh
    assert line.matches(other).flags.writeable
    assert line.matches(other).tolist() == [False] * 5 + [True]


def test_only_a_space_of_one_chunk_is_tabulated():
    s = from_dict(PIE)  # 6 outcomes
    assert Solver.of(s).table is None  # only on request
    assert Solver.of(s, tabulate=True).table is not None
    assert Solver.of(s, tabulate=True, chunk=5).table is None  # memory stays bounded by a chunk
    small = from_dict({**PIE, "solve": {"max_outcomes": 5}})  # not enumerated at all
    assert Solver.of(small, tabulate=True).table is None


def test_a_tabulated_space_is_never_one_the_additive_path_takes_by_default():
    """``Solver.solve`` enumerates a space of one chunk without asking
    :func:`sim.additive.auto` (and without importing it) unless its limits ask for
    that path below one chunk: by default it starts past one chunk."""
    assert Limits().auto_from >= CHUNK
