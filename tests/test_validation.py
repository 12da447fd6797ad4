"""The validation modules, piece by piece (SPEC section 2).

What a valid file may hold (every key of the SPEC page and of docs/, YAML 1.2
readings), what the messages look like, and how problems are collected: a
structural problem does not hide the semantic ones, and one mistake is said
once, not again by every check that depends on it.
"""

from __future__ import annotations

import math
import textwrap

import pytest

from sim.distributions import bounds_of, extract, is_finite_number
from sim.document import parse_text
from sim.errors import AnalysisError, Problem, ScenarioError, did_you_mean
from sim.scenario import MAX_RESOLUTION, Lottery, build, from_dict
from sim.values import Ideal, Points, Power, Table

BASE = """
name: base
issues:
  land: {options: [west, middle, east]}
  aid: {range: [0, 10]}
parties:
  a:
    weights: {land: 3, aid: 1}
    values: {land: {west: 1, middle: 0.5, east: 0}, aid: increasing}
  b:
    weights: {land: 1, aid: 1}
    values: {land: {ranking: [east, middle, west]}, aid: decreasing}
"""

#: A scenario that writes every key of SPEC section 2 and of docs/ at least once.
EVERY_KEY = """
name: every key
description: free text
sources: ["a source", "another"]
issues:
  territory:
    description: land
    label: Territory (1991 borders)
    source: "quoted"
    options: [restored, frozen, recognised]
  relief: {range: [0, 1], unit: share, label: Relief, source: "quoted"}
parties:
  russia:
    veto: true
    label: Russia
    description: one side
    weights: {territory: 4, relief: {uniform: [1, 3]}}
    values:
      territory: {restored: 0, frozen: 0.4, recognised: 1}
      relief: {power: 2, direction: increasing}
    disagreement: 0.1
    red_lines: [{territory: restored}]
    bargaining_power: 2
    discount: 0.95
    strategy: boulware
    interactions:
      - when: {territory: frozen, relief: {at_least: 0.5, below: 0.9}}
        bonus: -0.1
        source: "quoted"
    source: "quoted"
    provenance: {weights.territory: "quoted", values.relief: "assumed", red_lines.0: "quoted",
                 interactions.0: "assumed", disagreement: "assumed"}
  ukraine:
    weights: {territory: 5, relief: 1}
    values:
      territory: {ranking: [restored, frozen, recognised]}
      relief: {points: [[0, 1], [0.5, {uniform: [0.4, 0.6]}], [1, 0]]}
    disagreement:
      lottery:
        - {probability: 0.5, outcome: {territory: frozen, relief: 0.2}}
        - {probability: 0.5, outcome: {territory: restored, relief: {uniform: [0.6, 1]}}}
      cost: {beta: [1, 9]}
    strategy: tit_for_tat
  united_states:
    veto: false
    weights: {relief: 1}
    values: {relief: {ideal: 0.25}}
pressures:
  ultimatum:
    by: [united_states]
    target: russia
    demand: {relief: {at_most: {triangular: [0.2, 0.3, 0.4]}}}
    penalty: {normal: [0.25, 0.05]}
    cost: {united_states: 0.02}
    credibility: auto
    backing_down_cost: {united_states: 0.08}
    reward: 0
    at_round: 3
    label: the ultimatum
    description: a threat
    source: "quoted"
    provenance: {penalty: "quoted"}
games:
  ceasefire:
    players: [russia, ukraine]
    strategies: {russia: [hold, violate], ukraine: [hold, violate]}
    payoffs:
      russia: [[3, 0], [5, 1]]
      ukraine: [[3, 5], [0, {uniform: [0, 2]}]]
    label: Ceasefire
    description: who holds
    source: "quoted"
breakdown: {uniform: [0, 0.1]}
solve:
  concepts: [nash, kalai_smorodinsky, egalitarian, utilitarian]
  lotteries: false
  resolution: 11
  max_outcomes: 1e8
"""


