"""A GENIUS domain and its profiles -> a negsim scenario document (a plain dict).

- Each GENIUS issue becomes an issue: a discrete issue keeps its values as
  options; an integer issue becomes options named by its values (``"0"``,
  ``"1"``, ...) so that negsim's outcomes are exactly GENIUS's, except above
  :data:`MAX_INTEGER_OPTIONS` values, where it becomes a continuous range
  with the same linear evaluation (with a warning); a real issue becomes a range.
- Each profile becomes a veto party: weights (normalised to sum 1, with a
  warning, when the file's do not), values as GENIUS evaluates them (discrete
  evaluations divided by the issue's largest), the reservation value as
  ``disagreement`` and the discount factor as ``discount`` (0 or 1 -> 1).
- Names that are not identifiers become identifiers; the original is kept
  in ``label``. Party names come from the profiles' file names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import Problem
from ..scenario import IDENTIFIER
from .model import Discrete, GeniusDomain, GeniusIssue, GeniusProfile
from .shapes import DECIMALS, shape_of

#: Integer issues with more values than this become continuous ranges.
MAX_INTEGER_OPTIONS = 10_000
#: File weights within this of summing to 1 are kept as written.
WEIGHT_TOLERANCE = 1e-9


@dataclass
class Imported:
    """A scenario document built from GENIUS files, with what the reader should know.

    ``notes`` are (file, problem) warnings; ``files`` the files read, domain first.
    """

    document: dict[str, Any]
    notes: list[tuple[str, Problem]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """The warnings as ``file:line: path: message`` lines."""
        return [problem.format(source) for source, problem in self.notes]


def identifier(text: str, fallback: str) -> str:
    """``text`` if it is an identifier, else a lower-case snake-case identifier made of it.

    >>> identifier("Size of Fund", "issue"), identifier("England", "party"), identifier("1st", "x")
    ('size_of_fund', 'England', '_1st')
    """
    if IDENTIFIER.match(text):
        return text
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    name = re.sub(r"[^0-9A-Za-z_]+", "_", ascii_text).strip("_").lower() or fallback
    return "_" + name if name[0].isdigit() else name


def _unique(name: str, taken: set[str]) -> str:
    candidate, k = name, 2
    while candidate in taken:
        candidate, k = f"{name}_{k}", k + 1
    taken.add(candidate)
    return candidate


def _yaml_number(x: float) -> float | int:
    """Whole numbers stay whole in the YAML (``0`` rather than ``0.0``) only for bounds."""
    return int(x) if float(x).is_integer() else float(x)


def _issue_entry(issue: GeniusIssue, name: str, source: str,
                 notes: list[tuple[str, Problem]]) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if name != issue.name:
        entry["label"] = issue.name
    if issue.kind == "discrete":
        entry["options"] = list(issue.values)
    elif issue.kind == "integer" and (issue.size or 0) <= MAX_INTEGER_OPTIONS:
        entry["options"] = [str(v) for v in issue.integers]
    else:
        if issue.kind == "integer":
            notes.append((source, Problem(f"issue[@name={issue.name}]", f"{issue.size:,} integer "
                          "values: imported as a continuous range with the same linear evaluation")))
        entry["range"] = [_yaml_number(x) for x in issue.bounds]
    return entry


def _values(issue: GeniusIssue, entry: dict[str, Any], ev: Any) -> Any:
    if isinstance(ev, Discrete):
        return {v: float(x) for v, x in zip(issue.values, np.round(ev.normalised(), DECIMALS))}
    if "options" in entry:
        return {o: float(x) for o, x in zip(entry["options"], np.round(ev(issue.integers), DECIMALS))}
    return shape_of(ev, *issue.bounds)


def _weights(profile: GeniusProfile, source: str, notes: list[tuple[str, Problem]]) -> list[float]:
    total = sum(profile.weights)
    if abs(total - 1.0) <= WEIGHT_TOLERANCE:
        return [float(w) for w in profile.weights]
    notes.append((source, Problem("utility_space/objective/weight", f"the weights sum to "
                                  f"{total:.12g}, not 1: imported divided by their sum")))
    return [float(round(w / total, DECIMALS)) for w in profile.weights]


def to_document(domain: GeniusDomain, domain_source: str,
                profiles: Sequence[tuple[GeniusProfile, str]],
                notes: Sequence[tuple[str, Problem]] = ()) -> Imported:
    """Build the scenario document of a domain and its profiles (each with its file)."""
    out = list(notes)
    taken: set[str] = set()
    names = [_unique(identifier(i.name, f"issue_{k + 1}"), taken) for k, i in enumerate(domain.issues)]
    issues = {n: _issue_entry(i, n, domain_source, out) for n, i in zip(names, domain.issues)}
    parties: dict[str, Any] = {}
    taken = set()
    for k, (profile, source) in enumerate(profiles):
        name = _unique(identifier(profile.name, f"party_{k + 1}"), taken)
        party: dict[str, Any] = {"label": profile.name} if name != profile.name else {}
        weights = _weights(profile, source, out)
        party["weights"] = dict(zip(names, weights))
        party["values"] = {n: _values(i, issues[n], ev)
                           for n, i, ev in zip(names, domain.issues, profile.evaluators)}
        party["disagreement"] = float(profile.reservation)
        party["discount"] = float(profile.discount) if 0 < profile.discount < 1 else 1.0
        parties[name] = party
    document = {"name": domain.name, "issues": issues, "parties": parties}
    return Imported(document, out, [domain_source, *(s for _, s in profiles)])
