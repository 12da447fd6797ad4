"""``negsim check SCENARIO --proposal FILE`` (issue 18, item 3).

On random scenarios with an agreement rule, every field of the check of random
grid outcomes agrees with the brute force of ``tests/bruteforce.py``
(acceptance, margins, red lines, Z, the frontier); the Nash solution checks as
on the frontier with no shortfall; bad proposal files stop with exit 2 and
located messages.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.analysis import analyse
from sim.check import Proposals, check
from sim.cli import main
from sim.scenario import from_dict

from . import bruteforce as bf
from .conftest import ROOT
from .strategies import ruled_scenarios, scenario_settings

EXAMPLE = Path(__file__).resolve().parents[1] / "scenarios" / "examples" / "harbour-sport-park.yaml"


@given(ruled_scenarios(), st.data())
@scenario_settings
def test_checks_agree_with_the_brute_force(doc, data):
    a = analyse(from_dict(doc))
    indices = data.draw(st.lists(st.integers(0, a.space.size - 1), min_size=1, max_size=3))
    got = check(a, Proposals(tuple(a.space.point(k) for k in indices), "<test>"))
    model = bf.model_of(doc)
    solve = bf.solve(model, model.pressures)
    zopa = {z[0] for z in solve.zopa}
    frontier = {z[0] for z in solve.frontier}
    d = solve.disagreement
    for k, c in zip(indices, got):
        x = tuple(c["outcome"][iss.name] for iss in model.issues)
        u = [float(v) for v in bf.utilities(model, x, model.pressures)]
        for i, party in enumerate(model.parties):
            mine = c["parties"][party.name]
            assert mine["accepts"] == bool(bf.accepts(model, i, x, u, d))
            assert mine["margin"] == pytest.approx(u[i] - d[i], abs=1e-9)
            assert mine["red_lines"] == [j for j, line in enumerate(party.red_lines) if line(x)]
        assert c["in_zopa"] == (k in zopa)
        assert c["on_frontier"] == (k in frontier)


def test_the_nash_solution_is_on_the_frontier_with_no_shortfall(tmp_path, capsys):
    a = analyse(from_dict(bf.load_yaml(EXAMPLE)))
    nash = a.result.solutions["nash"]
    proposal = tmp_path / "plan.yaml"
    proposal.write_text(json.dumps([a.outcome(nash), {"A": "A1", "B": "B1", "C": "C1", "D": "D1",
                                                      "E": "E1"}]))
    assert main(["check", str(EXAMPLE), "--proposal", str(proposal), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    first, second = out["proposals"]
    assert first["in_zopa"] and first["on_frontier"] and first["nash_shortfall"] == 0
    assert first["nash_product"] == first["nash_product_of_solution"]
    # the product prod g_i^(1/2) of the two veto parties (equal bargaining powers)
    g = [nash.utilities[a.scenario.party_index(p)] - a.result.disagreement[a.scenario.party_index(p)]
         for p in ("SportCo", "DoT")]
    assert first["nash_product"] == pytest.approx(math.sqrt(g[0] * g[1]), abs=1e-9)
    assert all(p["accepts"] for name, p in first["parties"].items() if name in ("SportCo", "DoT"))
    # A1 B1 C1 D1 E1: SportCo scores 14 + 11 + 0 + 35 + 0 = 60 >= 55; DoT 0 + 0 + 0 + 10 + 4 < 65
    assert second["parties"]["SportCo"] == {"accepts": True, "margin": 0.05, "red_lines": []}
    assert second["parties"]["DoT"]["margin"] == pytest.approx(-0.51)
    assert not second["in_zopa"] and second["nash_product"] is None
    assert main(["check", str(EXAMPLE), "--proposal", str(proposal)]) == 0
    assert "in the ZOPA: yes; on the Pareto frontier: yes" in capsys.readouterr().out


@pytest.mark.parametrize("text, where, fragment", [
    ("{A: A1, B: B1, C: C1, D: D1}", "plan.yaml:1: (document)", "'E' is missing"),
    ("{A: A9, B: B1, C: C1, D: D1, E: E1}", "plan.yaml:1: A", "'A9' is not an option of 'A'"),
    ("- {A: A1, B: B1, C: C1, D: D1, E: E1, F: x}", "plan.yaml:1: 0.F", "unknown issue 'F'"),
    ("- 3", "plan.yaml:1: 0", "a proposal is a mapping"),
])
def test_bad_proposals_are_located_with_exit_2(tmp_path, capsys, text, where, fragment):
    proposal = tmp_path / "plan.yaml"
    proposal.write_text(text + "\n")
    assert main(["check", str(EXAMPLE), "--proposal", str(proposal)]) == 2
    err = capsys.readouterr()
    assert err.out == ""
    line = next(ln for ln in err.err.splitlines() if fragment in ln)
    assert where in line and "Traceback" not in err.err


def test_the_documented_check_is_what_negsim_prints(capsys):
    """docs/agreement.md shows the output of checking the shipped proposals."""
    root = EXAMPLE.parents[2]
    doc = (root / "docs" / "agreement.md").read_text()
    shown = doc.split("```text\n", 1)[1].split("```", 1)[0]
    proposals = root / "scenarios" / "proposals" / "harbour-sport-park.yaml"
    assert main(["check", str(EXAMPLE), "--proposal", str(proposals)]) == 0
    assert capsys.readouterr().out == shown


def test_the_text_of_a_check_against_an_empty_zopa(capsys):
    """The August 2025 stage has no ZOPA: the text says there is no Nash solution
    (it used to stop on formatting the missing product)."""
    stage = ROOT / "scenarios" / "russia-ukraine" / "2025-08-18-august-summits.yaml"
    plan = ROOT / "docs" / "proposals" / "28-point-plan-in-august-terms.yaml"
    assert main(["check", str(stage), "--proposal", str(plan)]) == 0
    assert "no Nash solution (the ZOPA is empty)" in capsys.readouterr().out
