"""Randomised agreements: the concepts over the convex hull of the ZOPA's utility vectors.

SPEC section 3 ('Lotteries'): with ``solve.lotteries: true`` each concept is
maximised over conv{u_V(x) : x in Z}, as in Nash's (1950) original convex
bargaining problem. The Pareto part of that hull is spanned by frontier points,
so we optimise over mixtures lambda of the frontier vectors F (rows):

- ``utilitarian`` is linear: a vertex is optimal, the pure solution stands;
- ``egalitarian`` and ``kalai_smorodinsky`` are linear programmes in
  (lambda, t): maximise t subject to (F^T lambda - d)_i / s_i >= t, followed by
  the tie-break LP (largest sum of gains with t held);
- ``nash`` is concave in lambda: with two parties the optimum lies on an edge of
  the upper-right hull and is found in closed form on each edge; with more, by
  the multiplicative (EM) iteration for log-concave mixture weights (Cover 1984)
  polished by SLSQP on its support.

The optimum is then written as a lottery over at most |V| outcomes by
Caratheodory's reduction (a supporting face of the hull has dimension <= |V| - 1).
With continuous issues the hull is that of the grid points (documented in
``docs/model.md``). Which programme a concept gets follows its registered
``form`` (:mod:`sim.concepts`): ``sum`` (a vertex), ``log_gains`` (the Nash
product), ``min_gains`` (the max-min LPs, relative to I - d where ``relative``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from . import concepts as cc
from .kernel import Kernel
from .precision import TIE_TOLERANCE, round_utilities
from .results import Region, Solution
from .scenario import Pressure

EM_ITERATIONS = 20_000
SUPPORT_EPS = 1e-12


def _upper_hull_2d(p: np.ndarray) -> np.ndarray:
    """Indices of the upper-right concave chain of 2-D frontier points, by u0 ascending."""
    idx = np.argsort(p[:, 0], kind="stable")
    chain: list[int] = []
    for i in idx:
        while len(chain) >= 2:
            a, b = p[chain[-2]], p[chain[-1]]
            cross = (b[0] - a[0]) * (p[i][1] - a[1]) - (b[1] - a[1]) * (p[i][0] - a[0])
            if cross >= 0:  # b lies on or below the segment a -> i
                chain.pop()
            else:
                break
        chain.append(int(i))
    return np.array(chain)


def _nash_2d(g: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Mixture weights maximising alpha . ln(gains) over the hull of 2-D gains ``g``."""
    hull = _upper_hull_2d(g)
    best, best_val = np.eye(len(g))[hull[0]], -np.inf
    with np.errstate(divide="ignore", invalid="ignore"):
        for a, b in zip(hull, hull[1:].tolist() + [None]):
            cands = [0.0]
            if b is not None:
                da, db = g[b] - g[a]
                denom = (alpha[0] + alpha[1]) * da * db
                if denom != 0:
                    s = -(alpha[0] * da * g[a][1] + alpha[1] * db * g[a][0]) / denom
                    cands += [min(max(s, 0.0), 1.0), 1.0]
            for s in cands:
                x = g[a] if b is None else g[a] + s * (g[b] - g[a])
                val = float(np.dot(alpha, np.log(x))) if np.all(x > 0) else -np.inf
                if val > best_val + TIE_TOLERANCE:
                    lam = np.zeros(len(g))
                    lam[a] += 1 - s if b is not None else 1.0
                    if b is not None:
                        lam[b] += s
                    best, best_val = lam, val
    return best


