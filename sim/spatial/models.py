"""Forecast models of spatial decisions, registered by name (SPEC section 13).

Each model maps one :class:`Proposal` (its k issues, the n actors' positions,
saliences and capabilities, the reference point) to k predicted outcomes on
the 0-100 scale. Notation: p_ij the position and s_ij the salience of actor i
on issue j, c_i its capability; only actors with a stake (position known,
salience known and > 0) enter.

- ``compromise``: x_j = sum_i c_i s_ij p_ij / sum_i c_i s_ij, the capability x
  salience weighted mean (Achen 2006; Thomson, Stokman, Achen and Koenig 2006).
- ``median``: the weighted median of the same: the smallest p_ij at which the
  cumulative weight c_i s_ij, positions ascending, reaches half the total
  (Black 1948).
- the **Nash bargaining models** (Nash 1950; asymmetric: Kalai 1977): over all
  the proposal's issues jointly, maximise sum_i a_i ln g_i(x) with
  a_i = c_i^gamma / sum c^gamma and gains g_i(x) = U_i(x) - D_i, where
  U_i(x) = -sum_j (s_ij / 100) L(|x_j - p_ij| / 100) (salience is an absolute
  weight, so salience trades across issues and between actors; L(z) = z or
  z^2, SPEC 13's linear and quadratic loss) and the disagreement
  D_i = -sum_j (s_ij / 100) L_ij^0 - delta: L_ij^0 = 1 (every issue lost
  entirely) or, with ``reference``, the loss at the reference point where it
  is known (the status quo as the disagreement outcome). delta >= 0 is how
  much worse failure is than that. As delta grows, the quadratic Nash point
  tends to the salience x power weighted mean (Achen 2006), the compromise.

Nash is invariant to each actor's positive affine rescaling, so this is the
Nash solution of SPEC section 3 on the imported scenario with each party's
weights normalised and its disagreement d_i = 1 + 100 D_i / sum_j s_ij
(:func:`sim.spatial.scenarios.documents` writes exactly that).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .table import SpatialTable

#: Bisection steps of each coordinate's exact line search (100 / 2^40: 1e-10 points).
BISECTIONS = 40
#: Coordinate sweeps stop when no coordinate moved more than this (points), or after MAX_SWEEPS.
TOLERANCE = 1e-8
MAX_SWEEPS = 200


@dataclass(frozen=True)
class Proposal:
    """One proposal's issues: ``positions`` and ``saliences`` (k, n), ``nan`` / 0
    where an actor has no stake, ``capability`` (n,), ``reference`` (k,)
    (``nan`` where unknown) and the Council's voting ``rule``."""

    positions: np.ndarray
    saliences: np.ndarray
    capability: np.ndarray
    reference: np.ndarray
    rule: str = ""

    @property
    def stake(self) -> np.ndarray:
        with np.errstate(invalid="ignore"):
            return ~np.isnan(self.positions) & (np.nan_to_num(self.saliences) > 0)


def proposals(table: SpatialTable) -> list[tuple[np.ndarray, Proposal]]:
    """The table cut into proposals: (row indices, :class:`Proposal`), in order."""
    stake = table.stake
    pos = np.where(stake, table.positions, np.nan)
    sal = np.where(stake, table.saliences, 0.0)
    return [(rows, Proposal(pos[rows], sal[rows], table.capability, table.reference[rows],
                            table.rules[rows[0]]))
            for _, rows in table.groups()]


def compromise(p: Proposal) -> np.ndarray:
    """Capability x salience weighted mean per issue (``nan`` where nobody has a stake).

    >>> compromise(Proposal(np.array([[0.0, 100.0]]), np.array([[50.0, 100.0]]),
    ...                     np.array([1.0, 1.0]), np.array([np.nan])))
    array([66.66666667])
    """
    w = p.capability * np.where(p.stake, p.saliences, 0.0)
    total = w.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (w * np.nan_to_num(p.positions)).sum(axis=1) / total, np.nan)


