"""The real-range optimum of continuous issues (sim.refine), through its public
behaviour: ``analyse`` on scenarios whose optimum has a closed form.

Divide a pie of size 1 over one continuous issue, u_a = x, u_b = 1 - x, with
disagreement d = (d_a, d_b) and bargaining powers alpha (normalised):

- the asymmetric Nash solution maximises alpha_a ln(x - d_a) + alpha_b
  ln(1 - x - d_b), so x = d_a + alpha_a (1 - d_a - d_b) (Nash 1950 for equal
  powers, Kalai 1977 and Roth 1979 for unequal ones): each side gets its
  disagreement value plus its power's share of the surplus;
- Kalai-Smorodinsky (ideal point (1 - d_b, 1 - d_a)) and egalitarian split
  the surplus equally whatever the powers: x = d_a + (1 - d_a - d_b) / 2
  (Kalai and Smorodinsky 1975; Kalai 1977);
- with a risk-averse b, u_b = (1 - x)^(1/2) and d = 0: Nash maximises
  x (1 - x)^(1/2), so x = 2/3 (risk aversion costs b its share: Kihlstrom,
  Roth and Schmeidler 1981); Kalai-Smorodinsky and egalitarian solve
  x = (1 - x)^(1/2), x = (sqrt 5 - 1)/2; the utilitarian sum peaks at x = 3/4
  (Harsanyi 1955).

The grid (``solve.resolution`` 4) is coarse on purpose: none of these optima
is a grid point, so only the real-range search can find them.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim import analyse, from_dict


def pie(d_a: float = 0.0, d_b: float = 0.0, power_a: float = 1.0, power_b: float = 1.0,
        b_values: object = "decreasing", concepts: tuple[str, ...] | None = None) -> dict:
    doc = {"name": "pie", "issues": {"x": {"range": [0, 1]}},
           "parties": {"a": {"weights": {"x": 1}, "values": {"x": "increasing"}, "disagreement": d_a,
                             "bargaining_power": power_a},
                       "b": {"weights": {"x": 1}, "values": {"x": b_values}, "disagreement": d_b,
                             "bargaining_power": power_b}},
           "solve": {"resolution": 4}}
    if concepts:
        doc["solve"]["concepts"] = list(concepts)
    return doc


def shares(doc: dict) -> dict[str, float]:
    solutions = analyse(from_dict(doc)).result.solutions
    return {name: s.point[0] for name, s in solutions.items() if s is not None and s.point is not None}


def test_the_linear_pie_is_split_evenly():
    got = shares(pie(concepts=("nash", "kalai_smorodinsky", "egalitarian")))
    assert got == pytest.approx({"nash": 0.5, "kalai_smorodinsky": 0.5, "egalitarian": 0.5}, abs=1e-4)


def test_the_risk_averse_pie_has_its_closed_form_optima():
    got = shares(pie(b_values={"power": 0.5, "direction": "decreasing"}))
    golden = (math.sqrt(5) - 1) / 2
    assert got == pytest.approx({"nash": 2 / 3, "kalai_smorodinsky": golden, "egalitarian": golden,
                                 "utilitarian": 0.75}, abs=1e-4)


#: d_a, d_b <= 1/4: the ZOPA [d_a, 1 - d_b] is at least 1/2 wide and so holds a point of
#: the grid {0, 1/3, 2/3, 1}, where SPEC section 3 looks for it before refining
eighth = st.integers(0, 2).map(lambda k: k / 8)


@given(eighth, eighth, st.sampled_from([1, 2, 3]), st.sampled_from([1, 2, 3]))
@settings(max_examples=12, deadline=None)
def test_each_side_gets_its_disagreement_plus_a_share_of_the_surplus(d_a, d_b, power_a, power_b):
    got = shares(pie(d_a, d_b, power_a, power_b, concepts=("nash", "kalai_smorodinsky", "egalitarian")))
    surplus = 1 - d_a - d_b
    alpha_a = power_a / (power_a + power_b)
    assert got == pytest.approx({"nash": d_a + alpha_a * surplus,
                                 "kalai_smorodinsky": d_a + surplus / 2,
                                 "egalitarian": d_a + surplus / 2}, abs=1e-4)