def load_text(text: str):
    return build(parse_text(textwrap.dedent(text), "s.yaml"))


def problems_of(text: str) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as err:
        load_text(text)
    return [(p.path, p.message) for p in err.value.problems]


# --- what a valid file may hold


def test_every_key_of_the_spec_page_and_docs_is_accepted():
    s = load_text(EVERY_KEY)
    assert [i.name for i in s.issues] == ["territory", "relief"]
    assert s.solve.max_outcomes == 100_000_000 and s.solve.resolution == 11
    assert s.party("russia").strategy == "boulware" and s.pressure("ultimatum").at_round == 3
    assert s.issues[0].label == "Territory (1991 borders)" and [g.name for g in s.games] == ["ceasefire"]


def test_distributions_stand_for_their_mean_clipped_to_the_field():
    s = load_text(EVERY_KEY)
    assert s.party("russia").weights == pytest.approx((4 / 6, 2 / 6))  # uniform(1, 3) -> 2
    assert s.pressure("ultimatum").penalty == pytest.approx(0.25)
    assert s.breakdown == pytest.approx(0.05)
    d = s.party("ukraine").disagreement
    assert isinstance(d, Lottery) and d.cost == pytest.approx(0.1)
    assert d.outcomes[1][1] == pytest.approx(0.8)
    points = s.party("ukraine").values[1]
    assert isinstance(points, Points) and points.vs == pytest.approx((1, 0.5, 0))
    at_most = s.pressure("ultimatum").demand.clauses[0].at_most
    assert at_most == pytest.approx(0.3)
    assert s.games[0].payoffs["ukraine"][1][1] == pytest.approx(1.0)
    assert set(s.uncertain) == {
        "parties.russia.weights.relief", "parties.ukraine.values.relief.points.1.1",
        "parties.ukraine.disagreement.lottery.1.outcome.relief", "parties.ukraine.disagreement.cost",
        "pressures.ultimatum.demand.relief.at_most", "pressures.ultimatum.penalty",
        "games.ceasefire.payoffs.ukraine.1.1", "breakdown"}


def test_a_distribution_whose_mean_is_out_of_range_is_clipped():
    doc, dists, problems = extract({"pressures": {"p": {"credibility": {"normal": [1.4, 0.1]}}}})
    assert problems == [] and doc["pressures"]["p"]["credibility"] == 1.0
    assert dists["pressures.p.credibility"].params == (1.4, 0.1)


def test_value_shapes_are_built():
    s = load_text(EVERY_KEY)
    assert s.party("russia").values[0] == Table((0.0, 0.4, 1.0))
    assert s.party("ukraine").values[0] == Table((1.0, 0.5, 0.0))
    assert s.party("russia").values[1] == Power(0.0, 1.0, 2.0, True)
    assert s.party("united_states").values[1] == Ideal(0.0, 1.0, 0.25)


def test_yaml_1_2_readings():
    s = load_text(BASE.replace("[west, middle, east]}", "[yes, no, 2025-05-15]}")
                  .replace("{west: 1, middle: 0.5, east: 0}", "{yes: 1, no: 0.5, 2025-05-15: 0}")
                  .replace("[east, middle, west]", "[2025-05-15, no, yes]"))
    assert s.issues[0].options == ("yes", "no", "2025-05-15")


@pytest.mark.parametrize("plain,value", [
    # YAML 1.2.2 section 10.3.2 (core schema): these are numbers ...
    ("017", 17), ("0o17", 15), ("0x1F", 31), ("-12", -12), ("1e-3", 0.001), ("5.", 5.0),
    ("+.5", 0.5), ("-.inf", -math.inf),
    # ... and these YAML 1.1 forms are strings (ruamel reads them as numbers)
    ("0_4", "0_4"), ("0b101", "0b101"), ("0x_1F", "0x_1F"), ("1_000.5", "1_000.5"),
    ("-0x1F", "-0x1F"), ("+0o7", "+0o7"), ("1:20", "1:20")])
