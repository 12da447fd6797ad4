"""What ``negsim discover`` reports: the draws, the condition, the PRIM boxes, as JSON, text or a figure.

:func:`discover` draws the uncertain numbers (:mod:`sim.uncertainty`), evaluates
the condition (:mod:`.condition`) on each report and finds the boxes
(:mod:`.boxes`); :func:`boxes_text` and :func:`figure` show the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from ..scenario import Scenario
from ..uncertainty import SAMPLES, Progress, Start, column, parameters, record_with, rounded, sample
from .boxes import Box, Step, prim
from .condition import ReportCondition
from .grammar import fields_of

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure


def _step_json(s: Step) -> dict[str, Any]:
    return {"coverage": rounded(s.coverage), "density": rounded(s.density), "mass": rounded(s.mass),
            "samples": s.count, "restricted": s.restricted}


def box_json(box: Box, paths: list[str]) -> dict[str, Any]:
    """A box as JSON: bounds of the numbers it restricts (null: that side is open)."""
    b = box.box
    bounds = {p: {"lo": rounded(b.lo[j]), "hi": rounded(b.hi[j])} for j, p in enumerate(paths)
              if np.isfinite(b.lo[j]) or np.isfinite(b.hi[j])}
    return {"bounds": bounds, **_step_json(b), "chosen_step": box.chosen,
            "trajectory": [_step_json(s) for s in box.trajectory]}


def discover(scenario: Scenario, condition: str, output: str | None = None, samples: int = SAMPLES,
             seed: int = 0, out: str | Path | None = None, workers: int = 1,
             scheduler: str | None = None, alpha: float = 0.05, mass_min: float = 0.05,
             threshold: float = 0.8, max_boxes: int = 3, progress: Progress | None = None,
             start: Start | None = None) -> dict[str, Any]:
    """Draw the uncertain numbers, evaluate ``condition`` on each report, and find
    the boxes where it holds (PRIM). What ``negsim discover --json`` prints."""
    paths = list(parameters(scenario))
    if output is not None:
        column(scenario, output)
    cond = ReportCondition.of(scenario, condition, output)
    where = Path(out) / "samples" if out is not None else None
    record = record_with(cond.record + ((output,) if output is not None else ()))
    table = sample(scenario, samples, seed, where, workers, scheduler, record, progress, start)
    y = cond.holds(table)
    x = table[paths].to_numpy(dtype=float)
    boxes = prim(x, y, alpha, mass_min, threshold, max_boxes) if y.any() else []
    return {
        "output": output if output is not None else fields_of(cond.tree)[0],
        "condition": condition,
        "samples": len(table),
        "seed": seed,
        "cases": int(y.sum()),
        "share": rounded(y.mean()) if len(y) else 0.0,
        "settings": {"alpha": alpha, "mass_min": mass_min, "threshold": threshold,
                     "max_boxes": max_boxes},
        "parameters": {p: scenario.uncertain[p].describe() for p in paths},
        "boxes": [box_json(b, paths) for b in boxes],
    }


def boxes_text(result: dict[str, Any]) -> str:
    """The boxes, one block each: bounds, coverage, density."""
    share = f"{result['share']:.1%}"
    lines = [f"{result['condition']}: holds in {result['cases']:,} of {result['samples']:,} draws ({share})"]
    if not result["boxes"]:
        lines.append("no box: the condition holds in no draw" if not result["cases"] else "no box")
    for k, box in enumerate(result["boxes"], 1):
        lines += ["", (f"box {k}: coverage {box['coverage']:.2f}, density {box['density']:.2f}, "
                       f"mass {box['mass']:.2f} ({box['samples']:,} draws)")]
        if not box["bounds"]:
            lines.append("  (the whole space: no number restricted)")
        for path, b in box["bounds"].items():
            lo = f"{b['lo']:.4g} <= " if b["lo"] is not None else ""
            hi = f" <= {b['hi']:.4g}" if b["hi"] is not None else ""
            lines.append(f"  {lo}{path}{hi}    ({result['parameters'][path]})")
    return "\n".join(lines)


def figure(result: dict[str, Any]) -> Figure:
    """The peeling trajectory of each box: density against coverage, coloured by the
    number of restricted parameters, the chosen box (after pasting) marked."""
    from ..plot.style import new_figure

    fig = new_figure(figsize=(6.5, 4.5))
    ax = fig.add_subplot()
    points = None
    for k, box in enumerate(result["boxes"]):
        t = box["trajectory"]
        cov = [s["coverage"] for s in t]
        den = [s["density"] for s in t]
        ax.plot(cov, den, color="#999999", linewidth=0.8, zorder=1)
        points = ax.scatter(cov, den, c=[s["restricted"] for s in t], cmap="viridis", s=18,
                            zorder=2, vmin=0)
        ax.scatter([box["coverage"]], [box["density"]], marker="*", s=160, color="#d62728",
                   zorder=3, label="chosen box (after pasting)" if k == 0 else None)
        ax.annotate(f"box {k + 1}", (box["coverage"], box["density"]), textcoords="offset points",
                    xytext=(6, -12), fontsize="small")
    if points is not None:
        fig.colorbar(points, ax=ax, label="numbers restricted")
        ax.legend(fontsize="small", loc="lower left")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    ax.set_xlabel("coverage (share of the cases inside the box)")
    ax.set_ylabel("density (share of cases among the draws inside)")
    ax.set_title(f"PRIM peeling trajectory: {result['condition']}")
    return fig
