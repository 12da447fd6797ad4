"""Direct tests of the structural check of a scenario document (sim.schema).

SPEC section 2, 'Errors': one message per problem, naming the dotted path and
what is wrong; a misspelt key is an error, never a silent default; a quoted
number is a string. ``check_structure`` must report every defect of a document
at once, each at the path where it is, and nothing about the valid rest.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from sim.schema import check_structure

from .test_unit_pressure import CAKE

#: Mappings of CAKE that a model owns (so a stray key there is an unknown key).
MAPPINGS = [(), ("issues", "share"), ("parties", "alice"), ("parties", "carol"),
            ("pressures", "deadline"), ("solve",)]
#: Typed fields and a value of the wrong type for each, with the words of the message.
TYPED = [(("parties", "bob", "bargaining_power"), "strong", "expected a number"),
         (("parties", "alice", "veto"), "yes", "write true or false"),
         (("pressures", "deadline", "penalty"), "0.5", "write it without quotes"),
         (("pressures", "deadline", "at_round"), 1.5, "no fractional part"),
         (("solve", "resolution"), "many", "expected"),
         (("name",), 7, "quote it")]


def _at(doc: dict, path: tuple) -> Any:
    for key in path:
        doc = doc.setdefault(key, {}) if key == "solve" else doc[key]
    return doc


def _problems(doc: dict) -> list[tuple[tuple, str]]:
    return [(tuple(loc), message) for loc, message in check_structure(doc).problems]


def test_a_valid_document_has_no_problem():
    out = check_structure(copy.deepcopy(CAKE))
    assert out.problems == [] and out.model is not None


@given(st.lists(st.sampled_from(MAPPINGS), min_size=1, max_size=4, unique=True),
       st.lists(st.sampled_from(TYPED), max_size=3, unique_by=lambda t: t[0]))
def test_every_defect_is_reported_at_its_path(stray, wrong):
    doc = copy.deepcopy(CAKE)
    for path in stray:
        _at(doc, path)["zzz_stray"] = 1
    for path, value, _ in wrong:
        _at(doc, path[:-1])[path[-1]] = value
    got = _problems(doc)
    expected = {(*path, "zzz_stray") for path in stray} | {path for path, _, _ in wrong}
    assert {loc for loc, _ in got} == expected
    assert len(got) == len(expected)  # one message per problem
    messages = dict(got)
    for path in stray:
        assert messages[(*path, "zzz_stray")].startswith("unknown key 'zzz_stray'")
    for path, _, words in wrong:
        assert words in messages[path], messages[path]


def test_a_misspelt_key_names_the_right_one_once():
    doc = copy.deepcopy(CAKE)
    doc["parties"]["alice"]["wieghts"] = doc["parties"]["alice"].pop("weights")
    assert _problems(doc) == [(("parties", "alice", "wieghts"),
                               "unknown key 'wieghts' (did you mean 'weights'?)")]


def test_a_missing_required_key_is_located():
    doc = copy.deepcopy(CAKE)
    del doc["pressures"]["deadline"]["target"]
    assert _problems(doc) == [(("pressures", "deadline", "target"), "required key is missing")]
