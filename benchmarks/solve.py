"""Time and peak memory to solve random scenarios (issue 3 item 8, issue 9 items 1-2).

    .venv/bin/python benchmarks/solve.py                 # 2 and 3 parties, 1e3 .. 1e6 outcomes
    .venv/bin/python benchmarks/solve.py --large         # also 1e7 and 1e8 (minutes)
    .venv/bin/python benchmarks/solve.py --additive      # spaces far past solve.max_outcomes
    .venv/bin/python benchmarks/solve.py --method enumerate  # every outcome scored

Each case is solved in a fresh subprocess through ``sim.analysis.analyse`` of a
scenario built with ``sim.scenario.from_dict``, ``--repeat`` times; the table
shows the median wall and CPU time of ``analyse`` and the process's peak
resident memory (``ru_maxrss``), also net of what the process held before the
solve (interpreter, numpy, the scenario), and the path the solver took with
its default ``method="auto"`` (``enumerated``, or ``additive``: past
``solve.max_outcomes``, or past one chunk where the additive result is the
enumerated one bit for bit; ``sim.additive.auto``). Scenarios: ``n`` issues of
``m`` options, every party's weights and values drawn i.i.d. uniform on [0, 1]
with a fixed seed; disagreement 0.25 unless stated. ``opposed`` gives every odd
party the values 1 - v of party 0 (a far larger frontier).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent

#: Enumerated cases: outcomes -> (issues, options).
SHAPES = {10 ** k: (k, 10) for k in range(3, 9)}
#: Additive cases of issue 9: (label, issues, options, parties, opposed, disagreement).
ADDITIVE = [
    ("2 parties, 100 issues x 10 options", 100, 10, 2, False, 0.0),
    ("3 parties, 20 issues x 5 options", 20, 5, 3, False, 0.0),
    ("2 parties, 100 x 10, opposed values", 100, 10, 2, True, 0.0),
    ("2 parties, 100 x 10, d = 0.5 (ZOPA estimated)", 100, 10, 2, False, 0.5),
    ("3 parties, 20 x 5, d = 0.5 (ZOPA estimated)", 20, 5, 3, False, 0.5),
]


def random_scenario(issues: int, options: int, parties: int, seed: int = 1, opposed: bool = False,
                    disagreement: float = 0.25) -> dict[str, Any]:
    """A scenario document: weights and values i.i.d. uniform on [0, 1] (fixed seed)."""
    rng = np.random.default_rng(seed)
    base = rng.random((issues, options))
    doc_parties = {}
    for i in range(parties):
        if opposed:
            values = 1 - base if i % 2 else base
        else:
            values = rng.random((issues, options))
        weights = rng.random(issues)
        doc_parties[f"p{i}"] = {
            "weights": {f"i{j}": float(w) for j, w in enumerate(weights)},
            "values": {f"i{j}": {f"o{a}": float(values[j, a]) for a in range(options)}
                       for j in range(issues)},
            "disagreement": disagreement,
        }
    return {"name": f"random {parties} parties, {issues} x {options}",
            "issues": {f"i{j}": {"options": [f"o{a}" for a in range(options)]}
                       for j in range(issues)},
            "parties": doc_parties}


def path(scenario: Any) -> str:
    """The path ``Solver.solve`` takes by default on ``scenario`` (no pressures):
    'additive' or 'enumerated' (found again after the timed solve)."""
    from sim import additive
    from sim.analysis import Solver

    solver = Solver.of(scenario)
    took = solver.space.size > scenario.solve.max_outcomes or (
        additive.auto(solver, []) and additive.solve_additive(solver, [], exact=True) is not None)
    return "additive" if took else "enumerated"


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """Build and solve one case in this process; report time, memory and the result's sizes."""
    sys.path.insert(0, str(ROOT))
    from sim.analysis import analyse
    from sim.scenario import from_dict

    scenario = from_dict(random_scenario(**spec["scenario"]))
    method = spec.get("method", "auto")
    base = _rss_mib()
    wall, cpu = time.perf_counter(), time.process_time()
    analysis = analyse(scenario, method)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    r = analysis.result
    return {"wall": wall, "cpu": cpu, "rss": _rss_mib(), "rss_base": base, "pareto": r.n_pareto,
            "zopa": str(r.zopa_size), "estimate": r.zopa_ci95 is not None,
            "outcomes": analysis.space.size,
            "path": path(scenario) if method == "auto" else f"{method} (forced)"}


