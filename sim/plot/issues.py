"""The issue-level view: which option every solution picks on every issue.

A table-like figure: one row per issue, one column group per solution concept,
and in each group one column for the analysis with every pressure and one
without each pressure. A cell names the option (or the value of a continuous
issue), is shaded by that option's place in the issue's order, and is drawn
bold with a red edge where it differs from the choice with every pressure.
A lottery solution shows its most probable outcome, marked with ``*``.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..analysis import Analysis
from ..results import Result, Solution
from .style import concept_name, new_figure

CMAP = "YlGnBu"
CHANGED = "#c0392b"


@dataclass(frozen=True)
class Cell:
    """One cell: the text shown and the option's place in [0, 1] (None: no deal)."""

    text: str
    position: float | None


def choices(analysis: Analysis) -> list[tuple[str, str, dict[str, Cell]]]:
    """Columns of the table: ``(concept, variant, {issue: cell})``.

    The variant is ``with all pressures`` (or ``as given`` without pressures),
    then ``without NAME`` for each pressure.
    """
    s = analysis.scenario
    variants: list[tuple[str, Result]] = [
        ("with all pressures" if s.pressures else "as given", analysis.result)]
    variants += [(f"without {p.name}", analysis.without[p.name]) for p in s.pressures]
    return [(c, v, _cells(analysis, r.solutions.get(c)))
            for c in analysis.result.solutions for v, r in variants]


def _cells(analysis: Analysis, sol: Solution | None) -> dict[str, Cell]:
    issues = analysis.scenario.issues
    if sol is None:
        return {i.name: Cell("no deal", None) for i in issues}
    point, mark = sol.point, ""
    if point is None:  # a lottery: its most probable outcome
        point, mark = max(sol.lottery, key=lambda pair: pair[0])[1], "*"
    out = {}
    for issue, v in zip(issues, point):
        if issue.options is not None:
            k = int(v)
            out[issue.name] = Cell(issue.options[k] + mark, k / max(1, len(issue.options) - 1))
        else:
            out[issue.name] = Cell(f"{v:.3g}{mark}", (v - issue.lo) / (issue.hi - issue.lo))
    return out


def issues_figure(analysis: Analysis, title: str | None = None) -> Figure:
    """Draw which option each solution picks on every issue, with and without
    each pressure, and return the figure."""
    columns = choices(analysis)
    issues = [i.name for i in analysis.scenario.issues]
    n_var = 1 + len(analysis.scenario.pressures)
    fig = new_figure(figsize=(1.6 + 1.25 * len(columns), 1.3 + 0.5 * len(issues)))
    ax = fig.subplots()
    cmap = colormaps[CMAP]
    for x, (concept, variant, cells) in enumerate(columns):
        base = columns[x - x % n_var][2]
        for y, issue in enumerate(issues):
            _draw_cell(ax, x, y, cells[issue], cells[issue].text != base[issue].text, cmap)
            ax.texts[-1].set_gid(f"cell:{concept}:{variant}:{issue}")
        ax.text(x + 0.5, -0.5, textwrap.fill(variant.replace("_", " "), 16), ha="center", va="center", fontsize=7)
    for g in range(0, len(columns), n_var):
        ax.text(g + n_var / 2, -1.45, concept_name(columns[g][0]), ha="center", va="center",
                fontsize=9, weight="bold", gid=f"concept:{columns[g][0]}")
        ax.axvline(g, color="black", lw=1.2)
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(issues), -2)
    ax.set_yticks(np.arange(len(issues)) + 0.5, issues, fontsize=8)
    ax.set_xticks([])
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    notes = ["bold, red edge: differs from the choice with every pressure"] if n_var > 1 else []
    if any(c.text.endswith("*") for _, _, cells in columns for c in cells.values()):
        notes.append("*: most probable outcome of a lottery")
    if notes:
        ax.set_xlabel("; ".join(notes), fontsize=7)
    fig.suptitle(title or f"{analysis.scenario.name}: what each solution picks", fontsize=10)
    return fig


def _draw_cell(ax, x: int, y: int, cell: Cell, changed: bool, cmap) -> None:
    face = "#eeeeee" if cell.position is None else cmap(0.05 + 0.4 * cell.position)
    ax.add_patch(Rectangle((x, y), 1, 1, facecolor=face, edgecolor=CHANGED if changed else "white",
                           lw=2 if changed else 1, hatch="//" if cell.position is None else None))
    ax.text(x + 0.5, y + 0.5, textwrap.fill(cell.text.replace("_", " "), 13), ha="center",
            va="center", fontsize=7, weight="bold" if changed else "normal")
