"""Why a deal lands where it does, and what would open or move one (SPEC section 10).

The modules, in the order they import each other:

- :mod:`.red_lines`: the solutions without each veto red line; the minimal sets
  of red lines whose removal opens an empty ZOPA;
- :mod:`.concessions`: explanations of a solution (concessions, trades across
  issues, binding constraints);
- :mod:`.thresholds`: the disagreement utility and the pressure credibility or
  penalty at which an empty ZOPA opens;
- :mod:`.moves`: where the Nash outcome of an existing deal changes;
- :mod:`.report`: :func:`explain`, the whole explanation object, and its sentences.
"""

from .concessions import binding, concessions, trades
from .moves import nash_moves
from .red_lines import minimal_red_line_sets, red_line_alternatives
from .report import describe_condition, explain, sentences
from .thresholds import disagreement_thresholds, pressure_thresholds

__all__ = ["binding", "concessions", "describe_condition", "disagreement_thresholds", "explain",
           "minimal_red_line_sets", "nash_moves", "pressure_thresholds", "red_line_alternatives",
           "sentences", "trades"]
