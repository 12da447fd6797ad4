"""Located errors: every problem names the file, the dotted path and what is wrong.

A :class:`ScenarioError` carries one :class:`Problem` per defect, so a user sees
every mistake of a file at once. The CLI turns it into exit status 2 and prints
one line per problem, ``FILE[:LINE]: dotted.path: message``.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

#: The path printed for a problem of the file as a whole (bad YAML, empty file).
DOCUMENT = "(document)"


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) made one space."""
    return " ".join(str(text).split())


@dataclass(frozen=True)
class Problem:
    """One defect in an input file: where (dotted path, line) and what.

    ``source`` names the file when it is not the one of the error that carries the
    problem (a sweep's scenario, reported with the sweep file's own problems).
    """

    path: str
    message: str
    line: int | None = None
    source: str | None = None

    def format(self, source: str | None) -> str:
        """``FILE[:LINE]: dotted.path: message`` on a single line.

        >>> Problem("parties.a.weights.x", "must be >= 0, got -1", 7).format("s.yaml")
        's.yaml:7: parties.a.weights.x: must be >= 0, got -1'
        >>> Problem("name", "the scenario needs a name", 1, "s.yaml").format("sweep.yaml")
        's.yaml:1: name: the scenario needs a name'
        """
        where = self.source or source or "<scenario>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.path or DOCUMENT}: {one_line(self.message)}"


@dataclass
class ScenarioError(Exception):
    """A malformed input: one or more located problems (exit status 2)."""

    problems: list[Problem]
    source: str | None = None
    warnings: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def lines(self) -> list[str]:
        return [p.format(self.source) for p in self.problems]

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def of_file(self) -> list[Problem]:
        """The problems, each naming this error's file (to report them with another file's)."""
        return [p if p.source else replace(p, source=self.source) for p in self.problems]

    @classmethod
    def joined(cls, errors: Sequence[ScenarioError]) -> ScenarioError:
        """One error of the problems of several files, in order, each line naming its file.

        >>> ScenarioError.joined([ScenarioError([Problem("grid", "bad", 2)], "sweep.yaml"),
        ...                       ScenarioError([Problem("name", "empty", 1)], "s.yaml")]).lines()
        ['sweep.yaml:2: grid: bad', 's.yaml:1: name: empty']
        """
        return cls([p for e in errors for p in e.of_file()], errors[0].source if errors else None,
                   [w for e in errors for w in e.warnings])


class AnalysisError(Exception):
    """A well-formed scenario whose analysis cannot be carried out (exit status 2),
    such as an outcome space larger than ``solve.max_outcomes``.

    ``path`` is the dotted path of the field to change, if there is one.
    """

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path

    def format(self, source: str | None) -> str:
        """``FILE: dotted.path: message`` on a single line, like :meth:`Problem.format`."""
        return Problem(self.path or "(analysis)", str(self)).format(source)


def dotted(path: tuple[object, ...] | list[object]) -> str:
    """``('parties', 'russia', 'red_lines', 0)`` -> ``parties.russia.red_lines.0``."""
    return ".".join(str(p) for p in path)


#: Past this many choices no did-you-mean hint is looked for: difflib costs ~8 us per
#: choice, and a file may hold thousands of misspelt names (the message then lists
#: the first choices, :func:`listing`).
HINT_CHOICES = 200
#: A message lists at most this many names, then says how many there are in all.
LISTED = 10


def listing(names: Iterable[object] | Sequence[object], limit: int = LISTED) -> str:
    """``a, b, c``, or past ``limit`` names ``a, b, ... (25 in all)``: messages stay short.

    >>> listing(["a", "b"]), listing(map(str, range(25)), 3)
    ('a, b', '0, 1, 2, ... (25 in all)')
    """
    names = names if isinstance(names, (list, tuple)) else list(names)
    shown = ", ".join(str(n) for n in names[:limit])
    return shown if len(names) <= limit else shown + f", ... ({len(names):,} in all)"


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """A hint naming the closest of ``choices`` to a misspelt ``word``, or ``""``.

    Closest by :func:`difflib.get_close_matches` (ratio >= 0.6), among at most
    :data:`HINT_CHOICES` choices, so that a file's hints take time linear in its size.

    >>> did_you_mean("wieghts", ["weights", "values"])
    " (did you mean 'weights'?)"
    >>> did_you_mean("zzz", ["weights"])
    ''
    """
    choices = list(choices)
    if len(choices) > HINT_CHOICES:
        return ""
    hint = difflib.get_close_matches(str(word), choices, n=1, cutoff=0.6)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


def describe_value(value: object) -> str:
    """A short YAML-like rendering of a value for messages: ``true``, ``null``, ``'0.3'``.

    >>> describe_value(True), describe_value(None), describe_value("0.3"), describe_value(2)
    ('true', 'null', "'0.3'", '2')
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def kind_of(value: object) -> str:
    """The YAML word for a value's type: ``a number``, ``a boolean``, ``a list`` ..."""
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"


def unknown(kind: str, name: object, choices: Iterable[str]) -> str:
    """``unknown issue 'natp' (did you mean 'nato'?)``, or the choices when none is close.

    >>> unknown("issue", "zz", ["nato", "territory"])
    "unknown issue 'zz' (one of: nato, territory)"
    """
    choices = list(choices)
    hint = did_you_mean(name, choices) or (f" (one of: {listing(choices)})" if choices else "")
    return f"unknown {kind} {describe_value(name) if not isinstance(name, str) else repr(name)}{hint}"
