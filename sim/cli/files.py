"""The commands on scenario files themselves: ``negsim validate`` and ``negsim import
llm-deliberation``."""

from __future__ import annotations

import argparse
import sys

from ..errors import ScenarioError
from ..outputs import emit_text
from .exits import EXIT_BAD_INPUT, EXIT_OK


def validate_command(args: argparse.Namespace) -> int:
    from ..scenario import load

    status = EXIT_OK
    for path in args.files:
        try:
            s = load(path)
        except ScenarioError as exc:
            for line in exc.lines():
                print(line, file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        for w in s.warnings:
            print("warning: " + w.format(path), file=sys.stderr)
        print(f"{path}: ok")
    return status


def import_deliberation_command(args: argparse.Namespace) -> int:
    from ..deliberation import game_yaml

    text = game_yaml(args.folder)
    emit_text(text, args.out)
    return EXIT_OK
