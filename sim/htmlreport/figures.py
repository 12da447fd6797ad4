"""Figures inline: a matplotlib figure as an ``<svg>`` element to put in a page."""

from __future__ import annotations

import io
import re

from matplotlib import rc_context
from matplotlib.figure import Figure

from ..plot.style import SAVE_RC


def inline_svg(fig: Figure, label: str) -> str:
    """``fig`` as one ``<svg>`` element (no XML prolog, no fixed size, text as text),
    with ``role="img"`` and ``aria-label`` ``label``."""
    buffer = io.StringIO()
    with rc_context(SAVE_RC):  # text as text, a fixed SVG salt: the same page every run
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'<svg ([^>]*?)width="[^"]*" height="[^"]*"',
                 lambda m: f'<svg {m.group(1)}role="img" aria-label="{label}"', svg, count=1)
    return svg
