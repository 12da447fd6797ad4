"""Figures of a sweep's table: a metric over one varied path (a line) or two (a heatmap).

Rows that share the plotted coordinates (other varied paths) are averaged, so
a boolean metric such as ``zopa.exists`` becomes the share of variants with a
ZOPA. A path drawn at random (more than :data:`MAX_JOINED` distinct values) is
cut into :data:`BINS` equal bins instead, and the line joins the bins' means
over a cloud of the draws: joining single noisy draws would draw a zig-zag.
An option-valued metric (``solutions.nash.outcome.ceasefire``) is drawn as the
share of each option, one line per option, or as the share of one option with
``FIELD=OPTION`` ("where does Nash comply?"), which a heatmap needs. The
figure is built with matplotlib's object API (no global state, no display
needed); :func:`sweep_data` returns exactly what is drawn.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

#: A coordinate with more distinct values than this (random draws) is binned.
MAX_JOINED = 25
#: Equal-width bins of a binned coordinate.
BINS = 20
#: Titles are wrapped at this many characters (long dotted paths stay on the figure).
TITLE_WIDTH = 60
#: What a missing option (no deal) is called among the options.
NO_DEAL = "no deal"


class PlotError(ValueError):
    """A column that is not in the table, or not numeric (exit status 2)."""


def _column(table: pd.DataFrame, column: str, what: str) -> pd.Series:
    if column not in table.columns:
        known = ", ".join(c for c in table.columns if c != "variant")
        raise PlotError(f"{what} {column!r} is not a column of the results (columns: {known})")
    return table[column]


def _numeric(table: pd.DataFrame, column: str, what: str) -> pd.Series:
    import pandas as pd

    series = _column(table, column, what)
    if series.dtype == bool or str(series.dtype) == "boolean":
        return series.astype(float)
    if not pd.api.types.is_numeric_dtype(series):
        raise PlotError(f"{what} {column!r} is not numeric (it holds {series.dtype} values)")
    return series.astype(float)


def _options(series: pd.Series) -> list[str]:
    return sorted(str(v) for v in series.dropna().unique())


def metric_frame(table: pd.DataFrame, metric: str, one: bool = False) -> tuple[pd.DataFrame, bool]:
    """The metric as columns of numbers, and whether they are shares (in [0, 1]).

    A numeric column is itself; a boolean is 1/0; ``FIELD=OPTION`` is 1 where
    the option-valued FIELD is OPTION; an option-valued FIELD is one 1/0 column
    per option (and ``no deal`` where it is missing), unless ``one`` asks for a
    single column (a heatmap), which is then refused with the options to choose.
    """
    import pandas as pd

    field, sep, option = metric.partition("=")
    series = _column(table, field.strip(), "--metric")
    numeric = pd.api.types.is_numeric_dtype(series) and series.dtype != bool
    if sep:
        if numeric or series.dtype == bool:
            raise PlotError(f"--metric {field.strip()!r} holds numbers, not options: drop "
                            f"'={option}'")
        options = _options(series)
        if option.strip() not in options:
            raise PlotError(f"--metric: no variant has {field.strip()} = {option.strip()!r} "
                            f"(it takes: {', '.join(options) or 'no value'})")
        return pd.DataFrame({metric: (series == option.strip()).astype(float)}), True
    if numeric or series.dtype == bool or str(series.dtype) == "boolean":
        return pd.DataFrame({metric: _numeric(table, metric, "--metric")}), not numeric
    options = _options(series)
    if one:
        raise PlotError(f"--metric {metric!r} holds options; a heatmap draws the share of one: "
                        f"--metric {metric}=OPTION (options: {', '.join(options)})")
    columns = {o: (series == o).astype(float) for o in options}
    if series.isna().any():
        columns[NO_DEAL] = series.isna().astype(float)
    return pd.DataFrame(columns), True


def _coordinate(series: pd.Series) -> pd.Series:
    """The values themselves, or the centre of their bin past :data:`MAX_JOINED` values."""
    import numpy as np
    import pandas as pd

    if series.nunique() <= MAX_JOINED:
        return series
    edges = np.linspace(float(series.min()), float(series.max()), BINS + 1)
    k = np.clip(np.searchsorted(edges, series.to_numpy(), side="right") - 1, 0, BINS - 1)
    return pd.Series((edges[k] + edges[k + 1]) / 2, index=series.index, name=series.name)


def sweep_data(table: pd.DataFrame, x: str, metric: str, y: str | None = None) -> pd.DataFrame:
    """The plotted values: the mean of the metric's columns per ``x`` (per bin of
    ``x`` for random draws), or per (``y`` row, ``x`` column) cell.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"q": [0, 0, 1, 1], "zopa.exists": [False, True, True, True],
    ...                   "nash.x": ["a", None, "b", "a"]})
    >>> sweep_data(t, "q", "zopa.exists")["zopa.exists"].tolist()
    [0.5, 1.0]
    >>> sweep_data(t, "q", "nash.x").to_dict("list")
    {'a': [0.5, 0.5], 'b': [0.0, 0.5], 'no deal': [0.5, 0.0]}
    """
    values, _ = metric_frame(table, metric, one=y is not None)
    values[x] = _coordinate(_numeric(table, x, "--x"))
    if y is None:
        return values.groupby(x, sort=True).mean()
    values[y] = _coordinate(_numeric(table, y, "--y"))
    column = values.columns[0]
    return values.pivot_table(index=y, columns=x, values=column, aggfunc="mean").sort_index()


def plot_sweep(table: pd.DataFrame, x: str, metric: str, y: str | None = None,
               title: str | None = None) -> Figure:
    """A line of ``metric`` over ``x`` (a line per option for an option-valued
    metric), or a heatmap over ``x`` and ``y``; shares are coloured on [0, 1]."""
    import numpy as np
    from matplotlib.colors import Normalize

    from .plot.style import new_figure

    data = sweep_data(table, x, metric, y)
    shares = metric_frame(table, metric)[1]
    fig = new_figure(figsize=(6.4, 4.4))
    ax = fig.add_subplot()
    if y is None:
        xs = data.index.to_numpy(dtype=float)
        binned = len(xs) < _numeric(table, x, "--x").nunique()
        if binned and len(data.columns) == 1:
            ax.scatter(_numeric(table, x, "--x"), metric_frame(table, metric)[0].iloc[:, 0],
                       s=6, alpha=0.25, color="#7f7f7f", label="variants")
        for name in data.columns:
            ax.plot(xs, data[name].to_numpy(), marker="o", markersize=4,
                    label=name if len(data.columns) > 1 else
                    (f"mean of {BINS} bins" if binned else None))
        what = "share of variants" if len(data.columns) > 1 else metric
        mean = len(table) != len(data) or binned
        ax.set_ylabel(f"{what} (mean)" if mean and len(data.columns) == 1 else what)
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize="small", title=metric if len(data.columns) > 1 else None,
                      title_fontsize="small")
        if shares:
            ax.set_ylim(-0.03, 1.03)
    else:
        xs, ys = data.columns.to_numpy(dtype=float), data.index.to_numpy(dtype=float)
        cells = data.to_numpy(dtype=float)
        norm = Normalize(0.0, 1.0) if shares else None
        mesh = ax.pcolormesh(_edges(xs), _edges(ys), cells, shading="flat", cmap="viridis",
                             norm=norm)
        bar = fig.colorbar(mesh, ax=ax, label=metric if not shares else f"{metric} (share)")
        finite = cells[~np.isnan(cells)]
        if not shares and finite.size and finite.min() == finite.max():
            bar.set_ticks([float(finite.min())])  # a constant: one tick, not a made-up range
        ax.set_ylabel(y)
    ax.set_xlabel(x)
    ax.set_title(textwrap.fill(title or (f"{metric} over {x}" + (f" and {y}" if y else "")),
                               TITLE_WIDTH), fontsize=10)
    return fig


def _edges(centres):
    """Cell edges around sorted centres (midpoints; end cells as wide as their neighbour)."""
    import numpy as np

    c = np.asarray(centres, dtype=float)
    if len(c) == 1:
        return np.array([c[0] - 0.5, c[0] + 0.5])
    mid = (c[1:] + c[:-1]) / 2
    return np.concatenate([[c[0] - (mid[0] - c[0])], mid, [c[-1] + (c[-1] - mid[-1])]])


def default_out(results: Path, metric: str) -> Path:
    """``RESULTS-METRIC.png`` beside the results folder (not inside it: the folder is
    a Parquet dataset), the metric made a safe file name.

    >>> default_out(Path("out/zopa"), "solutions.nash.outcome.ceasefire=before_talks")
    PosixPath('out/zopa-solutions.nash.outcome.ceasefire_before_talks.png')
    """
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", metric).strip("_.") or "metric"
    return results.parent / f"{results.name}-{name}.png"


def save(fig: Figure, out: str | Path) -> Path:
    """Write ``fig`` where told (PNG, SVG or PDF by the suffix), reproducibly."""
    from .plot.style import save_figure

    try:
        return save_figure(fig, out, dpi=120)
    except ValueError as exc:
        raise PlotError(str(exc)) from None
