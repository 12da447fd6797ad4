"""SPEC section 7: bimatrix equilibria, threat games, the report and the CLI.

Textbook oracles cite their source; the brute force :func:`exact_extreme` is an
independent vertex enumeration in exact rational arithmetic (every basis of
each best-response polytope, von Stengel 2007, Algorithmic Game Theory ch. 3).
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from fractions import Fraction

import nashpy
import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from sim import polytope
from sim.games import (
    TOL,
    analyse_games,
    extreme_equilibria,
    game_json,
    is_equilibrium,
    scenario_games_json,
    threat_solution,
)
from sim.polytope import vertices
from sim.scenario import from_dict
from sim.threat import threat_games

from .conftest import SCENARIOS


def profiles(A, B) -> list[tuple[list[float], list[float]]]:
    eq = extreme_equilibria(A, B)
    return [(e.x.round(9).tolist(), e.y.round(9).tolist()) for e in eq.profiles]


def close_sets(got, want, tol=1e-9) -> bool:
    """Two lists of (x, y) profiles are the same set, within ``tol``."""
    def flat(ps):
        return [np.concatenate([np.asarray(x, float), np.asarray(y, float)]) for x, y in ps]

    g, w = flat(got), flat(want)
    return len(g) == len(w) and all(any(np.abs(a - b).max() <= tol for b in w) for a in g) \
        and all(any(np.abs(a - b).max() <= tol for b in g) for a in w)


# ---------------------------------------------------------------------------
# An independent oracle: exact vertex enumeration over every basis.


def _solve_exact(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Gauss-Jordan on a square system; None if singular."""
    k = len(rows)
    M = [row[:] + [b] for row, b in zip(rows, rhs)]
    for c in range(k):
        pivot = next((r for r in range(c, k) if M[r][c] != 0), None)
        if pivot is None:
            return None
        M[c], M[pivot] = M[pivot], M[c]
        for r in range(k):
            if r != c and M[r][c] != 0:
                f = M[r][c] / M[c][c]
                M[r] = [a - f * b for a, b in zip(M[r], M[c])]
    return [M[r][k] / M[r][r] for r in range(k)]


def _exact_vertices(M: list[list[Fraction]]) -> dict[tuple[Fraction, ...], frozenset[int]]:
    """Nonzero vertices of {z >= 0 : M z <= 1} with their labels: constraint
    rows 0..r-1, then zero coordinates r..r+k-1."""
    r, k = len(M), len(M[0])
    cons = [(M[i], Fraction(1)) for i in range(r)] + \
        [([Fraction(int(i == j)) for i in range(k)], Fraction(0)) for j in range(k)]
    out = {}
    for basis in itertools.combinations(range(r + k), k):
        z = _solve_exact([cons[i][0] for i in basis], [cons[i][1] for i in basis])
        if z is None or any(v < 0 for v in z) or all(v == 0 for v in z):
            continue
        slack = [1 - sum(a * v for a, v in zip(M[i], z)) for i in range(r)]
        if any(s < 0 for s in slack):
            continue
        out[tuple(z)] = frozenset([i for i in range(r) if slack[i] == 0]
                                  + [r + j for j in range(k) if z[j] == 0])
    return out


def exact_extreme(A, B) -> tuple[list[tuple[list[Fraction], list[Fraction]]], bool]:
    """Extreme equilibria and degeneracy of an integer game, exactly."""
    A = [[Fraction(int(v)) for v in row] for row in A]
    B = [[Fraction(int(v)) for v in row] for row in B]
    m, n = len(A), len(A[0])
    lo_a, lo_b = min(map(min, A)), min(map(min, B))
    Ap = [[v - lo_a + 1 for v in row] for row in A]
    BpT = [[B[i][j] - lo_b + 1 for i in range(m)] for j in range(n)]
    P = {x: frozenset(((lab + m) % (m + n)) for lab in labs)  # rows of B^T are N labels
         for x, labs in _exact_vertices(BpT).items()}
    Q = _exact_vertices(Ap)  # rows of A are M labels, zeros of y are N labels
    found = []
    for (x, lx), (y, ly) in itertools.product(P.items(), Q.items()):
        if lx | ly == frozenset(range(m + n)):
            found.append(([v / sum(x) for v in x], [v / sum(y) for v in y]))
    degenerate = any(len(l) > m for l in P.values()) or any(len(l) > n for l in Q.values())
    return found, degenerate


