"""Vertices of best-response polytopes: basis enumeration against Qhull.

Issue 9, item 4 (start-up) and issue 5 (games up to 8 x 8 in seconds).

    .venv/bin/python benchmarks/games.py [--sizes 2 4 6 8 9 10] [--repeat 3]

For square n x n games with real payoffs (uniform, nondegenerate) and small
integer payoffs (0..2, degenerate), prints the number of bases C(2n, n), the
median time of :func:`sim.polytope.basis_vertices` and of
:func:`sim.polytope.qhull_vertices` on the row player's polytope (Qhull timed
after its import; the import itself is printed once), and the number of
vertices both find. The crossover sets :data:`sim.polytope.BASES_LIMIT`.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from math import comb
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from solve import machine

from sim.polytope import BASES_LIMIT, basis_vertices, qhull_vertices


def median_time(f, M: np.ndarray, repeat: int) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(repeat):
        t = time.perf_counter()
        found = len(f(M))
        times.append(time.perf_counter() - t)
    return statistics.median(times), found


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[2, 4, 6, 8, 9, 10])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    print(machine())
    t = time.perf_counter()
    import nashpy  # noqa: F401  (pulls in scipy.optimize and scipy.spatial)

    print(f"import nashpy: {time.perf_counter() - t:.3f} s; BASES_LIMIT = {BASES_LIMIT:,}\n")
    rng = np.random.default_rng(1)
    print(f"{'game':>7} {'payoffs':>8} {'bases':>8} {'basis enum.':>12} {'Qhull':>9} {'vertices':>9}")
    for n in args.sizes:
        for kind in ("real", "integer"):
            M = rng.random((n, n)) + 1 if kind == "real" else rng.integers(0, 3, (n, n)) + 1.0
            tb, vb = median_time(basis_vertices, M, args.repeat)
            tq, vq = median_time(qhull_vertices, M, args.repeat)
            same = "" if vb == vq else f"  (Qhull: {vq})"
            print(f"{n:>3} x {n:<2} {kind:>8} {comb(2 * n, n):>8,} {tb * 1e3:>10.1f} ms "
                  f"{tq * 1e3:>6.1f} ms {vb:>9}{same}")


if __name__ == "__main__":
    main()
