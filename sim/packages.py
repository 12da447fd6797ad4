"""Package probabilities: how often each whole outcome is the deal over many draws.

Given the agreed outcomes o_1 .. o_k of k draws (each a mapping issue -> option
or real value), with weights w_r (1 for a pure agreement; a randomised agreement,
``solve.lotteries``, counts each of its outcomes with its probability, so a
draw's weights sum to 1), the share of a package x is

    s(x) = sum of w_r over the draws with o_r = x  /  sum of all w_r,

with Wilson's (1927) 95 % score interval (:func:`sim.proportions.wilson`) on
that count out of k draws. Two outcomes are the same package when they name the
same option of every discrete issue and their values of every continuous issue
round to the same multiple of ``precision`` (SPEC section 3: outcomes on
continuous issues are determined to 1e-3); the package shown is the first drawn
of its class. Used by ``negsim uncertainty`` (SPEC section 9) and ``negsim
calibrate`` (section 12: the five most frequent Nash packages).

>>> draws = [{"x": "a", "y": 0.5}, {"x": "b", "y": 0.2}, {"x": "a", "y": 0.5001}]
>>> [(p.outcome["x"], round(p.share, 3)) for p in package_shares(draws)]
[('a', 0.667), ('b', 0.333)]
>>> rank, central = share_of(package_shares(draws, top=None), {"x": "b", "y": 0.2})
>>> rank, round(central.share, 3), [round(c, 3) for c in central.ci95]
(2, 0.333, [0.061, 0.792])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .precision import rounded
from .proportions import wilson

#: Precision to which two values of a continuous issue count as the same (SPEC section 3).
PRECISION = 1e-3
#: Packages reported by default (SPEC sections 9 and 12).
TOP = 5


@dataclass(frozen=True)
class Package:
    """One whole outcome with its weighted number of draws ``count``, its ``share``
    of all draws and the 95 % Wilson interval ``ci95`` of that share."""

    outcome: dict[str, Any]
    count: float
    share: float
    ci95: tuple[float, float]

    def to_json(self) -> dict[str, Any]:
        """``{"outcome", "share", "ci95"}`` with SPEC's 9-decimal rounding."""
        return {"outcome": {k: _plain(v) for k, v in self.outcome.items()},
                "share": _round(self.share), "ci95": [_round(self.ci95[0]), _round(self.ci95[1])]}


def _round(x: float) -> float:
    return rounded(x)


def _plain(v: Any) -> Any:
    """numpy scalars as Python numbers (JSON)."""
    return v.item() if isinstance(v, np.generic) else v


def package_key(outcome: Mapping[str, Any], precision: float = PRECISION) -> tuple[Any, ...]:
    """The class of ``outcome``: issue names (sorted) with options, real values as
    whole multiples of ``precision``.

    >>> package_key({"x": "a", "y": 0.50049}) == package_key({"x": "a", "y": 0.4996})
    True
    """
    return tuple((k, v if isinstance(v, str) or v is None else round(float(v) / precision))
                 for k, v in sorted(outcome.items()))


def package_shares(outcomes: Sequence[Mapping[str, Any]],
                   weights: Sequence[float] | np.ndarray | None = None,
                   top: int | None = TOP, precision: float = PRECISION) -> list[Package]:
    """The ``top`` most frequent packages among ``outcomes`` (all with ``top=None``),
    most frequent first, ties in order of first appearance; ``[]`` when there are none.

    ``weights`` (default 1 each) weigh the outcomes: a draw's lottery gives each of
    its outcomes its probability. The share's interval counts sum(weights) draws.
    """
    w = np.ones(len(outcomes)) if weights is None else np.asarray(weights, dtype=float)
    if len(w) != len(outcomes):
        raise ValueError(f"{len(outcomes)} outcomes but {len(w)} weights")
    total = float(w.sum())
    counts: dict[tuple[Any, ...], float] = {}
    first: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    for outcome, weight in zip(outcomes, w):
        key = package_key(outcome, precision)
        counts[key] = counts.get(key, 0.0) + float(weight)
        first.setdefault(key, outcome)
    order = sorted(counts, key=lambda key: -counts[key])  # stable: first seen wins ties
    n = max(1, round(total))
    return [Package(dict(first[key]), counts[key], counts[key] / total,
                    wilson(counts[key] * n / total, n))
            for key in order[:top]]


def share_of(packages: Sequence[Package], outcome: Mapping[str, Any] | None,
             precision: float = PRECISION) -> tuple[int | None, Package]:
    """``(rank, package)`` of ``outcome`` among ``packages`` (all of them, as
    :func:`package_shares` with ``top=None`` gives): its 1-based rank by frequency,
    or ``None`` with a zero share when it never occurs (or ``outcome`` is None)."""
    n = round(sum(p.count for p in packages))
    if outcome is not None:
        key = package_key(outcome, precision)
        for rank, p in enumerate(packages, 1):
            if package_key(p.outcome, precision) == key:
                return rank, p
    return None, Package(dict(outcome or {}), 0.0, 0.0, wilson(0, n))
