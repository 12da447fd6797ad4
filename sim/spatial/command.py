"""``negsim import deu``, ``negsim import spatial`` and ``negsim forecast`` (SPEC
section 13). The library computes; this module prints and writes files."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import Problem, ScenarioError
from ..outputs import CannotWrite, writing

EXIT_OK, EXIT_BAD_INPUT = 0, 2  # as sim.cli.exits (which this module, below the CLI, does not import)

#: Scenarios are written in block style down to each party's values, JSON flow below
#: (:func:`sim.document.to_yaml_text`: ruamel's emitter takes ~1 s per 30-party file).
FLOW_BELOW = 4


def _bad(option: str, message: str, source: str) -> ScenarioError:
    return ScenarioError([Problem(option, message)], source)


def _write_scenarios(table, args: argparse.Namespace) -> int:
    from ..document import to_yaml_text
    from ..scenario import from_dict
    from .scenarios import documents, identifier

    docs = documents(table, loss=args.loss, disagreement=args.disagreement, delta=args.delta)
    for name, doc in docs:  # what we write must load: check before writing anything
        from_dict(doc, source=f"{table.source} (proposal {name})")
    header = f"Imported by negsim from {Path(table.source).name}"
    if args.out is None:
        if len(docs) != 1:
            raise _bad("-o", f"the table has {len(docs)} proposals: give -o DIR to write one "
                             "scenario per proposal", table.source)
        sys.stdout.write(to_yaml_text(docs[0][1], [header], FLOW_BELOW))
        return EXIT_OK
    taken: set[str] = set()
    with writing(args.out, "import", folder=True):
        args.out.mkdir(parents=True, exist_ok=True)
        for name, doc in docs:
            path = args.out / f"{identifier(name, taken)}.yaml"
            path.write_text(to_yaml_text(doc, [header + f", proposal {name}"], FLOW_BELOW),
                            encoding="utf-8")
    print(f"written: {len(docs)} scenario(s) in {args.out}/")
    return EXIT_OK


def _import_deu(args: argparse.Namespace) -> int:
    from .table import read_deu

    return _write_scenarios(read_deu(args.table), args)


def _import_spatial(args: argparse.Namespace) -> int:
    from .table import read_spatial

    return _write_scenarios(read_spatial(args.table), args)


def _models(text: str | None, source: str) -> list[Any]:
    from ..errors import unknown
    from .models import MODELS

    if text is None:
        return list(MODELS.values())
    names = [n.strip() for n in text.split(",") if n.strip()]
    bad = [n for n in names if n not in MODELS]
    if bad or not names:
        raise ScenarioError([Problem("--models", unknown("model", n, MODELS)) for n in bad]
                            or [Problem("--models", "name at least one model")], source)
    return [MODELS[n] for n in dict.fromkeys(names)]


def _forecast(args: argparse.Namespace) -> int:
    from .accuracy import accuracy, figure
    from .models import predict
    from .table import read_table

    if args.figure is not None:  # before any work (sim.outputs)
        from ..outputs import check_target

        check_target(args.figure, "figure", "--figure", args.table)
    table = read_table(args.table)
    models = _models(args.models, args.table)
    predictions = {m.name: predict(table, m) for m in models}
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["isnr", "model", "prediction"])
    for name, x in predictions.items():
        for isnr, value in zip(table.issues, x):
            writer.writerow([isnr, name, "" if np.isnan(value) else f"{value:.4f}"])
    known = int((~np.isnan(table.outcome)).sum())
    lines = []
    if known:
        lines.append(f"{known} issues with a known outcome; mean absolute error (0-100), "
                     "95% bootstrap interval over proposals, share within 10 points:")
        for name, x in predictions.items():
            a = accuracy(table, name, x)
            lines.append(f"  {name:<16} {a.mae:6.2f}  [{a.ci95[0]:5.2f}, {a.ci95[1]:5.2f}]  "
                         f"{a.within10:5.1%}  (n = {a.n})")
    if args.out is None:
        sys.stdout.write(buf.getvalue())
        for line in lines:
            print(line, file=sys.stderr)
    else:
        try:
            with writing(args.out, "forecast"):
                args.out.parent.mkdir(parents=True, exist_ok=True)
                args.out.write_text(buf.getvalue(), encoding="utf-8")
        except CannotWrite:
            print("\n".join(lines))  # the accuracy was computed: print it before the error
            raise
        print("\n".join(lines + [f"written: {args.out}"]))
    if args.figure is not None:
        from ..plot.style import save_figure

        if not known:
            print("negsim forecast: no outcome is known: no figure", file=sys.stderr)
            return EXIT_BAD_INPUT
        save_figure(figure(table, predictions), args.figure)
        print(f"written: {args.figure}", file=sys.stderr if args.out is None else sys.stdout)
    return EXIT_OK


def _import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--out", type=Path,
                   help="folder to write one scenario per proposal into (default: stdout, "
                        "for a table of one proposal)")
    p.add_argument("--loss", choices=("quadratic", "linear"), default="quadratic",
                   help="the loss of every position (default quadratic)")
    p.add_argument("--disagreement", choices=("reference", "distant"), default="reference",
                   help="the reference point as disagreement where known for all of a "
                        "proposal's issues (default), or the Nash model's distant one")
    p.add_argument("--delta", type=float, default=1.0,
                   help="distance of the distant disagreement (default 1, docs/forecast.md)")


def add_commands(sub: Any, imports: Any) -> None:
    """Register ``import deu``, ``import spatial`` (on the ``import`` subparsers) and ``forecast``."""
    deu = imports.add_parser("deu", help="a DEU table: one scenario per proposal (docs/forecast.md)")
    deu.add_argument("table", help="the tab-separated DEU table")
    _import_options(deu)
    deu.set_defaults(func=_import_deu, out_kind="folder")
    spa = imports.add_parser("spatial", help="the long CSV form: actor, issue, position, salience, "
                                             "capability (docs/forecast.md)")
    spa.add_argument("table", help="the CSV file")
    _import_options(spa)
    spa.set_defaults(func=_import_spatial, out_kind="folder")
    fc = sub.add_parser("forecast", help="predict each issue's outcome (0-100) by the forecast "
                                         "models; their errors where outcomes are known")
    fc.add_argument("table", help="a DEU table (.tsv) or the long CSV form (.csv)")
    fc.add_argument("--models", metavar="M,...",
                    help="comma-separated models (default: all, the primary first): "
                         "nash_reference, compromise, median, nash, nash_linear")
    fc.add_argument("--out", type=Path, help="CSV to write (isnr, model, prediction); default stdout")
    fc.add_argument("--figure", type=Path,
                    help="predicted against observed per model (PNG, SVG or PDF)")
    fc.set_defaults(func=_forecast, out_kind="file")
