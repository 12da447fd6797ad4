"""Vertices of a best-response polytope {z >= 0 : M z <= 1}, M > 0.

A point z of the polytope is a **vertex** when d linearly independent
constraints among the d + k (the d coordinates z_j >= 0 and the k rows
(M z)_i <= 1) hold with equality at z (Grünbaum 2003, *Convex Polytopes*,
section 3.1; in the bimatrix setting von Stengel 2007, ch. 3 of Nisan et al.,
*Algorithmic Game Theory*, section 3.5). Since M > 0 the polytope is bounded.

Two ways to find them, chosen by :func:`vertices`:

- **Basis enumeration** (:func:`basis_vertices`): solve the d x d system of
  every choice of d constraints, keep the solutions that satisfy all the
  constraints. There are C(d + k, d) choices (6 for a 2 x 2 game, 924 at
  6 x 6); they are solved in batches with numpy. It is exact on degenerate
  polytopes, where a vertex lies on more than d facets and is reached from
  several bases (it is reported once).
- **Qhull halfspace intersection** through :mod:`nashpy.polytope`
  (:func:`qhull_vertices`), for polytopes with more bases than
  :data:`BASES_LIMIT` (games larger than about 6 x 6), where its
  output-sensitive search wins by far.

Basis enumeration needs no scipy, so the threat games that ``negsim run``
reports are solved without importing nashpy and scipy.optimize (about 0.35 s
of a start-up budget of one second, issue 9). The test suite checks that the
two agree on random degenerate games and against exact rational arithmetic.
"""

from __future__ import annotations

from itertools import combinations
from math import comb
from typing import Literal

import numpy as np

VertexMethod = Literal["auto", "bases", "qhull"]

#: Most bases (choices of d constraints) solved by basis enumeration; past it, Qhull.
#: Measured (benchmarks/games.py): 924 bases (6 x 6) take 4 ms either way; at 8 x 8
#: (12,870 bases) basis enumeration takes 80 ms and Qhull 5 ms once imported.
BASES_LIMIT = 1 << 10
#: Bases solved per numpy batch (bounds memory: BATCH * d * d floats).
BATCH = 1 << 13
#: Feasibility and singularity tolerance on a polytope scaled so that M lies in [1, 2].
TOL = 1e-9
#: Decimals to which vertices are rounded before duplicates are removed.
DECIMALS = 12


def _constraints(M: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """G z <= h with G = [M; -I] and h = [1; 0]."""
    k, d = M.shape
    return np.vstack([M, -np.eye(d)]), np.concatenate([np.ones(k), np.zeros(d)])


def _distinct(V: np.ndarray, d: int) -> np.ndarray:
    """Rows of V clipped at 0, rounded to DECIMALS, without duplicates or the origin."""
    if not len(V):
        return np.empty((0, d))
    V = np.unique(np.round(np.clip(V, 0.0, None), DECIMALS), axis=0)
    return V[np.any(V > TOL, axis=1)]


def basis_vertices(M: np.ndarray) -> np.ndarray:
    """Nonzero vertices of {z >= 0 : M z <= 1} by basis enumeration (module doc).

    >>> basis_vertices(np.array([[1.0, 2.0], [2.0, 1.0]])).round(4).tolist()
    [[0.0, 0.5], [0.3333, 0.3333], [0.5, 0.0]]
    """
    M = np.asarray(M, dtype=float)
    k, d = M.shape
    G, h = _constraints(M)
    found: list[np.ndarray] = []
    bases = combinations(range(k + d), d)
    while True:
        batch = np.array([b for _, b in zip(range(BATCH), bases)], dtype=np.int64)
        if not len(batch):
            break
        S, r = G[batch], h[batch]
        # A basis is used when its d constraints are independent: smallest
        # singular value clear of zero (G's rows have norm between 1 and 2 sqrt(d)).
        ok = np.linalg.svd(S, compute_uv=False)[:, -1] > TOL
        if ok.any():
            z = np.linalg.solve(S[ok], r[ok][:, :, None])[:, :, 0]
            found.append(z[np.all(z @ G.T <= h + TOL, axis=1)])
    return _distinct(np.vstack(found) if found else np.empty((0, d)), d)


def qhull_vertices(M: np.ndarray) -> np.ndarray:
    """Nonzero vertices of {z >= 0 : M z <= 1} from nashpy's polytope module
    (scipy's Qhull halfspace intersection)."""
    from nashpy.polytope import build_halfspaces, non_trivial_vertices

    M = np.asarray(M, dtype=float)
    found = [v for v, _ in non_trivial_vertices(build_halfspaces(M))]
    return _distinct(np.array(found), M.shape[1])


def vertex_bound(k: int, d: int) -> int:
    """Most vertices a d-polytope with k + d facets can have: McMullen's upper bound
    theorem (Grünbaum 2003, section 10.1), C(f - ceil(d/2), floor(d/2)) +
    C(f - floor(d/2) - 1, ceil(d/2) - 1) with f = k + d facets. An n x n
    coordination game's polytopes reach 2^n - 1 of them.

    >>> vertex_bound(2, 2), vertex_bound(18, 18)
    (4, 6249100)
    """
    f, lo, hi = k + d, d // 2, (d + 1) // 2
    return comb(f - hi, lo) + comb(f - lo - 1, hi - 1)


def vertices(M: np.ndarray, method: VertexMethod = "auto", bases_limit: int = BASES_LIMIT) -> np.ndarray:
    """Nonzero vertices of {z >= 0 : M z <= 1} (M > 0), sorted, one row each.

    ``auto`` enumerates bases while there are at most ``bases_limit``
    (:data:`BASES_LIMIT`) of them, else uses Qhull.
    """
    k, d = np.shape(M)
    if method == "auto":
        method = "bases" if comb(k + d, d) <= bases_limit else "qhull"
    return basis_vertices(M) if method == "bases" else qhull_vertices(M)
