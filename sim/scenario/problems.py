"""What every check of a scenario shares: the problems found, located, and the names known.

:class:`Problems` collects located problems (dotted path and line) and the paths
already known to be broken, so that nothing is said twice; :class:`CheckContext`
carries the issue and party names of the file to the checks of each part. The
checks that apply across parts live here too: names are identifiers, numbers
are finite and within their field's range, ``provenance:`` notes point at
something that exists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .. import schema
from ..conditions import Condition, parse_condition
from ..distributions import MAX_MAGNITUDE, bounds_of, is_finite_number
from ..document import Document
from ..errors import Problem, ScenarioError, describe_value, did_you_mean, dotted, unknown
from .types import IDENTIFIER, Agreement, Issue

T = TypeVar("T")

#: What a field must be, in words, beside its range (see ``distributions.NUMERIC_FIELDS``).
_NOTES = {"credibility": " (or 'auto')"}

Path_ = tuple[Any, ...]


class Problems:
    """The problems found so far, and the paths already known to be broken.

    A problem at or inside a broken path is dropped: it would only repeat, in
    other words, what was said about that path.
    """

    def __init__(self, doc: Document | None):
        self.doc = doc
        self.items: list[Problem] = []
        self.warnings: list[Problem] = []
        self.broken = schema.Broken()
        self._seen: set[tuple[bool, Problem]] = set()

    def add(self, path: Path_, message: str, warning: bool = False) -> None:
        if self.broken.covers(path):
            return
        line = self.doc.line_of(path) if self.doc else None
        problem = Problem(dotted(path), message, line)
        if (warning, problem) not in self._seen:
            self._seen.add((warning, problem))
            (self.warnings if warning else self.items).append(problem)

    def extend(self, problems: Sequence[Problem]) -> None:
        """Problems found before the checks (keys given twice), reported with theirs."""
        for problem in problems:
            if (False, problem) not in self._seen:
                self._seen.add((False, problem))
                self.items.append(problem)

    def breaks(self, path: Path_, message: str) -> None:
        """Report a problem and mark its path broken."""
        self.add(path, message)
        self.broken.add(tuple(path))

    def broken_under(self, prefix: Path_) -> bool:
        """Whether some broken path is ``prefix`` or lies inside it."""
        return self.broken.under(prefix)

    def sorted(self, items: list[Problem]) -> list[Problem]:
        """By line (problems without a line last), then in the order found."""
        return sorted(items, key=lambda p: (p.line is None, p.line or 0))

    def error(self) -> ScenarioError:
        source = self.doc.source if self.doc else None
        return ScenarioError(self.sorted(self.items), source, self.sorted(self.warnings))


@dataclass
class CheckContext:
    """What the checks of one part need: the problems, and the names of the file.

    ``skipped`` holds the issues written in the file but not usable (their own
    problems are reported); names are looked up in sets, so that checking a file
    takes time linear in its size.
    """

    out: Problems
    issues: list[Issue]
    issue_names: list[str]
    party_names: list[str]
    agreement: Agreement | None = None
    #: Keep what :meth:`parsed` parses by the identity of its document node, and
    #: hand it out again for the same node: for building parts of one scenario
    #: again from documents that share their unchanged nodes (:class:`.build.PartBuilder`).
    reuse: bool = False
    skipped: set[str] = field(init=False)
    _issue_set: set[str] = field(init=False, repr=False)
    _party_set: set[str] = field(init=False, repr=False)
    _parsed: dict[tuple[int, str], tuple[Any, Any]] = field(init=False, repr=False,
                                                            default_factory=dict)

    def __post_init__(self) -> None:
        self._issue_set = set(self.issue_names)
        self._party_set = set(self.party_names)
        self.skipped = self._issue_set - {i.name for i in self.issues}

    @property
    def issues_unreadable(self) -> bool:
        """The ``issues`` mapping itself is missing or broken: names cannot be checked."""
        return not self.issue_names and self.out.broken_under(("issues",))

    def known_issue(self, name: Any, path: Path_) -> bool:
        """Report ``name`` if it is no issue of the file; True if it is a usable one."""
        if self.issues_unreadable:
            return False
        if not isinstance(name, str) or name not in self._issue_set:
            self.out.add(path, unknown("issue", name, self.issue_names))
            return False
        return name not in self.skipped

    def known_party(self, name: Any, path: Path_) -> bool:
        """Report ``name`` if it is no party of the file (unless the parties are unreadable)."""
        if self.out.broken_under(("parties",)) and not self.party_names:
            return False
        if not isinstance(name, str) or name not in self._party_set:
            self.out.add(path, unknown("party", name, self.party_names))
            return False
        return True

    def parsed(self, spec: Any, kind: str, parse: Callable[[], T]) -> T:
        """``parse()`` of the document node ``spec`` (as a ``kind``: an issue's name
        for a value shape). With :attr:`reuse`, a node parsed before without a
        problem is not parsed again: the earlier result is handed out."""
        if not self.reuse:
            return parse()
        key = (id(spec), kind)
        hit = self._parsed.get(key)
        if hit is not None and hit[0] is spec:
            return hit[1]
        n_problems = len(self.out.items)
        result = parse()
        if len(self.out.items) == n_problems:
            self._parsed[key] = (spec, result)  # the node is held, so its id stays its own
        return result

    def condition(self, spec: Any, path: Path_) -> Condition | None:
        """Parse a condition; clauses on unusable issues are left out silently."""
        return self.parsed(spec, "condition", lambda: self._condition(spec, path))

    def _condition(self, spec: Any, path: Path_) -> Condition | None:
        if self.issues_unreadable:
            return None
        if isinstance(spec, dict) and self.skipped:
            spec = {k: v for k, v in spec.items() if k not in self.skipped}
            if not spec:
                return None
        cond, problems = parse_condition(spec, self.issues)
        for sub, msg in problems:
            self.out.add(path + ((sub,) if sub else ()), msg)
        return cond


def names_in(data: Any, key: str) -> list[str]:
    """The names written under ``data[key]`` (a mapping), as strings, in file order."""
    part = data.get(key) if isinstance(data, dict) else None
    return [str(k) for k in part] if isinstance(part, dict) else []


def is_number(v: Any) -> bool:
    """An int or float, not a boolean (YAML reads ``true`` as a bool, which is an int)."""
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_name(kind: str, name: Any, path: Path_, out: Problems) -> None:
    """Report ``name`` at ``path`` unless it is an identifier (SPEC section 2)."""
    if not isinstance(name, str) or not IDENTIFIER.match(name):
        out.add(path, f"{kind} name {describe_value(name)} is not an identifier "
                      "([A-Za-z_][A-Za-z0-9_]*); use an identifier and keep the original text "
                      "in 'label:'")


def check_bounds(data: Any, path: Path_, out: Problems) -> None:
    """Every number of the model: finite, at most :data:`MAX_MAGNITUDE` in size, and
    within its field's valid range (value shapes excepted: :mod:`sim.values` checks
    their ranges)."""
    if isinstance(data, dict):
        for k, v in data.items():
            check_bounds(v, path + (k,), out)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            check_bounds(v, path + (i,), out)
    elif is_number(data):
        in_values = len(path) >= 3 and path[0] == "parties" and path[2] == "values"
        bounds = bounds_of(dotted(path))
        if bounds is None and not in_values:
            return
        if not is_finite_number(data):
            out.breaks(path, f"expected a finite number, got {describe_value(data)}")
        elif abs(data) > MAX_MAGNITUDE:
            out.breaks(path, f"{describe_value(data)} is too large: numbers in a scenario lie "
                             f"within +-{MAX_MAGNITUDE:g}, so that they can be rounded to 9 "
                             "decimals (rescale the unit)")
        elif bounds is not None and not in_values and not bounds.contains(float(data)):
            note = _NOTES.get(str(path[-1]), "")
            out.breaks(path, f"{describe_value(data)} is outside the valid range {bounds.describe()}{note}")



def check_provenance(prov: dict[str, str], path: Path_, model: Any, out: Problems,
                      issues: list[str] | None = None,
                      counts: dict[str, int] | None = None) -> None:
    """``provenance:`` maps a sub-path of this part (``weights.territory``) to its source.

    ``counts`` gives the length of the part's lists (``red_lines``, ``interactions``),
    so that ``red_lines.3`` is checked to exist."""
    counts = counts or {}
    fields = [f for f in model.model_fields if f != "provenance"]
    for key in prov:
        head, _, rest = key.partition(".")
        where = path + ("provenance", key)
        if head not in fields:
            out.add(where, f"{head!r} is not a field this note can refer to"
                    + (did_you_mean(head, fields) or f" (fields: {', '.join(fields)})"))
        elif head in ("weights", "values") and issues is not None and rest:
            issue = rest.partition(".")[0]
            if issue not in issues:
                out.add(where, f"unknown issue {issue!r}" + did_you_mean(issue, issues))
        elif head in counts and rest and not (rest.isdigit() and int(rest) < counts[head]):
            what = head.replace("_", " ")[:-1]
            out.add(where, f"there is no {what} {rest!r} ({head.replace('_', ' ')} are "
                           "numbered from 0)")


def check_keys(item: dict[Any, Any], keys: tuple[str, ...], entry: str, path: Path_,
                out: Problems) -> bool:
    """Report the keys of ``item`` other than ``keys`` and each of ``keys`` it lacks
    (not when a misspelt key stands for it); True when there is nothing to report.
    ``entry`` names the mapping in the messages (``lottery entry``)."""
    ok = True
    for key in item:
        if key not in keys:
            out.add(path + (key,), f"unknown key {str(key)!r} in a {entry}"
                    + (did_you_mean(key, keys) or f" (allowed: {', '.join(keys)})"))
            ok = False
    for key in keys:
        if key not in item and not any(did_you_mean(k, (key,)) for k in item):
            out.add(path, f"the {entry} needs {key!r}")
            ok = False
    return ok

