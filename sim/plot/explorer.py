"""Explore how a pressure's credibility and penalty and the disagreement points
move the deal: variants of a scenario, small multiples, and an interactive
explorer for notebooks.

:func:`~sim.sweep.with_values` makes a variant by dotted paths (the paths of
sweep files, SPEC section 6). :func:`panel` draws the frontier of several
variants side by side. :func:`explorer` puts ipywidgets sliders on those numbers
and redraws the frontier on every change; where ipywidgets is missing it returns the static
panel instead, and where a viewer cannot run widgets (a code host, a notebook
executed headless) its output falls back to a picture of the current setting.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

from ..analysis import Solver, analyse
from ..scenario import Scenario
from ..sweep import with_values
from .frontier import frontier_figure
from .style import new_figure

#: Resolution of the explorer's picture.
EXPLORER_DPI = 80


def panel(scenario: Scenario, path: str, values: Sequence[Any],
          parties: Sequence[str] | None = None, concept: str = "nash") -> Figure:
    """The frontier of ``scenario`` with ``path`` set to each of ``values``, side by side."""
    fig = new_figure(figsize=(3.6 * len(values) + 3.6, 3.9))
    axes = fig.subplots(1, len(values), sharex=True, sharey=True, squeeze=False)[0]
    for k, (ax, value) in enumerate(zip(axes, values)):
        a = analyse(with_values(scenario, {path: value}))
        frontier_figure(a, parties, ax=ax, concept=concept, legend=k == len(values) - 1)
        ax.set_title(f"{path.rsplit('.', 1)[-1]} = {value:g}", fontsize=9)
        if k:
            ax.set_ylabel("")
    fig.suptitle(f"{scenario.name}: {path}", fontsize=10)
    return fig


def sliders(scenario: Scenario) -> dict[str, tuple[float, float, float]]:
    """The explorer's numbers: ``{path: (low, high, value)}`` for every pressure's
    credibility and penalty and every veto party's disagreement utility (a war
    lottery shows as its value)."""
    d = Solver.of(scenario).disagreement([])
    out: dict[str, tuple[float, float, float]] = {}
    for p in scenario.pressures:
        out[f"pressures.{p.name}.credibility"] = (0.0, 1.0, p.effective_credibility)
        out[f"pressures.{p.name}.penalty"] = (0.0, max(1.0, 2 * p.penalty), p.penalty)
    for i, party in enumerate(scenario.parties):
        if party.veto:
            out[f"parties.{party.name}.disagreement"] = (min(0.0, d[i]), 1.0, float(d[i]))
    return out


def explorer(scenario: Scenario, parties: Sequence[str] | None = None,
             concept: str = "nash") -> Any:
    """Sliders for credibility, penalty and disagreement points redrawing the frontier.

    Returns an ipywidgets box; without ipywidgets, the static :func:`panel` of the
    first pressure's credibility at 0, 0.5 and 1 (or of nothing to vary, the frontier).
    """
    try:
        import ipywidgets as widgets
    except ImportError:
        if scenario.pressures:
            return panel(scenario, f"pressures.{scenario.pressures[0].name}.credibility",
                         [0.0, 0.5, 1.0], parties, concept)
        return frontier_figure(analyse(scenario), parties, concept=concept)
    controls = {path: widgets.FloatSlider(value=v, min=lo, max=hi, step=0.01,
                                          continuous_update=False, description=path,
                                          style={"description_width": "initial"},
                                          layout={"width": "480px"})
                for path, (lo, hi, v) in sliders(scenario).items()}
    picture = widgets.Image(format="png")
    box = _explorer_box(widgets)(children=[*controls.values(), picture])

    def redraw(_: Any = None) -> None:
        variant = with_values(scenario, {p: c.value for p, c in controls.items()})
        picture.value = _png(frontier_figure(analyse(variant), parties, concept=concept))
        box.png = picture.value

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return box


def _png(fig: Figure) -> bytes:
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=EXPLORER_DPI, bbox_inches="tight")
    return buffer.getvalue()


def _explorer_box(widgets: Any) -> type:
    """A VBox whose output also carries a PNG of the current figure, which viewers
    without widgets (code hosts, headless runs) show instead of the sliders."""

    class ExplorerBox(widgets.VBox):
        png: bytes = b""

        def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
            data = super()._repr_mimebundle_(**kwargs)
            if self.png:
                data["image/png"] = base64.b64encode(self.png).decode("ascii")
            return data

    return ExplorerBox
