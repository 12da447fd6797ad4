"""Two-player normal-form games (SPEC section 7): extreme equilibria and reports.

A bimatrix game (A, B) has row payoffs A and column payoffs B (m x n). A pair
of mixed strategies (x, y) is a Nash equilibrium when every pure strategy in
the support of x is a best response to y (maximises (Ay)_i) and every pure
strategy in the support of y is a best response to x (maximises (x^T B)_j).

**Vertex enumeration** (Mangasarian 1964; von Stengel 2007, 'Equilibrium
computation for two-player games in strategic and extensive form', in Nisan
et al., *Algorithmic Game Theory*, ch. 3, Algorithm 3.5). With A and B made
strictly positive, the best-response polytopes are
P = {x >= 0 : B^T x <= 1} and Q = {y >= 0 : A y <= 1}. A point has label i in
M (rows) when x_i = 0 or (Ay)_i = 1, and label j in N (columns) when
(B^T x)_j = 1 or y_j = 0. The equilibria are the completely labelled pairs
(x, y) of P x Q, normalised; the pairs of *vertices* among them are the
**extreme equilibria**, and every equilibrium is a convex combination of
extreme equilibria that are pairwise compatible (Avis, Rosenberg, Savani and
von Stengel 2010, 'Enumeration of Nash equilibria for two-player games',
*Economic Theory* 42). This holds for degenerate games too.

**Degenerate games.** A game is nondegenerate when no mixed strategy with k
pure strategies in its support has more than k pure best responses (von
Stengel 2007, Definition 3.5); equivalently no vertex of P has more than m
labels and no vertex of Q more than n. A degenerate game can have a continuum
of equilibria: its extreme equilibria are then corners of equilibrium sets,
and ``degenerate`` says so.

**What this module adds to nashpy.** The vertices come from
:func:`sim.polytope.vertices`, computed once per polytope: basis enumeration
in numpy for small polytopes (every threat game), :mod:`nashpy.polytope`
(scipy's Qhull halfspace intersection) for large ones;
``nashpy.Game.vertex_enumeration`` itself is not used because
(1) it only shifts payoffs that are negative, so a zero payoff leaves a
polytope unbounded (an all-zero game even crashes its linear program) and its
equilibria at infinity are dropped; (2) it labels with ``numpy.isclose``
(relative tolerance 1e-5), which invents labels on nearly tied payoffs; (3) it
recomputes Q's vertices for every vertex of P, which takes seconds at 8 x 8.
Here each player's payoffs are mapped affinely onto [1, 2] (which leaves the
equilibria unchanged), labels use the tolerance :data:`TOL`, vertex pairs are
matched with one matrix product, every candidate is checked to be a mutual
best response (within :data:`TOL` times the payoff range, at least 1e-9), and
equilibria closer than :data:`TOL` are reported once. A player with a single
strategy (where Qhull cannot work in one dimension) is solved directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import AnalysisError
from .polytope import VertexMethod, vertex_bound, vertices
from .precision import round_utilities, rounded

if TYPE_CHECKING:
    from .analysis import Solver
    from .scenario import Game, Scenario
    from .threat import ThreatPayoffs

#: Tolerance for labels, best responses and duplicate equilibria.
TOL = 1e-9
#: Most pairs of vertices (the product of the two polytopes' upper bounds,
#: :func:`sim.polytope.vertex_bound`) a game may have; an 11 x 11 game has at most
#: 76 million, a 12 x 12 one 613 million (docs/games.md gives the limit).
MAX_PAIRS = 100_000_000
#: Vertex pairs whose labels are compared at once (bounds that step's memory).
PAIR_BLOCK = 1 << 22


class GameTooLarge(AnalysisError):
    """A game whose vertex enumeration is not bounded by :data:`MAX_PAIRS` (exit status 2)."""


def check_size(m: int, n: int, path: str = "") -> None:
    """Refuse an m x n game whose polytopes may have more than :data:`MAX_PAIRS` vertex
    pairs, before any is enumerated (an 18 x 18 coordination game: 55 s, then
    MemoryError)."""
    pairs = vertex_bound(n, m) * vertex_bound(m, n)
    if pairs > MAX_PAIRS:
        raise GameTooLarge(f"a {m} x {n} game is too large for vertex enumeration: its "
                           f"best-response polytopes may have {pairs:,} pairs of vertices, more "
                           f"than {MAX_PAIRS:,} (at most 11 x 11, or fewer strategies for one "
                           "player)", path)


@dataclass(frozen=True)
class Equilibrium:
    """A mixed-strategy profile: row strategy ``x``, column strategy ``y``, payoffs."""

    x: np.ndarray
    y: np.ndarray
    payoffs: tuple[float, float]


@dataclass(frozen=True)
class Equilibria:
    """The extreme equilibria of a bimatrix game and whether it is degenerate."""

    profiles: tuple[Equilibrium, ...]
    degenerate: bool


def _tolerance(M: np.ndarray) -> float:
    return TOL * max(1.0, float(M.max() - M.min()))


def _unit(M: np.ndarray) -> np.ndarray:
    """M mapped affinely onto [1, 2] (all ones if M is constant)."""
    lo, span = M.min(), M.max() - M.min()
    return np.ones_like(M) if span <= 0 else 1.0 + (M - lo) / span


def is_equilibrium(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> bool:
    """Whether (x, y) is a mutual best response: every strategy played with
    probability > TOL earns within tolerance of the best reply's payoff."""
    row, col = A @ y, x @ B
    ok_row = np.all(row[x > TOL] >= row.max() - _tolerance(A))
    ok_col = np.all(col[y > TOL] >= col.max() - _tolerance(B))
    return bool(ok_row and ok_col)


