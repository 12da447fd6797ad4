"""Issue 3, item 6: valid scenarios mutated at random never crash ``negsim run``.

Hypothesis takes a valid scenario (the shared conformance cases, and the seeds
below with continuous issues, war lotteries, pressures with ``auto``, games,
distributions and every optional key), damages it (drops a key, retypes a
value to a string, list, mapping, null, boolean, huge number or NaN, misspells
a key or makes it a number, nests a key one level deeper, duplicates a list
item, swaps two items; or, on the text, deletes or indents a line) and runs
``negsim run FILE --json`` in-process. The only allowed ends are a JSON report on stdout (exit 0) or
located messages on stderr (exit 2): never exit 1, never an exception.
"""

from __future__ import annotations

import copy
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from sim.cli import main

from .conftest import SHARED
from .test_bad_input import located

SEEDS: dict[str, str] = {
    "continuous": """
name: continuous shapes
issues:
  share: {range: [0, 10], unit: billions}
  pace: {range: [0, 1]}
  border: {options: [west, middle, east]}
parties:
  a:
    weights: {share: 3, pace: 1, border: 1}
    values:
      share: increasing
      pace: {power: 2, direction: decreasing}
      border: {ranking: [west, middle, east]}
    red_lines: [{share: {below: 2}}]
    interactions:
      - when: {pace: {at_least: 0.5}, border: [west, middle]}
        bonus: -0.05
  b:
    weights: {share: 2, pace: 2, border: 1}
    values:
      share: {points: [[0, 1], [5, 0.6], [10, 0]]}
      pace: {ideal: 0.3}
      border: {west: 0, middle: 0.5, east: 1}
    disagreement: 0.2
solve: {resolution: 6, concepts: [nash, kalai_smorodinsky]}
""",
    "war_lottery": """
name: war lottery with pressures
issues:
  land: {options: [none, some, all]}
  relief: {range: [0, 1]}
parties:
  russia:
    weights: {land: 3, relief: 1}
    values: {land: {ranking: [all, some, none]}, relief: increasing}
    disagreement:
      lottery:
        - {probability: 0.6, outcome: {land: some, relief: 0}}
        - {probability: 0.4, outcome: {land: none, relief: 0.5}}
      cost: 0.05
  ukraine:
    weights: {land: 3, relief: 1}
    values: {land: {ranking: [none, some, all]}, relief: decreasing}
    disagreement: {uniform: [0.1, 0.3]}
  us:
    veto: false
    weights: {relief: 1}
    values: {relief: decreasing}
pressures:
  sanctions:
    by: [us]
    target: russia
    demand: {land: [none, some]}
    penalty: 0.2
    cost: {us: 0.02}
    credibility: auto
    backing_down_cost: {us: 0.05}
    reward: 0.01
    at_round: 2
solve: {resolution: 5, lotteries: true}
""",
    "everything": """
name: every optional key
description: a seed that writes every key of SPEC section 2
sources: ["a source"]
issues:
  nato:
    options: [membership, neutral]
    label: NATO
    description: alliance
    source: "a quote"
  aid: {range: [0, 1], unit: share}
parties:
  kyiv:
    label: Kyiv
    description: one side
    weights: {nato: {triangular: [1, 2, 3]}, aid: 1}
    values: {nato: {membership: 1, neutral: 0.2}, aid: increasing}
    bargaining_power: {beta: [2, 2]}
    discount: 0.9
    strategy: boulware
    source: "a quote"
    provenance: {weights.nato: "a quote", bargaining_power: "an assumption"}
  moscow:
    weights: {nato: 2, aid: 1}
    values: {nato: {ranking: [neutral, membership]}, aid: decreasing}
    disagreement: {normal: [0.2, 0.05]}
    red_lines: [{nato: membership, aid: {above: 0.9}}]
    discount: 0.95
    strategy: tit_for_tat
pressures:
  ultimatum:
    by: moscow
    target: kyiv
    demand: {nato: neutral}
    penalty: 0.1
    credibility: 0.5
    label: the ultimatum
    source: "a quote"
    provenance: {penalty: "a quote"}
  ceasefire_first:
    by: [moscow]
    target: kyiv
    applies_to: impasse
    penalty: 0.05
    compliance_cost: 0.02
observed:
  - {defied: ultimatum}
  - {complied: ceasefire_first}
  - {rejected: {party: moscow, outcome: {nato: membership, aid: 0.5}}}
  - {no_agreement: true}
games:
  ceasefire:
    players: [kyiv, moscow]
    strategies: {kyiv: [hold, violate], moscow: [hold, violate]}
    payoffs:
      kyiv: [[3, 0], [5, 1]]
      moscow: [[3, 5], [0, 1]]
    source: "a quote"
breakdown: 0.05
solve: {resolution: 4, max_outcomes: 1e6}
""",
}

_yaml = YAML(typ="safe", pure=True)
_yaml.default_flow_style = None


def _load(text: str) -> Any:
    return _yaml.load(io.StringIO(text))


def _dump(data: Any) -> str:
    buf = io.StringIO()
    _yaml.dump(data, buf)
    return buf.getvalue()


def seed_documents() -> dict[str, Any]:
    docs = {name: _load(text) for name, text in SEEDS.items()}
    for case in sorted((SHARED / "conformance").glob("case*.yaml")):
        docs[case.stem] = _load(case.read_text())
    return docs


