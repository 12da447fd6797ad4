"""The argument parser of ``negsim``: every subcommand, its options and the function
that runs it (``func``), and the kind of target its ``--out``/``-o`` writes
(``out_kind``, checked by :func:`sim.outputs.check_target` before any work)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .dynamics import simulate_command
from .files import import_deliberation_command, validate_command
from .sampling import (
    calibrate_command,
    discover_command,
    plot_sweep_command,
    sensitivity_command,
    sweep_command,
    uncertainty_command,
)
from .solve import (
    check_command,
    diff_command,
    explain_command,
    game_command,
    plot_command,
    report_command,
    run_command,
    serve_command,
    timeline_command,
)


def _sampling_arguments(p: argparse.ArgumentParser, samples: str, out: str) -> None:
    p.add_argument("scenario", help="a scenario with some numbers given as distributions")
    p.add_argument("--samples", type=int, help=samples)
    p.add_argument("--seed", type=int, default=0, help="seed of the draws (default 0)")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--out", type=Path, help=out)
    p.add_argument("--workers", type=int, default=1, help="worker processes on this machine")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="solve on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786")
    p.add_argument("--quiet", action="store_true", help="no progress bar")


#: What ``negsim --help`` says (the module's docstring is for its readers, not users).
DESCRIPTION = ("Game-theoretic negotiation simulator: a scenario in (YAML), the zone of "
               "possible agreement, the Pareto frontier and the bargaining solutions out.")
EPILOG = ("Each command has its own --help. Reference: docs/reference.md (commands, report), "
          "docs/scenario-format.md (the file). Exit status: 0 success, 2 bad input (located "
          "messages), 1 anything else.")


def build_parser() -> argparse.ArgumentParser:
    from .. import __version__

    parser = argparse.ArgumentParser(prog="negsim", description=DESCRIPTION, epilog=EPILOG)
    parser.add_argument("--version", action="version", version=f"negsim {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="solve a scenario")
    run.add_argument("scenario", help="scenario file, or a folder with a GENIUS domain and profiles")
    run.add_argument("--json", action="store_true", help="print the JSON report (docs/reference.md)")
    run.add_argument("--out", type=Path, help="write report.json (and the frontier figure) here")
    run.add_argument("--games", action="store_true",
                     help="add every pressure's threat game as pressures.<name>.game (docs/games.md)")
    run.add_argument("--explain", action="store_true",
                     help="add the explanation (docs/explain.md) to the report as 'explain'")
    run.add_argument("--robust", action="store_true",
                     help="add each solution's robustness as solutions.<concept>.robustness "
                          "(docs/robustness.md)")
    run.add_argument("--csv", type=Path, metavar="DIR",
                     help="write solutions.csv, frontier.csv and zopa.csv into DIR")
    run.add_argument("--frontier", action="store_true",
                     help="add every frontier outcome with its utilities to the JSON as 'frontier'")
    run.add_argument("--stamp", action="store_true",
                     help="add negsim_version and the input's input_sha256 to the JSON report")
    run.set_defaults(func=run_command, out_kind="folder")
    rep = sub.add_parser("report", help="one self-contained HTML report (figures inline, printable)")
    rep.add_argument("scenario")
    rep.add_argument("-o", "--out", type=Path, help="HTML file (default: SCENARIO-NAME.html here)")
    rep.set_defaults(func=report_command, out_kind="file")
    srv = sub.add_parser("serve", help="a local what-if page: sliders redraw the deal (127.0.0.1 only)")
    srv.add_argument("scenario")
    srv.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765; 0: any free)")
    srv.add_argument("--open", action="store_true", help="open the page in the default browser")
    srv.set_defaults(func=serve_command)
    sim_ = sub.add_parser("simulate", help="round-by-round alternating offers (docs/dynamics.md)")
    sim_.add_argument("scenario")
    sim_.add_argument("--rounds", type=int, default=100, help="deadline N (default 100)")
    sim_.add_argument("--first", help="the veto party proposing in round 1")
    sim_.add_argument("--strategy", action="append", metavar="PARTY=NAME",
                      help="override a party's strategy (repeatable)")
    sim_.add_argument("--seed", type=int, default=None, help="seed for the breakdown draws")
    sim_.add_argument("--runs", type=int, default=1, help="Monte Carlo: this many seeded runs")
    sim_.add_argument("--json", action="store_true", help="print the trace as JSON (docs/dynamics.md)")
    sim_.add_argument("--out", type=Path, help="write the negotiation-dance figure (PNG/SVG/PDF)")
    sim_.set_defaults(func=simulate_command, out_kind="figure")
    why = sub.add_parser("explain", help="why each solution, and what would open or move a deal")
    why.add_argument("scenario")
    why.add_argument("--json", action="store_true", help="print the explanation as JSON (docs/explain.md)")
    why.set_defaults(func=explain_command)
    tl = sub.add_parser("timeline", help="stages of a negotiation in date order: a table (and "
                                         "with --out a figure) of how the ZOPA and the deal moved")
    tl.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                    help="a folder of dated scenarios (date: YYYY-MM-DD), or scenario files")
    tl.add_argument("--json", action="store_true", help="print one JSON row per stage")
    tl.add_argument("--out", type=Path, help="write timeline.json, timeline.png and timeline.svg here")
    tl.set_defaults(func=timeline_command, out_kind="folder")
    dif = sub.add_parser("diff", help="what changed between two scenarios, and what it did to "
                                      "the ZOPA and the solutions")
    dif.add_argument("a", help="the earlier scenario")
    dif.add_argument("b", help="the later scenario")
    dif.add_argument("--json", action="store_true", help="print {a, b, changes, effects} as JSON")
    dif.set_defaults(func=diff_command)
    plot = sub.add_parser("plot", help="draw the payoff frontier (PNG, SVG or PDF by suffix)")
    plot.add_argument("scenario")
    plot.add_argument("--parties", nargs=2, metavar=("A", "B"),
                      help="the two parties on the axes (default: the veto parties)")
    plot.add_argument("--out", type=Path, default=Path("frontier.png"),
                      help="figure file (default frontier.png)")
    plot.set_defaults(func=plot_command, out_kind="figure")
    chk = sub.add_parser("check", help="test proposals against the model: who accepts, in the "
                                       "ZOPA?, on the frontier?, Nash product (docs/agreement.md)")
    chk.add_argument("scenario")
    chk.add_argument("--proposal", required=True, type=Path,
                     help="YAML file: one outcome {issue: option or number}, or a list of them")
    chk.add_argument("--json", action="store_true", help="print the checks as JSON")
    chk.set_defaults(func=check_command)
    val = sub.add_parser("validate", help="check scenario files")
    val.add_argument("files", nargs="+")
    val.set_defaults(func=validate_command)
    game = sub.add_parser("game", help="the strategic games: the scenario's and each pressure's threat game")
    game.add_argument("scenario")
    game.add_argument("--json", action="store_true", help="print {games, pressures.<name>.game}")
    game.set_defaults(func=game_command)
    swp = sub.add_parser("sweep", help="parameter sweep into a resumable Parquet dataset (docs/sweeps.md)")
    swp.add_argument("sweep", help="the sweep file (YAML)")
    swp.add_argument("--out", type=Path, required=True, help="results folder (rerunning resumes)")
    swp.add_argument("--workers", type=int, default=1, help="worker processes on this machine")
    swp.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786")
    swp.add_argument("--quiet", action="store_true", help="no progress bar")
    swp.add_argument("--csv", type=Path, metavar="FILE", help="also write the whole table as CSV")
    swp.set_defaults(func=sweep_command, out_kind="folder")
    psw = sub.add_parser("plot-sweep", help="a metric of a sweep's results: a line or a heatmap")
    psw.add_argument("results", type=Path, help="the --out folder of negsim sweep")
    psw.add_argument("--x", required=True, help="varied path on the x axis")
    psw.add_argument("--y", help="second varied path: draws a heatmap")
    psw.add_argument("--metric", required=True,
                     help="recorded column, e.g. zopa.size; an option-valued column draws the "
                          "share of each option, FIELD=OPTION the share of one")
    psw.add_argument("--out", type=Path,
                     help="PNG, SVG or PDF file (default: RESULTS-METRIC.png beside RESULTS)")
    psw.set_defaults(func=plot_sweep_command, out_kind="figure")
    unc = sub.add_parser("uncertainty", help="how sure the deal is: solve draws of the uncertain "
                                             "numbers (docs/uncertainty.md)")
    _sampling_arguments(unc, "number of draws (default 1000)",
                        "write uncertainty.json and uncertainty.png here, and keep the solved "
                        "draws in OUT/samples (rerunning resumes)")
    unc.set_defaults(func=uncertainty_command, out_kind="folder")
    cal = sub.add_parser("calibrate", help="keep the draws of the uncertain numbers that "
                                           "reproduce what was observed (docs/calibration.md)")
    _sampling_arguments(cal, "number of draws (default 1000)",
                        "write calibration.json and the kept draws as kept.parquet here, and keep "
                        "the solved draws in OUT/samples (rerunning resumes)")
    cal.set_defaults(func=calibrate_command, out_kind="folder")
    sen = sub.add_parser("sensitivity", help="which uncertain numbers decide a report field "
                                             "(Sobol or Morris, docs/uncertainty.md)")
    _sampling_arguments(sen, "Sobol: base sample N, N(k + 2) runs (default 256); Morris: "
                             "trajectories r, r(k + 1) runs (default 20)",
                        "write sensitivity.json and sensitivity.png here, and keep the runs in "
                        "OUT/METHOD-samples (rerunning resumes)")
    sen.add_argument("--output", required=True, metavar="FIELD",
                     help="report field, e.g. solutions.nash.utilities.russia or zopa.exists")
    sen.add_argument("--method", default="sobol", help="sobol (default) or morris")
    sen.set_defaults(func=sensitivity_command, out_kind="folder")
    dis = sub.add_parser("discover", help="in which region of the uncertain numbers a condition "
                                          "holds (PRIM boxes)")
    _sampling_arguments(dis, "number of draws (default 1000)",
                        "write discovery.json and discovery.png (the peeling trajectory) here, "
                        "and keep the solved draws in OUT/samples (rerunning resumes)")
    dis.add_argument("--condition", required=True, metavar="EXPR",
                     help="e.g. 'zopa.exists == false' or \"solutions.nash.outcome.nato == "
                          "neutrality and zopa.size > 100\"; may start with an operator to apply "
                          "it to --output")
    dis.add_argument("--output", metavar="FIELD", help="the report field the condition is about")
    dis.add_argument("--boxes", type=int, default=3, help="at most this many boxes (default 3)")
    dis.set_defaults(func=discover_command, out_kind="folder")
    from ..genius.command import add_commands as add_genius_commands
    from ..spatial.command import add_commands as add_spatial_commands

    imports = add_genius_commands(sub)  # negsim import genius / export genius
    deli = imports.add_parser("llm-deliberation", help="an LLM-Deliberation game folder "
                                                       "(docs/agreement.md)")
    deli.add_argument("folder", help="the game folder: config.txt and one score file per party")
    deli.add_argument("-o", "--out", type=Path, help="scenario YAML to write (default: stdout)")
    deli.set_defaults(func=import_deliberation_command, out_kind="file")
    add_spatial_commands(sub, imports)  # negsim import deu / import spatial, forecast
    return parser
