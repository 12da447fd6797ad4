"""A negsim scenario -> GENIUS domain and profiles, and the list of what was dropped.

GENIUS expresses additive utilities over discrete, integer and real issues,
a reservation value and a discount factor per profile. Everything else in a
scenario is dropped and listed (red lines, interactions, pressures, games,
bargaining power, strategies, non-veto parties, breakdown), and every
approximation is listed too (war lotteries as their expected value, curved
continuous shapes as straight lines, uncertain numbers at their central value).

- A discrete issue whose options are consecutive whole numbers (``"0"``,
  ``"1"``, ...) on which every party's values are a clipped line is written as
  a GENIUS ``integer`` issue, the form the importer reads back as the same
  options; any other discrete issue is ``discrete``.
- GENIUS divides a discrete issue's evaluations by their largest. When a
  party's values on an issue peak at m < 1, its weight carries the peak
  (w m) and the weights are rescaled to sum 1, which divides the party's
  utility and its reservation value by the same positive factor: the ZOPA,
  the Pareto frontier, Nash and Kalai-Smorodinsky are unchanged; the
  egalitarian and utilitarian solutions may move. The export says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..scenario import Issue, Party, Scenario
from ..values import Table
from .importer import WEIGHT_TOLERANCE, identifier
from .model import Discrete, Evaluator, GeniusDomain, GeniusIssue, GeniusProfile, Linear
from .shapes import integer_evaluator, real_evaluator
from .writer import domain_xml, profile_xml

UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass
class Exported:
    """The files written and, one line each, what GENIUS could not express."""

    files: list[Path] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def file_stem(text: str) -> str:
    """A file name made of ``text`` (path separators and reserved characters replaced)."""
    stem = UNSAFE_FILE_CHARS.sub("_", text).strip().lstrip(".")
    return stem or "scenario"


def _genius_name(name: str, label: str | None) -> str:
    """The label when the importer would turn it back into this very name, else the name."""
    return label if label and identifier(label, name) == name else name


def _integer_range(issue: Issue) -> tuple[int, int] | None:
    """(lo, hi) when the options are "lo", "lo + 1", ..., "hi" (at least two)."""
    opts = issue.options or ()
    if len(opts) < 2 or not all(re.fullmatch(r"-?\d+", o) and str(int(o)) == o for o in opts):
        return None
    ints = [int(o) for o in opts]
    return (ints[0], ints[-1]) if ints == list(range(ints[0], ints[0] + len(ints))) else None


def _issue(scenario: Scenario, j: int, parties: list[Party]) -> tuple[GeniusIssue, list[Evaluator]]:
    """The GENIUS issue j and each party's evaluator (discrete: the values as given)."""
    issue = scenario.issues[j]
    name = _genius_name(issue.name, issue.label)
    if issue.options is None:
        lo, hi = issue.bounds
        found: list[Evaluator] = [real_evaluator(shape, lo, hi)[0] if (shape := p.values[j]) is not None
                                  else Linear(0.0, 0.0) for p in parties]
        return GeniusIssue(name, "real", (), lo, hi), found
    options = issue.options
    tables = [shape.values if isinstance(shape := p.values[j], Table) else (0.0,) * len(options)
              for p in parties]
    bounds = _integer_range(issue)
    if bounds is not None:
        lines = [integer_evaluator(t, bounds[0]) for t in tables]
        exact = [line for line in lines if line is not None]
        if len(exact) == len(lines):
            return GeniusIssue(name, "integer", (), bounds[0], bounds[1]), list(exact)
    return GeniusIssue(name, "discrete", tuple(issue.options)), [Discrete(t) for t in tables]


def _raw_weights(scenario: Scenario, party: Party) -> list[float]:
    """The weights as written in the scenario when they already sum to 1 (so that an
    imported file reads back identically), else negsim's normalised weights."""
    written = scenario.document.get("parties", {}).get(party.name, {}).get("weights", {})
    raw = [written.get(i.name, 0.0) for i in scenario.issues]
    if all(isinstance(w, (int, float)) and not isinstance(w, bool) for w in raw) \
            and abs(sum(raw) - 1.0) <= WEIGHT_TOLERANCE:
        return [float(w) for w in raw]
    return list(party.weights)


