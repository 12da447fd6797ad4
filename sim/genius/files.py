"""Reading a GENIUS domain and its profiles from files or a folder.

Problems of every file are gathered, so a user sees all of them at once;
:class:`FilesError` is a :class:`~sim.errors.ScenarioError` (exit status 2)
whose lines name each problem's own file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import Problem, ScenarioError
from .importer import Imported, to_document
from .reader import domain_of, is_profile, profile_of
from .xmltree import Node, read_xml


class FilesError(ScenarioError):
    """Problems found in several files; each line names its own file."""

    def __init__(self, errors: list[ScenarioError]):
        self.errors = errors
        super().__init__([p for e in errors for p in e.problems], errors[0].source)

    def lines(self) -> list[str]:
        return [line for e in self.errors for line in e.lines()]


def _raise(errors: list[ScenarioError]) -> None:
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise FilesError(errors)


def _parse_all(paths: Sequence[str | Path]) -> list[Node]:
    roots, errors = [], []
    for path in paths:
        try:
            roots.append(read_xml(path))
        except ScenarioError as exc:
            errors.append(exc)
    _raise(errors)
    return roots


def import_roots(domain: tuple[Node, str], profiles: Sequence[tuple[Node, str]]) -> Imported:
    """Build the scenario document from parsed files ((root, file) pairs)."""
    model = domain_of(*domain)
    read, errors, warnings = [], [], []
    for root, source in profiles:
        try:
            profile, found = profile_of(root, source, model, domain[1])
        except ScenarioError as exc:
            errors.append(exc)
            continue
        read.append((profile, source))
        warnings += [(source, w) for w in found]
    _raise(errors)
    return to_document(model, domain[1], read, warnings)


def import_files(domain: str | Path, profiles: Sequence[str | Path]) -> Imported:
    """Import a GENIUS domain file and its profile files (in the order given)."""
    if len(profiles) < 2:
        raise ScenarioError([Problem("", f"a negotiation needs at least two profiles, got "
                                         f"{len(profiles)}")], str(domain))
    roots = _parse_all([domain, *profiles])
    if is_profile(roots[0]):
        raise ScenarioError([roots[0].problem("this is a profile (it has weights or evaluations), "
                                              "not a domain: give the domain file first")], str(domain))
    return import_roots((roots[0], str(domain)), list(zip(roots[1:], map(str, profiles))))


def import_folder(folder: str | Path) -> Imported:
    """Import the folder's GENIUS domain and profiles, told apart by their content;
    profiles are taken in file-name order."""
    folder = Path(folder)
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xml" and p.is_file()) \
        if folder.is_dir() else []
    roots = _parse_all(paths)
    domains = [(r, str(p)) for r, p in zip(roots, paths) if not is_profile(r)]
    profiles = [(r, str(p)) for r, p in zip(roots, paths) if is_profile(r)]
    if len(domains) != 1 or len(profiles) < 2:
        found = ", ".join(Path(s).name for _, s in domains) or "none"
        raise ScenarioError([Problem("", f"a GENIUS folder holds one domain file and at least two "
                                         f"profile files (*.xml); found domain(s): {found}, and "
                                         f"{len(profiles)} profile(s)")], str(folder))
    return import_roots(domains[0], profiles)
