"""The commands that solve many variants: ``negsim sweep``, ``plot-sweep``,
``uncertainty``, ``calibrate``, ``sensitivity`` and ``discover`` (progress bars,
resuming, Ctrl-C and SIGTERM keep the finished parts)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from .exits import EXIT_BAD_INPUT, EXIT_ERROR, EXIT_OK


def sweep_command(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from ..sweep import StoreConflict, load, plan, run

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
        from ..sweep import read

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


def plot_sweep_command(args: argparse.Namespace) -> int:
    from ..plot_sweep import PlotError, default_out, plot_sweep, save
    from ..sweep import read

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

    from ..sweep import StoreConflict
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
            from ..plot.style import save_figure

            save_figure(figure(result), args.out / f"{name}.png")
    print(json.dumps(result, indent=1) if args.json else text(result))
    return EXIT_OK


def uncertainty_command(args: argparse.Namespace) -> int:
    from .. import uncertainty as u
    from ..scenario import load
    from ..summary_text import uncertainty_text

    s = load(args.scenario)
    samples = u.SAMPLES if args.samples is None else args.samples
    return _sampled(args, "uncertainty", lambda **kw: u.uncertainty(
        s, samples, args.seed, args.out, args.workers, args.scheduler, **kw), uncertainty_text,
        u.figure)


def calibrate_command(args: argparse.Namespace) -> int:
    from .. import calibration as cal
    from .. import uncertainty as u
    from ..scenario import load
    from ..summary_text import calibration_text

    s = load(args.scenario)
    samples = u.SAMPLES if args.samples is None else args.samples
    return _sampled(args, "calibration", lambda **kw: cal.calibrate(
        s, samples, args.seed, args.out, args.workers, args.scheduler, **kw), calibration_text, None)


def sensitivity_command(args: argparse.Namespace) -> int:
    from .. import sensitivity as sa
    from ..scenario import load

    s = load(args.scenario)
    return _sampled(args, "sensitivity", lambda **kw: sa.analyse(
        s, args.output, args.method, args.samples, args.seed, args.out, args.workers,
        args.scheduler, **kw), sa.ranking_text, sa.figure)


def discover_command(args: argparse.Namespace) -> int:
    from .. import discovery as dc
    from ..scenario import load
    from ..uncertainty import SAMPLES

    s = load(args.scenario)
    samples = SAMPLES if args.samples is None else args.samples
    return _sampled(args, "discovery", lambda **kw: dc.discover(
        s, args.condition, args.output, samples, args.seed, args.out, args.workers,
        args.scheduler, max_boxes=args.boxes, **kw), dc.boxes_text, dc.figure)
