"""Sweep throughput: variants per second with 1 and 2 worker processes.

Two cases (issue 6):

- a 2-party scenario of 10^4 outcomes (four discrete issues of ten options,
  a red line and an interaction), varying one party's disagreement on a grid
  and the other's weight on one issue at random, recording the ZOPA size and
  the Nash solution (outcome and utilities), as in SPEC section 6's example;
- the Istanbul scenario (``scenarios/istanbul-2025.yaml``, 174,960 outcomes),
  the ultimatum's credibility x penalty grid with the same record.

Each run starts from an empty results folder and is timed from the call to
``sim.sweep.run`` to its return: worker start-up and writing the Parquet parts
included; planning (reading and checking the files) and this process's one-off
import of pyarrow excluded. The CPU figure is
the single-process run's variants per CPU-second of this process, which does
not depend on what else the machine is running.

    .venv/bin/python benchmarks/sweep.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.sweep import parse, plan, run


def two_party_scenario(seed: int = 1) -> dict:
    """Two veto parties, four issues of ten options: 10^4 outcomes."""
    rng = np.random.default_rng(seed)
    issues = {f"i{k}": {"options": [f"o{j}" for j in range(10)]} for k in range(4)}

    def party(disagreement: float) -> dict:
        return {"weights": {i: round(float(rng.uniform(1, 5)), 2) for i in issues},
                "values": {i: {o: round(float(rng.uniform(0, 1)), 3) for o in spec["options"]}
                           for i, spec in issues.items()},
                "disagreement": disagreement}

    a, b = party(0.3), party(0.3)
    a["red_lines"] = [{"i0": "o9"}]
    b["interactions"] = [{"when": {"i1": "o0", "i2": "o0"}, "bonus": 0.05}]
    return {"name": "two parties, 10^4 outcomes", "issues": issues, "parties": {"a": a, "b": b}}


def cases(folder: Path, quick: bool) -> list[tuple[str, dict]]:
    scenario = folder / "two-party.yaml"
    scenario.write_text(json.dumps(two_party_scenario()))
    record = ["zopa.size", "solutions.nash.utilities", "solutions.nash.outcome"]
    n = 100 if quick else 500
    two = {"scenario": str(scenario),
           "grid": {"parties.a.disagreement": {"linspace": [0.2, 0.5, 10]}},
           "random": {"n": n, "seed": 7, "draw": {"parties.b.weights.i0": {"uniform": [0, 6]}}},
           "record": record}
    steps = 5 if quick else 11
    istanbul = {"scenario": str(ROOT / "scenarios" / "istanbul-2025.yaml"),
                "grid": {"pressures.sanctions_ultimatum.credibility": {"linspace": [0, 1, steps]},
                         "pressures.sanctions_ultimatum.penalty": {"linspace": [0, 0.3, steps]}},
                "record": record}
    out = [("2 parties, 10^4 outcomes", two)]
    if Path(istanbul["scenario"]).exists():
        out.append(("Istanbul, 174,960 outcomes", istanbul))
    return out


def measure(spec: dict, folder: Path, workers: int) -> tuple[int, float, float]:
    """(variants, wall seconds, CPU seconds of this process) of one fresh run."""
    checked = plan(parse(spec, str(folder / "sweep.yaml")))
    out = Path(tempfile.mkdtemp(dir=folder))
    wall, cpu = time.perf_counter(), time.process_time()
    summary = run(checked, out, workers=workers)
    return summary.computed, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    import pyarrow.parquet  # noqa: F401 - a one-off import per process, not part of a sweep

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer variants (a smoke test)")
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{os.cpu_count()} cores, load average {load:.1f} at the start "
          "(other processes share the cores: compare with the CPU figure)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, spec in cases(folder, args.quick):
            print(name)
            for workers in (1, 2):
                n, wall, cpu = measure(spec, folder, workers)
                line = f"  {workers} worker{'s' if workers > 1 else ' '}: {n:6,} variants in " \
                       f"{wall:6.2f} s = {n / wall:8,.0f} variants/s"
                if workers == 1:
                    line += f"   ({n / cpu:,.0f} variants per CPU-second)"
                print(line, flush=True)


if __name__ == "__main__":
    main()