def _vertices(M: np.ndarray, method: VertexMethod) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nonzero vertices z of {z >= 0 : M z <= 1} (M > 0) with their labels:
    (vertices, tight constraint rows, zero coordinates) as arrays."""
    V = vertices(M, method)
    return V, np.abs(V @ M.T - 1.0) <= TOL, V <= TOL


def _one_strategy(A: np.ndarray, B: np.ndarray) -> Equilibria:
    """A game where one player has a single strategy: the other's pure best
    replies are the extreme equilibria."""
    m, n = A.shape
    if m == 1:
        best = np.nonzero(B[0] >= B[0].max() - _tolerance(B))[0]
        pairs = [(np.ones(1), np.eye(n)[j]) for j in best]
    else:
        best = np.nonzero(A[:, 0] >= A[:, 0].max() - _tolerance(A))[0]
        pairs = [(np.eye(m)[i], np.ones(1)) for i in best]
    return Equilibria(tuple(_profile(A, B, x, y) for x, y in pairs), len(best) > 1)


def _profile(A: np.ndarray, B: np.ndarray, x: np.ndarray, y: np.ndarray) -> Equilibrium:
    return Equilibrium(x, y, (float(x @ A @ y), float(x @ B @ y)))


def extreme_equilibria(A: Any, B: Any, method: VertexMethod = "auto") -> Equilibria:
    """The extreme Nash equilibria of the bimatrix game (A, B), by vertex enumeration.

    ``method`` says how the polytopes' vertices are found
    (:func:`sim.polytope.vertices`). Sorted with the most weight on earlier strategies first, without
    duplicates (within :data:`TOL`).

    >>> eq = extreme_equilibria([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])  # matching pennies
    >>> [(e.x.round(3).tolist(), e.y.round(3).tolist()) for e in eq.profiles], eq.degenerate
    ([([0.5, 0.5], [0.5, 0.5])], False)
    """
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    m, n = A.shape
    if m == 1 or n == 1:
        return _one_strategy(A, B)
    check_size(m, n)
    # P (row strategies x): labels M = zero coordinates, N = tight columns of B.
    VP, tight_p, zero_p = _vertices(_unit(B).T, method)
    labels_p = np.hstack([zero_p, tight_p])
    # Q (column strategies y): labels M = tight rows of A, N = zero coordinates.
    VQ, tight_q, zero_q = _vertices(_unit(A), method)
    labels_q = np.hstack([tight_q, zero_q])
    degenerate = bool((labels_p.sum(axis=1) > m).any() or (labels_q.sum(axis=1) > n).any())
    found: list[Equilibrium] = []
    seen = np.empty((0, m + n))
    step = max(1, PAIR_BLOCK // max(1, len(VQ)))
    free_q = (~labels_q).astype(np.int32).T
    for start in range(0, len(VP), step):  # completely labelled pairs, a block of P at a time
        missing = (~labels_p[start:start + step]).astype(np.int32) @ free_q
        for a, b in np.argwhere(missing == 0):
            x, y = VP[start + a] / VP[start + a].sum(), VQ[b] / VQ[b].sum()
            if not is_equilibrium(A, B, x, y):
                continue
            z = np.concatenate([x, y])
            if len(seen) and (np.abs(seen - z).max(axis=1) <= TOL).any():
                continue
            seen = np.vstack([seen, z])
            found.append(_profile(A, B, x, y))
    found.sort(key=lambda e: tuple(-round_utilities(np.concatenate([e.x, e.y]))))
    return Equilibria(tuple(found), degenerate)


@dataclass(frozen=True)
class GameSolution:
    """A named two-player game with its extreme equilibria.

    ``payoffs`` maps each player to its m x n matrix (rows: the first player's
    strategies). ``subgame_perfect`` is set for threat games only.
    """

    name: str
    players: tuple[str, str]
    strategies: dict[str, tuple[str, ...]]
    payoffs: dict[str, np.ndarray]
    equilibria: Equilibria
    subgame_perfect: Equilibrium | None = None
    summary: str | None = None
    note: str | None = None


def solve_game(name: str, players: tuple[str, str], strategies: dict[str, tuple[str, ...]],
               payoffs: dict[str, Any]) -> GameSolution:
    """Solve a game given by players, strategy names and payoff tables."""
    A, B = (np.asarray(payoffs[p], dtype=float) for p in players)
    return GameSolution(name, players, strategies, {players[0]: A, players[1]: B},
                        extreme_equilibria(A, B))


def scenario_game(game: Game) -> GameSolution:
    """Solve a game written in a scenario's ``games:`` section (refused past
    :data:`MAX_PAIRS`, located at ``games.NAME``)."""
    check_size(*(len(game.strategies[p]) for p in game.players), f"games.{game.name}")
    return solve_game(game.name, game.players, game.strategies, game.payoffs)


def threat_solution(threat: ThreatPayoffs) -> GameSolution:
    """Solve a pressure's threat game; attach its subgame-perfect profile."""
    from .threat import SENDER_STRATEGIES, TARGET_STRATEGIES

    target, senders = threat.players
    sol = solve_game(threat.pressure.name, threat.players,
                     {target: TARGET_STRATEGIES, senders: SENDER_STRATEGIES},
                     {target: threat.target, senders: threat.senders})
    i, j = threat.subgame_perfect
    spe = _profile(threat.target, threat.senders, np.eye(2)[i], np.eye(2)[j])
    return GameSolution(sol.name, sol.players, sol.strategies, sol.payoffs, sol.equilibria,
                        spe, threat.in_words(), threat.credibility_note())


