"""The terminal report (``negsim run`` without ``--json``): what a reader sees.

The JSON report is pinned by the conformance cases; these tests pin the text
that only the terminal shows: continuous values to the precision the model
determines them (SPEC section 3: 1e-3) with their unit, and the with/without
block of a pressure when solutions are lotteries.
"""

from __future__ import annotations

import json
import re

import pytest

from sim import analyse, from_dict, to_json, to_text
from sim.report import value_text
from sim.scenario import Issue


def _lottery_with_pressure() -> dict:
    opts = ["o0", "o1", "o2"]
    return {"name": "hull", "issues": {"x": {"options": opts}},
            "parties": {"p": {"weights": {"x": 1}, "values": {"x": dict(zip(opts, [1, 0, 0.4]))}},
                        "q": {"weights": {"x": 1}, "values": {"x": dict(zip(opts, [0, 1, 0.4]))}}},
            "pressures": {"push": {"by": ["q"], "target": "p", "demand": {"x": "o1"},
                                   "penalty": 0.3}},
            "solve": {"lotteries": True, "concepts": ["nash"]}}


def _block(text: str, heading: str) -> list[str]:
    lines = text.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith(heading))
    end = next((k for k in range(start + 1, len(lines)) if not lines[k].startswith(" ")),
               len(lines))
    return lines[start + 1:end]


def test_the_pressure_block_shows_the_lottery_without_the_pressure():
    analysis = analyse(from_dict(_lottery_with_pressure()))
    report = to_json(analysis)
    with_, without = (report["solutions"]["nash"],
                      report["pressures"]["push"]["without"]["solutions"]["nash"])
    assert with_["lottery"] != without["lottery"]  # the pressure moves the lottery
    block = _block(to_text(analysis), "Pressure push")
    k_with, k_without = block.index("    with it:"), block.index("    without it:")
    shown = [[float(m) for line in part for m in re.findall(r"with probability ([\d.]+)", line)]
             for part in (block[k_with:k_without], block[k_without:])]
    assert shown == [[float(f"{e['probability']:.4g}") for e in with_["lottery"]],
                     [float(f"{e['probability']:.4g}") for e in without["lottery"]]]
    assert block[k_without - 1] == "      utilities: " + ", ".join(
        f"{p} {v:.4g}" for p, v in with_["utilities"].items())
    assert block[-1] == "      utilities: " + ", ".join(
        f"{p} {v:.4g}" for p, v in without["utilities"].items())


@pytest.mark.parametrize("lo,hi,unit,value,text", [
    (0, 25, "percent", 11.081728746, "11.08 percent"),
    (0, 1, None, 0.425000001, "0.425"),
    (0, 100, "km", 37.5, "37.5 km"),
    (0, 1e6, "dollars", 123456.789, "123457 dollars"),
    (-1, 1, None, -0.0000001, "0.000"),
    (0, 2e-6, None, 1.2345e-6, "0.000001234"),
])
def test_continuous_values_are_printed_to_the_model_precision_with_their_unit(
        lo, hi, unit, value, text):
    assert value_text(Issue("i", lo=lo, hi=hi, unit=unit), value) == text


def test_the_run_report_prints_a_continuous_value_with_its_unit():
    doc = {"name": "tariff", "issues": {"tariff": {"range": [0, 25], "unit": "percent"}},
           "parties": {"a": {"weights": {"tariff": 1}, "values": {"tariff": "increasing"},
                             "disagreement": 0.1},
                       "b": {"weights": {"tariff": 1}, "values": {"tariff": {"power": 2,
                             "direction": "decreasing"}}}}}
    analysis = analyse(from_dict(doc))
    value = to_json(analysis)["solutions"]["nash"]["outcome"]["tariff"]
    assert value != round(value, 2)  # the JSON keeps 9 decimals ...
    line = next(ln for ln in to_text(analysis).splitlines() if "tariff " in ln and "->" in ln)
    assert line.split("-> ")[1] == f"{value:.2f} percent"  # ... the terminal 1e-3 of the range


CONTROL = {"name": "evil \x1b[31mred\x1b[0m \u202eright",
           "issues": {"land": {"options": ["a\rb", "c\x1b]0;title\x07"]}},
           "parties": {"x": {"weights": {"land": 1},
                             "values": {"land": {"ranking": ["a\rb", "c\x1b]0;title\x07"]}}},
                       "y": {"weights": {"land": 1},
                             "values": {"land": {"ranking": ["c\x1b]0;title\x07", "a\rb"]}}}}}


def _raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) < 0xA0
            or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]


@pytest.mark.parametrize("command", [["run"], ["explain"], ["validate"], ["simulate"]])
def test_control_characters_in_names_never_reach_the_terminal(tmp_path, capsys, command):

    from sim.cli import main

    path = tmp_path / "s.yaml"
    path.write_text(json.dumps(CONTROL))  # JSON is YAML 1.2
    bad = tmp_path / "bad.yaml"
    bad.write_text(json.dumps({**CONTROL, "parties": {
        **CONTROL["parties"], "x": {**CONTROL["parties"]["x"], "red_lines": [{"land": "\x1b[2J"}]}}}))
    assert main([*command, str(path)]) == 0
    assert main([command[0], str(bad)]) == 2
    out, err = capsys.readouterr()
    assert _raw_controls(out) == [] and _raw_controls(err) == []
    assert "\\x1b[2J" in err
    if command == ["run"]:
        assert "\\x1b]0;title\\x07" in out or "a\\x0db" in out


def test_version_and_help_speak_to_users(capsys):
    from sim import __version__
    from sim.cli import build_parser, main

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and capsys.readouterr().out == f"negsim {__version__}\n"
    commands = build_parser()._subparsers._group_actions[0].choices  # every subcommand
    for argv in [[], *([name] for name in commands)]:
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        text = capsys.readouterr().out
        assert "usage: negsim" in text
        # no docstring markup, no module talk, no section of a contract the user lacks
        for internal in ("``", "Thin:", "SPEC", ":func:", ":class:"):
            assert internal not in text, (argv, internal)


def test_simulate_prints_continuous_offers_with_precision_and_unit(capsys):
    """Fearon's border (unit: share of the disputed land held by a) over 5 rounds."""
    from sim.cli import main

    from .conftest import SCENARIOS

    path = str(SCENARIOS / "examples" / "fearon-war-bargaining.yaml")
    assert main(["simulate", path, "--rounds", "5", "--json"]) == 0
    border = json.loads(capsys.readouterr().out)["rounds"][0]["offer"]["border"]
    assert main(["simulate", path, "--rounds", "5"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    assert first.endswith(f"offers border={border:.3f} share of the disputed land held by a")
