"""The ``negsim import genius`` and ``negsim export genius`` commands, and the
GENIUS-folder input of ``negsim run`` (the CLI prints; the library does not).

``sim.cli`` calls :func:`add_commands` to register the subcommands and
:func:`load_run_input` to read what ``negsim run`` was given.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..outputs import emit_text

EXIT_OK = 0


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(f"warning: {line}", file=sys.stderr)


def load_run_input(path: str) -> Any:
    """A scenario file, or a folder holding a GENIUS domain and its profiles
    (imported in memory; the import's warnings go to stderr)."""
    from ..scenario import load

    if not Path(path).is_dir():
        return load(path)
    from . import load_folder

    scenario, warnings = load_folder(path)
    _warn(warnings)
    return scenario


def _import(args: argparse.Namespace) -> int:
    from . import import_files, to_yaml

    imported = import_files(args.domain, args.profiles)
    _warn(imported.warnings)
    text = to_yaml(imported)
    emit_text(text, args.out)
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from .exporter import export_genius

    exported = export_genius(load_run_input(args.scenario), args.out)
    for path in exported.files:
        print(f"written: {path}")
    if exported.dropped:
        print("dropped or approximated (GENIUS cannot express them):", file=sys.stderr)
        for line in exported.dropped:
            print(f"  - {line}", file=sys.stderr)
    return EXIT_OK


def add_commands(sub: Any) -> Any:
    """Register ``import genius`` and ``export genius`` on the top-level subparsers;
    returns the formats of ``import``, for other importers to join."""
    imp = sub.add_parser("import", help="convert another format into a negsim scenario")
    formats = imp.add_subparsers(dest="format", required=True)
    imports = formats
    gen = formats.add_parser("genius", help="a GENIUS domain and its profiles (docs/genius.md)")
    gen.add_argument("domain", help="the domain file (<negotiation_template>)")
    gen.add_argument("profiles", nargs="+", help="two or more profile files (<utility_space>)")
    gen.add_argument("-o", "--out", type=Path, help="scenario YAML to write (default: stdout)")
    gen.set_defaults(func=_import, out_kind="file")
    exp = sub.add_parser("export", help="write a negsim scenario in another format")
    formats = exp.add_subparsers(dest="format", required=True)
    gen = formats.add_parser("genius", help="a GENIUS domain and one profile per veto party")
    gen.add_argument("scenario", help="scenario file (or GENIUS folder)")
    gen.add_argument("-o", "--out", type=Path, required=True, help="folder to write the XML files into")
    gen.set_defaults(func=_export, out_kind="folder")
    return imports
