"""The timeline of the Russia-Ukraine talks: time per stage (issue 20).

    .venv/bin/python benchmarks/timeline.py [--repeat 3]

For each stage of ``scenarios/istanbul-2025.yaml`` and
``scenarios/russia-ukraine/``: the outcome space, and the median wall and CPU
time of one row of ``negsim timeline`` (:func:`sim.timeline.stage_row`: the
analysis with and without each pressure, and for an empty ZOPA the minimal
red-line sets). Loading the files is timed apart.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from solve import machine

from sim.timeline import load_stages, stage_row

STAGES = [ROOT.parent / "scenarios" / "istanbul-2025.yaml", ROOT.parent / "scenarios" / "russia-ukraine"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"{machine()}; load average {os.getloadavg()[0]:.1f}")
    t = time.perf_counter()
    stages = load_stages(STAGES)
    print(f"loading {len(stages)} stages: {time.perf_counter() - t:.2f} s\n")
    print(f"{'stage':<42} {'outcomes':>10} {'ZOPA':>6} {'wall s':>7} {'cpu s':>7}")
    total = 0.0
    for s in stages:
        walls, cpus = [], []
        for _ in range(args.repeat):
            w, c = time.perf_counter(), time.process_time()
            row = stage_row(s)
            walls.append(time.perf_counter() - w)
            cpus.append(time.process_time() - c)
        wall = statistics.median(walls)
        total += wall
        print(f"{row['file']:<42} {row['outcome_space']['size']:>10,} {row['zopa']['size']:>6,} "
              f"{wall:>7.2f} {statistics.median(cpus):>7.2f}")
    print(f"{'all stages':<42} {'':>10} {'':>6} {total:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
