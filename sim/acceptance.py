"""Acceptance of one outcome by one party (SPEC section 11, 'Acceptance').

Party i (any party, veto or not) *accepts* outcome x iff x matches none of i's
own red lines and u_i(x) >= d_i, on the rounded numbers of SPEC section 3
after every pressure. ``negsim run`` and ``negsim calibrate`` use it to check
the observations ``rejected`` and ``accepted`` (SPEC section 12).

>>> from sim.scenario import from_dict
>>> from sim.analysis import Solver
>>> s = from_dict({"name": "pie", "issues": {"x": {"options": ["a", "b", "c"]}},
...   "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b", "c"]}},
...                     "disagreement": 0.4, "red_lines": [{"x": "a"}]},
...               "q": {"weights": {"x": 1}, "values": {"x": {"ranking": ["c", "b", "a"]}}}}})
>>> solver = Solver.of(s)
>>> [accepts(solver, s.pressures, 0, (k,)) for k in range(3)]
[False, True, False]
"""

from __future__ import annotations

from collections.abc import Sequence

from .analysis import Solver
from .scenario import Pressure
from .space import columns_of_points


def accepts(solver: Solver, pressures: Sequence[Pressure], party: int, point: Sequence[float]) -> bool:
    """Whether party number ``party`` accepts the outcome ``point`` (option index or
    value per issue) under ``pressures``: none of its red lines matched and
    u_i(x) >= d_i, both rounded to 9 decimals (SPEC sections 3 and 11)."""
    s = solver.scenario
    columns = columns_of_points([point], s.issues)
    if any(bool(line.matches(columns)[0]) for line in s.parties[party].red_lines):
        return False
    u = solver.utilities(columns, pressures)[0]
    return bool(u[party] >= solver.disagreement(pressures)[party])