def median(p: Proposal) -> np.ndarray:
    """Weighted median per issue: the smallest position at which the cumulative
    weight c_i s_ij (positions ascending) reaches half the total.

    >>> median(Proposal(np.array([[0.0, 50.0, 100.0]]), np.array([[1.0, 1.0, 2.0]]),
    ...                 np.ones(3), np.array([np.nan])))
    array([50.])
    """
    out = np.full(len(p.positions), np.nan)
    for j, (x, s, ok) in enumerate(zip(p.positions, p.saliences, p.stake)):
        if not ok.any():
            continue
        order = np.argsort(x[ok], kind="stable")
        xs, w = x[ok][order], (p.capability[ok] * s[ok])[order]
        cum = np.cumsum(w)
        out[j] = xs[np.searchsorted(cum, cum[-1] / 2 * (1 - 1e-12))]
    return out


def _padded(props: list[Proposal], reference: bool, quadratic: bool, gamma: float,
            delta: float) -> tuple[np.ndarray, ...]:
    """The proposals as (B, K, N) arrays padded with zero weights: positions, weights
    s/100, powers a (B, N), the constant part of the gains (B, N), starts (B, K)."""
    b, k, n = len(props), max(len(q.positions) for q in props), len(props[0].capability)
    pos, w = np.zeros((b, k, n)), np.zeros((b, k, n))
    l0, start = np.ones((b, k, n)), np.full((b, k), 50.0)
    a = np.zeros((b, n))
    for r, q in enumerate(props):
        m = len(q.positions)
        stake = q.stake
        pos[r, :m] = np.nan_to_num(q.positions)
        w[r, :m] = np.where(stake, q.saliences / 100.0, 0.0)
        present = stake.any(axis=0)
        a[r, present] = q.capability[present] ** gamma
        a[r] /= max(a[r].sum(), 1e-300)
        x0 = np.nan_to_num(compromise(q), nan=50.0)
        if reference:
            known = ~np.isnan(q.reference)
            x0 = np.where(known, np.nan_to_num(q.reference), x0)
            z = np.abs(q.reference[known][:, None] - pos[r, :m][known]) / 100.0
            l0[r, :m][known] = z * z if quadratic else z
        start[r, :m] = x0
    base = delta + (w * l0).sum(axis=1)
    return pos, w, a, base, start


def nash_all(props: list[Proposal], loss: str = "quadratic", gamma: float = 1.0,
             delta: float = 1.0, reference: bool = False) -> list[np.ndarray]:
    """The asymmetric Nash bargaining solution of each proposal over its issues
    jointly (module docstring), optimised over the real range [0, 100]^k.

    The objective is concave and its kinks (linear loss, at the positions) are
    separable by coordinate, so a point from which no single coordinate can
    improve is the maximum: coordinate ascent with an exact line search
    (bisection on the sign of the one-sided derivative, which falls along a
    line), each sweep followed by a search along the sweep's own move (a
    pattern move) against zig-zagging, reaches it. All proposals are solved at
    once, padded to one array.
    """
    if not props:
        return []
    if delta <= 0:
        raise ValueError("delta must be > 0")
    quadratic = loss == "quadratic"
    pos, w, a, base, x = _padded(props, reference, quadratic, gamma, delta)
    live = np.asarray(w.any(axis=2))  # (B, K): issues someone has a stake in

    def line(rows: np.ndarray, x: np.ndarray, step: np.ndarray) -> np.ndarray:
        """x + t step with t maximising the objective on the segment inside the box
        (for the proposals ``rows``)."""
        pos_, w_, a_, base_ = pos[rows], w[rows], a[rows], base[rows]
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = np.where(step > 0, (100.0 - x) / step, np.where(step < 0, -x / step, np.inf))
            down = np.where(step < 0, (100.0 - x) / step, np.where(step > 0, -x / step, -np.inf))
        lo, hi = down.max(axis=1), bound.min(axis=1)  # t in [lo, hi] keeps x in the box
        lo, hi = np.where(np.isfinite(lo), lo, 0.0), np.where(np.isfinite(hi), hi, 0.0)
        for _ in range(BISECTIONS):
            t = (lo + hi) / 2
            d = (x + t[:, None] * step)[:, :, None] - pos_  # (B, K, N)
            z = np.abs(d) / 100.0
            g = base_ - (w_ * (z * z if quadratic else z)).sum(axis=1)
            slope = 2 * d / 100.0 if quadratic else np.where(d > 0, 1.0, np.where(
                d < 0, -1.0, np.sign(step)[:, :, None]))
            pull = (w_ * slope * step[:, :, None]).sum(axis=1)  # (B, N): d(loss)/dt * 100
            feasible = (g > 0).all(axis=1)
            with np.errstate(divide="ignore", invalid="ignore"):
                rising = (a_ * pull / np.where(g > 0, g, 1.0)).sum(axis=1) < 0
            up = np.where(feasible, rising, t < 0)
            lo, hi = np.where(up, t, lo), np.where(up, hi, t)
        return x + ((lo + hi) / 2)[:, None] * step

    eye = np.eye(x.shape[1])
    active = np.arange(len(props))  # the proposals still moving
    for _ in range(MAX_SWEEPS):
        before = xa = x[active]
        for j in range(x.shape[1]):
            xa = line(active, xa, np.where(live[active, j:j + 1], eye[j], 0.0))
        xa = line(active, xa, xa - before)  # the pattern move (Hooke and Jeeves 1961)
        x[active] = xa
        active = active[np.abs(xa - before).max(axis=1) > TOLERANCE]
        if not len(active):
            break
    out = []
    for r, q in enumerate(props):
        xr = x[r, :len(q.positions)].copy()
        xr[~q.stake.any(axis=1)] = np.nan
        out.append(xr)
    return out


