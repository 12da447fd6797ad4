"""GENIUS import / export (issue 11): utilities, round trips, NegMAS, located errors.

The utilities are checked against a small evaluator written here straight from
the XML (stdlib ElementTree on the trusted test files), not against the
importer's own model.
"""

from __future__ import annotations

import importlib.util
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from sim.analysis import analyse
from sim.cli import main
from sim.document import parse_text
from sim.errors import ScenarioError
from sim.genius import import_files, import_folder, load_folder, to_yaml
from sim.genius.exporter import export_genius
from sim.scenario import build, from_dict
from sim.space import OutcomeSpace
from sim.utility import UtilityModel

from .conftest import unavailable

ANAC = ["EnglandZimbabwe", "ItexvsCypress", "Laptop"]


# --- an independent GENIUS evaluator -------------------------------------------------


def _clip(x: float) -> float:
    return min(1.0, max(0.0, x))


def _real_eval(ev: ET.Element, x: float) -> float:
    """GENIUS's EvaluatorReal, written from its definition."""
    p = {k: float(v) for k, v in ev.attrib.items() if k.startswith("parameter")}
    kind = ev.get("ftype")
    if kind == "linear":
        return _clip(p["parameter1"] * x + p["parameter0"])
    if kind == "constant":
        return p["parameter0"]
    low, high, top = p["parameter0"], p["parameter1"], p["parameter2"]
    height = p.get("parameter3", 1.0)
    if x < low or x > high:
        return 0.0
    return height * ((x - low) / (top - low) if x < top else 1 - (x - top) / (high - top))


def genius_utility(profile: Path):
    """u(outcome by GENIUS issue name) = sum_j w_j / sum w * e_j, as GENIUS computes e_j."""
    root = ET.parse(profile).getroot()
    objective = root.find("objective")
    weights = {int(w.get("index")): float(w.get("value")) for w in objective.findall("weight")}
    # GENIUS sums over the issues: a weight on the root objective (Fitness 2012) weighs none
    total = sum(weights[int(i.get("index"))] for i in objective.findall("issue"))
    parts = {}
    for issue in objective.findall("issue"):
        w = weights[int(issue.get("index"))] / total
        kind = issue.get("type")
        if kind == "discrete":
            table = {i.get("value"): float(i.get("evaluation")) for i in issue.findall("item")}
            top = max(table.values())
            parts[issue.get("name")] = (lambda v, t=table, m=top, w=w: w * t[v] / m)
        elif kind == "integer":
            ev, lb = issue.find("evaluator"), int(issue.get("lowerbound"))
            slope, offset = float(ev.get("slope")), float(ev.get("offset"))
            parts[issue.get("name")] = (lambda v, s=slope, o=offset, lb=lb, w=w:
                                        w * _clip(o + s * (int(v) - lb)))
        else:
            ev = issue.find("evaluator")
            parts[issue.get("name")] = (lambda v, ev=ev, w=w: w * _real_eval(ev, float(v)))
    return lambda outcome: sum(f(outcome[name]) for name, f in parts.items())


def check_utilities(scenario, profiles: dict[str, Path]) -> int:
    """Every enumerated outcome: negsim's utility == the XML's, for every party."""
    space = OutcomeSpace.of(scenario)
    cols = space.columns(0, space.size)
    u = UtilityModel.of(scenario)(cols)
    names = [i.label or i.name for i in scenario.issues]
    for k, party in enumerate(scenario.parties):
        f = genius_utility(profiles[party.label or party.name])
        for row in range(space.size):
            outcome = {}
            for name, issue, col in zip(names, scenario.issues, cols):
                x = col[row]
                outcome[name] = issue.options[int(x)] if issue.options is not None else x
            assert u[row, k] == pytest.approx(f(outcome), abs=1e-9)
    return space.size


# --- a synthetic domain with integer and real issues and three parties -----------------

SYN_DOMAIN = """<negotiation_template><utility_space number_of_issues="4">
<objective index="0" name="root" type="objective" etype="objective">
  <issue index="1" name="Colour" type="discrete"><item index="1" value="red"/>
    <item index="2" value="green"/><item index="3" value="blue"/></issue>
  <issue index="2" name="Units" type="integer" lowerbound="2" upperbound="12"/>
  <issue index="3" name="Price per unit" type="real"><range lowerbound="10" upperbound="20"/></issue>
  <issue index="4" name="Delivery" type="real"><range lowerbound="0" upperbound="30"/></issue>
</objective></utility_space></negotiation_template>
"""


