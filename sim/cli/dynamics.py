"""``negsim simulate``: round-by-round alternating offers (docs/dynamics.md)."""

from __future__ import annotations

import argparse
import json
import sys

from ..errors import Problem, ScenarioError
from .exits import EXIT_OK


def simulate_command(args: argparse.Namespace) -> int:
    from ..dynamics.simulate import prepare, simulate, simulate_many, trace_text
    from ..scenario import load

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
        from ..dynamics.figure import dance_figure
        from ..plot.style import save_figure

        save_figure(dance_figure(trace), args.out)
    print(json.dumps(trace.to_json(), indent=1) if args.json else trace_text(trace))
    return EXIT_OK