def small_games(max_m=3, max_n=3, lo=-2, hi=2):
    """Integer bimatrix games: small ranges make ties (degeneracy) common."""
    return st.tuples(st.integers(1, max_m), st.integers(1, max_n)).flatmap(
        lambda s: st.tuples(*[st.lists(st.lists(st.integers(lo, hi), min_size=s[1], max_size=s[1]),
                                       min_size=s[0], max_size=s[0]) for _ in range(2)]))


# ---------------------------------------------------------------------------
# Textbook oracles.


def test_matching_pennies_has_only_the_uniform_mixed_equilibrium():
    # Osborne (2004), An Introduction to Game Theory, section 2.4 and ch. 4
    # (Matching Pennies): no pure equilibrium; each player mixes 1/2-1/2, value 0.
    A = [[1, -1], [-1, 1]]
    eq = extreme_equilibria(A, np.negative(A))
    assert profiles(A, np.negative(A)) == [([0.5, 0.5], [0.5, 0.5])]
    assert eq.profiles[0].payoffs == pytest.approx((0.0, 0.0), abs=1e-12)
    assert not eq.degenerate


def test_battle_of_the_sexes_two_pure_and_one_mixed():
    # Osborne (2004), section 2.3 "Bach or Stravinsky?" (BoS) and ch. 4: pure
    # equilibria (B, B) and (S, S), and the mixed one ((2/3, 1/3), (1/3, 2/3))
    # with payoffs (2/3, 2/3).
    A, B = [[2, 0], [0, 1]], [[1, 0], [0, 2]]
    assert close_sets(profiles(A, B), [([1, 0], [1, 0]), ([2 / 3, 1 / 3], [1 / 3, 2 / 3]), ([0, 1], [0, 1])])
    mixed = extreme_equilibria(A, B).profiles[1]
    assert mixed.payoffs == pytest.approx((2 / 3, 2 / 3), abs=1e-12)


def test_prisoners_dilemma_mutual_defection_only():
    # Osborne (2004), section 2.2 (the Prisoner's Dilemma): Fink is strictly
    # dominant, so (Fink, Fink) is the unique equilibrium.
    A = [[2, 0], [3, 1]]  # rows/columns: Quiet, Fink
    assert profiles(A, np.transpose(A)) == [([0.0, 1.0], [0.0, 1.0])]


def test_chicken_two_pure_and_one_mixed():
    # Chicken (Rapoport and Chammah 1966, 'The game of chicken'):
    # swerve/straight with (0, 0), (-1, 1), (1, -1), (-10, -10). Pure equilibria
    # where exactly one swerves; in the mixed one each swerves with p where
    # -1 (1 - p) = p - 10 (1 - p), i.e. p = 9/10.
    A = [[0, -1], [1, -10]]
    eq = extreme_equilibria(A, np.transpose(A))
    assert close_sets(profiles(A, np.transpose(A)),
                      [([1, 0], [0, 1]), ([0.9, 0.1], [0.9, 0.1]), ([0, 1], [1, 0])])
    assert not eq.degenerate


def test_entry_game_has_a_continuum_of_equilibria():
    # The entry game (Selten 1978, 'The chain-store paradox'; Osborne 2004,
    # ch. 5): challenger In/Out, incumbent Acquiesce/Fight; (In, Acquiesce) =
    # (2, 1), (In, Fight) = (0, 0), Out = (1, 2). Normal-form equilibria: (In,
    # Acquiesce) and the segment (Out, y) with y(Fight) >= 1/2; its corners are
    # Fight and 1/2-1/2. Degenerate: Out has two best replies.
    A, B = [[2, 0], [1, 1]], [[1, 0], [2, 2]]
    eq = extreme_equilibria(A, B)
    assert eq.degenerate
    assert close_sets(profiles(A, B), [([1, 0], [1, 0]), ([0, 1], [0.5, 0.5]), ([0, 1], [0, 1])])


