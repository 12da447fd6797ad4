"""Located errors: every problem names the file, the dotted path and what is wrong.

A :class:`ScenarioError` carries one :class:`Problem` per defect, so a user sees
every mistake of a file at once. The CLI turns it into exit status 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One defect in an input file: where (dotted path, line) and what."""

    path: str
    message: str
    line: int | None = None

    def format(self, source: str | None) -> str:
        where = source or "<scenario>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.path or '(document)'}: {self.message}"


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


class AnalysisError(Exception):
    """A well-formed scenario whose analysis cannot be carried out (exit status 2),
    such as an outcome space larger than ``solve.max_outcomes``."""


def dotted(path: tuple[object, ...] | list[object]) -> str:
    """``('parties', 'russia', 'red_lines', 0)`` -> ``parties.russia.red_lines.0``."""
    return ".".join(str(p) for p in path)
