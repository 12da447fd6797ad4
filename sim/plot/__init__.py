"""Figures of an analysis: the payoff frontier, the issue-level view, an explorer.

Import this package only where figures are wanted (the command line imports it
lazily), so ``negsim run`` without ``--out`` never loads matplotlib.

- :func:`frontier_figure`: outcomes, ZOPA, Pareto frontier, solutions and one
  arrow per pressure in the utility plane of two parties.
- :func:`issues_figure`: which option every solution picks on every issue,
  with and without each pressure.
- :func:`save_figure`: PNG, SVG or PDF by the file's suffix.
- :func:`panel`, :func:`explorer`: the frontiers of variants of a scenario side
  by side, and sliders that redraw the frontier; :func:`with_values` (that of
  :mod:`sim.sweep`, here too for notebooks) makes a variant.
"""

from ..outputs import FORMATS
from ..sweep import with_values
from .explorer import explorer, panel, sliders
from .frontier import check_parties, frontier_figure
from .issues import issues_figure
from .style import check_format, save_figure

__all__ = ["FORMATS", "check_format", "check_parties", "explorer", "frontier_figure",
           "issues_figure", "panel", "save_figure", "sliders", "with_values"]