def _profile(colour: str, units: str, price: str, delivery: str, weights: str, extra: str = "") -> str:
    items = "".join(f'<item value="{v}" evaluation="{e}"/>'
                    for v, e in zip(["red", "green", "blue"], colour.split()))
    ws = "".join(f'<weight index="{k}" value="{w}"/>' for k, w in enumerate(weights.split(), 1))
    return f"""<utility_space><objective index="0" name="root">
  <issue index="1" name="Colour" type="discrete">{items}</issue>
  <issue index="2" name="Units" type="integer" lowerbound="2" upperbound="12">
    <evaluator ftype="linear" {units}/></issue>
  <issue index="3" name="Price per unit" type="real"><range lowerbound="10" upperbound="20"/>
    <evaluator {price}/></issue>
  <issue index="4" name="Delivery" type="real"><range lowerbound="0" upperbound="30"/>
    <evaluator {delivery}/></issue>
  {ws}</objective>{extra}</utility_space>
"""


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    folder = tmp_path / "syn"
    folder.mkdir()
    (folder / "Syn_domain.xml").write_text(SYN_DOMAIN)
    (folder / "buyer.xml").write_text(_profile(
        "2 4 1", 'slope="0.15" offset="-0.2"', 'ftype="linear" parameter0="2" parameter1="-0.1"',
        'ftype="triangular" parameter0="-5" parameter1="25" parameter2="10"', "2 3 4 1",
        '<reservation value="0.2"/><discount_factor value="0.9"/>'))
    (folder / "seller.xml").write_text(_profile(
        "5 1 3", 'slope="0.05" offset="0.3"', 'ftype="linear" parameter0="-1" parameter1="0.1"',
        'ftype="triangular_variable_top" parameter0="0" parameter1="40" parameter2="20" '
        'parameter3="0.8"', "0.25 0.25 0.25 0.25", '<reservation value="0.1"/>'))
    (folder / "Broker Inc.xml").write_text(_profile(
        "1 1 1", 'slope="0.1" offset="0"', 'ftype="constant" parameter0="0.5"',
        'ftype="linear" parameter0="1" parameter1="-0.0333333333333333"', "0.1 0.6 0.1 0.2"))
    return folder


def _profiles(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in folder.glob("*.xml") if "domain" not in p.stem}


def _small(document: dict) -> dict:
    return {**document, "solve": {"resolution": 7}}


# --- import ------------------------------------------------------------------------------


@pytest.mark.parametrize("domain", ANAC)
def test_anac_utility_of_every_outcome_matches_the_xml(shared: Path, domain: str) -> None:
    folder = shared / "genius" / domain
    scenario, _ = load_folder(folder)
    assert check_utilities(scenario, _profiles(folder)) >= 27
    assert [p.disagreement for p in scenario.parties] == [0.0, 0.0]
    expected = 0.42441038 if domain == "Laptop" else 1.0
    assert [p.discount for p in scenario.parties] == [expected, expected]


def anac_domains(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "genius" / "anac").glob("y*/*") if p.is_dir())


def test_every_anac_domain_imports_and_solves(shared: Path) -> None:
    """The 94 ANAC 2010-2013 domains of ../shared/genius/anac (about 3 s in all): each
    imports, and Nash exists exactly when the ZOPA does; a failure names each domain."""
    failed, solved = [], 0
    for folder in anac_domains(shared):
        try:
            result = analyse(load_folder(folder)[0]).result
        except ScenarioError as exc:
            failed.append(f"{folder.name}: {exc.lines()[0]}")
            continue
        assert (result.solutions["nash"] is not None) == (result.zopa_size > 0), folder
        solved += result.zopa_size > 0
    assert failed == [] and len(anac_domains(shared)) == 94
    assert solved >= 90


@pytest.mark.parametrize("domain", ["FitnessA", "FitnessB", "FitnessC"])
def test_a_weight_on_the_root_objective_is_ignored_as_genius_does(shared: Path,
                                                                  domain: str) -> None:
    folder = shared / "genius" / "anac" / "y2012" / domain
    imported = import_folder(folder)
    assert [w.split(": ", 2)[-1] for w in imported.warnings] == [
        "a weight on the root objective (index 1) weighs no issue; ignored, as GENIUS does"] * 2
    assert check_utilities(from_dict(imported.document), _profiles(folder)) == 3520


