"""The payoff-frontier figure: outcomes, ZOPA, Pareto frontier, solutions, pressures.

One panel shows the utility plane of two parties: every outcome (grey; the
ZOPA in blue), the veto parties' Pareto frontier as a line, the disagreement
point, the solutions labelled, and one arrow per pressure from the solution
without that pressure to the solution with it. With three or more veto
parties the default is a grid of every pairwise projection; there the frontier
(a surface) shows as its projected points and their outer edge in the plane.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import cast

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, Patch

from ..analysis import Analysis
from ..scenario import Scenario
from . import data
from .style import (
    ARROW_COLOURS,
    CONCEPT_STYLE,
    FRONTIER_COLOUR,
    OUTSIDE_COLOUR,
    ZOPA_COLOUR,
    concept_name,
    new_figure,
    party_name,
    utility_label,
)

#: Solution labels: a column in the upper right corner of the axes (beyond the
#: frontier, where no outcome lies), one line apart, each led to its marker.
LABEL_CORNER, LABEL_STEP = (0.98, 0.98), 0.07


@dataclass(frozen=True)
class _Drawing:
    """What every panel of one figure shares."""

    analysis: Analysis
    cloud: data.Cloud | None
    front: np.ndarray
    concept: str


def frontier_figure(analysis: Analysis, parties: Sequence[str] | None = None,
                    ax: Axes | None = None, *, concept: str = "nash",
                    max_points: int = data.MAX_POINTS, title: str | None = None,
                    legend: bool = True) -> Figure:
    """Draw the payoff frontier of ``analysis`` and return the figure.

    ``parties``: two party names (veto or not) for the axes; by default the
    veto parties, or with three or more of them a grid of every pair.
    ``ax``: draw one panel into existing axes (then one pair only).
    ``concept``: whose move each pressure's arrow shows (default Nash).
    ``legend``: with ``ax``, whether that panel gets its legend.
    Spaces of more than ``max_points`` outcomes are drawn as 2-D histograms.
    """
    pairs = _pairs(analysis, parties)
    if ax is not None and len(pairs) > 1:
        raise ValueError("drawing into one axes needs one pair: pass parties=(A, B)")
    solver = analysis.solver_of()
    cloud = data.cloud(analysis, pairs, max_points, solver) if data.enumerable(analysis) else None
    solutions = analysis.result.solutions
    drawing = _Drawing(analysis, cloud, data.frontier_utilities(analysis, solver),
                       concept if concept in solutions else next(iter(solutions)))
    if ax is not None:
        draw_panel(ax, drawing, pairs[0], legend=legend)
        return cast(Figure, ax.figure)  # a SubFigure's axes give the SubFigure, drawn on alike
    if len(pairs) == 1:
        fig = new_figure(figsize=(9, 5.6))
        handles = draw_panel(fig.subplots(), drawing, pairs[0], legend=True)
        fig.suptitle(title or analysis.scenario.name)
        return fig
    ncols = min(3, len(pairs))
    nrows = -(-len(pairs) // ncols)
    fig = new_figure(figsize=(4.6 * ncols, 4.2 * nrows + 1.6))
    axes = np.atleast_1d(fig.subplots(nrows, ncols)).ravel()
    for a, pair in zip(axes, pairs):
        handles = draw_panel(a, drawing, pair, legend=False)
    for a in axes[len(pairs):]:
        a.set_visible(False)
    fig.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8, frameon=False)
    fig.suptitle(title or f"{analysis.scenario.name}: pairwise projections")
    return fig


def _pairs(analysis: Analysis, parties: Sequence[str] | None) -> list[data.Pair]:
    if parties is None:
        return list(combinations(analysis.veto, 2))
    return [check_parties(analysis.scenario, parties)]


def check_parties(scenario: Scenario, parties: Sequence[str]) -> data.Pair:
    """Indices of two different named parties; :class:`ValueError` naming the problem."""
    names = [p.name for p in scenario.parties]
    if len(parties) != 2 or parties[0] == parties[1]:
        raise ValueError(f"parties: give two different parties, not {list(parties)}")
    unknown = [p for p in parties if p not in names]
    if unknown:
        raise ValueError(f"unknown part{'ies' if len(unknown) > 1 else 'y'} "
                         f"{', '.join(unknown)}; the parties are {', '.join(names)}")
    return names.index(parties[0]), names.index(parties[1])


def draw_panel(ax: Axes, drawing: _Drawing, pair: data.Pair, legend: bool = True) -> list:
    """Draw one pair's plane into ``ax``; return the legend handles."""
    a, (i, j) = drawing.analysis, pair
    parties = a.scenario.parties
    handles = _draw_cloud(ax, drawing, pair)
    handles += _draw_frontier(ax, drawing, pair)
    d = a.result.disagreement
    for k, guide in ((i, ax.axvline), (j, ax.axhline)):
        if k in a.veto:  # a veto party's disagreement utility bounds the ZOPA
            guide(d[k], color="black", lw=0.6, ls=":", zorder=1)
    handles.append(ax.scatter([d[i]], [d[j]], marker="X", s=90, color="black", zorder=5,
                              label="disagreement point", gid="disagreement"))
    handles += _draw_solutions(ax, drawing, pair) + _draw_pressures(ax, drawing, pair)
    ax.set_xlabel(utility_label(parties[i]))
    ax.set_ylabel(utility_label(parties[j]))
    ax.set_title(f"{party_name(parties[i])} vs {party_name(parties[j])}", fontsize=10)
    ax.grid(True, lw=0.3, alpha=0.5)
    if legend:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1), fontsize=8,
                  frameon=False, title=_cloud_note(drawing), title_fontsize=8,
                  alignment="left")
    return handles


