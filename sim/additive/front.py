"""Steps 2 and 3 of the additive path (:mod:`sim.additive`): the frontier part by
part (Minkowski sums pruned to the frontier after each part), then settled
exactly by the reference code."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import AnalysisError
from ..frontier import clear_front, minkowski_front, pareto_front
from ..kernel import Kernel
from ..limits import DEFAULTS, Limits
from ..results import Region
from ..scenario import Pressure
from .parts import SLACK, Part


def digit_dtype(space) -> type:
    """The smallest integer type that holds every option index of ``space``."""
    top = max(space.sizes)
    return np.uint8 if top <= 1 << 8 else np.uint16 if top <= 1 << 16 else np.int64


def lex_rank(rows: np.ndarray) -> np.ndarray:
    """Rank of each row of option digits in enumeration (lexicographic) order."""
    perm = np.lexsort(rows.T[::-1])
    rank = np.empty(len(rows), dtype=np.int64)
    rank[perm] = np.arange(len(rows))
    return rank


class FrontTooLarge(AnalysisError):
    """A Minkowski step would need more than ``Limits.max_sum_bytes`` (exit status 2)."""


def _check_step(front: int, options: int, parties: int, part: Part, names: Sequence[str],
                most: int) -> None:
    """Refuse, with the sizes, a step whose candidate sums would need more than
    ``most`` bytes, before they are allocated (two continuous issues at a fine
    resolution asked for 14.6 TiB)."""
    need = front * options * parties * 8
    if need > most:
        what = ", ".join(names[i] for i in part.issues) if names else "the next issue"
        raise FrontTooLarge(
            f"the additive path cannot combine the frontier so far ({front:,} points) with the "
            f"{options:,} frontier options of {what}: {front * options:,} candidate sums need "
            f"{need / 2**30:,.1f} GiB, more than {most / 2**30:g} GiB; lower "
            "solve.resolution or merge options", "solve.resolution")


def additive_front(parts: list[Part], d: np.ndarray, n_issues: int, dtype: type = np.int64,
                   names: Sequence[str] = (), limits: Limits = DEFAULTS) -> np.ndarray:
    """Option digits (rows: outcomes, columns: issues) of a superset of the ZOPA's
    frontier outcomes, each frontier vector's first outcome among them.

    Raises :class:`FrontTooLarge` before a step whose sums exceed
    ``limits.max_sum_bytes`` (:class:`~sim.limits.Limits`; the solve passes its
    kernel's; ``names``: the issue names, for that message)."""
    opts = [p.options[clear_front(p.values[p.options])] for p in parts]
    if any(not len(o) for o in opts):
        return np.empty((0, n_issues), dtype=dtype)
    best = np.array([p.values[o].max(axis=0) for p, o in zip(parts, opts)])
    rest = np.vstack([np.cumsum(best[::-1], axis=0)[::-1][1:], np.zeros((1, len(d)))])
    vec = np.zeros((1, len(d)))
    dig: np.ndarray = np.zeros((1, n_issues), dtype=dtype)
    for part, o, later in zip(parts, opts, rest):
        vals, digs, cols = part.values[o], part.digits[o].astype(dtype), list(part.issues)
        need = d - SLACK - later
        reachable = None if np.all(vec.min(axis=0) + vals.min(axis=0) >= need) else \
            (lambda s, need=need: np.all(s >= need, axis=1))

        def tie(a: np.ndarray, b: np.ndarray, dig: np.ndarray = dig, digs: np.ndarray = digs,
                cols: list[int] = cols) -> np.ndarray:
            rows = dig[a]
            rows[:, cols] = digs[b]
            return lex_rank(rows)

        _check_step(len(vec), len(vals), len(d), part, names, limits.max_sum_bytes)
        a, b = minkowski_front(vec, vals, tie, keep=reachable)
        vec = vec[a] + vals[b]
        dig = dig[a]
        dig[:, cols] = digs[b]
        if not len(vec):
            break
    return dig


def flat_index(digits: np.ndarray, space) -> np.ndarray:
    """Enumeration indices of outcomes given by option digits: int64 where the space
    fits, else Python integers (an object array)."""
    n = len(digits)
    if space.size <= np.iinfo(np.int64).max:
        return digits.astype(np.int64) @ np.array(space.strides, dtype=np.int64) if n else \
            np.empty(0, dtype=np.int64)
    acc = np.zeros(n, dtype=object)
    j = 0
    while j < len(space.sizes):  # blocks of issues whose radix fits int64, then big integers
        block, radix = np.zeros(n, dtype=np.int64), 1
        while j < len(space.sizes) and radix * space.sizes[j] < 1 << 62:
            block = block * space.sizes[j] + digits[:, j].astype(np.int64)
            radix *= space.sizes[j]
            j += 1
        acc = acc * radix + block.astype(object)
    return acc


def settle(kernel: Kernel, digits: np.ndarray, pressures: Sequence[Pressure], d: np.ndarray,
           region: Region | None) -> tuple[np.ndarray, np.ndarray]:
    """Exact frontier (distinct vectors, first enumeration indices) of candidate outcomes."""
    space, v = kernel.space, kernel.veto
    cols = [grid[digits[:, j]] for j, grid in enumerate(space.grids)]
    u = kernel.utilities(cols, pressures)
    inside = kernel.feasible(cols, u, d, region)
    rank = lex_rank(digits)
    front, first = pareto_front(u[inside][:, v], rank[inside])
    row = np.empty(len(rank), dtype=np.int64)
    row[rank] = np.arange(len(rank))
    return front, flat_index(digits[row[first]], space)