def test_labels_keep_the_original_names(shared: Path) -> None:
    doc = import_folder(shared / "genius" / "EnglandZimbabwe").document
    assert doc["name"] == "EnglandZimbabwe"
    assert doc["issues"]["size_of_fund"]["label"] == "Size of Fund"
    assert doc["issues"]["size_of_fund"]["options"][0] == "$100 Billion"
    assert list(doc["parties"]) == ["England", "Zimbabwe"]
    assert doc["parties"]["England"]["values"]["size_of_fund"]["$10 billion"] == 1.0


def test_weights_not_summing_to_one_are_normalised_with_a_warning(shared: Path) -> None:
    imported = import_folder(shared / "genius" / "Laptop")
    weights = imported.document["parties"]["laptop_buyer_utility"]["weights"]
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-11)
    assert len(imported.warnings) == 2
    assert "laptop_buyer_utility.xml" in imported.warnings[0]
    assert "sum to 1.0000518" in imported.warnings[0]
    assert "weights sum to 1.0000518" in to_yaml(imported)  # and noted in the file


def test_integer_and_real_issues_and_three_parties(synthetic: Path) -> None:
    imported = import_folder(synthetic)
    doc = imported.document
    assert doc["issues"]["Units"]["options"] == [str(v) for v in range(2, 13)]
    assert doc["issues"]["price_per_unit"] == {"label": "Price per unit", "range": [10, 20]}
    assert list(doc["parties"]) == ["broker_inc", "buyer", "seller"]
    assert doc["parties"]["broker_inc"]["label"] == "Broker Inc"
    assert doc["parties"]["buyer"]["values"]["price_per_unit"] == "decreasing"
    assert doc["parties"]["buyer"]["discount"] == 0.9
    assert doc["parties"]["seller"]["disagreement"] == 0.1
    scenario = from_dict(_small(doc))
    assert check_utilities(scenario, _profiles(synthetic)) == 3 * 11 * 7 * 7
    result = analyse(scenario).result
    assert len(result.disagreement) == 3 and result.solutions["nash"] is not None


def test_yaml_text_reads_back_as_the_same_document(shared: Path, synthetic: Path) -> None:
    for folder in (shared / "genius" / "ItexvsCypress", synthetic):
        imported = import_folder(folder)
        doc = parse_text(to_yaml(imported), "imported.yaml")
        assert doc.data == imported.document
        build(doc)  # a valid scenario


# --- export ------------------------------------------------------------------------------


@pytest.mark.parametrize("domain", [*ANAC, "synthetic"])
def test_import_export_import_is_the_identity(shared: Path, synthetic: Path, tmp_path: Path,
                                              domain: str) -> None:
    folder = synthetic if domain == "synthetic" else shared / "genius" / domain
    first = import_folder(folder).document
    exported = export_genius(from_dict(first), tmp_path / "out")
    assert exported.dropped == []
    assert len(exported.files) == len(first["parties"]) + 1
    assert import_folder(tmp_path / "out").document == first


SCENARIO = {
    "name": "Talks: round 2",
    "issues": {"land": {"options": ["none", "half", "all"], "label": "Land"},
               "money": {"range": [0, 10]}},
    "parties": {
        "north": {"weights": {"land": 1, "money": 1},
                  "values": {"land": {"none": 0, "half": 0.25, "all": 0.5},
                             "money": {"power": 2}},
                  "red_lines": [{"land": "none"}], "bargaining_power": 2,
                  "disagreement": 0.1},
        "south": {"weights": {"land": 2, "money": 1},
                  "values": {"land": {"ranking": ["none", "half", "all"]}, "money": "decreasing"},
                  "interactions": [{"when": {"land": "all"}, "bonus": -0.1}]},
        "patron": {"veto": False, "weights": {"money": 1}, "values": {"money": "increasing"}},
    },
    "pressures": {"push": {"by": ["patron"], "target": "north", "demand": {"land": "half"},
                           "penalty": 0.1}},
}


