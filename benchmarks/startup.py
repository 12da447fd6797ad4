"""How long ``negsim run`` takes as a whole process, and which imports it pays for.

Issue 9, item 4.

    .venv/bin/python benchmarks/startup.py [SCENARIO] [--repeat 7] [--top 15] [--before DIR]

Prints the median wall time and CPU time (user + system, which CPU steal on a
shared machine inflates less) of the whole process for ``negsim run SCENARIO``
(terminal report), ``negsim run SCENARIO --json`` and, as floors, a bare
interpreter and ``import numpy``. ``--before DIR`` also times the ``sim``
package of another checkout (``git worktree add DIR REV``; put first on
``PYTHONPATH``), each run interleaved with one of this checkout, so that both
see the same machine. Then, from ``python -X importtime``, the
heaviest imports of the run (cumulative microseconds, top-level packages) and
whether any of the heavy optional modules (matplotlib, pandas, dask, pyarrow,
scipy.optimize, nashpy) was imported. The default scenario is the Istanbul
case of the issue (scenarios/istanbul-2025.yaml: 174,960 outcomes, four
parties, an ultimatum).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "scenarios" / "istanbul-2025.yaml"
HEAVY = ("matplotlib", "pandas", "dask", "pyarrow", "scipy.optimize", "nashpy")


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of running ``cmd`` to completion."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def medians(cmd: list[str], repeat: int, before: str | None = None
            ) -> tuple[tuple[float, float], tuple[float, float] | None]:
    """Median (wall, CPU) of ``cmd``, and of ``cmd`` with ``before`` first on
    PYTHONPATH (None without it), the two runs interleaved."""
    env = dict(os.environ, PYTHONPATH=before) if before else None
    now, then = [], []
    for _ in range(repeat):
        now.append(timed(cmd))
        if env is not None:
            then.append(timed(cmd, env))

    def med(runs: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs)

    return med(now), (med(then) if then else None)


def import_times(cmd: list[str]) -> list[tuple[str, int, int, int]]:
    """(module, self us, cumulative us, depth) of every import of ``python -X importtime`` cmd."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *cmd], capture_output=True,
                          text=True, check=True)
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, total, name = line[len("import time:"):].split("|", 2)
        try:
            own_us, total_us = int(own), int(total)
        except ValueError:
            continue  # the header line
        name = name[1:]  # "| " then two spaces per nesting level
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((name.strip(), own_us, total_us, depth))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=str(DEFAULT))
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--before", help="another checkout whose sim package to time too")
    args = ap.parse_args(argv)
    negsim = [str(Path(sys.executable).with_name("negsim"))]
    cases = [
        ("python -c pass", [sys.executable, "-c", "pass"]),
        ("python -c 'import numpy'", [sys.executable, "-c", "import numpy"]),
        ("negsim run SCENARIO --json", negsim + ["run", args.scenario, "--json"]),
        ("negsim run SCENARIO", negsim + ["run", args.scenario]),
    ]
    print(f"scenario: {args.scenario}; load average {os.getloadavg()[0]:.2f}\n")
    extra = " | before: wall s | before: CPU s" if args.before else ""
    print(f"| command | median wall s | median CPU s{extra} |")
    print("| --- | ---: | ---: |" + (" ---: | ---: |" if args.before else ""))
    for label, cmd in cases:
        before = args.before if label.startswith("negsim") else None
        (w, c), then = medians(cmd, args.repeat, before)
        tail = (f" {then[0]:.3f} | {then[1]:.3f} |" if then else
                (" | |" if args.before else ""))
        print(f"| `{label}` | {w:.3f} | {c:.3f} |{tail}", flush=True)
    rows = import_times(["-m", "sim.cli", "run", args.scenario])
    top = sorted((r for r in rows if r[3] == 0), key=lambda r: -r[2])[: args.top]
    print("\nHeaviest top-level imports of `negsim run SCENARIO` (python -X importtime):\n")
    print("| module | cumulative ms | self ms |\n| --- | ---: | ---: |")
    for name, own, total, _ in top:
        print(f"| {name} | {total / 1000:.1f} | {own / 1000:.1f} |")
    seen = {r[0]: r[2] for r in rows}
    heavy = [f"{m} ({seen[m] / 1000:.0f} ms)" for m in HEAVY if m in seen]
    print(f"\nheavy modules imported: {', '.join(heavy) if heavy else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
