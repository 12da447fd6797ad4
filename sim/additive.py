"""Large additive spaces without enumeration (SPEC section 3). Placeholder until issue 9."""

from __future__ import annotations

from .errors import AnalysisError


def solve_additive(solver, pressures, region=None):
    solver.space.check_enumerable(solver.scenario.solve.max_outcomes)
    raise AnalysisError("unreachable")  # pragma: no cover