def test_export_lists_what_genius_cannot_express(tmp_path: Path) -> None:
    exported = export_genius(from_dict(SCENARIO), tmp_path)
    dropped = "\n".join(exported.dropped)
    for expected in ("pressures.push", "parties.north.red_lines", "parties.south.interactions",
                     "parties.north.bargaining_power", "parties.patron: non-veto",
                     "parties.north.values.money: shape not expressible",
                     "parties.north.values: GENIUS scales"):
        assert expected in dropped
    assert {p.name for p in exported.files} == {"north.xml", "south.xml",
                                                "Talks_ round 2_domain.xml"}
    back = from_dict(import_folder(tmp_path).document)
    assert [p.name for p in back.parties] == ["north", "south"]
    # north's land values peak at 0.5: weight 0.5 * 0.5 carried, rescaled with d
    north = back.party("north")
    assert north.disagreement == pytest.approx(0.1 / 0.75)
    assert north.weights == pytest.approx((0.25 / 0.75, 0.5 / 0.75))


def test_export_keeps_the_nash_point_when_peaks_are_rescaled(tmp_path: Path) -> None:
    plain = {k: v for k, v in SCENARIO.items() if k != "pressures"}
    plain["parties"] = {k: {f: x for f, x in p.items() if f not in ("red_lines", "interactions",
                                                                      "bargaining_power")}
                        for k, p in SCENARIO["parties"].items() if k != "patron"}
    plain["parties"]["north"]["values"]["money"] = "increasing"
    export_genius(from_dict(plain), tmp_path)
    before = analyse(from_dict(plain)).result.solutions["nash"]
    after = analyse(from_dict(import_folder(tmp_path).document)).result.solutions["nash"]
    assert before.point == pytest.approx(after.point, abs=1e-3)


# --- NegMAS cross-check -----------------------------------------------------------------


@pytest.mark.parametrize("domain", ANAC)
def test_pareto_frontier_and_nash_agree_with_negmas(shared: Path, domain: str) -> None:
    if importlib.util.find_spec("negmas") is None:
        unavailable("negmas is not installed (the bench extra: pip install -e '.[bench]'; .ci/run installs it)")
    from negmas.inout import load_genius_domain_from_folder
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import nash_points, pareto_frontier
    from negmas.preferences.value_fun import TableFun

    folder = shared / "genius" / domain
    loaded = load_genius_domain_from_folder(str(folder))
    ufuns = []
    for u in loaded.ufuns:  # GENIUS semantics: evaluations / issue max, weights / their sum
        inner = getattr(u, "ufun", u)
        total = sum(inner.weights)
        values = [TableFun({k: v / max(t.mapping.values()) for k, v in t.mapping.items()})
                  for t in inner.values]
        ufuns.append(LinearAdditiveUtilityFunction(values=values,
                                                   weights=[w / total for w in inner.weights],
                                                   outcome_space=loaded.outcome_space,
                                                   reserved_value=0.0))
    front, _ = pareto_frontier(ufuns, issues=loaded.outcome_space.issues)
    scenario, _ = load_folder(folder)
    theirs_names = [u.name for u in loaded.ufuns]  # the profiles' file stems
    order = [theirs_names.index(p.label or p.name) for p in scenario.parties]
    theirs = {tuple(np.round(np.asarray(p)[order], 9)) for p in front}
    result = analyse(scenario).result
    assert {tuple(p) for p in np.round(result.frontier, 9)} == theirs
    (nash, _), *_ = nash_points(ufuns, front, outcome_space=loaded.outcome_space)
    assert result.solutions["nash"].utilities == pytest.approx(np.asarray(nash)[order], abs=1e-9)


# --- errors ------------------------------------------------------------------------------


def _copy(shared: Path, domain: str, tmp_path: Path) -> Path:
    target = tmp_path / domain
    shutil.copytree(shared / "genius" / domain, target)
    for f in target.iterdir():
        f.chmod(0o644)
    return target