def _nash_nd(g: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    """Multiplicative iteration lambda_j <- lambda_j sum_i alpha_i g_ji / G_i (Cover 1984)."""
    from scipy.optimize import minimize  # type: ignore[import-untyped]

    pos = np.all(g > 0, axis=1)
    if not pos.any() and not np.all(g.max(axis=0) > 0):
        lam = np.zeros(len(g))
        lam[0] = 1.0
        return lam
    lam = np.full(len(g), 1.0 / len(g))
    for _ in range(EM_ITERATIONS):
        total = g.T @ lam
        new = lam * (g @ (alpha / np.maximum(total, 1e-300)))
        new /= new.sum()
        if np.max(np.abs(new - lam)) < 1e-15:
            lam = new
            break
        lam = new
    support = np.nonzero(lam > 1e-9)[0]
    gs = g[support]
    res = minimize(lambda w: -float(np.dot(alpha, np.log(np.maximum(gs.T @ w, 1e-300)))),
                   lam[support] / lam[support].sum(), method="SLSQP",
                   bounds=[(0, 1)] * len(support),
                   constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
                   options={"ftol": 1e-15, "maxiter": 500})
    out = np.zeros(len(g))
    w = np.clip(res.x, 0, None)
    old = float(np.dot(alpha, np.log(np.maximum(g.T @ lam, 1e-300))))
    if float(np.dot(alpha, np.log(np.maximum(gs.T @ (w / w.sum()), 1e-300)))) > old:
        out[support] = w / w.sum()
        return out
    return lam


def _maxmin_lp(g: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Maximise min_i (F^T lambda - d)_i / scale_i, then the sum of gains (two LPs, HiGHS)."""
    from scipy.optimize import linprog

    m, k = g.shape
    a_ub = np.hstack([-(g / scale).T, np.ones((k, 1))])  # t - sum_j lam_j g_ji / s_i <= 0
    a_eq = np.append(np.ones(m), 0.0)[None, :]
    bounds = [(0, None)] * m + [(None, None)]
    first = linprog(np.append(np.zeros(m), -1.0), A_ub=a_ub, b_ub=np.zeros(k), A_eq=a_eq,
                    b_eq=[1.0], bounds=bounds, method="highs")
    t = first.x[-1]
    second = linprog(-g.sum(axis=1), A_ub=-(g / scale).T, b_ub=-(t - 1e-12) * np.ones(k),
                     A_eq=np.ones((1, m)), b_eq=[1.0], bounds=[(0, None)] * m, method="highs")
    lam = second.x if second.status == 0 else first.x[:m]
    return np.clip(lam, 0, None) / np.clip(lam, 0, None).sum()


def caratheodory(points: np.ndarray, lam: np.ndarray, max_support: int) -> np.ndarray:
    """Rewrite the mixture ``lam`` of ``points`` with as few points as the rank allows.

    While the support's affine hull admits a null combination (sum c_j = 0,
    sum c_j p_j = 0), move along it until a weight reaches zero.
    """
    lam = lam.copy()
    lam[lam < SUPPORT_EPS] = 0.0
    while True:
        s = np.nonzero(lam)[0]
        if len(s) <= max_support:
            break
        a = np.vstack([points[s].T, np.ones(len(s))])
        _, sv, vt = np.linalg.svd(a)
        rank = int(np.sum(sv > 1e-10 * max(sv[0], 1.0)))
        if rank >= len(s):
            break
        c = vt[-1]
        if not np.any(c > 0):
            c = -c
        ratios = np.where(c > 0, lam[s] / np.where(c > 0, c, 1), np.inf)
        j = int(np.argmin(ratios))
        lam[s] = lam[s] - ratios[j] * c
        lam[s[j]] = 0.0
        lam[lam < SUPPORT_EPS] = 0.0
    return lam / lam.sum()


def lottery_solutions(kernel: Kernel, pressures: Sequence[Pressure], d: np.ndarray,
                      front: np.ndarray, order: np.ndarray, pure: dict[str, Solution | None],
                      region: Region | None = None) -> dict[str, Solution | None]:
    """Each concept's solution over the convex hull, as a lottery over frontier outcomes."""
    pb = kernel.problem(d, front.max(axis=0))
    g = front - pb.d
    k = front.shape[1]
    out: dict[str, Solution | None] = {}
    for name, sol in pure.items():
        concept = cc.CONCEPTS[name]
        if concept.form == "sum" or len(front) == 1:
            lam = np.zeros(len(front))
            lam[int(np.nonzero(order == sol.index)[0][0]) if sol is not None and sol.index is not None
                and np.any(order == sol.index) else 0] = 1.0
        elif concept.form == "log_gains":
            lam = _nash_2d(g, pb.alpha) if k == 2 else _nash_nd(g, pb.alpha)
        else:
            live = pb.ideal - pb.d > 0
            scale = np.where(live, pb.ideal - pb.d, 1.0) if concept.relative \
                and live.any() else np.ones(k)
            if concept.relative and live.any() and not live.all():
                g_live, s_live = g[:, live], scale[live]
                lam = _maxmin_lp(g_live, s_live)
            else:
                lam = _maxmin_lp(g, scale)
        lam = caratheodory(front, lam, k)
        support = np.nonzero(lam)[0]
        support = support[np.argsort(order[support])]
        points = [kernel.space.point(int(order[j])) for j in support]
        utilities = lam[support] @ kernel.utilities_at(points, pressures)
        out[name] = Solution(name, round_utilities(utilities),
                             lottery=tuple((float(lam[j]), pt) for j, pt in zip(support, points)))
    return out