def test_numbers_follow_the_yaml_1_2_core_schema(plain, value):
    assert parse_text(f"a: {plain}\n").data["a"] == value


def test_a_yaml_1_1_number_form_is_refused_where_a_number_is_expected():
    ((path, message),) = problems_of(BASE.replace("weights: {land: 3, aid: 1}",
                                                  "weights: {land: 0_4, aid: 1}"))
    assert path == "parties.a.weights.land" and "got '0_4'" in message


def test_merge_keys_and_aliases_are_plain_yaml():
    s = load_text(BASE + "  c:\n    <<: {weights: {land: 1}, veto: false}\n"
                         "    values: {land: {ranking: [west, middle, east]}}\n")
    assert s.party("c").veto is False


def test_a_whole_number_written_as_a_float_is_accepted_but_not_a_fraction():
    assert load_text(BASE + "solve: {resolution: 1.1e1}\n").solve.resolution == 11
    assert problems_of(BASE + "solve: {resolution: 10.5}\n") == [
        ("solve.resolution", "expected a whole number, got 10.5 (no fractional part)")]


@pytest.mark.parametrize("rng,rounds_to", [("[0, 1e-12]", "0"), ("[1, 1.0000000001]", "1"),
                                           ("[-3e-10, 4e-10]", "0")])
def test_a_range_narrower_than_the_rounding_lattice_is_refused(rng, rounds_to):
    ((path, message),) = problems_of(BASE.replace("aid: {range: [0, 10]}", f"aid: {{range: {rng}}}"))
    assert path == "issues.aid.range"
    assert f"is narrower than the 1e-9 rounding of values: every value rounds to {rounds_to}" \
        in message


def test_a_grid_finer_than_the_rounding_lattice_is_a_warning():
    # 101 points on [0, 5e-8] are 5e-10 apart: numpy.round(x, 9) keeps 51 of them
    s = load_text(BASE.replace("aid: {range: [0, 10]}", "aid: {range: [0, 5e-8]}"))
    assert [(w.path, w.message) for w in s.warnings] == [(
        "issues.aid.range", ("the 101 grid points of range [0, 5e-08] round to 51 distinct values "
                             "(values are rounded to 9 decimals): lower solve.resolution or "
                             "rescale the unit"))]
    assert load_text(BASE.replace("aid: {range: [0, 10]}", "aid: {range: [0, 1e-7]}")
                     ).warnings == ()


def test_the_resolution_has_a_ceiling_so_the_grid_cannot_exhaust_memory():
    assert load_text(BASE + f"solve: {{resolution: {MAX_RESOLUTION}}}\n")
    assert problems_of(BASE + f"solve: {{resolution: {MAX_RESOLUTION + 1}}}\n")[0][0] == \
        "solve.resolution"


def test_red_lines_of_a_non_veto_party_are_a_warning_not_an_error():
    s = load_text(BASE + "  c:\n    veto: false\n    weights: {land: 1}\n"
                         "    values: {land: {ranking: [west, middle, east]}}\n"
                         "    red_lines: [{land: west}]\n")
    assert [(w.path, w.line) for w in s.warnings] == [("parties.c.red_lines", 17)]


# --- messages


def test_a_string_is_never_read_as_a_number():
    for field in ("weights: {land: '3', aid: 1}", "disagreement: '0.2'", "bargaining_power: '2'",
                  "discount: 'yes'"):
        text = BASE.replace("weights: {land: 3, aid: 1}",
                            field if field.startswith("weights") else
                            "weights: {land: 3, aid: 1}\n    " + field)
        ((path, message),) = problems_of(text)
        assert path.startswith("parties.a.") and "got '" in message


