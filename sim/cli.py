"""The ``negsim`` command line (SPEC section 4). Thin: parse, call, print, map errors to exit codes."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from .counts import check_counts
from .errors import AnalysisError, Problem, ScenarioError
from .outputs import check_target, emit_text

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2


def _run(args: argparse.Namespace) -> int:
    from .analysis import analyse
    from .report import run_text, to_json

    if Path(args.scenario).is_dir():  # a GENIUS folder; the XML package (~0.15 s) only then
        from .genius.command import load_run_input

        scenario = load_run_input(args.scenario)
    else:
        from .scenario import load

        scenario = load(args.scenario)
    analysis = analyse(scenario)
    report = to_json(analysis)
    why = None
    if args.explain or not args.json:
        from .explain import explain

        why = explain(analysis, moves=args.explain, counterfactuals=args.explain)
        if args.explain:
            report["explain"] = why
    robust = None
    if args.robust or not args.json:
        from .explain.robustness import robustness, text_lines

        robust = robustness(analysis)
        if args.robust:
            for name, entry in report["solutions"].items():
                if entry is not None:
                    entry["robustness"] = None if robust is None else robust[name]
    if args.games:
        from .games import analyse_games

        layer = analyse_games(scenario, solver=analysis.solver).to_json()
        if layer.get("games"):
            report["games"] = layer["games"]
        for name, entry in layer.get("pressures", {}).items():
            report["pressures"][name]["game"] = entry["game"]
    if args.frontier:
        from .tables import frontier_json

        report["frontier"] = frontier_json(analysis)
    if args.stamp:
        from . import __version__
        from .htmlreport import input_hash

        report["negsim_version"] = __version__
        if Path(args.scenario).is_file():
            report["input_sha256"] = input_hash(Path(args.scenario).read_bytes())
    # print first: a folder that cannot be written must not cost the user the report
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(run_text(analysis, text_lines(robust), why["sentences"] if why else []))
        if scenario.observed:
            from .observations import check, observations_text

            solver = analysis.solver_of()
            print("\n" + observations_text(solver.scenario, check(solver, analysis.result)))
    if args.out is not None:
        from .plot import frontier_figure

        status = _write_outputs(args.out, "report", report, "frontier",
                                lambda: frontier_figure(analysis), announce=not args.json)
        if status != EXIT_OK:
            return status
    if args.csv is not None:
        from .tables import write_tables

        try:
            notes = write_tables(analysis, args.csv)
        except OSError as exc:
            print(f"negsim: cannot write to {args.csv}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_ERROR
        for note in notes:
            print(f"note: {note}", file=sys.stderr)
        if not args.json:
            print(f"\nwritten: {args.csv}/solutions.csv, frontier.csv, zopa.csv")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from .analysis import analyse
    from .htmlreport import write_report
    from .scenario import load

    analysis = analyse(load(args.scenario))
    out = args.out or Path(Path(args.scenario).stem + ".html")
    try:
        write_report(analysis, Path(args.scenario), out)
    except OSError as exc:
        print(f"negsim report: cannot write {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    print(f"written: {out}")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from .scenario import load
    from .serve import serve

    return serve(load(args.scenario), Path(args.scenario), port=args.port, open_browser=args.open)


def _write_outputs(out: Path, name: str, data, stem: str, figure, announce: bool) -> int:
    """Write ``NAME.json`` (``data``) and the figure ``figure()`` as ``STEM.png`` and
    ``STEM.svg`` into ``out``; the exit status (a folder that cannot be written is
    an error, after the report was printed)."""
    from .plot.style import save_figure

    try:
        out.mkdir(parents=True, exist_ok=True)
        tmp = out / f".{name}.json.tmp"
        tmp.write_text(json.dumps(data, indent=1) + "\n")
        tmp.replace(out / f"{name}.json")
        drawn = figure()
        for suffix in (".png", ".svg"):
            save_figure(drawn, out / f"{stem}{suffix}")
    except OSError as exc:
        print(f"negsim: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_ERROR
    if announce:
        print(f"\nwritten: {out}/{name}.json, {stem}.png, {stem}.svg")
    return EXIT_OK


def _plot(args: argparse.Namespace) -> int:
    from .analysis import analyse
    from .plot import check_format, check_parties, frontier_figure, save_figure
    from .scenario import load

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


def _explain(args: argparse.Namespace) -> int:
    from .analysis import analyse
    from .explain import explain
    from .scenario import load

    why = explain(analyse(load(args.scenario)))
    if args.json:
        print(json.dumps(why, indent=1))
    else:
        print("\n".join(why["sentences"]) or "nothing to explain")
    return EXIT_OK


def _timeline(args: argparse.Namespace) -> int:
    from .timeline import timeline, timeline_text

    rows = timeline(args.paths)
    print(json.dumps(rows, indent=1) if args.json else timeline_text(rows))
    if args.out is not None:
        from .plot.timeline import timeline_figure

        return _write_outputs(args.out, "timeline", rows, "timeline",
                              lambda: timeline_figure(rows), announce=not args.json)
    return EXIT_OK


def _diff(args: argparse.Namespace) -> int:
    from .analysis import analyse
    from .diff import diff, diff_text
    from .scenario import load

    a, b = load(args.a), load(args.b)
    result = diff(analyse(a), analyse(b))
    print(json.dumps(result, indent=1) if args.json else diff_text(result))
    return EXIT_OK


def _simulate(args: argparse.Namespace) -> int:
    from .dynamics.simulate import prepare, simulate, simulate_many, trace_text
    from .scenario import load

    scenario = load(args.scenario)
    strategies = {}
    for item in args.strategy or []:
        party, sep, name = item.partition("=")
        if not sep:
            raise ScenarioError([Problem("--strategy", f"expected PARTY=NAME, got {item!r}")], args.scenario)
        strategies[party] = name
    if args.runs > 1:
        summary = simulate_many(scenario, args.runs, args.rounds, args.first, strategies, args.seed or 0)
        print(json.dumps(summary, indent=1) if args.json else
              f"{summary['runs']} runs: agreement in {summary['agreement_probability']:.1%}; "
              f"round of agreement: {summary['round_of_agreement']}; "
              f"no agreement: {summary['no_agreement']}")
        return EXIT_OK
    bar = None
    if args.rounds >= 200 and sys.stderr.isatty() and not args.json:
        from tqdm import tqdm

        bar = tqdm(total=args.rounds, desc="backward induction", unit="round", file=sys.stderr)
    prepared = prepare(scenario, args.rounds, args.first, strategies, bar.update if bar else None)
    trace = simulate(scenario, args.rounds, args.first, strategies, args.seed, _prepared=prepared)
    if bar is not None:
        bar.close()
    if args.out is not None:
        from .dynamics.figure import dance_figure
        from .plot.style import save_figure

        save_figure(dance_figure(trace), args.out)
    print(json.dumps(trace.to_json(), indent=1) if args.json else trace_text(trace))
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from .scenario import load

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


def _game(args: argparse.Namespace) -> int:
    from .games import analyse_games, games_text
    from .scenario import load

    report = analyse_games(load(args.scenario))
    if args.json:
        print(json.dumps(report.to_json(), indent=1))
    else:
        print(games_text(report) or "no games: the scenario has no games: and no pressures")
    return EXIT_OK


def _sweep(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from .sweep import StoreConflict, load, plan, run

    checked = plan(load(args.sweep))
    bars: list[tqdm] = []

    def start(total: int, done: int) -> None:
        bars.append(tqdm(total=total, initial=done, unit=" variants", file=sys.stderr,
                         dynamic_ncols=True, mininterval=0.3, disable=args.quiet))

    try:
        with _sigterm_as_interrupt():
            summary = run(checked, args.out, workers=args.workers, scheduler=args.scheduler,
                          progress=lambda n: bars[0].update(n), start=start)
    except StoreConflict as exc:
        print(f"negsim sweep: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ConnectionError as exc:
        print(f"negsim sweep: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(f"\ninterrupted: finished parts are kept in {args.out}; rerun the same command "
              "to resume", file=sys.stderr)
        return 130
    finally:
        for bar in bars:
            bar.close()
    resumed = f" ({summary.resumed:,} were already there)" if summary.resumed else ""
    print(f"{summary.variants:,} variants{resumed} in {summary.out}/: read them with "
          f"pandas.read_parquet({str(summary.out)!r})")
    if args.csv is not None:
        from .sweep import read

        args.csv.parent.mkdir(parents=True, exist_ok=True)
        read(summary.out).to_csv(args.csv, index=False)
        print(f"written: {args.csv}")
    return EXIT_OK


def _terminated(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM stops a long run as Ctrl-C does (parts kept, workers stopped)."""
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _plot_sweep(args: argparse.Namespace) -> int:
    from .plot_sweep import PlotError, default_out, plot_sweep, save
    from .sweep import read

    if not args.results.is_dir():
        print(f"negsim plot-sweep: {args.results}: no such results folder", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        fig = plot_sweep(read(args.results), args.x, args.metric, args.y)
        written = save(fig, args.out or default_out(args.results, args.metric))
    except PlotError as exc:
        print(f"negsim plot-sweep: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"written: {written}")
    return EXIT_OK


def _sampled(args: argparse.Namespace, name: str, compute, text, figure) -> int:
    """Shared by uncertainty, sensitivity and discover: solve the draws with a progress
    bar (the sweep engine), print the text or JSON, and write ``--out``."""
    from tqdm import tqdm

    from .sweep import StoreConflict
    bars: list[tqdm] = []

    def start(total: int, done: int) -> None:
        bars.append(tqdm(total=total, initial=done, unit=" variants", file=sys.stderr,
                         dynamic_ncols=True, mininterval=0.3, disable=True if args.quiet else None))

    try:
        with _sigterm_as_interrupt():
            result = compute(progress=lambda n: bars[0].update(n), start=start)
    except StoreConflict as exc:
        print(f"negsim {name}: {exc} (Here: --samples, --seed, --method, --output or the scenario "
              f"differ from the run that wrote it.)", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        for bar in bars:
            bar.close()
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / f"{name}.json").write_text(json.dumps(result, indent=1) + "\n")
        if figure is not None:
            from .plot.style import save_figure

            save_figure(figure(result), args.out / f"{name}.png")
    print(json.dumps(result, indent=1) if args.json else text(result))
    return EXIT_OK


def _uncertainty(args: argparse.Namespace) -> int:
    from . import uncertainty as u
    from .scenario import load

    s = load(args.scenario)
    samples = u.SAMPLES if args.samples is None else args.samples
    return _sampled(args, "uncertainty", lambda **kw: u.uncertainty(
        s, samples, args.seed, args.out, args.workers, args.scheduler, **kw), u.to_text, u.figure)


def _calibrate(args: argparse.Namespace) -> int:
    from . import calibration as cal
    from . import uncertainty as u
    from .scenario import load

    s = load(args.scenario)
    samples = u.SAMPLES if args.samples is None else args.samples
    return _sampled(args, "calibration", lambda **kw: cal.calibrate(
        s, samples, args.seed, args.out, args.workers, args.scheduler, **kw), cal.to_text, None)


def _sensitivity(args: argparse.Namespace) -> int:
    from . import sensitivity as sa
    from .scenario import load

    s = load(args.scenario)
    return _sampled(args, "sensitivity", lambda **kw: sa.analyse(
        s, args.output, args.method, args.samples, args.seed, args.out, args.workers,
        args.scheduler, **kw), sa.ranking_text, sa.figure)


def _discover(args: argparse.Namespace) -> int:
    from . import discovery as dc
    from .scenario import load
    from .uncertainty import SAMPLES

    s = load(args.scenario)
    samples = SAMPLES if args.samples is None else args.samples
    return _sampled(args, "discovery", lambda **kw: dc.discover(
        s, args.condition, args.output, samples, args.seed, args.out, args.workers,
        args.scheduler, max_boxes=args.boxes, **kw), dc.boxes_text, dc.figure)


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


def _check(args: argparse.Namespace) -> int:
    from . import agreement
    from .analysis import analyse
    from .check import check, check_text, read_proposals
    from .scenario import load

    scenario = load(args.scenario)
    proposals = read_proposals(args.proposal, scenario)  # a bad file fails before solving
    analysis = analyse(scenario)
    checked = check(analysis, proposals)
    if args.json:
        print(json.dumps({"scenario": scenario.name, "rule": agreement.describe(scenario),
                          "proposals": checked}, indent=1))
    else:
        print(check_text(analysis, checked))
    return EXIT_OK


def _import_deliberation(args: argparse.Namespace) -> int:
    from .deliberation import game_yaml

    text = game_yaml(args.folder)
    emit_text(text, args.out)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

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
    run.set_defaults(func=_run, out_kind="folder")
    rep = sub.add_parser("report", help="one self-contained HTML report (figures inline, printable)")
    rep.add_argument("scenario")
    rep.add_argument("-o", "--out", type=Path, help="HTML file (default: SCENARIO-NAME.html here)")
    rep.set_defaults(func=_report, out_kind="file")
    srv = sub.add_parser("serve", help="a local what-if page: sliders redraw the deal (127.0.0.1 only)")
    srv.add_argument("scenario")
    srv.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765; 0: any free)")
    srv.add_argument("--open", action="store_true", help="open the page in the default browser")
    srv.set_defaults(func=_serve)
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
    sim_.set_defaults(func=_simulate, out_kind="figure")
    why = sub.add_parser("explain", help="why each solution, and what would open or move a deal")
    why.add_argument("scenario")
    why.add_argument("--json", action="store_true", help="print the explanation as JSON (docs/explain.md)")
    why.set_defaults(func=_explain)
    tl = sub.add_parser("timeline", help="stages of a negotiation in date order: a table (and "
                                         "with --out a figure) of how the ZOPA and the deal moved")
    tl.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                    help="a folder of dated scenarios (date: YYYY-MM-DD), or scenario files")
    tl.add_argument("--json", action="store_true", help="print one JSON row per stage")
    tl.add_argument("--out", type=Path, help="write timeline.json, timeline.png and timeline.svg here")
    tl.set_defaults(func=_timeline, out_kind="folder")
    dif = sub.add_parser("diff", help="what changed between two scenarios, and what it did to "
                                      "the ZOPA and the solutions")
    dif.add_argument("a", help="the earlier scenario")
    dif.add_argument("b", help="the later scenario")
    dif.add_argument("--json", action="store_true", help="print {a, b, changes, effects} as JSON")
    dif.set_defaults(func=_diff)
    plot = sub.add_parser("plot", help="draw the payoff frontier (PNG, SVG or PDF by suffix)")
    plot.add_argument("scenario")
    plot.add_argument("--parties", nargs=2, metavar=("A", "B"),
                      help="the two parties on the axes (default: the veto parties)")
    plot.add_argument("--out", type=Path, default=Path("frontier.png"),
                      help="figure file (default frontier.png)")
    plot.set_defaults(func=_plot, out_kind="figure")
    chk = sub.add_parser("check", help="test proposals against the model: who accepts, in the "
                                       "ZOPA?, on the frontier?, Nash product (docs/agreement.md)")
    chk.add_argument("scenario")
    chk.add_argument("--proposal", required=True, type=Path,
                     help="YAML file: one outcome {issue: option or number}, or a list of them")
    chk.add_argument("--json", action="store_true", help="print the checks as JSON")
    chk.set_defaults(func=_check)
    val = sub.add_parser("validate", help="check scenario files")
    val.add_argument("files", nargs="+")
    val.set_defaults(func=_validate)
    game = sub.add_parser("game", help="the strategic games: the scenario's and each pressure's threat game")
    game.add_argument("scenario")
    game.add_argument("--json", action="store_true", help="print {games, pressures.<name>.game}")
    game.set_defaults(func=_game)
    swp = sub.add_parser("sweep", help="parameter sweep into a resumable Parquet dataset (docs/sweeps.md)")
    swp.add_argument("sweep", help="the sweep file (YAML)")
    swp.add_argument("--out", type=Path, required=True, help="results folder (rerunning resumes)")
    swp.add_argument("--workers", type=int, default=1, help="worker processes on this machine")
    swp.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on a Dask distributed cluster, e.g. tcp://10.0.0.5:8786")
    swp.add_argument("--quiet", action="store_true", help="no progress bar")
    swp.add_argument("--csv", type=Path, metavar="FILE", help="also write the whole table as CSV")
    swp.set_defaults(func=_sweep, out_kind="folder")
    psw = sub.add_parser("plot-sweep", help="a metric of a sweep's results: a line or a heatmap")
    psw.add_argument("results", type=Path, help="the --out folder of negsim sweep")
    psw.add_argument("--x", required=True, help="varied path on the x axis")
    psw.add_argument("--y", help="second varied path: draws a heatmap")
    psw.add_argument("--metric", required=True,
                     help="recorded column, e.g. zopa.size; an option-valued column draws the "
                          "share of each option, FIELD=OPTION the share of one")
    psw.add_argument("--out", type=Path,
                     help="PNG, SVG or PDF file (default: RESULTS-METRIC.png beside RESULTS)")
    psw.set_defaults(func=_plot_sweep, out_kind="figure")
    unc = sub.add_parser("uncertainty", help="how sure the deal is: solve draws of the uncertain "
                                             "numbers (docs/uncertainty.md)")
    _sampling_arguments(unc, "number of draws (default 1000)",
                        "write uncertainty.json and uncertainty.png here, and keep the solved "
                        "draws in OUT/samples (rerunning resumes)")
    unc.set_defaults(func=_uncertainty, out_kind="folder")
    cal = sub.add_parser("calibrate", help="keep the draws of the uncertain numbers that "
                                           "reproduce what was observed (docs/calibration.md)")
    _sampling_arguments(cal, "number of draws (default 1000)",
                        "write calibration.json and the kept draws as kept.parquet here, and keep "
                        "the solved draws in OUT/samples (rerunning resumes)")
    cal.set_defaults(func=_calibrate, out_kind="folder")
    sen = sub.add_parser("sensitivity", help="which uncertain numbers decide a report field "
                                             "(Sobol or Morris, docs/uncertainty.md)")
    _sampling_arguments(sen, "Sobol: base sample N, N(k + 2) runs (default 256); Morris: "
                             "trajectories r, r(k + 1) runs (default 20)",
                        "write sensitivity.json and sensitivity.png here, and keep the runs in "
                        "OUT/METHOD-samples (rerunning resumes)")
    sen.add_argument("--output", required=True, metavar="FIELD",
                     help="report field, e.g. solutions.nash.utilities.russia or zopa.exists")
    sen.add_argument("--method", default="sobol", help="sobol (default) or morris")
    sen.set_defaults(func=_sensitivity, out_kind="folder")
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
    dis.set_defaults(func=_discover, out_kind="folder")
    from .genius.command import add_commands as add_genius_commands
    from .spatial.command import add_commands as add_spatial_commands

    imports = add_genius_commands(sub)  # negsim import genius / export genius
    deli = imports.add_parser("llm-deliberation", help="an LLM-Deliberation game folder "
                                                       "(docs/agreement.md)")
    deli.add_argument("folder", help="the game folder: config.txt and one score file per party")
    deli.add_argument("-o", "--out", type=Path, help="scenario YAML to write (default: stdout)")
    deli.set_defaults(func=_import_deliberation, out_kind="file")
    add_spatial_commands(sub, imports)  # negsim import deu / import spatial, forecast
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from .terminal import escaped_output

    with escaped_output():  # names from input files never reach the terminal raw
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        source = next((str(getattr(args, name)) for name in ("scenario", "sweep", "domain", "results")
                       if getattr(args, name, None) is not None), None)
        check_counts(vars(args), source)
        kind = getattr(args, "out_kind", None)  # each command says what its --out/-o writes
        if getattr(args, "out", None) is not None and kind is not None:  # before any work
            check_target(args.out, kind, "--out", source)
        if getattr(args, "scheduler", None) is not None:
            from .sweep.address import check_address

            check_address(args.scheduler, source)
        return args.func(args)
    except ScenarioError as exc:
        for line in exc.lines():
            print(line, file=sys.stderr)
        return EXIT_BAD_INPUT
    except AnalysisError as exc:
        print(exc.format(getattr(args, "scenario", None)), file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into head & co.: not an error of ours
        sys.stderr.close()
        return EXIT_OK
    except Exception as exc:
        if args.debug:
            raise
        print(f"negsim: internal error: {type(exc).__name__}: {exc} (rerun with --debug)",
              file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
