"""Round-by-round alternating-offers bargaining (SPEC section 8).

- :mod:`.setting`: the negotiation in time: proposer order, discounting,
  pressures in force by round (``at_round``), the frontier of each regime;
- :mod:`.backward`: the subgame-perfect plan by backward induction
  (Rubinstein 1982; with a breakdown risk, Binmore, Rubinstein and Wolinsky 1986);
- :mod:`.strategies`: the concession strategies (Faratin, Sierra and Jennings
  1998) and tit-for-tat, registered by name;
- :mod:`.simulate`: the simulation loop and its trace.
"""

from .simulate import Trace, simulate, simulate_many

__all__ = ["Trace", "simulate", "simulate_many"]
