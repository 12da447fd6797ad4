"""Re-solves of the whole scenario with one number moved, for robustness (issue 19)
where the fast re-solves of :mod:`.rows` do not apply: continuous issues (solutions
refined over the real range), lotteries (``solve.lotteries``), and spaces past one
chunk or on the additive path.

Each re-solve is :meth:`sim.analysis.Solver.solve` of the changed scenario, every
pressure applied, so it is the solve ``negsim run`` would do (refinement, lotteries,
streaming or the additive path included); only the moved number differs, and two
things it would report and the comparison does not read are left out: the ZOPA's
size (``count=False``: on the additive path its count took most of a re-solve), and,
where the search follows one concept (the bisections), the other concepts
(``solve.concepts`` narrowed to it: the refinement of continuous issues searches the
ideal point and that concept alone, 8 pattern searches instead of 20 with four
concepts; its solution is the same, as the tests check):

- a moved disagreement utility d_i = t is set after the pressures (the value the
  report gives), by a solver whose :meth:`~sim.analysis.Solver.disagreement` puts t
  there; the outcome space and its tabulated utilities are reused; for pure
  outcomes of discrete issues one solve gives a frontier that every t filters
  (:meth:`Resolves.disagreement_solver`);
- a moved weight w_ij -> w_ij (1 + r) (normalised again, SPEC section 2) recompiles
  the utilities of the changed scenario on the same space.

Outcomes are compared by :class:`Outcome`: an outcome *moves* when a discrete issue
changes, a deal appears or vanishes, a continuous value changes by more than
:data:`.moves.PRECISION` of its issue's range (SPEC section 3 determines continuous
outcomes to 1e-3), or a lottery's support or one of its probabilities changes (by
more than :data:`.moves.PRECISION`). Pure outcomes are compared by the very rule of
``negsim explain`` (:class:`.moves.Scaled`); a lottery there must keep its support's
discrete parts in order, here each support point's probability is compared.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .. import concepts as cc
from ..analysis import Solver
from ..precision import rounded
from ..results import Solution
from ..scenario import Pressure
from ..utility import UtilityModel
from .moves import PRECISION, Scaled
from .rows import with_weight


class Outcome:
    """A solution's outcome for comparison (module doc). A pure outcome: its discrete
    coordinates, and its continuous ones divided by their issue's range, compared
    by :class:`.moves.Scaled` (the rule of ``negsim explain``); a lottery: its
    probability of each support point (points of the grid, compared exactly).
    :meth:`distance` is the largest change of a continuous value or of a probability,
    infinite across a discrete change (or between a pure outcome and a lottery);
    ``==`` is a distance of at most :data:`.moves.PRECISION` (not transitive: compare only
    with the outcome at the given value). A support point that appears or vanishes
    counts as a change of its probability from or to 0."""

    __slots__ = ("pure", "solution", "weights")

    def __init__(self, solution: Solution, continuous: np.ndarray, spans: np.ndarray) -> None:
        self.solution = solution
        if solution.lottery is not None:
            self.pure: Scaled | None = None
            self.weights = {tuple(pt): p for p, pt in solution.lottery}
            return
        self.pure = Scaled.of_point(solution.point, continuous, spans)
        self.weights = {}

    def distance(self, other: Outcome) -> float:
        if self.pure is None or other.pure is None:
            if self.pure is not other.pure:
                return np.inf
            keys = self.weights.keys() | other.weights.keys()
            return max(abs(self.weights.get(k, 0.0) - other.weights.get(k, 0.0)) for k in keys)
        return self.pure.distance(other.pure)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Outcome):
            return NotImplemented
        return self.distance(other) <= PRECISION

    __hash__ = None  # type: ignore[assignment]  # equality within a tolerance: no hash


def distance(a: Outcome | None, b: Outcome | None) -> float:
    """:meth:`Outcome.distance`, with no deal 0 from no deal and infinite from a deal."""
    if a is None or b is None:
        return 0.0 if a is b else np.inf
    return a.distance(b)


#: Each concept's outcome in the order of ``solve.concepts`` (None: no deal).
Outcomes = tuple[Outcome | None, ...]


class _Unsolved(Outcome):
    """The entry of a concept a narrowed re-solve did not solve (:meth:`Resolves._solve`):
    equal to no outcome, itself included, so that a caller that reads it by mistake
    sees a change rather than a false hold."""

    def __init__(self) -> None:
        # not pure (infinitely far from every pure outcome), and a probability of 1 on a
        # support point no lottery has (at least 1 from every lottery)
        self.pure, self.weights = None, {(np.nan,): 1.0}  # nan: equal to no point

    def distance(self, other: Outcome) -> float:
        return np.inf


#: The entry of a concept that a re-solve for another concept did not solve.
UNSOLVED = _Unsolved()


@dataclass(frozen=True)
class AtDisagreement(Solver):
    """``solver`` with veto party ``party``'s disagreement utility, after the
    pressures, set to ``value``."""

    party: int = 0
    value: float = 0.0

    def disagreement(self, pressures: Sequence[Pressure]) -> np.ndarray:
        d = super().disagreement(pressures)
        d[self.party] = self.value
        return d


@dataclass
class Resolves:
    """Full re-solves of ``solver``'s scenario with one number moved, remembered by
    value (the concepts search the same values, often alike). Same interface as
    :class:`.rows.Rows` for :mod:`.robustness`."""

    solver: Solver
    d: np.ndarray
    continuous: np.ndarray
    spans: np.ndarray
    memo: dict = field(default_factory=dict, repr=False)
    #: Called after each re-solve (a progress bar's update), if given.
    progress: Callable[[], None] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, solver: Solver, d: np.ndarray, progress: Callable[[], None] | None = None) -> Resolves:
        continuous, spans = Scaled.scaling(solver.scenario.issues)
        return cls(solver, np.asarray(d, dtype=float), continuous, spans, progress=progress)

    @property
    def concepts(self) -> tuple[str, ...]:
        return self.solver.scenario.solve.concepts

    @property
    def veto(self) -> np.ndarray:
        return self.solver.veto

    @property
    def solves(self) -> int:
        """How many re-solves were done (each value once)."""
        return len(self.memo)

    def outcomes(self, solutions: dict[str, Solution | None]) -> Outcomes:
        """``solutions`` as an :class:`Outcome` per concept."""
        return tuple(None if (s := solutions[c]) is None else Outcome(s, self.continuous, self.spans)
                     for c in self.concepts)

    def _solve(self, key: tuple, build, concept: int | None = None) -> Outcomes:
        """The outcomes of the solver ``build()`` gives, remembered by ``key``. With
        ``concept`` (an index into :attr:`concepts`), unless every concept is already
        remembered there, only that concept is solved (``solve.concepts`` narrowed to
        it: the refinement of continuous issues and the lotteries then search for it
        alone, its solution the same) and the other entries are :data:`UNSOLVED`."""
        if key in self.memo:
            return self.memo[key]
        if concept is None:
            solver = build()
            self.memo[key] = self.outcomes(solver.solve(solver.scenario.pressures, count=False).solutions)
            self._solved()
            return self.memo[key]
        one = (*key, concept)
        if one not in self.memo:
            solver = build()
            s, name = solver.scenario, self.concepts[concept]
            narrowed = replace(s, solve=replace(s.solve, concepts=(name,)))
            found = replace(solver, scenario=narrowed).solve(s.pressures, count=False).solutions[name]
            outcomes: list[Outcome | None] = [UNSOLVED] * len(self.concepts)
            outcomes[concept] = None if found is None else Outcome(found, self.continuous, self.spans)
            self.memo[one] = tuple(outcomes)
            self._solved()
        return self.memo[one]

    def _solved(self) -> None:
        if self.progress is not None:
            self.progress()

    @property
    def pure_discrete(self) -> bool:
        """Pure outcomes of discrete issues without an agreement rule: a moved d_i then
        only filters one frontier (:meth:`disagreement_solver`)."""
        s = self.solver.scenario
        return not s.solve.lotteries and not self.continuous.any() and s.agreement is None

    def disagreement_solver(self, party: int, lowest: float):
        """t -> each concept's outcome with party's disagreement utility at t >= ``lowest``.

        For pure outcomes of discrete issues without an agreement rule, one solve at
        d_i = ``lowest`` (streamed or additive, both exact) gives the frontier P of
        Z(lowest), and Z(t) = Z(lowest) n {u_i >= t} has the frontier P n {u_i >= t}
        (as in :class:`.rows.Rows`): each t is then a filter and a selection, exact, and
        ``at.breaks`` are the values where an outcome leaves. Otherwise each t is a full
        solve and ``at.breaks`` is None."""
        s = self.solver

        def moved(t: float) -> Solver:
            return AtDisagreement(s.scenario, s.space, s.model, s.table, limits=s.limits,
                                  party=party, value=t)

        if self.pure_discrete:
            low = moved(lowest).solve(s.scenario.pressures, count=False)
            front, order = low.frontier, low.frontier_index
            column = front[:, list(self.veto).index(party)] if len(front) else np.empty(0)

            def filtered(t: float) -> Outcomes:
                keep = column >= t
                if not keep.any():
                    return (None,) * len(self.concepts)
                d = self.d.copy()
                d[party] = t
                problem = s.problem(d, front[keep].max(axis=0))
                rows = [cc.select(cc.CONCEPTS[c], front[keep], order[keep], problem)
                        for c in self.concepts]
                return tuple(Outcome(Solution(c, front[keep][r], point=s.space.point(int(order[keep][r])),
                                              index=int(order[keep][r])), self.continuous, self.spans)
                             for c, r in zip(self.concepts, rows))

            filtered.breaks = np.unique(column)  # type: ignore[attr-defined]
            return filtered

        def at(t: float, concept: int | None = None) -> Outcomes:
            return self._solve(("d", party, t), lambda: moved(t), concept)

        at.breaks = None  # type: ignore[attr-defined]  # found by the scan alone
        return at

    def weight_solver(self, party: int, issue: int):
        """r -> each concept's outcome with party's weight on ``issue`` times 1 + r."""
        s = self.solver

        def build(r: float) -> Solver:
            changed = with_weight(s.scenario, party, issue, 1.0 + r)
            return Solver(changed, s.space, UtilityModel.of(changed), limits=s.limits)

        def at(r: float, concept: int | None = None) -> Outcomes:
            return self._solve(("w", party, issue, r), lambda: build(r), concept)

        return at

    def describe(self, outcome: Outcome | None):
        """An outcome as the JSON report gives it: a pure outcome's issues, or a
        lottery's [{"probability", "outcome"}] (SPEC section 5)."""
        if outcome is None:
            return None
        sol, space = outcome.solution, self.solver.space
        if sol.lottery is None:
            assert sol.point is not None
            return space.describe(sol.point)
        return [{"probability": rounded(p), "outcome": space.describe(pt)}
                for p, pt in sol.lottery]
