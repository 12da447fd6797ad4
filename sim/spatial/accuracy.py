"""How far forecasts land from observed outcomes (SPEC section 13).

The field's measure on DEU data is the mean absolute error on the 0-100 scale
(Thomson, Stokman, Achen and Koenig 2006; Achen 2006). Issues of one proposal
are decided together, so the 95% interval is a percentile bootstrap that
resamples whole proposals (Efron and Tibshirani 1993, ch. 13; the cluster
bootstrap), and a tuned model is scored by leave-one-proposal-out
cross-validation: its parameters are chosen on the other proposals only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .models import Model, predict
from .table import SpatialTable

#: Bootstrap draws and the seed of the resampling (fixed: the same table gives the same interval).
DRAWS = 2000
SEED = 0
#: "Close": within this many points of the outcome.
CLOSE = 10.0


@dataclass(frozen=True)
class Accuracy:
    """One model's errors where the outcome is known: ``n`` issues, ``mae`` with its
    95% bootstrap interval ``ci95``, the share ``within10`` of issues within 10 points."""

    model: str
    n: int
    mae: float
    ci95: tuple[float, float]
    within10: float


def accuracy(table: SpatialTable, name: str, prediction: np.ndarray, draws: int = DRAWS,
             seed: int = SEED) -> Accuracy:
    """The errors of ``prediction`` (one per issue) on the issues with a known outcome
    and a prediction."""
    known = ~np.isnan(table.outcome) & ~np.isnan(prediction)
    error = np.abs(prediction - table.outcome)
    groups = [rows[known[rows]] for _, rows in table.groups()]
    groups = [g for g in groups if len(g)]
    if not groups:
        return Accuracy(name, 0, float("nan"), (float("nan"), float("nan")), float("nan"))
    sums = np.array([error[g].sum() for g in groups])
    counts = np.array([len(g) for g in groups])
    pick = np.random.default_rng(seed).integers(0, len(groups), (draws, len(groups)))
    boot = sums[pick].sum(axis=1) / counts[pick].sum(axis=1)
    lo, hi = np.percentile(boot, [2.5, 97.5])
    e = error[known]
    return Accuracy(name, int(known.sum()), float(e.mean()), (float(lo), float(hi)),
                    float(np.mean(e <= CLOSE)))


def difference(table: SpatialTable, a: np.ndarray, b: np.ndarray, draws: int = DRAWS,
               seed: int = SEED) -> tuple[float, tuple[float, float]]:
    """MAE of ``a`` minus MAE of ``b`` on the issues both predict and whose outcome is
    known, with its 95% paired bootstrap interval over proposals (negative: ``a`` is
    closer)."""
    known = ~np.isnan(table.outcome) & ~np.isnan(a) & ~np.isnan(b)
    gap = np.abs(a - table.outcome) - np.abs(b - table.outcome)
    groups = [g for g in (rows[known[rows]] for _, rows in table.groups()) if len(g)]
    sums = np.array([gap[g].sum() for g in groups])
    counts = np.array([len(g) for g in groups])
    pick = np.random.default_rng(seed).integers(0, len(groups), (draws, len(groups)))
    boot = sums[pick].sum(axis=1) / counts[pick].sum(axis=1)
    lo, hi = np.percentile(boot, [2.5, 97.5])
    return float(gap[known].mean()), (float(lo), float(hi))


@dataclass(frozen=True)
class CrossValidated:
    """Leave-one-proposal-out predictions of a model tuned on the other proposals,
    and how often each grid point was chosen."""

    prediction: np.ndarray
    chosen: dict[str, int]


def cross_validate(table: SpatialTable, model: Model) -> CrossValidated:
    """Leave one proposal out: choose the grid point with the smallest mean absolute
    error on the other proposals' known outcomes (ties: the first), predict the held-out
    proposal with it. Each proposal's prediction does not depend on the others, so
    every grid point is solved once."""
    grid = model.grid or ({},)
    preds = np.array([predict(table, model, **point) for point in grid])  # (G, m)
    error = np.abs(preds - table.outcome)
    known = ~np.isnan(table.outcome) & ~np.isnan(preds).any(axis=0)
    out = np.full(len(table.issues), np.nan)
    chosen: dict[str, int] = {}
    for _, rows in table.groups():
        train = known.copy()
        train[rows] = False
        best = int(np.argmin(error[:, train].mean(axis=1)))
        out[rows] = preds[best, rows]
        key = ", ".join(f"{k}={v}" for k, v in grid[best].items()) or "-"
        chosen[key] = chosen.get(key, 0) + 1
    return CrossValidated(out, chosen)


def figure(table: SpatialTable, predictions: dict[str, np.ndarray]):
    """Predicted against observed outcome, one panel per model, with the diagonal."""
    from ..plot.style import new_figure

    names = list(predictions)
    cols = min(3, len(names))
    rows = -(-len(names) // cols)
    fig = new_figure(figsize=(3.4 * cols, 3.3 * rows))
    known = ~np.isnan(table.outcome)
    for k, name in enumerate(names):
        ax = fig.add_subplot(rows, cols, k + 1)
        x, y = table.outcome[known], predictions[name][known]
        ax.plot([0, 100], [0, 100], color="0.6", lw=1, zorder=1)
        ax.scatter(x, y, s=12, alpha=0.5, zorder=2)
        e = np.nanmean(np.abs(y - x))
        ax.set_title(f"{name} (MAE {e:.1f})", fontsize=10)
        ax.set_xlim(-3, 103)
        ax.set_ylim(-3, 103)
        ax.set_xlabel("observed outcome")
        if k % cols == 0:
            ax.set_ylabel("predicted")
    return fig
