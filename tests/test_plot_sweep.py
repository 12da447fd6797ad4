"""plot-sweep (issue 16 item 20): option-valued metrics, random draws without a
zig-zag, titles inside the figure, shares coloured on [0, 1], files where told.
The table is the rich sweep of ``test_sweep.py`` (grid x random draws)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.cli import main
from sim.plot_sweep import BINS, MAX_JOINED, TITLE_WIDTH, PlotError, plot_sweep, sweep_data

from .test_sweep import results  # noqa: F401 - the module's fixture: the rich sweep, run once

CRED, DRAWN, NASH_X = "pressures.push.credibility", "parties.p.weights.x", "solutions.nash.outcome.x"


def test_an_option_valued_metric_is_the_share_of_each_option(results):  # noqa: F811
    _, table = results
    shares = sweep_data(table, CRED, NASH_X)
    want = pd.crosstab(table[CRED], table[NASH_X].fillna("no deal"), normalize="index")
    assert list(shares.columns) == list(want.columns)  # options, then "no deal"
    assert shares.to_numpy() == pytest.approx(want.to_numpy())
    fig = plot_sweep(table, CRED, NASH_X)
    assert [line.get_label() for line in fig.axes[0].lines] == list(want.columns)
    one = sweep_data(table, CRED, f"{NASH_X}=d")[f"{NASH_X}=d"]
    assert one.to_numpy() == pytest.approx(want["d"].to_numpy())
    heat = plot_sweep(table, CRED, f"{NASH_X}=d", y="parties.q.disagreement")
    assert heat.axes[0].collections[0].norm.vmin == 0 and heat.axes[0].collections[0].norm.vmax == 1
    with pytest.raises(PlotError, match=r"--metric solutions.nash.outcome.x=OPTION \(options: "):
        plot_sweep(table, CRED, NASH_X, y="parties.q.disagreement")
    with pytest.raises(PlotError, match="no variant has solutions.nash.outcome.x = 'a'"):
        sweep_data(table, CRED, f"{NASH_X}=a")


def test_random_draws_are_binned_not_joined_into_a_zig_zag():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 6, 400)
    table = pd.DataFrame({DRAWN: x, "zopa.size": np.round(10 * x + rng.normal(0, 8, 400))})
    assert table[DRAWN].nunique() > MAX_JOINED  # a drawn path
    data = sweep_data(table, DRAWN, "zopa.size")
    assert len(data) == BINS and data.index.is_monotonic_increasing
    assert np.all(np.diff(data["zopa.size"].to_numpy()) > -15)  # the trend, not the noise
    edges = np.linspace(table[DRAWN].min(), table[DRAWN].max(), BINS + 1)
    first = table[table[DRAWN] < edges[1]]["zopa.size"].mean()
    assert data["zopa.size"].iloc[0] == pytest.approx(first)
    ax = plot_sweep(table, DRAWN, "zopa.size").axes[0]
    x, _ = ax.lines[0].get_data()
    assert len(x) == len(data) and len(ax.collections[0].get_offsets()) == len(table)
    assert ax.get_ylabel() == "zopa.size (mean)"


def test_long_titles_are_wrapped_inside_the_figure(results):  # noqa: F811
    _, table = results
    fig = plot_sweep(table, CRED, "pressures.push.without.zopa.size",
                     y="parties.q.disagreement")
    title = fig.axes[0].title
    assert all(len(line) <= TITLE_WIDTH for line in title.get_text().splitlines())
    fig.canvas.draw()
    box, page = title.get_window_extent(), fig.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and box.y1 <= page.y1


def test_a_constant_share_is_coloured_on_zero_to_one():
    table = pd.DataFrame({"a": [0, 0, 1, 1], "b": [0, 1, 0, 1], "zopa.exists": [True] * 4,
                          "zopa.size": [7] * 4})
    shared = plot_sweep(table, "a", "zopa.exists", y="b").axes
    assert (shared[0].collections[0].norm.vmin, shared[0].collections[0].norm.vmax) == (0, 1)
    bar = plot_sweep(table, "a", "zopa.size", y="b").axes[1]  # the colour bar
    assert [float(t) for t in bar.get_yticks()] == [7.0]


def test_files_go_where_told_and_never_into_the_current_folder(results, tmp_path,  # noqa: F811
                                                               monkeypatch):
    folder, _ = results
    monkeypatch.chdir(tmp_path)
    assert main(["plot-sweep", str(folder / "out"), "--x", CRED, "--metric", f"{NASH_X}=d"]) == 0
    assert (folder / f"out-{NASH_X}_d.png").read_bytes()[:4] == b"\x89PNG"
    assert list(tmp_path.iterdir()) == []
    svg = tmp_path / "figs" / "x.svg"
    assert main(["plot-sweep", str(folder / "out"), "--x", CRED, "--metric", "zopa.size",
                 "--out", str(svg)]) == 0
    assert b"<svg" in svg.read_bytes()
    assert main(["plot-sweep", str(folder / "out"), "--x", CRED, "--metric", "zopa.size",
                 "--out", str(tmp_path / "x.jpg")]) == 2