def _cloud_note(drawing: _Drawing) -> str:
    n, cloud = drawing.analysis.space.size, drawing.cloud
    if cloud is None:
        return f"{n:,} outcomes: too many to enumerate, not drawn"
    if not cloud.binned:
        return f"every one of the {n:,} outcomes drawn"
    zopa = "drawn one by one" if cloud.inside is not None else "binned too"
    return f"{n:,} outcomes, binned (2-D histogram);\nthe ZOPA's {zopa}"


def _draw_cloud(ax: Axes, drawing: _Drawing, pair: data.Pair) -> list:
    i, j = pair
    cloud, zopa_size = drawing.cloud, drawing.analysis.result.zopa_size
    if cloud is None:
        return []
    handles: list[Artist] = []
    if cloud.outside is not None:
        handles.append(ax.scatter(cloud.outside[:, i], cloud.outside[:, j], s=7, lw=0,
                                  color=OUTSIDE_COLOUR, rasterized=True, zorder=2, gid="outcomes",
                                  label=f"outside the ZOPA ({len(cloud.outside):,})"))
    else:
        h = cloud.histograms[pair]
        ax.pcolormesh(h.xedges, h.yedges, np.ma.masked_equal(h.counts, 0).T, cmap="Greys",
                      vmin=-0.3 * h.counts.max(), rasterized=True, zorder=2, gid="outcomes")
        handles.append(Patch(color="#888888", label="all outcomes (darker: more per cell)"))
    if cloud.inside is not None:
        handles.append(ax.scatter(cloud.inside[:, i], cloud.inside[:, j], s=9, lw=0, alpha=0.7,
                                  color=ZOPA_COLOUR, rasterized=True, zorder=3, gid="zopa",
                                  label=f"ZOPA ({zopa_size:,} outcomes)"))
    else:
        h = cloud.histograms[pair]
        ax.pcolormesh(h.xedges, h.yedges, np.ma.masked_equal(h.zopa, 0).T, cmap="Blues",
                      vmin=-0.3 * max(1, h.zopa.max()), alpha=0.85, rasterized=True, zorder=3,
                      gid="zopa")
        handles.append(Patch(color=ZOPA_COLOUR, label=f"ZOPA ({zopa_size:,} outcomes)"))
    return handles


