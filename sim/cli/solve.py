"""The commands on one scenario (or a few): ``negsim run``, ``report``, ``serve``,
``plot``, ``explain``, ``diff``, ``check``, ``game`` and ``timeline``. Each loads,
calls the library and prints what its renderer returns; ``sim.cli`` maps errors
to exit statuses.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..outputs import write_outputs, writing
from .exits import EXIT_BAD_INPUT, EXIT_OK


def run_command(args: argparse.Namespace) -> int:
    from ..findings import Options, findings
    from ..report import report_json, run_text

    if Path(args.scenario).is_dir():  # a GENIUS folder; the XML package (~0.15 s) only then
        from ..genius.command import load_run_input

        scenario = load_run_input(args.scenario)
    else:
        from ..scenario import load

        scenario = load(args.scenario)
    with _resolves_bar() as resolved:
        found = findings(scenario, Options(text=not args.json, explain=args.explain, robust=args.robust,
                                           games=args.games, frontier=args.frontier, stamp=args.stamp,
                                           source=Path(args.scenario)), resolved)
    report = report_json(found)
    # print first: a folder that cannot be written must not cost the user the report
    print(json.dumps(report, indent=1) if args.json else run_text(found))
    if args.out is not None:
        from ..plot import frontier_figure
        from ..plot.style import save_figure

        write_outputs(args.out, "report", report, "frontier", lambda: frontier_figure(found.analysis),
                      save_figure, announce=not args.json)
    if args.csv is not None:
        from ..tables import write_tables

        with writing(args.csv, folder=True):
            notes = write_tables(found.analysis, args.csv)
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
        if not args.json:
            print(f"\nwritten: {args.csv}/solutions.csv, frontier.csv, zopa.csv")
    return EXIT_OK


@contextlib.contextmanager
def _resolves_bar() -> Iterator[Callable[[], None]]:
    """An update function for the robustness block's full re-solves
    (docs/robustness.md): a progress bar on a terminal's standard error, shown only
    once the block has taken a second (the fast path never shows one), removed when done."""
    bars: list[Any] = []

    def resolved() -> None:
        if not bars:
            from tqdm import tqdm

            bars.append(tqdm(desc="Holds while: full", unit=" re-solves", file=sys.stderr,
                             leave=False, delay=1.0, mininterval=0.5, disable=None))
        bars[0].update()

    try:
        yield resolved
    finally:
        for bar in bars:
            bar.close()


def report_command(args: argparse.Namespace) -> int:
    from ..findings import findings
    from ..htmlreport import PAGE, write_report
    from ..scenario import load

    found = findings(load(args.scenario), PAGE)
    out = args.out or Path(Path(args.scenario).stem + ".html")
    with writing(out, "report"):
        write_report(found, Path(args.scenario), out)
    print(f"written: {out}")
    return EXIT_OK


def serve_command(args: argparse.Namespace) -> int:
    from ..scenario import load
    from ..serve import serve

    return serve(load(args.scenario), Path(args.scenario), port=args.port, open_browser=args.open)


def plot_command(args: argparse.Namespace) -> int:
    from ..analysis import analyse
    from ..plot import check_format, check_parties, frontier_figure, save_figure
    from ..scenario import load

    scenario = load(args.scenario)
    try:
        check_format(args.out)
        if args.parties:
            check_parties(scenario, args.parties)
    except ValueError as exc:
        print(f"negsim plot: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    save_figure(frontier_figure(analyse(scenario), parties=args.parties), args.out)
    print(f"written: {args.out}")
    return EXIT_OK


def explain_command(args: argparse.Namespace) -> int:
    from ..analysis import analyse
    from ..explain import explain
    from ..scenario import load

    why = explain(analyse(load(args.scenario)))
    if args.json:
        print(json.dumps(why, indent=1))
    else:
        print("\n".join(why["sentences"]) or "nothing to explain")
    return EXIT_OK


def diff_command(args: argparse.Namespace) -> int:
    from ..analysis import analyse
    from ..diff import diff, diff_text
    from ..scenario import load

    a, b = load(args.a), load(args.b)
    result = diff(analyse(a), analyse(b))
    print(json.dumps(result, indent=1) if args.json else diff_text(result))
    return EXIT_OK


def check_command(args: argparse.Namespace) -> int:
    from ..analysis import analyse
    from ..check import check, check_json, check_text, read_proposals
    from ..scenario import load

    scenario = load(args.scenario)
    proposals = read_proposals(args.proposal, scenario)  # a bad file fails before solving
    analysis = analyse(scenario)
    checked = check(analysis, proposals)
    print(json.dumps(check_json(analysis, checked), indent=1) if args.json
          else check_text(analysis, checked))
    return EXIT_OK


def game_command(args: argparse.Namespace) -> int:
    from ..games import analyse_games, games_text
    from ..scenario import load

    report = analyse_games(load(args.scenario))
    if args.json:
        print(json.dumps(report.to_json(), indent=1))
    else:
        print(games_text(report) or "no games: the scenario has no games: and no pressures")
    return EXIT_OK


def timeline_command(args: argparse.Namespace) -> int:
    from ..timeline import timeline, timeline_text

    rows = timeline(args.paths)
    print(json.dumps(rows, indent=1) if args.json else timeline_text(rows))
    if args.out is not None:
        from ..plot.style import save_figure
        from ..plot.timeline import timeline_figure

        write_outputs(args.out, "timeline", rows, "timeline", lambda: timeline_figure(rows),
                      save_figure, announce=not args.json)
    return EXIT_OK
