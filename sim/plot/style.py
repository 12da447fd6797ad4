"""Shared look of negsim's figures: names, colours, figure creation and saving.

Figures are plain :class:`matplotlib.figure.Figure` objects with an Agg canvas,
made without :mod:`matplotlib.pyplot`: no GUI backend is ever loaded (the
command line stays headless) and a notebook shows a returned figure exactly
once, as the cell's result.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..outputs import target_problem
from ..scenario import Party

if TYPE_CHECKING:  # matplotlib >= 3.10 names the rc keys; only the checker reads it
    from matplotlib.typing import RcKeyType

#: Resolution of saved PNG files.
DPI = 150
#: Vector files keep text as text (editable, searchable): SVG text elements, PDF TrueType;
#: SVG ids are hashed with a fixed salt (matplotlib's default salt is random per id,
#: so the same figure gave different bytes on every save).
SAVE_RC: dict[RcKeyType, Any] = {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "negsim"}

#: How each solution concept is named on a figure.
CONCEPT_NAMES = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai-Smorodinsky",
    "egalitarian": "Egalitarian",
    "utilitarian": "Utilitarian",
}
#: Marker and colour of each concept (hollow markers stay visible when they coincide).
CONCEPT_STYLE = {
    "nash": ("o", "#d62728"),
    "kalai_smorodinsky": ("s", "#9467bd"),
    "egalitarian": ("^", "#2ca02c"),
    "utilitarian": ("D", "#ff7f0e"),
}
OUTSIDE_COLOUR = "#b8b8b8"
ZOPA_COLOUR = "#1f77b4"
FRONTIER_COLOUR = "#222222"
ARROW_COLOURS = ("#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")


def concept_name(concept: str) -> str:
    """Display name of a solution concept (``kalai_smorodinsky`` -> ``Kalai-Smorodinsky``)."""
    return CONCEPT_NAMES.get(concept, concept.replace("_", " ").capitalize())


def party_name(party: Party) -> str:
    """Display name of a party: its ``label``, else its name in title case.

    >>> from sim.scenario import Party
    >>> party_name(Party("united_states", (1.0,), (None,)))
    'United States'
    """
    return party.label or party.name.replace("_", " ").title()


def utility_label(party: Party) -> str:
    """Axis label naming whose utility it is: ``Russia's utility``.

    >>> from sim.scenario import Party
    >>> utility_label(Party("russia", (1.0,), (None,)))
    "Russia's utility"
    """
    name = party_name(party)
    return f"{name}' utility" if name.endswith("s") else f"{name}'s utility"


def new_figure(**kwargs: Any) -> Figure:
    """A figure with constrained layout on an Agg canvas (no pyplot, no GUI)."""
    fig = Figure(layout="constrained", **kwargs)
    FigureCanvasAgg(fig)
    return fig


def save_figure(fig: Figure, path: str | Path, dpi: int = DPI) -> Path:
    """Write ``fig`` to ``path``; the format is the suffix (``.png``, ``.svg``, ``.pdf``).
    The same figure gives the same bytes on every save (no dates, a fixed SVG salt);
    every figure negsim writes to a file is written here.

    Raises :class:`ValueError` for any other suffix.
    """
    path = check_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with rc_context(SAVE_RC):
        fig.savefig(path, dpi=dpi, bbox_inches="tight", metadata=_metadata(path.suffix.lower()))
    return path


def check_format(path: str | Path) -> Path:
    """``path`` if it can be written as a figure (:func:`sim.outputs.target_problem`),
    else :class:`ValueError`."""
    problem = target_problem(path, "figure")
    if problem is not None:
        raise ValueError(problem)
    return Path(path)


def _metadata(suffix: str) -> dict[str, Any]:
    """Reproducible vector files: no creation date in SVG or PDF."""
    if suffix == ".svg":
        return {"Date": None}
    if suffix == ".pdf":
        return {"CreationDate": None}
    return {}