def _errors(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_malformed_xml_is_a_located_error(shared: Path, tmp_path: Path, capsys) -> None:
    folder = _copy(shared, "Laptop", tmp_path)
    bad = folder / "laptop_seller_utility.xml"
    bad.write_text(bad.read_text().replace("</issue>", "</isue>", 1))
    err = _errors(capsys, ["run", str(folder)])
    assert f"{bad}:" in err and "not well-formed XML" in err and "mismatched tag" in err


def test_a_profile_for_another_domain_is_refused(shared: Path, capsys) -> None:
    g = shared / "genius"
    err = _errors(capsys, ["import", "genius", str(g / "EnglandZimbabwe/EnglandZimbabwe_domain.xml"),
                           str(g / "Laptop/laptop_buyer_utility.xml"), str(g / "EnglandZimbabwe/England.xml")])
    assert ("laptop_buyer_utility.xml:4: utility_space/objective/issue[@name=Laptop]: issue 'Laptop' "
            "is not in the domain EnglandZimbabwe_domain.xml: is this a profile for another domain?"
            in err)
    assert err.count("\n") == 3  # one line per foreign issue, nothing consequential


def test_an_unknown_value_is_located_by_element_path_and_line(shared: Path, tmp_path: Path,
                                                              capsys) -> None:
    folder = _copy(shared, "Laptop", tmp_path)
    bad = folder / "laptop_buyer_utility.xml"
    bad.write_text(bad.read_text().replace('value="HP"', 'value="Lenovo"'))
    with pytest.raises(ScenarioError) as info:
        import_folder(folder)
    line = next(k for k, t in enumerate(bad.read_text().splitlines(), 1) if "Lenovo" in t)
    expected = (f"{bad}:{line}: utility_space/objective/issue[@name=Laptop]/item[@value=Lenovo]: "
                "unknown value 'Lenovo': the domain's issue 'Laptop' has 'Dell', 'Macintosh', 'HP'")
    assert info.value.lines() == [expected]
    err = _errors(capsys, ["import", "genius", str(folder / "laptop_domain.xml"), str(bad),
                           str(folder / "laptop_seller_utility.xml")])
    assert "item[@value=Lenovo]" in err


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<negotiation_template><utility_space><objective name="root">
<issue name="x" type="discrete"><item value="&lol9;"/></issue>
</objective></utility_space></negotiation_template>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<negotiation_template><utility_space><objective name="root">
<issue name="x" type="discrete"><item value="&secret;"/></issue>
</objective></utility_space></negotiation_template>
"""


@pytest.mark.parametrize("text", [BILLION_LAUGHS, XXE], ids=["billion-laughs", "xxe"])
def test_entity_expansion_and_external_entities_are_refused(shared: Path, tmp_path: Path,
                                                            capsys, text: str) -> None:
    domain = tmp_path / "bomb_domain.xml"
    domain.write_text(text)
    g = shared / "genius" / "Laptop"
    err = _errors(capsys, ["import", "genius", str(domain), str(g / "laptop_buyer_utility.xml"),
                           str(g / "laptop_seller_utility.xml")])
    assert f"{domain}: (document): refused unsafe XML" in err
    assert "root:" not in err and "lollol" not in err


def test_a_profile_given_as_the_domain_is_refused(shared: Path, capsys) -> None:
    g = shared / "genius" / "Laptop"
    err = _errors(capsys, ["import", "genius", str(g / "laptop_buyer_utility.xml"),
                           str(g / "laptop_seller_utility.xml"), str(g / "laptop_domain.xml")])
    assert "laptop_buyer_utility.xml:1: utility_space: this is a profile" in err


def test_a_folder_without_a_domain_is_a_bad_input(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.xml").write_text("<utility_space><objective/><reservation value='0'/></utility_space>")
    err = _errors(capsys, ["run", str(tmp_path)])
    assert "one domain file and at least two profile files" in err


def test_errors_of_several_files_are_all_reported(shared: Path, tmp_path: Path, capsys) -> None:
    folder = _copy(shared, "Laptop", tmp_path)
    for name in ("laptop_buyer_utility.xml", "laptop_seller_utility.xml"):
        path = folder / name
        path.write_text(path.read_text().replace('evaluation="12"', 'evaluation="twelve"'))
    err = _errors(capsys, ["run", str(folder)])
    assert err.count("'twelve' is not a number") == 2
    assert "item[@value=Dell]/@evaluation" in err


# --- the command line ---------------------------------------------------------------------


def test_cli_import_export_and_run_a_folder(shared: Path, tmp_path: Path, capsys) -> None:
    g = shared / "genius" / "ItexvsCypress"
    files = [str(g / n) for n in ("ItexvsCypress_domain.xml", "ItexvsCypress_Cypress.xml",
                                  "ItexvsCypress_Itex.xml")]
    assert main(["import", "genius", *files]) == 0
    text = capsys.readouterr().out
    assert text.startswith("# Imported by negsim from GENIUS: ItexvsCypress_domain.xml")
    out = tmp_path / "itex.yaml"
    assert main(["import", "genius", *files, "-o", str(out)]) == 0
    assert out.read_text() == text
    assert main(["export", "genius", str(out), "-o", str(tmp_path / "back")]) == 0
    assert "written:" in capsys.readouterr().out
    assert main(["run", str(out), "--json"]) == 0
    from_yaml = capsys.readouterr().out
    assert main(["run", str(g), "--json"]) == 0
    assert capsys.readouterr().out == from_yaml
    assert import_files(files[0], files[1:]).document == import_folder(tmp_path / "back").document


def test_cli_export_prints_the_dropped_list_on_stderr(tmp_path: Path, capsys) -> None:
    import json

    path = tmp_path / "talks.yaml"
    path.write_text(json.dumps(SCENARIO))  # JSON is YAML
    assert main(["export", "genius", str(path), "-o", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "dropped or approximated" in captured.err and "pressures.push" in captured.err
    assert "pressures" not in captured.out


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    ('<discount_factor value="0.9"/>', '<discount_factor value="1.5"/>',
     "utility_space/discount_factor/@value", "a discount factor is in [0, 1], got 1.5"),
    ('ftype="linear" parameter0="2"', 'ftype="faratin" parameter0="2"',
     "issue[@name=Price per unit]/evaluator/@ftype", "unsupported evaluator ftype 'faratin'"),
    ('parameter0="-5" parameter1="25" parameter2="10"', 'parameter0="10" parameter1="25" parameter2="10"',
     "issue[@name=Delivery]/evaluator", "jumps between 0 and its top at x = 10"),
    ('lowerbound="2" upperbound="12">', 'lowerbound="0" upperbound="12">',
     "issue[@name=Units]", "range [0, 12] differs from the domain's [2, 12]"),
    ('<weight index="2" value="3"/>', '<weight index="2" value="-3"/>',
     "weight[@index=2]/@value", "weight -3 must be >= 0"),
    ('<weight index="2" value="3"/>', "", "utility_space/objective", "no <weight> for issue(s) 'Units'"),
    ('<weight index="2" value="3"/>', '<weight index="2" value="1e308"/>',
     "weight[@index=2]/@value", "'1e308' is too large"),
    ('<item value="red" evaluation="2"/>', '<item value="red" evaluation="-2e15"/>',
     "item[@value=red]/@evaluation", "'-2e15' is too large"),
    ('<issue index="1" name="Colour"', '<objective name="sub"/><issue index="1" name="Colour"',
     "utility_space/objective/objective", "nested objectives are not supported"),
])
def test_profile_defects_are_located(synthetic: Path, old: str, new: str, where: str,
                                     message: str) -> None:
    path = synthetic / "buyer.xml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    with pytest.raises(ScenarioError) as info:
        import_folder(synthetic)
    lines = info.value.lines()
    assert any(line.startswith(f"{path}:") and where in line and message in line for line in lines), lines


def test_huge_integer_issues_become_ranges(tmp_path: Path) -> None:
    (tmp_path / "big_domain.xml").write_text(
        '<negotiation_template><utility_space><objective name="root">'
        '<issue index="1" name="n" type="integer" lowerbound="0" upperbound="20000"/>'
        '</objective></utility_space></negotiation_template>')
    for name, slope, offset in (("up", "0.00005", "0"), ("down", "-0.0001", "2")):
        (tmp_path / f"{name}.xml").write_text(
            f'<utility_space><objective name="root"><issue index="1" name="n" type="integer">'
            f'<evaluator ftype="linear" slope="{slope}" offset="{offset}"/></issue>'
            f'<weight index="1" value="1"/></objective></utility_space>')
    imported = import_folder(tmp_path)
    assert imported.document["issues"]["n"] == {"range": [0, 20000]}
    assert imported.document["parties"]["up"]["values"]["n"] == "increasing"
    assert imported.document["parties"]["down"]["values"]["n"] == {
        "points": [[10000.0, 1.0], [20000.0, 0.0]]}
    assert "20,001 integer values" in imported.warnings[0]