@pytest.mark.parametrize("condition,message", [
    ("{aid: 5}", "a bare number (5) is refused"),
    ("{aid: {at_mots: 5}}", "unknown threshold 'at_mots' (did you mean 'at_most'?)"),
    ("{aid: {at_most: '5'}}", "threshold at_most must be a number, got '5'"),
    ("{land: 1}", "1 is a number, not an option name"),
    ("{land: []}", "an empty list of options matches nothing"),
    ("{lnad: west}", "unknown issue 'lnad' (did you mean 'land'?)"),
    ("{}", "a condition is a non-empty mapping"),
])
def test_condition_messages(condition, message):
    ((path, got),) = problems_of(BASE + f"    red_lines: [{condition}]\n")
    assert path.startswith("parties.b.red_lines.0") and message in got


@pytest.mark.parametrize("shape,message", [
    ("increasng", "unknown value shape 'increasng' (did you mean 'increasing'?)"),
    ("{ideal: 11}", "ideal 11 is outside the range [0, 10]"),
    ("{power: 0}", "power must be a number > 0, got 0"),
    ("{power: 2, direcion: decreasing}", "(did you mean 'direction'?)"),
    ("{power: 2, direction: up}", "direction must be 'increasing' or 'decreasing'"),
    ("{points: [[0, 1], [5, 1.5]]}", "every v must be in [0, 1]"),
    ("{ideal: 3, power: 2}", "give one value shape, not ideal and power"),
    ("{ranking: [a, b]}", "a ranking is for discrete issues"),
    ("3", "a continuous issue takes 'increasing'"),
])
def test_continuous_value_shape_messages(shape, message):
    ((path, got),) = problems_of(BASE.replace("aid: decreasing}", f"aid: {shape}}}"))
    assert path == "parties.b.values.aid" and message in got


def test_an_option_written_as_a_number_in_a_mapping_gets_a_hint_to_quote_it():
    text = BASE.replace("[west, middle, east]}", "['1', '2']}").replace(
        "{west: 1, middle: 0.5, east: 0}", "{1: 1, '2': 0}").replace(
        "{ranking: [east, middle, west]}", "{ranking: ['1', '2']}")
    assert problems_of(text) == [
        ("parties.a.values.land.1", 'option 1 is written as a number: quote it ("1")')]


def test_every_message_is_one_line_naming_file_line_and_path():
    line = Problem("a.b", "first\n  second", 3).format("s.yaml")
    assert line == "s.yaml:3: a.b: first second"
    assert Problem("", "empty").format(None) == "<scenario>: (document): empty"
    assert AnalysisError("too big", "solve.max_outcomes").format("s.yaml") == \
        "s.yaml: solve.max_outcomes: too big"


def test_did_you_mean_only_suggests_close_names():
    assert did_you_mean("nahs", ["nash", "utilitarian"]) == " (did you mean 'nash'?)"
    assert did_you_mean("zzzz", ["nash", "utilitarian"]) == ""


def test_numbers_too_large_for_a_float_are_not_finite_numbers():
    assert not is_finite_number(10**400) and is_finite_number(10**30)
    assert not is_finite_number(math.nan) and not is_finite_number("1")
    ((path, message),) = problems_of(BASE + f"    disagreement: {10**400}\n")
    assert path == "parties.b.disagreement" and "finite" in message


@pytest.mark.parametrize("field,dist", [
    ("weights: {land: {uniform: [0, 1e300]}, aid: 1}", "uniform"),
    ("weights: {land: 3, aid: 1}\n    disagreement: {normal: [0, 2e15]}", "normal"),
    ("weights: {land: 3, aid: 1}\n    bargaining_power: {triangular: [1, 2, 1e16]}", "triangular"),
    ("weights: {land: {beta: [1e300, 1e300]}, aid: 1}", "beta")])
def test_distribution_parameters_are_under_the_magnitude_rule(field, dist):
    ((path, message),) = problems_of(BASE.replace("weights: {land: 3, aid: 1}", field))
    assert path.startswith("parties.a.") and message.startswith(dist)
    assert "a parameter is too large: numbers in a scenario lie within +-1e+15" in message