DOCS = seed_documents()
#: What a retyped value may become.
RETYPED = ["0.5", "", "nash", "auto", "increasing", [], [1, 2], {}, {"x": 1}, None, True, False,
           0, 1, 2, -1, 1e-12, 1e308, -1e308, 10**30, 10**400, math.nan, math.inf,
           {"uniform": [0, 1]}, {"normal": [0, -1]}]


def paths_of(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value below ``node`` (mapping keys and list indices)."""
    out = []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) \
        else ()
    for key, value in items:
        out.append(path + (key,))
        out += paths_of(value, path + (key,))
    return out


def parent(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


def misspell(word: str, data: st.DataObject) -> str:
    if not word:
        return "x"
    i = data.draw(st.integers(0, len(word) - 1))
    how = data.draw(st.sampled_from(["drop", "double", "swap", "change"]))
    if how == "drop" and len(word) > 1:
        return word[:i] + word[i + 1:]
    if how == "swap" and i + 1 < len(word):
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if how == "change":
        return word[:i] + ("z" if word[i] != "z" else "q") + word[i + 1:]
    return word[:i] + word[i] + word[i:]


def mutate(doc: Any, data: st.DataObject) -> None:
    """Apply one random mutation to ``doc`` in place."""
    paths = paths_of(doc)
    if not paths:
        return
    path = data.draw(st.sampled_from(paths))
    holder, key = parent(doc, path), path[-1]
    kind = data.draw(st.sampled_from(["drop", "retype", "misspell", "nest", "duplicate", "swap"]))
    if kind == "drop":
        del holder[key]
    elif kind == "retype":
        holder[key] = copy.deepcopy(data.draw(st.sampled_from(RETYPED)))
    elif kind == "misspell" and isinstance(holder, dict):
        new = misspell(str(key), data) if data.draw(st.booleans()) else len(str(key))
        holder[new] = holder.pop(key)
    elif kind == "nest":
        if isinstance(holder, dict) and data.draw(st.booleans()):
            siblings = [k for k in holder if k != key and isinstance(holder[k], dict)]
            if siblings:
                holder[data.draw(st.sampled_from(siblings))][key] = holder.pop(key)
                return
        holder[key] = {key: holder[key]} if isinstance(key, str) else [holder[key]]
    elif kind == "duplicate" and isinstance(holder, list):
        holder.insert(key, holder[key])
    elif kind == "swap":
        keys = list(holder) if isinstance(holder, dict) else list(range(len(holder)))
        other = data.draw(st.sampled_from(keys))
        holder[key], holder[other] = holder[other], holder[key]
    else:
        holder[key] = copy.deepcopy(data.draw(st.sampled_from(RETYPED)))


def strict_json(text: str) -> Any:
    """JSON with no NaN or Infinity (which are not JSON)."""
    def refuse(name: str) -> Any:
        raise ValueError(f"{name} in the report")
    return json.loads(text, parse_constant=refuse)


def check_run(path: Path, capsys: pytest.CaptureFixture[str]) -> int:
    """``negsim run PATH --json``: a report (0) or located messages (2), nothing else."""
    status = main(["run", str(path), "--json"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert status in (0, 2), err
    if status == 0:
        report = strict_json(out)
        assert {"scenario", "veto_parties", "outcome_space", "zopa", "solutions"} <= set(report)
    else:
        assert out == ""
        assert located(err, str(path)), "exit 2 without a message"
    return status


def test_the_conformance_cases_are_among_the_seeds(shared):
    """Without ../shared the seeds are the inline ones only: this says so as a skip."""
    assert sorted(name for name in DOCS if name.startswith("case")) == \
        sorted(case.stem for case in (shared / "conformance").glob("case*.yaml"))


def test_every_seed_is_valid_and_runs(tmp_path, capsys):
    for name, doc in DOCS.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(_dump(doc))
        assert check_run(path, capsys) == 0, name


SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                          HealthCheck.too_slow])


@SETTINGS
@given(name=st.sampled_from(sorted(DOCS)), data=st.data())
def test_mutated_scenarios_give_a_report_or_located_messages(tmp_path, capsys, name, data):
    doc = json.loads(json.dumps(DOCS[name]))
    for _ in range(data.draw(st.integers(1, 3))):
        mutate(doc, data)
    path = tmp_path / "mutant.yaml"
    path.write_text(_dump(doc))
    check_run(path, capsys)


@SETTINGS
@given(name=st.sampled_from(sorted(SEEDS)), data=st.data())
def test_damaged_text_gives_a_report_or_located_messages(tmp_path, capsys, name, data):
    lines = SEEDS[name].strip().splitlines()
    for _ in range(data.draw(st.integers(1, 2))):
        i = data.draw(st.integers(0, len(lines) - 1))
        how = data.draw(st.sampled_from(["delete", "indent", "dedent", "repeat", "cut"]))
        if how == "delete":
            del lines[i]
        elif how == "indent":
            lines[i] = "  " + lines[i]
        elif how == "dedent":
            lines[i] = lines[i][2:]
        elif how == "repeat":
            lines.insert(i, lines[i])
        else:
            lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
        if not lines:
            break
    path = tmp_path / "damaged.yaml"
    path.write_text("\n".join(lines) + "\n")
    check_run(path, capsys)