def test_constant_game_every_pure_profile_is_an_extreme_equilibrium():
    # With constant payoffs every profile is an equilibrium: the set is the
    # whole product of simplices, whose corners are the pure profiles. (nashpy's
    # own vertex_enumeration fails here: its linear program is unbounded.)
    eq = extreme_equilibria(np.zeros((2, 3)), np.zeros((2, 3)))
    assert eq.degenerate and len(eq.profiles) == 6
    assert all(set(e.x) | set(e.y) <= {0.0, 1.0} for e in eq.profiles)


def test_von_stengel_3x2_game():
    # von Stengel (2007), Algorithmic Game Theory ch. 3, the running 3 x 2
    # example: A = [[3, 3], [2, 5], [0, 6]], B = [[3, 2], [2, 6], [3, 1]] has
    # exactly three equilibria.
    A, B = [[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]]
    want = [([1, 0, 0], [1, 0]), ([4 / 5, 1 / 5, 0], [2 / 3, 1 / 3]), ([0, 1 / 3, 2 / 3], [1 / 3, 2 / 3])]
    assert close_sets(profiles(A, B), want)


def test_one_strategy_players():
    eq = extreme_equilibria([[1, 5, 5]], [[2, 7, 7]])
    assert [e.y.tolist() for e in eq.profiles] == [[0, 1, 0], [0, 0, 1]] and eq.degenerate
    eq = extreme_equilibria([[1], [4]], [[0], [0]])
    assert [e.x.tolist() for e in eq.profiles] == [[0, 1]] and not eq.degenerate


# ---------------------------------------------------------------------------
# Properties on random games.


@given(small_games())
def test_extreme_equilibria_match_an_exact_enumeration(game):
    A, B = game
    got = extreme_equilibria(A, B)
    want, degenerate = exact_extreme(A, B)
    assert close_sets(profiles(A, B), [([float(v) for v in x], [float(v) for v in y]) for x, y in want])
    assert got.degenerate == degenerate


@given(small_games(4, 4, -2, 2))
def test_basis_enumeration_and_qhull_find_the_same_vertices(game):
    # Two independent vertex finders (sim.polytope): numpy basis enumeration and
    # nashpy/Qhull halfspace intersection, on polytopes of small integer games
    # (degenerate more often than not), and the exact rational enumeration.
    A = np.array(game[0], float)
    assume(min(A.shape) > 1)  # Qhull needs two dimensions
    M = A - A.min() + 1.0
    bases, qhull = vertices(M, "bases"), vertices(M, "qhull")
    assert bases.shape == qhull.shape and np.abs(bases - qhull).max(initial=0) <= 1e-9
    exact = sorted(tuple(float(v) for v in z) for z in _exact_vertices(
        [[Fraction(int(v)) for v in row] for row in M.tolist()]))
    assert np.abs(bases - np.array(exact).reshape(bases.shape)).max(initial=0) <= 1e-12


@given(small_games(3, 3, -1, 1))
def test_both_vertex_methods_give_the_same_equilibria(game):
    A, B = game
    assume(min(np.shape(A)) > 1)  # Qhull needs two dimensions
    a, b = extreme_equilibria(A, B, "bases"), extreme_equilibria(A, B, "qhull")
    assert a.degenerate == b.degenerate
    assert close_sets([(e.x, e.y) for e in a.profiles], [(e.x, e.y) for e in b.profiles])


