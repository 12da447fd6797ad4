"""Scenario discovery: the boxes of uncertain numbers where a condition on the report holds.

Given N draws x_1 .. x_N of the uncertain numbers (:mod:`sim.uncertainty`) and
y_n = 1 where a condition on the report holds (say ``zopa.exists == false``), a
*box* B = { x : lo_j <= x_j <= hi_j } (most sides unrestricted) describes where
the cases are concentrated:

- coverage(B) = sum_{x_n in B} y_n / sum_n y_n, the share of all cases inside B;
- density(B) = sum_{x_n in B} y_n / #{x_n in B}, the share of cases among the
  draws inside B;
- mass(B) = #{x_n in B} / N.

The modules, in the order they import each other:

- :mod:`.grammar`: the conditions' grammar, parsed into a syntax tree (never ``eval``);
- :mod:`.condition`: a condition checked against the report's fields and evaluated
  on a table of draws;
- :mod:`.boxes`: PRIM (peeling, pasting, pruning, covering) on any array of draws;
- :mod:`.report`: :func:`discover` (what ``negsim discover --json`` prints), its
  text and its figure.
"""

from .boxes import Box, Step, choose, inside, paste, peel, prim, prune, quasi_p
from .condition import ReportCondition
from .grammar import KEYWORDS, LITERALS, OPS, BoolOp, Compare, ConditionError, Not, fields_of, parse
from .report import box_json, boxes_text, discover, figure

__all__ = ["KEYWORDS", "LITERALS", "OPS", "BoolOp", "Box", "Compare", "ConditionError", "Not",
           "ReportCondition", "Step", "box_json", "boxes_text", "choose", "discover", "fields_of",
           "figure", "inside", "parse", "paste", "peel", "prim", "prune", "quasi_p"]
