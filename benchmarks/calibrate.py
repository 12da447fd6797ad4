"""Draws per second of ``negsim uncertainty`` and ``negsim calibrate`` on the Istanbul case.

``scenarios/istanbul-2025-uncertain.yaml`` (174,960 outcomes, 24 uncertain
numbers: every draw changes both veto parties' weights), N draws with seed 7,
the record of ``negsim uncertainty``; calibrate adds the observation
``{defied: sanctions_ultimatum}`` (each draw then also solves the two halves
of the ultimatum's threat game). Timed from the call to
:func:`sim.uncertainty.sample` (planning, worker start-up and the Parquet
parts included) or :func:`sim.calibration.calibrate` to its return, with 1
and 2 worker processes; the CPU figure is the single-process run's
milliseconds per draw of this process's CPU time, which does not depend on
what else the machine is running. Issue 19's target: 2,000 draws in under
15 s on 2 cores.

    .venv/bin/python benchmarks/calibrate.py [--draws N] [--quick]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.calibration import calibrate
from sim.document import read_document
from sim.scenario import build, load
from sim.uncertainty import sample


def measure(run, workers: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) of one run."""
    wall, cpu = time.perf_counter(), time.process_time()
    run(workers)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    import pyarrow.parquet  # noqa: F401 - a one-off import per process, not part of a run

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=2000, help="draws per run (default 2000)")
    parser.add_argument("--quick", action="store_true", help="200 draws (a smoke test)")
    args = parser.parse_args()
    n = 200 if args.quick else args.draws
    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} cores, load average {load_avg:.1f} at the start "
          "(other processes share the cores: compare with the CPU figure)")
    path = ROOT / "scenarios" / "istanbul-2025-uncertain.yaml"
    s = load(path)
    doc = read_document(path)
    doc.data["observed"] = [{"defied": "sanctions_ultimatum"}]
    observed = build(doc)
    cases = {
        "uncertainty": lambda w: sample(s, n, 7, workers=w),
        "calibrate, {defied: sanctions_ultimatum}": lambda w: calibrate(observed, n, 7, workers=w),
    }
    print(f"Istanbul, 174,960 outcomes, {n:,} draws")
    for name, run in cases.items():
        print(f"  {name}")
        for workers in (1, 2):
            wall, cpu = measure(run, workers)
            line = (f"    {workers} worker{'s' if workers > 1 else ' '}: {wall:6.2f} s = "
                    f"{n / wall:6,.0f} draws/s")
            if workers == 1:
                line += f"   ({1000 * cpu / n:.1f} CPU-ms per draw)"
            print(line, flush=True)


if __name__ == "__main__":
    main()