def test_vertices_choose_qhull_past_the_basis_limit(monkeypatch):
    calls = []
    monkeypatch.setattr(polytope, "qhull_vertices", lambda M: calls.append(M.shape) or np.empty((0, 2)))
    M = np.ones((2, 2)) + np.eye(2)
    assert len(polytope.vertices(M)) == 3 and not calls  # C(4, 2) = 6 bases
    polytope.vertices(M, bases_limit=5)
    assert calls == [(2, 2)]


def test_threat_games_are_solved_without_importing_nashpy():
    # The start-up budget of `negsim run` (issue 9): the 2 x 2 threat games
    # need neither nashpy nor scipy.optimize.
    code = ("import sys; from sim.games import analyse_games; from sim.scenario import load; "
            f"r = analyse_games(load({str(SCENARIOS / 'istanbul-2025.yaml')!r})); "
            "assert r.threats; print(sorted(m for m in ('nashpy', 'scipy.optimize') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@given(small_games(5, 5, -3, 3))
def test_every_reported_equilibrium_is_a_mutual_best_response(game):
    A, B = np.array(game[0], float), np.array(game[1], float)
    eq = extreme_equilibria(A, B)
    assert eq.profiles, "every finite game has an equilibrium (Nash 1951)"
    for e in eq.profiles:
        assert is_equilibrium(A, B, e.x, e.y)
        assert e.x.sum() == pytest.approx(1) and e.y.sum() == pytest.approx(1)
        assert (e.x >= 0).all() and (e.y >= 0).all()
        # the support check spelt out: no strategy in use is worse than the best reply
        assert (A @ e.y)[e.x > TOL].min() >= (A @ e.y).max() - 1e-9
        assert (e.x @ B)[e.y > TOL].min() >= (e.x @ B).max() - 1e-9
    z = [np.concatenate([e.x, e.y]) for e in eq.profiles]
    assert all(np.abs(a - b).max() > 1e-9 for a, b in itertools.combinations(z, 2))


@given(st.integers(2, 4), st.integers(2, 4), st.integers(0, 2**32 - 1))
def test_nondegenerate_games_agree_with_nashpy_and_are_odd(m, n, seed):
    # Random real payoffs are nondegenerate with probability 1; there the
    # number of equilibria is odd (Shapley 1974) and nashpy finds the same.
    rng = np.random.default_rng(seed)
    A, B = rng.random((m, n)), rng.random((m, n))
    eq = extreme_equilibria(A, B)
    assert not eq.degenerate and len(eq.profiles) % 2 == 1
    theirs = [(x, y) for x, y in nashpy.Game(A, B).vertex_enumeration()]
    assert close_sets(profiles(A, B), theirs, tol=1e-7)


def test_an_8x8_game_is_solved():
    rng = np.random.default_rng(8)
    for A, B in ((rng.random((8, 8)), rng.random((8, 8))),
                 (rng.integers(0, 3, (8, 8)), rng.integers(0, 3, (8, 8)))):
        eq = extreme_equilibria(A, B)
        assert eq.profiles and all(is_equilibrium(np.asarray(A, float), np.asarray(B, float), e.x, e.y)
                                   for e in eq.profiles)
    assert len(extreme_equilibria(*(rng.random((8, 8)) for _ in range(2))).profiles) % 2 == 1


def test_payoffs_on_any_scale_give_the_same_equilibria():
    A, B = np.array([[2, 0], [0, 1]]), np.array([[1, 0], [0, 2]])
    assert close_sets(profiles(A * 1e6 - 3e7, B * 1e-6), profiles(A, B))


# ---------------------------------------------------------------------------
# Threat games (SPEC section 7).

TOY = {
    "name": "toy sanctions",
    "issues": {"ceasefire": {"options": ["none", "partial", "full"]}, "relief": {"range": [0, 1]}},
    "parties": {
        "russia": {"weights": {"ceasefire": 1, "relief": 1}, "disagreement": 0.3,
                   "values": {"ceasefire": {"none": 1, "partial": 0.5, "full": 0}, "relief": "increasing"}},
        "ukraine": {"weights": {"ceasefire": 1, "relief": 1}, "disagreement": 0.3,
                    "values": {"ceasefire": {"none": 0, "partial": 0.6, "full": 1}, "relief": "decreasing"}},
        "united_states": {"veto": False, "weights": {"ceasefire": 1},
                          "values": {"ceasefire": {"none": 0, "partial": 0.5, "full": 1}}},
        "european_union": {"veto": False, "weights": {"ceasefire": 1},
                           "values": {"ceasefire": {"none": 0, "partial": 0.5, "full": 1}}},
    },
    "pressures": {"sanctions_ultimatum": {
        "by": ["united_states", "european_union"], "target": "russia",
        "demand": {"ceasefire": "full"}, "penalty": 0.25, "credibility": "auto",
        "cost": {"united_states": 0.02, "european_union": 0.05},
        "backing_down_cost": {"european_union": 0.08}}},
    "games": {"ceasefire_compliance": {
        "players": ["russia", "ukraine"],
        "strategies": {"russia": ["hold", "violate"], "ukraine": ["hold", "violate"]},
        "payoffs": {"russia": [[3, 0], [5, 1]], "ukraine": [[3, 5], [0, 1]]}}},
    "solve": {"resolution": 11, "concepts": ["egalitarian"]},
}


def test_threat_game_payoffs_by_hand():
    # Comply (ceasefire full): russia 0.5 r, ukraine 0.5 (2 - r), d = 0.3 each;
    # the Nash product (0.5 r - 0.3)(0.7 - 0.5 r) peaks at r = 1: (0.5, 0.5),
    # senders 1 + 1. Defy: 'partial' with r = 0.55 gives gains (0.225, 0.225),
    # better than 'none' (0.2, 0.2): russia 0.525, senders 0.5 + 0.5.
    # Carry out: russia - 0.25, senders - 0.07; back down: senders - 0.08.
    g = analyse_games(from_dict(TOY)).threats["sanctions_ultimatum"]
    assert g.players == ("russia", "united_states+european_union")
    # relief is continuous: outcomes are determined to 1e-3 only (SPEC section 3)
    assert g.payoffs["russia"].ravel().tolist() == pytest.approx([0.5, 0.5, 0.275, 0.525], abs=1e-3)
    assert g.payoffs["united_states+european_union"].ravel().tolist() == pytest.approx([2, 2, 0.93, 0.92],
                                                                               abs=1e-9)
    assert g.payoffs["russia"][1, 1] - g.payoffs["russia"][1, 0] == pytest.approx(0.25, abs=1e-9)
    # Equilibria: russia complies against any y(carry_out) >= 1/10.
    assert g.equilibria.degenerate
    assert close_sets([(e.x, e.y) for e in g.equilibria.profiles], [([1, 0], [1, 0]), ([1, 0], [0.1, 0.9])],
                      tol=1e-3)
    assert g.summary == ("russia complies; the senders (united_states, european_union) would carry out "
                         "the sanctions ultimatum if it defied")
    spe = game_json(g)["subgame_perfect"]
    assert spe["strategies"] == {"russia": {"comply": 1.0, "defy": 0.0},
                                 "united_states+european_union": {"carry_out": 1.0, "back_down": 0.0}}


def test_threat_game_uses_the_other_pressures_and_reward():
    doc = json.loads(json.dumps(TOY))
    doc["pressures"]["sanctions_ultimatum"]["reward"] = 0.1
    # A second pressure on ukraine: it stays in force in this threat game.
    doc["pressures"]["aid"] = {"by": ["united_states"], "target": "ukraine", "demand": {"ceasefire": "none"},
                               "penalty": 0.2}
    games = threat_games(from_dict(doc))
    t = games["sanctions_ultimatum"]
    assert t.target[0, 0] == pytest.approx(t.comply[0] + 0.1)
    # ukraine loses 0.2 off 'none' in the defy half, whose Nash outcome is 'partial'
    assert t.defy[1] != pytest.approx(0.3)
    assert set(games) == {"sanctions_ultimatum", "aid"}


def test_empty_comply_half_uses_the_disagreement_point():
    doc = json.loads(json.dumps(TOY))
    doc["parties"]["russia"]["red_lines"] = [{"ceasefire": "full"}]
    t = threat_games(from_dict(doc))["sanctions_ultimatum"]
    assert t.comply.tolist() == pytest.approx([0.3, 0.3, 0.0, 0.0])


@st.composite
def threat_scenarios(draw):
    """Two veto parties, two possible senders, one or two pressures; costs on a
    coarse lattice (ties between cost and backing-down cost are common)."""
    lattice = st.sampled_from([0.0, 0.01, 0.02, 0.05, 0.08, 0.1, 0.25])
    value = st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0])
    opts = ["o0", "o1", "o2"]
    parties = {name: {"weights": {"x": 1}, "values": {"x": {o: draw(value) for o in opts}},
                      "disagreement": draw(st.sampled_from([0.0, 0.2, 0.4]))} for name in ("a", "b")}
    for name in ("s", "t"):
        parties[name] = {"veto": False, "weights": {"x": 1}, "values": {"x": {o: draw(value) for o in opts}}}
    pressures = {}
    for k in range(draw(st.integers(1, 2))):
        senders = draw(st.sampled_from([["s"], ["t"], ["s", "t"]]))
        pressures[f"p{k}"] = {
            "by": senders, "target": draw(st.sampled_from(["a", "b"])),
            "demand": {"x": draw(st.sampled_from(opts))}, "penalty": draw(lattice),
            "reward": draw(lattice), "credibility": draw(st.sampled_from(["auto", 0.5])),
            "cost": {s: draw(lattice) for s in senders if draw(st.booleans())},
            "backing_down_cost": {s: draw(lattice) for s in senders if draw(st.booleans())},
        }
    return {"name": "random threat", "issues": {"x": {"options": opts}}, "parties": parties,
            "pressures": pressures}


