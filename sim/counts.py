"""The range of every count the command line takes, checked in one place.

A count past its range is a located error (exit status 2) naming the option,
before anything is computed: an unbounded count is memory or time without
bound (``--samples 1000000000`` allocated 7.7 GB before failing, ``--runs 0``
silently made one run). The bounds are generous for real use and small enough
that the work they allow finishes:

>>> check_count(0, "--runs", "s.yaml")
Traceback (most recent call last):
...
sim.errors.ScenarioError: s.yaml: --runs: must be a whole number from 1 to 100,000, got 0
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .errors import Problem, ScenarioError

#: Largest seed: numpy's legacy seeding (used by SALib) takes 32-bit seeds.
MAX_SEED = 2**32 - 1

#: Option -> (least, most) for every count option of ``negsim``.
COUNTS: dict[str, tuple[int, int]] = {
    "--rounds": (1, 100_000),   # backward induction: ~0.2 ms and one plan entry a round
    "--runs": (1, 100_000),     # seeded replays of one prepared plan
    "--samples": (1, 1_000_000),  # one solve each (Sobol: N(k + 2) solves)
    "--seed": (0, MAX_SEED),
    "--workers": (1, 256),
    "--boxes": (1, 100),
}


def check_count(value: int, option: str, source: str | None, least: int | None = None) -> None:
    """A located error (exit 2) unless ``value`` lies in the range of ``option``
    (:data:`COUNTS`); ``least`` raises the lower end (Morris needs two trajectories)."""
    lo, hi = COUNTS[option]
    lo = lo if least is None else max(lo, least)
    if not lo <= value <= hi:
        raise ScenarioError([Problem(option, f"must be a whole number from {lo:,} to {hi:,}, "
                                             f"got {value}")], source)


def check_counts(options: Mapping[str, Any], source: str | None) -> None:
    """Check every count given among ``options`` (argument name -> value, as argparse
    names them: ``samples`` for ``--samples``); all problems at once."""
    problems = []
    for option in COUNTS:
        value = options.get(option[2:])
        if value is None:
            continue
        try:
            check_count(value, option, source)
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        raise ScenarioError(problems, source)