def test_every_numeric_field_of_the_spec_has_a_range():
    for path in ("parties.x.weights.y", "parties.x.discount", "pressures.p.credibility",
                 "pressures.p.cost.s", "breakdown", "issues.i.range.0",
                 "parties.x.red_lines.0.i.at_most", "pressures.p.demand.i.below",
                 "parties.x.interactions.0.when.i.above", "games.g.payoffs.p.0.1"):
        assert bounds_of(path) is not None, path
    assert bounds_of("solve.resolution") is None and bounds_of("parties.x.strategy") is None


# --- collecting problems


def test_structural_and_semantic_problems_are_reported_together():
    text = BASE.replace("weights: {land: 1, aid: 1}", "weights: {land: 1, aid: 1}\n    veto: 1") \
        + "    red_lines: [{land: north}]\n    wieghts: {}\n"
    assert problems_of(text) == [
        ("parties.b.veto", "expected true or false, got 1"),
        ("parties.b.red_lines.0.land",
         "unknown option 'north' of issue 'land' (options: west, middle, east)"),
        ("parties.b.wieghts", "unknown key 'wieghts' (did you mean 'weights'?)"),
    ]


def test_a_missing_required_key_does_not_stop_the_other_checks():
    text = BASE.replace("    weights: {land: 1, aid: 1}\n", "") + "    strategy: hardball\n"
    assert [p for p, _ in problems_of(text)] == ["parties.b.weights", "parties.b.strategy"]


def test_one_mistake_is_said_once():
    # a misspelt 'weights' is not also a missing key, nor a party without weights
    assert problems_of(BASE.replace("weights: {land: 3", "wieghts: {land: 3")) == [
        ("parties.a.wieghts", "unknown key 'wieghts' (did you mean 'weights'?)")]
    # a broken issue is not also an unknown issue wherever it is used
    text = BASE.replace("aid: {range: [0, 10]}", "aid: {range: [10, 0]}")
    assert [p for p, _ in problems_of(text)] == ["issues.aid.range"]
    # a non-finite weight is not also "all weights are zero"
    assert [p for p, _ in problems_of(BASE.replace("land: 3, aid: 1", "land: .nan"))] == [
        "parties.a.weights.land"]
    # a misspelt 'issues' is not also every party's unknown issues
    assert [p for p, _ in problems_of(BASE.replace("issues:", "isues:"))] == ["isues"]


def test_a_party_that_is_not_a_mapping_is_still_a_known_name():
    text = BASE + "  c: 3\npressures:\n  p: {by: [c], target: a, demand: {land: west}}\n"
    assert problems_of(text) == [("parties.c", "expected a mapping, got 3")]


def test_problems_are_in_file_order():
    text = BASE.replace("land: 3, aid: 1", "land: -3, aid: 1") + "solve: {concepts: [nahs]}\n" \
        + "breakdown: 2\n"
    lines = [line for line in (p.line for p in _raise(text).problems)]
    assert lines == sorted(lines) and len(lines) == 3


def _raise(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as err:
        load_text(text)
    return err.value


def test_from_dict_reports_without_lines():
    with pytest.raises(ScenarioError) as err:
        from_dict({"name": "x", "issues": {"i": {"options": ["a"]}}, "parties": {}})
    assert [(p.path, p.line) for p in err.value.problems] == [
        ("parties", None)]


@pytest.mark.parametrize("key,message", [
    ("wieghts.land", "'wieghts' is not a field this note can refer to (did you mean 'weights'?)"),
    ("values.lnad", "unknown issue 'lnad' (did you mean 'land'?)"),
    ("red_lines.0", "there is no red line '0' (red lines are numbered from 0)"),
    ("interactions.2", "there is no interaction '2' (interactions are numbered from 0)"),
])
def test_provenance_notes_must_refer_to_something(key, message):
    assert problems_of(BASE + f"    provenance: {{{key}: a note}}\n") == [
        (f"parties.b.provenance.{key}", message)]