@given(threat_scenarios())
def test_subgame_perfect_sender_choice_agrees_with_auto_credibility(doc):
    scenario = from_dict(doc)
    for name, t in threat_games(scenario).items():
        p = scenario.pressure(name)
        auto = sum(p.backing_down_cost.values()) > sum(p.cost.values())
        assert t.carry_out == auto
        if p.credibility == "auto":
            assert t.carry_out == (p.effective_credibility == 1.0)
        g = threat_solution(t)
        i, j = t.subgame_perfect
        # the subgame-perfect profile is a Nash equilibrium and one of the extreme ones
        assert is_equilibrium(g.payoffs[g.players[0]], g.payoffs[g.players[1]], np.eye(2)[i], np.eye(2)[j])
        assert any(e.x[i] == pytest.approx(1) and e.y[j] == pytest.approx(1) for e in g.equilibria.profiles)
        assert g.equilibria.degenerate  # the comply row does not depend on the senders
        # backward induction on the reported payoffs: a tied target complies
        assert (i == 0) == (t.target[0, j] >= t.target[1, j])


# ---------------------------------------------------------------------------
# The report and the command line.


def negsim(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim.cli", *args], capture_output=True, text=True,
                          check=False)


def write(tmp_path, doc) -> str:
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(doc))  # JSON is YAML 1.2
    return str(path)