def _profile(scenario: Scenario, party: Party, evaluators: list[Evaluator], d: float,
             dropped: list[str]) -> GeniusProfile:
    """Weights (carrying the peaks of discrete issues), evaluators, reservation, discount."""
    peaks = [max(ev.evaluations, default=0.0) if isinstance(ev, Discrete) else 1.0
             for ev in evaluators]
    evaluators = [Discrete(tuple(e / p if p > 0 else 1.0 for e in ev.evaluations))
                  if isinstance(ev, Discrete) and p != 1.0 else ev
                  for ev, p in zip(evaluators, peaks)]
    weights = _raw_weights(scenario, party)
    if any(p != 1.0 and w > 0 for p, w in zip(peaks, party.weights)):
        weights = [w * p for w, p in zip(party.weights, peaks)]
        total = sum(weights)
        if total > 0:
            dropped.append(f"parties.{party.name}.values: GENIUS scales each discrete issue to a "
                           f"peak of 1, so the utility and the reservation value are divided by "
                           f"{total:.6g} (same ZOPA, frontier, Nash and Kalai-Smorodinsky)")
            weights, d = [w / total for w in weights], d / total
        else:
            dropped.append(f"parties.{party.name}.values: every outcome is worth 0 to this party; "
                           "GENIUS needs a positive weight")
    return GeniusProfile(party.name, tuple(weights), tuple(evaluators), d, party.discount)


def _dropped(scenario: Scenario) -> list[str]:
    """What GENIUS cannot express, as ``path: what`` lines."""
    out = [f"pressures.{p.name}: pressure dropped (GENIUS has no pressures)" for p in scenario.pressures]
    out += [f"games.{g.name}: game dropped" for g in scenario.games]
    if scenario.agreement is not None:
        out.append("agreement: rule dropped (GENIUS: every negotiator must accept)")
    if scenario.breakdown:
        out.append(f"breakdown: {scenario.breakdown} dropped (GENIUS has no breakdown risk)")
    if scenario.uncertain:
        out.append(f"uncertain numbers exported at their central values: {', '.join(scenario.uncertain)}")
    for p in scenario.parties:
        path = f"parties.{p.name}"
        if not p.veto:
            out.append(f"{path}: non-veto party dropped (every GENIUS profile is a negotiator "
                       "who must agree)")
            continue
        if p.red_lines:
            out.append(f"{path}.red_lines: {len(p.red_lines)} red line(s) dropped")
        if p.interactions:
            out.append(f"{path}.interactions: {len(p.interactions)} interaction(s) dropped")
        if p.bargaining_power != 1.0:
            out.append(f"{path}.bargaining_power: {p.bargaining_power:g} dropped (GENIUS: equal power)")
        if p.strategy != "subgame_perfect":
            out.append(f"{path}.strategy: {p.strategy} dropped (choose a GENIUS agent instead)")
        if not isinstance(p.disagreement, (int, float)):
            out.append(f"{path}.disagreement: war lottery exported as its expected value")
    return out


def _approximations(scenario: Scenario, parties: list[Party]) -> list[str]:
    out = []
    for j, issue in enumerate(scenario.issues):
        if not issue.continuous:
            continue
        for p in parties:
            if (shape := p.values[j]) is not None and not real_evaluator(shape, *issue.bounds)[1]:
                out.append(f"parties.{p.name}.values.{issue.name}: shape not expressible in "
                           "GENIUS (linear, constant, triangular): exported as the straight line "
                           "through its values at the ends of the range")
    return out


def to_genius(scenario: Scenario) -> tuple[GeniusDomain, list[tuple[str, GeniusProfile]], list[str]]:
    """The GENIUS domain, each veto party's (file stem, profile), and the dropped list."""
    from ..utility import UtilityModel

    parties = [p for p in scenario.parties if p.veto]
    dropped = _dropped(scenario) + _approximations(scenario, parties)
    issues, per_issue = [], []
    for j in range(len(scenario.issues)):
        issue, evaluators = _issue(scenario, j, parties)
        issues.append(issue)
        per_issue.append(evaluators)
    domain = GeniusDomain(scenario.name, tuple(issues))
    disagreement = UtilityModel.of(scenario).disagreement()
    profiles = []
    for k, party in enumerate(parties):
        d = float(disagreement[scenario.party_index(party.name)])
        evaluators = [per_issue[j][k] for j in range(len(issues))]
        stem = file_stem(_genius_name(party.name, party.label))
        profiles.append((stem, _profile(scenario, party, evaluators, d, dropped)))
    return domain, profiles, dropped


def export_genius(scenario: Scenario, folder: str | Path) -> Exported:
    """Write ``NAME_domain.xml`` and one ``PARTY.xml`` per veto party into ``folder``."""
    domain, profiles, dropped = to_genius(scenario)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    result = Exported(dropped=dropped)
    path = folder / f"{file_stem(domain.name)}_domain.xml"
    path.write_text(domain_xml(domain), encoding="utf-8")
    result.files.append(path)
    used = {path.name}
    for stem, profile in profiles:
        name = f"{stem}.xml" if f"{stem}.xml" not in used else f"{stem}_{profile.name}.xml"
        used.add(name)
        (folder / name).write_text(profile_xml(domain, profile), encoding="utf-8")
        result.files.append(folder / name)
    return result

