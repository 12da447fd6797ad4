"""Pareto frontiers of finite sets of utility vectors.

:mod:`.exact` holds :func:`pareto_front` and its algorithms, :mod:`.streaming`
the running frontier of a space streamed in chunks, :mod:`.moving` the 2-D
frontier of a set whose one coordinate changes (:class:`MovingFront`), :mod:`.clear` the pruning
of the additive path (:func:`clear_front`, :func:`minkowski_front`).

A vector x is on the frontier of a set S when no y in S has y_i >= x_i for
every coordinate and y_i > x_i for one (SPEC section 3). Every function here
works on distinct vectors, each tagged with the first (smallest) enumeration
index at which it occurs, so the frontier of a union is the frontier of the
union of frontiers: a space streamed in chunks keeps only a running frontier
(:class:`StreamingFront`).

- one coordinate: the maximum;
- two coordinates: sort by (u0 desc, u1 desc) and sweep, keeping a vector when
  its u1 beats every u1 before it (Kung, Luccio and Preparata 1975), O(n log n);
- three coordinates: divide and conquer on u0 with a running maximum per level
  (Bentley 1980), O(n log^2 n), fully vectorised;
- k >= 4 coordinates: the same sweep on u0 in blocks. A vector can only be
  dominated by one before it in the (u0, u1, ...) descending order, and it is
  dominated by one of an earlier block exactly when its last k - 1 coordinates
  are weakly dominated by the (k - 1)-D frontier of those earlier vectors (the
  "staircase", kept up to date recursively; Kung et al. 1975, section 4). Once
  the staircase is large (a large frontier, typical of four or more parties),
  the remaining vectors are settled by an offline divide and conquer on the
  same order (Bentley 1980): pairs inside small blocks pairwise, every other
  pair at the one node of a binary partition that separates it, as a
  (k - 1)-D question; O(n log^(k-2) n) instead of a cost growing with the
  square of the frontier.

:func:`minkowski_front` is the issue-by-issue step of additive utilities (see
:mod:`sim.additive`): for sets A and B, a sum a + b is dominated in A + B as
soon as a is dominated in A (a' + b dominates it) or b in B, so the frontier of
A + B lies in frontier(A) + frontier(B) (the dominance argument of dynamic
programming for the multi-objective knapsack problem; Klamroth and Wiecek
2000; Bazgan, Hugot and Vanderpooten 2009).
"""

from .clear import MARGIN, Tie, clear_front, minkowski_front
from .exact import distinct_first, dominated_by, frontier_rows, pareto_front
from .moving import MovingFront
from .streaming import StreamingFront, merge_fronts

__all__ = ["MARGIN", "MovingFront", "StreamingFront", "Tie", "clear_front", "distinct_first", "dominated_by",
           "frontier_rows", "merge_fronts", "minkowski_front", "pareto_front"]
