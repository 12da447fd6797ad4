"""The numbers' precision: 9-decimal rounding and the tie tolerance (SPEC section 3).

Every utility, disagreement point and reported number is rounded to
:data:`DECIMALS` decimals (``numpy.round``, round half to even), so that sums
formed in different orders compare equal and a report is byte-exact across
machines. Two objectives (or tie-break keys) of the solution concepts tie when
within :data:`TIE_TOLERANCE` of each other: half a unit of the 9-decimal
lattice, below which two rounded numbers cannot differ. :data:`UNIT`, one unit
of that lattice, is the nudge off a condition's open boundary and the smallest
meaningful change of a utility.

This module is a leaf: it imports nothing of the package, and every module
that rounds or compares utilities takes its rule from here.

>>> round_utilities(np.array([0.1 + 0.2, 1 / 3])).tolist()
[0.3, 0.333333333]
>>> rounded(-1e-12), rounded(2 / 3)
(0.0, 0.666666667)
"""

from __future__ import annotations

from typing import overload

import numpy as np

#: Decimals every utility, disagreement point and reported number is rounded to.
DECIMALS = 9
#: One unit of the 9-decimal lattice (10^-DECIMALS).
UNIT = 1e-9
#: Objectives and tie-break keys within this of the best tie (SPEC section 3).
TIE_TOLERANCE = 5e-10


@overload
def round_utilities(u: float, out: None = None) -> float: ...
@overload
def round_utilities(u: np.ndarray, out: np.ndarray | None = None) -> np.ndarray: ...
def round_utilities(u, out=None):
    """``u`` rounded to :data:`DECIMALS` decimals (into ``out`` if given, which may be ``u``)."""
    return np.round(u, DECIMALS, out=out)


def rounded(x: float) -> float:
    """One number rounded to :data:`DECIMALS` decimals as a Python float, ``-0.0``
    turned into ``0.0`` (what the reports print)."""
    return float(np.round(x, DECIMALS)) + 0.0
