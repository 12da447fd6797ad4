"""SPEC section 2 ('Errors') and issue 3, item 6: the catalogue of malformed scenarios.

Every file in ``tests/bad/`` holds one defect (``several_problems.yaml`` holds
several). Each goes through the real command line, ``negsim validate`` and
``negsim run --json``, and must give exit status 2, stderr lines of the form
``FILE[:LINE]: dotted.path: message`` (one per problem), the expected message
at the expected path, nothing on stdout, and never a traceback. A handful also
run as subprocesses, as a user would run them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sim.cli import main

from .conftest import unavailable

BAD = Path(__file__).resolve().parent / "bad"
GOOD = BAD.parent.parent.parent / "shared" / "conformance" / "case01.yaml"


@dataclass(frozen=True)
class Case:
    """A catalogue file, the dotted path its problem is reported at, a fragment of
    the message, and how many lines the file must produce."""

    file: str
    path: str
    fragment: str
    lines: int = 1


CATALOGUE = [
    # references to names
    Case("unknown_issue_in_weights.yaml", "parties.a.weights.terrain",
         "unknown issue 'terrain' (did you mean 'territory'?)"),
    Case("unknown_issue_in_values.yaml", "parties.a.values.sanctions",
         "unknown issue 'sanctions' (one of: territory, relief)"),
    Case("unknown_issue_in_condition.yaml", "parties.a.red_lines.0.sanctions", "unknown issue"),
    Case("unknown_option_in_values.yaml", "parties.a.values.territory.north",
         "unknown option 'north'"),
    Case("unknown_option_in_condition.yaml", "parties.a.red_lines.0.territory",
         "unknown option 'eats' of issue 'territory' (did you mean 'east'?)"),
    Case("pressure_unknown_sender.yaml", "pressures.ultimatum.by.1", "unknown party 'c'"),
    Case("pressure_unknown_target.yaml", "pressures.ultimatum.target", "unknown party 'russia'"),
    Case("cost_key_not_a_sender.yaml", "pressures.ultimatum.cost.a",
         "'a' is not a sender of this pressure"),
    # misspelt keys, at every level
    Case("misspelt_top_level_key.yaml", "isues", "unknown key 'isues' (did you mean 'issues'?)"),
    Case("misspelt_issue_key.yaml", "issues.territory.optons", "(did you mean 'options'?)"),
    Case("misspelt_party_key.yaml", "parties.a.wieghts", "(did you mean 'weights'?)"),
    Case("misspelt_optional_party_key.yaml", "parties.a.bargaining_pwoer",
         "(did you mean 'bargaining_power'?)"),
    Case("misspelt_interaction_key.yaml", "parties.a.interactions.0.bonsu",
         "(did you mean 'bonus'?)"),
    Case("misspelt_pressure_key.yaml", "pressures.ultimatum.penalti", "(did you mean 'penalty'?)"),
    Case("misspelt_game_key.yaml", "games.compliance.payofs", "(did you mean 'payoffs'?)"),
    Case("misspelt_solve_key.yaml", "solve.resolutoin", "(did you mean 'resolution'?)"),
    Case("misspelt_value_shape_key.yaml", "parties.a.values.relief", "(did you mean 'ideal'?)"),
    Case("misspelt_ranking.yaml", "parties.a.values.territory.rankng",
         "(did you mean 'ranking'?)"),
    Case("misspelt_threshold.yaml", "parties.a.red_lines.0.relief", "(did you mean 'at_most'?)"),
    Case("misspelt_lottery_key.yaml", "parties.a.disagreement.lottery.0.probabilty",
         "(did you mean 'probability'?)"),
    Case("misspelt_distribution.yaml", "parties.a.bargaining_power",
         "unknown distribution 'unifrom' (did you mean 'uniform'?)"),
    Case("misspelt_strategy.yaml", "parties.a.strategy", "(did you mean 'boulware'?)"),
    # numbers and value shapes
    Case("negative_weight.yaml", "parties.a.weights.territory", "-2 is outside the valid range [0,"),
    Case("all_weights_zero.yaml", "parties.a.weights", "at least one must be > 0"),
    Case("value_outside_unit_interval.yaml", "parties.a.values.territory.middle",
         "value 1.5 is outside [0, 1]"),
    Case("value_mapping_misses_option.yaml", "parties.a.values.territory",
         "the mapping misses option(s): middle"),
    Case("ranking_names_option_twice.yaml", "parties.b.values.territory.ranking",
         "option 'east' is ranked twice"),
    Case("ranking_misses_option.yaml", "parties.b.values.territory.ranking",
         "must name every option once; missing: middle"),
    Case("range_lo_not_below_hi.yaml", "issues.relief.range", "range needs lo < hi, got [1, 1]"),
    Case("ideal_outside_range.yaml", "parties.a.values.relief",
         "ideal 1.5 is outside the range [0, 1]"),
    Case("points_not_increasing.yaml", "parties.a.values.relief", "x must be strictly increasing"),
    Case("weighted_issue_without_values.yaml", "parties.b.values",
         "issue 'relief' has weight 1 but no values"),
    Case("string_for_a_number.yaml", "parties.a.weights.territory",
         "expected a number, got '2' (a quoted number is a string"),
    Case("yes_for_a_boolean.yaml", "parties.a.veto", "YAML 1.2 reads yes/no/on/off as strings"),
    Case("credibility_above_one.yaml", "pressures.ultimatum.credibility",
         "1.5 is outside the valid range [0, 1]"),
    Case("discount_zero.yaml", "parties.a.discount", "0 is outside the valid range (0, 1]"),
    Case("bargaining_power_zero.yaml", "parties.a.bargaining_power",
         "0 is outside the valid range (0,"),
    Case("breakdown_one.yaml", "breakdown", "1 is outside the valid range [0, 1)"),
    Case("number_too_large.yaml", "parties.a.disagreement",
         "1e+300 is too large: numbers in a scenario lie within +-1e+15"),
    Case("distribution_bad_parameters.yaml", "parties.a.disagreement", "needs a <= b"),
    Case("distribution_wrong_arity.yaml", "parties.a.disagreement",
         "normal takes a list of 2 numbers"),
    # lotteries
    Case("lottery_probabilities_not_one.yaml", "parties.a.disagreement.lottery",
         "probabilities sum to 0.9, not 1"),
    Case("lottery_outcome_misses_issue.yaml", "parties.a.disagreement.lottery.1.outcome",
         "the outcome must name every issue; missing: relief"),
    Case("lottery_value_outside_range.yaml", "parties.a.disagreement.lottery.0.outcome.relief",
         "expected a number in [0, 1], got 2"),
    # conditions
    Case("continuous_condition_on_discrete_issue.yaml", "pressures.ultimatum.demand.territory",
         "continuous condition on the discrete issue 'territory'"),
    Case("bare_number_as_continuous_condition.yaml", "parties.a.red_lines.0.relief",
         "a bare number (0.5) is refused"),
    # issues, options and parties
    Case("option_written_as_number.yaml", "issues.tranche.options.0", "quote it (\"1\")", lines=2),
    Case("option_written_as_boolean.yaml", "issues.ceasefire.options.0",
         "option true is a boolean; option names are strings: quote it (\"true\")"),
    Case("issue_with_options_and_range.yaml", "issues.territory", "not both"),
    Case("parties_missing.yaml", "parties", "required key is missing"),
    Case("party_name_not_identifier.yaml", "parties.united states", "is not an identifier"),
    Case("one_veto_party.yaml", "parties", "at least two veto parties are required"),
    # solve and strategies
    Case("unknown_concept.yaml", "solve.concepts.1", "(did you mean 'kalai_smorodinsky'?)"),
    Case("resolution_below_two.yaml", "solve.resolution", "resolution must be >= 2, got 1"),
    Case("resolution_too_fine.yaml", "solve.resolution", "is too fine"),
    Case("unknown_strategy.yaml", "parties.a.strategy", "unknown strategy 'hardball' (one of:"),
    # games
    Case("game_payoffs_wrong_shape.yaml", "games.compliance.payoffs.a",
         "payoff table must be 2 x 2"),
    Case("game_strategy_named_twice.yaml", "games.compliance.strategies.a.1",
         "strategy 'hold' is named twice"),
    Case("game_payoff_not_a_number.yaml", "games.compliance.payoffs.a.1.1",
         "expected a number, got 'lots'"),
    # the document itself
    Case("empty.yaml", "(document)", "the file is empty"),
    Case("whitespace_only.yaml", "(document)", "the file is empty"),
    Case("not_yaml.yaml", "(document)", "not valid YAML"),
    Case("top_level_list.yaml", "(document)", "a scenario is a mapping"),
    Case("python_tag.yaml", "name", "YAML tag !!python/object/apply:os.system is not allowed",
         2),  # and the rest is read: parties is missing
    Case("duplicate_key.yaml", "parties.a", "key 'a' is given twice in one mapping (first on line 6)"),
    Case("alias_bomb.yaml", "(document)", "inflated by YAML aliases"),
    Case("recursive_alias.yaml", "issues.territory.nested", "a YAML alias refers to a node that"),
    Case("yaml_1_1_directive.yaml", "(document)", "only YAML 1.2 is read"),
    Case("not_utf8.yaml", "(document)", "not UTF-8 text"),
    # agreement rules (SPEC section 11)
    Case("agreement_quorum_zero.yaml", "agreement.quorum", "between 1 and the number of parties (2), got 0"),
    Case("agreement_quorum_above_parties.yaml", "agreement.quorum", "(2), got 3"),
    Case("agreement_threshold_without_votes.yaml", "agreement.threshold", "a threshold needs 'votes'"),
    Case("agreement_votes_without_threshold.yaml", "agreement.votes", "votes need a 'threshold'"),
    Case("agreement_votes_unknown_party.yaml", "agreement.votes.c", "unknown party 'c'"),
    Case("agreement_implementers_unknown_party.yaml", "agreement.implementers.territory.parties.1",
         "unknown party 'us'"),
    Case("agreement_implementers_unknown_issue.yaml", "agreement.implementers.teritory",
         "unknown issue 'teritory' (did you mean 'territory'?)"),
    Case("agreement_default_not_an_option.yaml", "agreement.implementers.territory.default",
         "default 'centre' is not an option of issue 'territory'"),
    Case("agreement_default_outside_range.yaml", "agreement.implementers.relief.default",
         "a number in [0, 1], got 2"),
    Case("agreement_unknown_key.yaml", "agreement.quorom", "(did you mean 'quorum'?)"),
]

#: The problems of ``several_problems.yaml`` (line, path, fragment): every one is
#: reported, one line each, at the line of the offending key.
SEVERAL = [
    (7, "parties.a.weights.territory", "-1 is outside the valid range"),
    (10, "parties.a.values.relief", "ideal 2 is outside the range [0, 1]"),
    (11, "parties.a.discount", "0 is outside the valid range (0, 1]"),
    (13, "parties.b.weigths", "(did you mean 'weights'?)"),
    (18, "pressures.ultimatum.by.0", "unknown party 'c'"),
    (20, "pressures.ultimatum.demand.territory", "unknown option 'est'"),
    (21, "pressures.ultimatum.credibility", "1.5 is outside the valid range [0, 1]"),
    (23, "solve.concepts.1", "unknown concept 'nahs' (did you mean 'nash'?)"),
]

LINE = re.compile(r"^(?::(?P<line>\d+))?: (?P<path>[^:]+?): (?P<message>\S.*)$")


def located(stderr: str, source: str) -> list[tuple[int | None, str, str]]:
    """Parse ``FILE[:LINE]: dotted.path: message`` lines; fail on any other line."""
    out = []
    for text in stderr.splitlines():
        assert text.startswith(source), f"not located in {source}: {text!r}"
        m = LINE.match(text[len(source):])
        assert m, f"not of the form FILE[:LINE]: path: message: {text!r}"
        out.append((int(m["line"]) if m["line"] else None, m["path"], m["message"]))
    return out


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_catalogue_covers_every_file_and_holds_at_least_35():
    files = {p.name for p in BAD.iterdir()}
    listed = {c.file for c in CATALOGUE} | {"several_problems.yaml", "outcome_space_too_large.yaml"}
    assert files == listed
    assert len(files) >= 35


@pytest.mark.parametrize("command", [["validate"], ["run", "--json"]], ids=["validate", "run"])
@pytest.mark.parametrize("case", CATALOGUE, ids=lambda c: c.file.removesuffix(".yaml"))
def test_each_malformed_file_gives_exit_2_and_its_located_message(capsys, case, command):
    source = str(BAD / case.file)
    status, out, err = cli(capsys, command[0], source, *command[1:])
    assert status == 2
    assert out == ""
    assert "Traceback" not in err
    problems = located(err, source)
    assert len(problems) == case.lines, err
    assert any(path == case.path and case.fragment in message for _, path, message in problems), err


def test_several_problems_in_one_file_are_all_reported_one_line_each(capsys):
    source = str(BAD / "several_problems.yaml")
    status, out, err = cli(capsys, "validate", source)
    assert status == 2 and out == ""
    problems = located(err, source)
    assert [(line, path) for line, path, _ in problems] == [(line, path) for line, path, _ in SEVERAL]
    for (_, _, message), (_, _, fragment) in zip(problems, SEVERAL):
        assert fragment in message


def test_a_folder_and_a_missing_file_are_located_errors(capsys, tmp_path):
    # ``run`` may read a folder of GENIUS files, so it says what such a folder lacks
    for target, fragment in ((tmp_path, "folder"),
                             (tmp_path / "nowhere.yaml", "no such file")):
        for command in (["validate"], ["run", "--json"]):
            status, out, err = cli(capsys, command[0], str(target), *command[1:])
            assert status == 2 and out == ""
            (problem,) = located(err, str(target))
            assert problem[1] == "(document)" and fragment in problem[2]


def test_validate_reports_every_file_and_exits_2_if_any_is_bad(capsys):
    if not GOOD.exists():
        unavailable("../shared/conformance is not beside the checkout")
    bad = [str(BAD / "negative_weight.yaml"), str(BAD / "empty.yaml")]
    status, out, err = cli(capsys, "validate", bad[0], str(GOOD), bad[1])
    assert status == 2
    assert out.splitlines() == [f"{GOOD}: ok"]
    assert [p for _, p, _ in located(err.splitlines()[0], bad[0])] == ["parties.a.weights.territory"]
    assert [p for _, p, _ in located(err.splitlines()[1], bad[1])] == ["(document)"]
    assert len(err.splitlines()) == 2


def test_validate_exits_0_when_every_file_is_good_and_warns_about_idle_red_lines(capsys, tmp_path):
    text = (BAD / "one_veto_party.yaml").read_text().replace(
        "    veto: false", "    veto: false\n    red_lines: [{territory: west}]")
    text = text.replace("  a:\n", "  c:\n    weights: {territory: 1}\n    values: {territory: "
                                  "{ranking: [west, middle, east]}}\n  a:\n")
    path = tmp_path / "idle_red_line.yaml"
    path.write_text(text)
    status, out, err = cli(capsys, "validate", str(path))
    assert status == 0, err
    assert out.strip() == f"{path}: ok"
    assert err.startswith("warning: ") and "parties.b.red_lines: red lines of a non-veto party" in err


def negsim(*argv: str) -> subprocess.CompletedProcess[str]:
    """The installed ``negsim`` script (``python -m sim.cli`` if it is not installed)."""
    script = Path(sys.executable).with_name("negsim")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "sim.cli"]
    return subprocess.run([*command, *argv], capture_output=True, text=True, timeout=120,
                          check=False)


def test_an_outcome_space_too_large_to_enumerate_stops_with_its_size():
    """Twelve issues of ten options, tied by an interaction on all of them: 10^12
    outcomes and no additive shortcut. Validation accepts it (a large space is not
    malformed); the run stops with exit 2 and the size instead of trying."""
    source = str(BAD / "outcome_space_too_large.yaml")
    assert negsim("validate", source).returncode == 0
    proc = negsim("run", source, "--json")
    assert proc.returncode == 2
    assert proc.stdout == "" and "Traceback" not in proc.stderr
    (problem,) = located(proc.stderr, source)
    assert "1,000,000,000,000 outcomes" in problem[2]
    assert "max_outcomes" in problem[2]


@pytest.mark.parametrize("argv", [("validate", "python_tag.yaml"),
                                  ("run", "alias_bomb.yaml"),
                                  ("run", "not_utf8.yaml", "--json"),
                                  ("validate", "several_problems.yaml", "empty.yaml")])
def test_as_a_user_runs_it(argv):
    command, *names = argv
    sources = [str(BAD / n) if n.endswith(".yaml") else n for n in names]
    proc = negsim(command, *sources)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr and "owned" not in proc.stderr
    for source in (s for s in sources if s.endswith(".yaml")):
        lines = "\n".join(x for x in proc.stderr.splitlines() if x.startswith(source + ":"))
        assert located(lines, source)
