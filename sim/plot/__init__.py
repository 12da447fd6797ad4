"""Figures of an analysis: the payoff frontier, the issue-level view, an explorer.

Import this package only where figures are wanted (the command line imports it
lazily), so ``negsim run`` without ``--out`` never loads matplotlib.

- :func:`frontier_figure`: outcomes, ZOPA, Pareto frontier, solutions and one
  arrow per pressure in the utility plane of two parties.
- :func:`issues_figure`: which option every solution picks on every issue,
  with and without each pressure.
- :func:`save_figure`: PNG, SVG or PDF by the file's suffix.
- :func:`with_values`, :func:`panel`, :func:`explorer`: variants of a scenario,
  their frontiers side by side, and sliders that redraw the frontier.
"""

from .explorer import explorer, panel, sliders, with_values
from .frontier import check_parties, frontier_figure
from .issues import issues_figure
from .style import FORMATS, check_format, save_figure

__all__ = ["FORMATS", "check_format", "check_parties", "explorer", "frontier_figure",
           "issues_figure", "panel", "save_figure", "sliders", "with_values"]