def nash(p: Proposal, **params) -> np.ndarray:
    """:func:`nash_all` of one proposal."""
    return nash_all([p], **params)[0]


@dataclass(frozen=True)
class Model:
    """A named forecast model: ``solve(proposals, **params) -> predictions``, its
    parameters, and the grid it is tuned over in the cross-validated benchmark
    (each grid point a dict of parameters; empty: nothing to tune)."""

    name: str
    solve: Callable[..., list[np.ndarray]]
    params: dict = field(default_factory=dict)
    grid: tuple[dict, ...] = ()
    summary: str = ""

    def with_params(self, **params) -> Model:
        return Model(self.name, self.solve, {**self.params, **params}, self.grid, self.summary)


def _each(f: Callable[[Proposal], np.ndarray]) -> Callable[..., list[np.ndarray]]:
    return lambda props: [f(p) for p in props]


def _grid(**axes: tuple) -> tuple[dict, ...]:
    keys = list(axes)
    return tuple(dict(zip(keys, values)) for values in itertools.product(*axes.values()))


#: The models by name. The first is the model the project stands behind, chosen on
#: the development file only by cross-validation over proposals (docs/forecast.md);
#: the Nash models' parameters are the grid points best on that file.
MODELS: dict[str, Model] = {m.name: m for m in (
    Model("nash_reference", nash_all,
          {"loss": "quadratic", "gamma": 0.5, "delta": 8.0, "reference": True},
          _grid(gamma=(0.25, 0.5, 1.0), delta=(1.0, 2.0, 4.0, 8.0, 16.0), reference=(True,)),
          "asymmetric Nash over each proposal's issues jointly, quadratic loss, power "
          "capability^gamma, the reference point (status quo) as disagreement where known"),
    Model("compromise", _each(compromise), summary="capability x salience weighted mean (Achen 2006)"),
    Model("median", _each(median), summary="capability x salience weighted median"),
    Model("nash", nash_all, {"loss": "quadratic", "gamma": 0.5, "delta": 1.0},
          _grid(gamma=(0.25, 0.5, 1.0), delta=(0.25, 1.0, 4.0, 16.0)),
          "as nash_reference, with a distant disagreement instead of the reference point"),
    Model("nash_linear", nash_all, {"loss": "linear", "gamma": 0.5, "delta": 0.05},
          _grid(gamma=(0.5, 1.0), delta=(0.05, 0.25, 1.0)),
          "as nash, with linear loss"),
)}


def predict(table: SpatialTable, model: Model, **params) -> np.ndarray:
    """The model's prediction for every issue of the table (``nan`` where nobody has
    a stake); ``params`` override the model's own."""
    out = np.full(len(table.issues), np.nan)
    cut = proposals(table)
    for (rows, _), x in zip(cut, model.solve([p for _, p in cut], **{**model.params, **params})):
        out[rows] = x
    return out
