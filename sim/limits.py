"""The solve's tuning limits: one frozen object carried on the :class:`~sim.kernel.Kernel`.

A :class:`Limits` bounds the work of the additive path (:mod:`sim.additive`):
when it is taken below ``solve.max_outcomes`` (``auto_from``), how many states
its exact ZOPA count may hold (``dp_states``, ``dp_candidates``) and how much
memory one Minkowski step may ask for (``max_sum_bytes``); and it may send every
solve of many parties down the direct path (``direct_from_parties``). None of them is a
field of the scenario: they change how a result is found, never what it is
(past a limit the solver enumerates instead, estimates the ZOPA size with its
interval, or stops with exit status 2, each as documented where the limit is
read). The defaults are the measured ones below; a test or a caller that needs
another passes ``analyse(scenario, limits=Limits(...))`` or
``Kernel.of(scenario, limits=...)`` instead of changing a module.

>>> Limits().auto_from == CHUNK
True
>>> Limits(dp_states=50).dp_candidates
524288
"""

from __future__ import annotations

from dataclasses import dataclass

from .space import CHUNK


@dataclass(frozen=True)
class Limits:
    """The tuning limits of one solve (module doc); each default is the measured one."""

    #: Outcomes past which ``Solver.solve(method="auto")`` takes the additive path
    #: below ``solve.max_outcomes`` too, where :func:`sim.additive.reproduces` holds
    #: (:func:`sim.additive.auto`): one enumeration chunk. Measured on
    #: ``benchmarks/solve.py``'s random scenarios (2 to 4 parties, values random or
    #: opposed, disagreement 0 or 0.25, issues of 2, 4, 8 or 10 options, 1e4 to 2e6
    #: outcomes), both paths forced, median of 3: with 2 or 3 veto parties they
    #: break even near 1e4 outcomes; the additive path is 1.5 to 52 times faster at
    #: 2^18 outcomes and 2.3 to 240 times at 1e6 to 2e6 (least with a binding
    #: disagreement, whose ZOPA count takes most of its time). Below one chunk the
    #: enumeration stays: a run or a sweep tabulates the space
    #: (:mod:`sim.tabulation`) and reuses it, and ``Solver.solve`` decides so
    #: without importing :mod:`sim.additive`. Never below ``CHUNK`` but in a test
    #: (0 sends small spaces down the path that large ones take).
    auto_from: int = CHUNK
    #: Most distinct partial sums of the binding parties the additive path's exact
    #: ZOPA count may hold after a part (:func:`sim.additive.count_zopa`); past it
    #: the count gives up: where the path is only ``auto``'s shortcut the solver
    #: enumerates instead; otherwise one binding party is counted by meeting in the
    #: middle (its own larger caps), else the size is estimated by sampling (the
    #: report then gives its interval). Raising it made the count as
    #: slow as the enumeration on ``benchmarks/solve.py``'s 1e7 and 1e8 rows
    #: (docs/performance.md).
    dp_states: int = 1 << 16
    #: Most candidate sums (states x options of the next part) that count forms in
    #: one step, checked before they are allocated (8 bytes per binding party each).
    dp_candidates: int = 1 << 19
    #: The most memory one Minkowski step of the additive frontier may give its
    #: candidate sums (|front| x |options| x veto parties x 8 bytes; clearing them
    #: takes a few times more): past it the step is refused before the allocation
    #: (:class:`sim.additive.front.FrontTooLarge`): the solver enumerates an
    #: enumerable space instead, and past ``solve.max_outcomes`` stops with exit
    #: status 2 naming ``solve.resolution`` (two continuous issues at a fine
    #: resolution once asked for 14.6 TiB).
    max_sum_bytes: int = 1 << 30
    #: With at least this many veto parties every solve of discrete issues takes the
    #: direct path (:mod:`sim.direct`); None (the default): where
    #: :func:`sim.direct.pays` says it is the faster, from five veto parties on
    #: large spaces. The answer is the same either way; a test sets 4 to check it.
    direct_from_parties: int | None = None


#: The default limits, one object shared by every default argument.
DEFAULTS = Limits()
