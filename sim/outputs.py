"""Where a command writes, checked before anything is computed.

A target that cannot be written is bad input (exit status 2) named by its
option, found before minutes of work are spent on a result that could not be
kept: an ``--out`` folder that is an existing file, an ``--out`` file that is an
existing folder, a figure whose suffix is no format negsim writes, or a path
under an existing file. Every ``--out``/``-o`` of the command line is checked
here (``sim.cli`` tags each subcommand with the kind of target it writes).

>>> check_target("report.txt", "figure", "--out", "s.yaml")
Traceback (most recent call last):
...
sim.errors.ScenarioError: s.yaml: --out: report.txt: unknown figure format '.txt'; use one of .png, .svg, .pdf
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal, TypeVar

from .errors import Problem, ScenarioError

#: Figure formats, by suffix (:func:`sim.plot.save_figure` writes each).
FORMATS = (".png", ".svg", ".pdf")

Kind = Literal["folder", "file", "figure"]

#: A figure of :mod:`sim.plot` (matplotlib's ``Figure``; this module imports neither).
Drawn = TypeVar("Drawn")


def target_problem(path: str | Path, kind: Kind) -> str | None:
    """Why ``path`` cannot be written as a ``kind``, or None."""
    path = Path(path)
    if kind == "figure" and path.suffix.lower() not in FORMATS:
        return (f"{path}: unknown figure format {path.suffix or '(no suffix)'!r}; "
                f"use one of {', '.join(FORMATS)}")
    if path.is_dir() and kind != "folder":
        return f"{path} is a folder; give a file name"
    if path.exists() and not path.is_dir() and kind == "folder":
        return f"{path} is a file; give a folder (it is created if missing)"
    for parent in path.parents:
        if parent.exists():
            return None if parent.is_dir() else f"{parent} is a file, so {path} cannot be made"
    return None


def check_target(path: str | Path, kind: Kind, option: str, source: str | None) -> None:
    """A located error (exit 2) if ``path`` cannot be written as a ``kind``."""
    problem = target_problem(path, kind)
    if problem is not None:
        raise ScenarioError([Problem(option, problem)], source)


def emit_text(text: str, out: Path | None) -> None:
    """Write ``text`` to the file ``out`` (its folder made if missing) and say so, or
    to standard output without ``out`` (what every ``negsim import`` does)."""
    if out is None:
        sys.stdout.write(text)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"written: {out}")


class CannotWrite(Exception):
    """A target that could not be written after the work was done (exit status 1)."""

    def __init__(self, command: str, path: str | Path, error: OSError, folder: bool) -> None:
        self.command, self.path, self.error, self.folder = command, Path(path), error, folder
        super().__init__(self.message())

    def message(self) -> str:
        """``negsim COMMAND: cannot write [to] PATH: why`` ("to" before a folder).

        >>> CannotWrite("report", "r.html", PermissionError(13, "Permission denied"), False).message()
        'negsim report: cannot write r.html: Permission denied'
        """
        who = f"negsim {self.command}" if self.command else "negsim"
        to = " to" if self.folder else ""
        return f"{who}: cannot write{to} {self.path}: {self.error.strerror or self.error}"


@contextmanager
def writing(path: str | Path, command: str = "", folder: bool = False) -> Iterator[None]:
    """Turn an :class:`OSError` of the block into :class:`CannotWrite` of ``path``
    (``command``: the subcommand the message names, empty for ``negsim run``)."""
    try:
        yield
    except OSError as exc:
        raise CannotWrite(command, path, exc, folder) from exc


def write_outputs(out: Path, name: str, data: Any, stem: str, figure: Callable[[], Drawn],
                  save: Callable[[Drawn, Path], object], announce: bool) -> None:
    """Write ``NAME.json`` (``data``, through a temporary file) and the figure
    ``figure()`` as ``STEM.png`` and ``STEM.svg`` (each by ``save``) into the folder
    ``out`` (made if missing); :class:`CannotWrite` if it cannot be written. With
    ``announce``, say what was written."""
    with writing(out, folder=True):
        out.mkdir(parents=True, exist_ok=True)
        tmp = out / f".{name}.json.tmp"
        tmp.write_text(json.dumps(data, indent=1) + "\n")
        tmp.replace(out / f"{name}.json")
        drawn = figure()
        for suffix in (".png", ".svg"):
            save(drawn, out / f"{stem}{suffix}")
    if announce:
        print(f"\nwritten: {out}/{name}.json, {stem}.png, {stem}.svg")