def run_case(spec: dict[str, Any], repeat: int, timeout: float) -> dict[str, Any] | None:
    runs = []
    for _ in range(repeat):
        try:
            proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)],
                                  capture_output=True, text=True, timeout=timeout, check=True)
        except subprocess.TimeoutExpired:
            return None
        runs.append(json.loads(proc.stdout))
    out = dict(runs[0])
    for key in ("wall", "cpu", "rss", "rss_base"):
        out[key] = statistics.median(r[key] for r in runs)
    return out


def machine() -> str:
    import numpy

    mem = ""
    try:
        with open("/proc/meminfo") as info:
            kib = int(next(line for line in info if line.startswith("MemTotal")).split()[1])
        mem = f", {kib / 2 ** 20:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass

    return (f"{platform.machine()}, {os.cpu_count()} cores{mem}; "
            f"Python {platform.python_version()}, numpy {numpy.__version__}")


def _size(n: int) -> str:
    e = len(str(n)) - 1
    return f"1e{e}" if n == 10 ** e else f"{n:.2e}"


def _count(n: int) -> str:
    return f"{n:,}" if n < 10 ** 12 else f"{n:.3e}"


def table(rows: list[tuple[str, dict[str, Any] | None]]) -> str:
    head = "| case | outcomes | path | wall s | CPU s | peak RSS MiB | solve adds MiB | Pareto | ZOPA |"
    lines = [head, "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for label, r in rows:
        if r is None:
            lines.append(f"| {label} | | | timed out | | | | | |")
            continue
        zopa = f"~{_size(int(r['zopa']))}" if r["estimate"] else _count(int(r["zopa"]))
        lines.append(f"| {label} | {_size(r['outcomes'])} | {r['path']} | {r['wall']:.3f} | "
                     f"{r['cpu']:.3f} | {r['rss']:.0f} | {r['rss'] - r['rss_base']:.0f} | "
                     f"{r['pareto']:,} | {zopa} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--parties", type=int, nargs="+", default=[2, 3])
    ap.add_argument("--sizes", type=float, nargs="+", default=[1e3, 1e4, 1e5, 1e6])
    ap.add_argument("--large", action="store_true", help="add 1e7 and 1e8 outcomes (repeat 1)")
    ap.add_argument("--additive", action="store_true", help="the additive cases of issue 9 only")
    ap.add_argument("--method", choices=["auto", "enumerate", "additive"], default="auto",
                    help="Solver.solve's method (default: the solver chooses)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--timeout", type=float, default=3600)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    print(f"machine: {machine()}\n")
    if args.additive:
        rows = []
        for label, n, m, k, opposed, d in ADDITIVE:
            spec = {"scenario": {"issues": n, "options": m, "parties": k, "opposed": opposed,
                                 "disagreement": d}}
            rows.append((label, run_case(spec, args.repeat, args.timeout)))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
        print(table(rows))
        return 0
    sizes = [int(s) for s in args.sizes] + ([10 ** 7, 10 ** 8] if args.large else [])
    rows = []
    for k in args.parties:
        for size in sizes:
            n, m = SHAPES[size]
            spec = {"scenario": {"issues": n, "options": m, "parties": k}, "method": args.method}
            repeat = 1 if size > 10 ** 6 else args.repeat
            rows.append((f"{k} parties, {n} x {m}", run_case(spec, repeat, args.timeout)))
            print(table(rows[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