def test_negsim_game_json_has_every_game(tmp_path):
    proc = negsim("game", write(tmp_path, TOY), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert set(out) == {"games", "pressures"}
    game = out["games"]["ceasefire_compliance"]
    assert set(game) >= {"players", "strategies", "payoffs", "equilibria", "degenerate"}
    assert game["equilibria"] == [{"strategies": {"russia": {"hold": 0.0, "violate": 1.0},
                                                  "ukraine": {"hold": 0.0, "violate": 1.0}},
                                   "payoffs": {"russia": 1.0, "ukraine": 1.0}}]
    threat = out["pressures"]["sanctions_ultimatum"]["game"]
    assert threat["players"] == ["russia", "united_states+european_union"]
    assert threat["strategies"]["russia"] == ["comply", "defy"]
    assert threat["degenerate"] is True and "subgame_perfect" in threat


def test_negsim_game_text_says_the_subgame_perfect_play(tmp_path):
    proc = negsim("game", write(tmp_path, TOY))
    assert proc.returncode == 0, proc.stderr
    assert "russia complies; the senders (united_states, european_union) would carry out" in proc.stdout
    assert "violate" in proc.stdout and "carry_out" in proc.stdout


@pytest.mark.parametrize("credibility,backing_down,note", [
    (0.7, 0.0, True),     # the senders back down (0.07 > 0), yet q = 0.7 is applied
    (0.7, 0.08, False),   # they carry out: q is the chance they do, no contradiction
    ("auto", 0.0, False),  # auto applies the game's verdict (q = 0)
    (0.0, 0.0, False),    # applied at 0: nothing contradicts
])
def test_a_threat_the_game_finds_not_credible_but_applied_is_said(tmp_path, credibility,
                                                                  backing_down, note):
    doc = json.loads(json.dumps(TOY))
    doc["pressures"]["sanctions_ultimatum"].update(
        credibility=credibility, backing_down_cost={"european_union": backing_down})
    g = analyse_games(from_dict(doc)).threats["sanctions_ultimatum"]
    expected = ("the senders would back down, so this threat is not credible; the report still "
                "applies sanctions_ultimatum at its stated credibility 0.7 (credibility: auto "
                "would apply it at 0)")
    assert g.note == (expected if note else None)
    lines = negsim("run", write(tmp_path, doc)).stdout.splitlines()
    assert lines.count(f"  note: {expected}") == (1 if note else 0)


def test_run_json_adds_games_only_when_declared(tmp_path):
    got = json.loads(negsim("run", write(tmp_path, TOY), "--json").stdout)
    assert got["games"] == scenario_games_json(from_dict(TOY))
    assert "game" not in got["pressures"]["sanctions_ultimatum"]


def test_run_json_has_no_games_without_any(shared):
    case = shared / "conformance" / "case04.yaml"  # a pressure, no games
    keys = set(json.loads(negsim("run", str(case), "--json").stdout))
    assert "games" not in keys


BAD = [
    ({"payoffs": {"russia": [[3, 0]], "ukraine": [[3, 5], [0, 1]]}},
     "games.ceasefire_compliance.payoffs.russia", "must be 2 x 2"),
    ({"strategies": {"russia": ["hold", "hold"], "ukraine": ["hold", "violate"]}},
     "games.ceasefire_compliance.strategies.russia", "named twice"),
    ({"payoffs": {"russia": [[3, "lots"], [5, 1]], "ukraine": [[3, 5], [0, 1]]}},
     "games.ceasefire_compliance.payoffs.russia.0.1", "expected a number"),
    ({"players": ["russia"]}, "games.ceasefire_compliance.players", "two distinct players"),
]


@pytest.mark.parametrize("change,path,message", BAD, ids=["shape", "duplicate", "non-number", "players"])
def test_bad_games_are_located_errors(tmp_path, change, path, message):
    doc = json.loads(json.dumps(TOY))
    doc["games"]["ceasefire_compliance"].update(change)
    proc = negsim("game", write(tmp_path, doc))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    # the path may go one step deeper (e.g. to the repeated strategy's index)
    assert any(f": {path}" in line and message in line for line in proc.stderr.splitlines()), proc.stderr


def test_the_worked_example_of_docs_games_md_is_what_negsim_game_prints(tmp_path):
    import re

    from sim.games import games_text
    from sim.scenario import load

    from .conftest import ROOT

    text = (ROOT / "docs" / "games.md").read_text()
    (tmp_path / "ceasefire.yaml").write_text(re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)[0])
    shown = re.findall(r"```text\n(.*?)```", text, flags=re.DOTALL)[0].strip()
    assert games_text(analyse_games(load(tmp_path / "ceasefire.yaml"))) == shown