@dataclass(frozen=True)
class GamesReport:
    """The strategic layer of a scenario: its own games and every pressure's threat game."""

    scenario: str
    games: dict[str, GameSolution]
    threats: dict[str, GameSolution]

    def to_json(self) -> dict[str, Any]:
        """``{"games": {...}, "pressures": {name: {"game": {...}}}}`` (SPEC section 7)."""
        return {"games": {k: game_json(g) for k, g in self.games.items()},
                "pressures": {k: {"game": game_json(g)} for k, g in self.threats.items()}}


def analyse_games(scenario: Scenario, threats: bool = True,
                  solver: Solver | None = None) -> GamesReport:
    """Solve the scenario's games and (unless ``threats`` is false) the threat
    game of every pressure. The CLI (``negsim game``) and notebooks call this.
    ``solver``: a solver of ``scenario`` to reuse (``Analysis.solver``), else one
    is built.

    >>> from sim.scenario import from_dict
    >>> s = from_dict({"name": "pd", "issues": {"x": {"range": [0, 1]}},
    ...   "parties": {"a": {"weights": {"x": 1}, "values": {"x": "increasing"}},
    ...               "b": {"weights": {"x": 1}, "values": {"x": "decreasing"}}},
    ...   "games": {"pd": {"players": ["a", "b"], "strategies": {"a": ["c", "d"], "b": ["c", "d"]},
    ...                    "payoffs": {"a": [[2, 0], [3, 1]], "b": [[2, 3], [0, 1]]}}}})
    >>> game_json(analyse_games(s).games["pd"])["equilibria"]
    [{'strategies': {'a': {'c': 0.0, 'd': 1.0}, 'b': {'c': 0.0, 'd': 1.0}}, 'payoffs': {'a': 1.0, 'b': 1.0}}]
    """
    games = {g.name: scenario_game(g) for g in scenario.games}
    solved: dict[str, GameSolution] = {}
    if threats and scenario.pressures:
        from .threat import threat_games

        solved = {k: threat_solution(t) for k, t in threat_games(scenario, solver).items()}
    return GamesReport(scenario.name, games, solved)


