"""Figures of a sweep's table: a metric over one varied path (a line) or two (a heatmap).

Rows that share the plotted coordinates (other varied paths, random draws) are
averaged, so a boolean metric such as ``zopa.exists`` becomes the share of
variants with a ZOPA: over random draws, the estimated probability. The
figure is built with matplotlib's object API (no global state, no display
needed); :func:`sweep_data` returns exactly what is drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure


class PlotError(ValueError):
    """A column that is not in the table, or not numeric (exit status 2)."""


def _numeric(table: pd.DataFrame, column: str, what: str) -> pd.Series:
    import pandas as pd

    if column not in table.columns:
        known = ", ".join(c for c in table.columns if c != "variant")
        raise PlotError(f"{what} {column!r} is not a column of the results (columns: {known})")
    series = table[column]
    if series.dtype == bool or str(series.dtype) == "boolean":
        return series.astype(float)
    if not pd.api.types.is_numeric_dtype(series):
        raise PlotError(f"{what} {column!r} is not numeric (it holds {series.dtype} values)")
    return series.astype(float)


def sweep_data(table: pd.DataFrame, x: str, metric: str, y: str | None = None) -> pd.DataFrame:
    """The plotted values: the mean of ``metric`` per ``x`` (a Series-like frame
    with one column) or per (``y`` row, ``x`` column) cell.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"q": [0, 0, 1, 1], "zopa.exists": [False, True, True, True]})
    >>> sweep_data(t, "q", "zopa.exists")["zopa.exists"].tolist()
    [0.5, 1.0]
    """
    import pandas as pd

    frame = pd.DataFrame({x: _numeric(table, x, "--x"), metric: _numeric(table, metric, "--metric")})
    if y is None:
        return frame.groupby(x, sort=True)[[metric]].mean()
    frame[y] = _numeric(table, y, "--y")
    return frame.pivot_table(index=y, columns=x, values=metric, aggfunc="mean").sort_index()


def plot_sweep(table: pd.DataFrame, x: str, metric: str, y: str | None = None,
               title: str | None = None) -> Figure:
    """A line of ``metric`` over ``x``, or a heatmap over ``x`` and ``y``."""
    from matplotlib.figure import Figure

    data = sweep_data(table, x, metric, y)
    fig = Figure(figsize=(6.4, 4.4), layout="constrained")
    ax = fig.add_subplot()
    if y is None:
        ax.plot(data.index.to_numpy(), data[metric].to_numpy(), marker="o")
        ax.set_ylabel(metric if len(table) == len(data) else f"{metric} (mean)")
    else:
        xs, ys = data.columns.to_numpy(dtype=float), data.index.to_numpy(dtype=float)
        mesh = ax.pcolormesh(_edges(xs), _edges(ys), data.to_numpy(dtype=float), shading="flat",
                             cmap="viridis")
        fig.colorbar(mesh, ax=ax, label=metric)
        ax.set_ylabel(y)
    ax.set_xlabel(x)
    ax.set_title(title or (f"{metric} over {x}" + (f" and {y}" if y else "")), fontsize=10)
    return fig


def _edges(centres):
    """Cell edges around sorted centres (midpoints; end cells as wide as their neighbour)."""
    import numpy as np

    c = np.asarray(centres, dtype=float)
    if len(c) == 1:
        return np.array([c[0] - 0.5, c[0] + 0.5])
    mid = (c[1:] + c[:-1]) / 2
    return np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])


def save(fig: Figure, out: str | Path) -> Path:
    """Write ``fig`` (the format follows the file's suffix, PNG by default)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=120)
    return out