def _draw_frontier(ax: Axes, drawing: _Drawing, pair: data.Pair) -> list:
    a, (i, j) = drawing.analysis, pair
    if not len(drawing.front):
        return [Line2D([], [], ls="none", label="no ZOPA: no frontier, no deal")]
    veto = a.veto
    if sorted(pair) == sorted(veto):
        xy = drawing.front[:, [i, j]]
        xy = xy[np.lexsort((-xy[:, 1], xy[:, 0]))]
        line, = ax.plot(xy[:, 0], xy[:, 1], "-", marker=".", ms=5, lw=1.6,
                        color=FRONTIER_COLOUR, zorder=4, gid="frontier",
                        label=f"Pareto frontier ({len(xy)} points)")
        return [line]
    xy = drawing.front[:, [i, j]]
    who = ", ".join(party_name(a.scenario.parties[k]) for k in veto)
    dots, = ax.plot(xy[:, 0], xy[:, 1], ls="none", marker=".", ms=5, color=FRONTIER_COLOUR,
                    zorder=4, gid="frontier",
                    label=f"Pareto frontier of {who}, projected ({len(xy)} points)")
    edge = data.nondominated(xy)
    line, = ax.plot(edge[:, 0], edge[:, 1], "-", lw=1.2, color=FRONTIER_COLOUR, alpha=0.7,
                    zorder=4, gid="frontier-edge", label="its outer edge in this plane")
    return [dots, line]


def _draw_solutions(ax: Axes, drawing: _Drawing, pair: data.Pair) -> list:
    i, j = pair
    handles: list[Artist] = []
    groups: dict[tuple[float, float], list[str]] = {}
    for c, sol in drawing.analysis.result.solutions.items():
        if sol is None:
            continue
        x, y = float(sol.utilities[i]), float(sol.utilities[j])
        marker, colour = CONCEPT_STYLE.get(c, ("P", "#000000"))
        handles.append(ax.scatter([x], [y], s=110, marker=marker, facecolors="none",
                                  edgecolors=colour, linewidths=1.8, zorder=6,
                                  label=concept_name(c), gid=f"solution:{c}"))
        groups.setdefault((round(x, 6), round(y, 6)), []).append(c)
    ax.use_sticky_edges = False
    ax.margins(0.04)
    x0, y0 = LABEL_CORNER
    for k, ((x, y), names) in enumerate(sorted(groups.items(), key=lambda g: (g[0][0], -g[0][1]))):
        ax.annotate(" = ".join(concept_name(c) for c in names), (x, y),
                    xytext=(x0, y0 - k * LABEL_STEP), textcoords="axes fraction", ha="right",
                    va="top", fontsize=8, zorder=7, gid="label:" + "+".join(names),
                    color=CONCEPT_STYLE.get(names[0], ("", "black"))[1],
                    arrowprops={"arrowstyle": "-", "lw": 0.5, "color": "#777777",
                                "shrinkA": 2, "shrinkB": 6},
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85})
    return handles


def _draw_pressures(ax: Axes, drawing: _Drawing, pair: data.Pair) -> list:
    a, c, (i, j) = drawing.analysis, drawing.concept, pair
    handles = []
    for k, p in enumerate(a.scenario.pressures):
        colour = ARROW_COLOURS[k % len(ARROW_COLOURS)]
        start = _solution_or_disagreement(a.without[p.name], c)
        end = _solution_or_disagreement(a.result, c)
        ax.scatter([start[i]], [start[j]], s=14, color=colour, zorder=8)
        ax.add_patch(FancyArrowPatch((start[i], start[j]), (end[i], end[j]),
                                     arrowstyle="-|>", mutation_scale=14, lw=1.6, color=colour,
                                     zorder=8, gid=f"pressure:{p.name}"))
        still = " (unchanged in this plane)" if np.allclose(start[[i, j]], end[[i, j]]) else ""
        handles.append(Line2D([], [], color=colour, marker=r"$\rightarrow$", ms=12, ls="none",
                              label=f"{p.label or p.name} (credibility "
                                    f"{p.effective_credibility:.2g}): {concept_name(c)} "
                                    f"without it \u2192 with it{still}"))
    return handles


def _solution_or_disagreement(result, concept: str) -> np.ndarray:
    """The concept's utilities, or the disagreement point where there is no deal."""
    sol = result.solutions.get(concept)
    return np.asarray(sol.utilities if sol is not None else result.disagreement, dtype=float)