def scenario_games_json(scenario: Scenario) -> dict[str, Any]:
    """``games.<name>`` of the run report: the scenario's own games only."""
    return {g.name: game_json(scenario_game(g)) for g in scenario.games}


# ---------------------------------------------------------------------------
# Rendering: JSON (SPEC section 7) and the terminal.


def _num(v: float) -> float:
    return rounded(v)


def equilibrium_json(game: GameSolution, e: Equilibrium) -> dict[str, Any]:
    """``{"strategies": {player: {strategy: probability}}, "payoffs": {player: float}}``."""
    return {
        "strategies": {p: {s: _num(q) for s, q in zip(game.strategies[p], probs)}
                       for p, probs in zip(game.players, (e.x, e.y))},
        "payoffs": {p: _num(v) for p, v in zip(game.players, e.payoffs)},
    }


def game_json(game: GameSolution) -> dict[str, Any]:
    """The JSON of one game (SPEC section 7), with ``degenerate`` added."""
    out: dict[str, Any] = {
        "players": list(game.players),
        "strategies": {p: list(game.strategies[p]) for p in game.players},
        "payoffs": {p: [[_num(v) for v in row] for row in game.payoffs[p]] for p in game.players},
        "degenerate": game.equilibria.degenerate,
        "equilibria": [equilibrium_json(game, e) for e in game.equilibria.profiles],
    }
    if game.subgame_perfect is not None:
        out["subgame_perfect"] = equilibrium_json(game, game.subgame_perfect)
    return out


def _fmt(v: float) -> str:
    return f"{_num(v):.4g}"


def _mixed(names: tuple[str, ...], probs: np.ndarray) -> str:
    """A mixed strategy in words; probabilities to 3 decimals (payoffs that rest on
    continuous issues are only known to 1e-3, SPEC section 3)."""
    played = [(s, q) for s, q in zip(names, probs) if q > TOL]
    if len(played) == 1:
        return played[0][0]
    return " + ".join(f"{round(float(q), 3):g} {s}" for s, q in played)


def game_lines(game: GameSolution, title: str) -> list[str]:
    """The terminal section of one game: matrix, equilibria, subgame-perfect play."""
    row, col = game.players
    A, B = game.payoffs[row], game.payoffs[col]
    cells = [[f"{_fmt(a)}, {_fmt(b)}" for a, b in zip(ra, rb)] for ra, rb in zip(A, B)]
    left = max(len(s) for s in game.strategies[row])
    width = max(max(len(c) for r in cells for c in r), *(len(s) for s in game.strategies[col]))
    lines = [f"{title}: {row} (rows, first payoff) vs {col} (columns, second payoff)",
             "    " + " " * left + "".join(f"  {s:>{width}}" for s in game.strategies[col])]
    for name, r in zip(game.strategies[row], cells):
        lines.append(f"    {name:<{left}}" + "".join(f"  {c:>{width}}" for c in r))
    eq = game.equilibria
    k = len(eq.profiles)
    kind = ("extreme equilibria of a degenerate game (the equilibria form sets with these corners)"
            if eq.degenerate else "equilibrium" if k == 1 else "equilibria")
    lines.append(f"  {k} {kind}:")
    for e in eq.profiles:
        lines.append(f"    {row} {_mixed(game.strategies[row], e.x)}; "
                     f"{col} {_mixed(game.strategies[col], e.y)}"
                     f"  (payoffs {_fmt(e.payoffs[0])}, {_fmt(e.payoffs[1])})")
    if game.summary:
        lines.append(f"  subgame perfect: {game.summary}")
    if game.note:
        lines.append(f"  note: {game.note}")
    return lines


def games_text(report: GamesReport) -> str:
    """The readable report of the strategic layer."""
    lines: list[str] = []
    for name, g in report.games.items():
        lines += ["", *game_lines(g, f"Game {name}")]
    for name, g in report.threats.items():
        lines += ["", *game_lines(g, f"Threat game of {name}")]
    return "\n".join(lines).lstrip("\n")
