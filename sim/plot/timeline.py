"""The figure of a timeline (:func:`sim.timeline.timeline`): one column per stage.

Three panels share the stages on the x axis: the outcome space and the ZOPA
(log scale; an empty ZOPA is a cross on the bottom edge), each veto party's
disagreement value (solid) and Nash utility (dashed, absent where there is no
deal), and the Nash package (one row per issue, in order of first
appearance; a blank cell where the stage has no such issue or no ZOPA).
"""

from __future__ import annotations

import re
from typing import Any

from matplotlib.figure import Figure

from .style import ARROW_COLOURS, ZOPA_COLOUR, new_figure

#: Longest option name written in a cell of the package panel.
CELL_CHARS = 20


def _short(option: Any) -> str:
    text = str(option).replace("_", " ")
    return text if len(text) <= CELL_CHARS else text[:CELL_CHARS - 1] + "…"


def _stem(file: str) -> str:
    """A stage's file name without suffix and without a leading date."""
    stem = file.rsplit(".", 1)[0]
    return re.sub(r"^\d{4}-\d{2}-\d{2}-?", "", stem) or stem


def timeline_figure(rows: list[dict[str, Any]]) -> Figure:
    """The three panels described in the module docstring."""
    n = len(rows)
    issues = list(dict.fromkeys(i for r in rows for i in r["issues"]))
    parties = list(dict.fromkeys(p for r in rows for p in r["veto_parties"]))
    fig = new_figure(figsize=(max(8.0, 1.45 * n + 2), 6.5 + 0.28 * len(issues)))
    size_ax, value_ax, pack_ax = fig.subplots(
        3, 1, sharex=True, gridspec_kw={"height_ratios": [2, 2.4, 0.3 * len(issues) + 0.4]})
    x = list(range(n))
    labels = [f"{r['date']}\n{_stem(r['file'])}" for r in rows]

    size_ax.plot(x, [r["outcome_space"]["size"] for r in rows], "o-", color="#555555",
                 label="outcome space")
    zopa = [(i, r["zopa"]["size"]) for i, r in enumerate(rows) if r["zopa"]["size"] > 0]
    size_ax.plot([i for i, _ in zopa], [s for _, s in zopa], "s-", color=ZOPA_COLOUR, label="ZOPA")
    size_ax.set_yscale("log")
    bottom = size_ax.get_ylim()[0]
    empty = [i for i, r in enumerate(rows) if r["zopa"]["size"] == 0]
    size_ax.plot(empty, [bottom] * len(empty), "x", color="#d62728", markersize=10,
                 clip_on=False, label="no ZOPA")
    size_ax.set_ylim(bottom=bottom)
    size_ax.set_ylabel("outcomes")
    size_ax.legend(loc="best", fontsize=8)
    size_ax.set_title("How the talks moved, stage by stage (every number a modelling assumption)")

    for k, party in enumerate(parties):
        colour = ARROW_COLOURS[k % len(ARROW_COLOURS)]
        d = [(i, r["disagreement"][party]) for i, r in enumerate(rows) if party in r["disagreement"]]
        value_ax.plot([i for i, _ in d], [v for _, v in d], "o-", color=colour,
                      label=f"{party}: disagreement")
        u = [(i, r["nash"]["utilities"][party]) for i, r in enumerate(rows)
             if r["nash"] and party in r["nash"]["utilities"]]
        value_ax.plot([i for i, _ in u], [v for _, v in u], "D--", color=colour, fillstyle="none",
                      label=f"{party}: Nash utility")
    value_ax.set_ylabel("utility")
    value_ax.legend(loc="best", fontsize=8, ncol=2)
    value_ax.grid(alpha=0.3)

    pack_ax.set_ylim(len(issues) - 0.5, -0.5)
    pack_ax.set_yticks(range(len(issues)), issues, fontsize=8)
    for i, r in enumerate(rows):
        for j, issue in enumerate(issues):
            if issue not in r["issues"]:
                pack_ax.add_patch(_cell(i, j, "#eeeeee"))
            elif r["nash"] is not None:
                pack_ax.text(i, j, _short(r["nash"]["outcome"][issue]), ha="center", va="center",
                             fontsize=6.5)
        if r["nash"] is None:
            why = "\nor ".join(" + ".join(x.replace(".red_lines.", " line ") for x in g)
                               for g in r.get("blocking", [])[:3])
            pack_ax.text(i, (len(issues) - 1) / 2, "no deal" + (f": drop\n{why}" if why else ""),
                         ha="center", va="center", rotation=90, color="#d62728", fontsize=7.5)
    pack_ax.set_xlim(-0.5, n - 0.5)
    pack_ax.set_xticks(x, labels, fontsize=7)
    pack_ax.set_title("Nash package (grey: no such issue at that stage)", fontsize=9)
    for ax in (size_ax, value_ax, pack_ax):
        for i in x[1:]:
            ax.axvline(i - 0.5, color="#dddddd", linewidth=0.6)
    return fig


def _cell(i: int, j: int, colour: str):
    from matplotlib.patches import Rectangle

    return Rectangle((i - 0.5, j - 0.5), 1, 1, color=colour, linewidth=0)
