"""Many veto parties (issue 22): time and peak memory of a solve, beside the
utility-matrix floor, for the cases of the issue and a row per party count.

    .venv/bin/python benchmarks/parties.py                    # the issue's table
    .venv/bin/python benchmarks/parties.py --counts           # 2 .. 30 parties, 5 issues x 11 options
    .venv/bin/python benchmarks/parties.py --counts 4 5 6     # only these
    .venv/bin/python benchmarks/parties.py --before ../other  # the same cases with another
                                                              # checkout, interleaved run by run
    .venv/bin/python benchmarks/parties.py --kernel --before ../other  # pareto_front alone
    .venv/bin/python benchmarks/parties.py --case 9 5 4 --case 7 7 5  # cases of one's own

Each case runs in a fresh subprocess (``benchmarks/solve.py``'s random
scenarios: weights and values i.i.d. uniform, fixed seed, disagreement 0.25;
``opposed``: odd parties value 1 - v of party 0). ``floor`` is one pass
building the rounded utility matrix of the whole space chunk by chunk (what
any enumerating solve must pay at least); it is blank for additive cases,
which never build it. ``path``: ``listed`` (the whole frontier), ``direct``
(solutions by direct maximisation, the frontier counted or estimated:
:mod:`sim.direct`; an estimate is shown ``~N (lo to hi)``, its 95 % interval)
or ``additive``. A case past ``--timeout`` seconds prints "timed out".
With ``--before``, every case alternates between the two checkouts, so both
columns see the same machine load (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

#: (label, issues, options, parties, opposed, method)
CASES = [
    ("5 parties, 9.8e6 outcomes, enumerated", 10, 5, 5, False, "enumerate"),
    ("4 parties, 10 issues x 5 options, additive", 10, 5, 4, False, "additive"),
    ("4 parties, 20 issues x 5 options, additive", 20, 5, 4, False, "additive"),
    ("5 parties, 20 issues x 5 options, additive", 20, 5, 5, False, "additive"),
    ("3 parties, opposed, 1e7 outcomes, enumerated", 7, 10, 3, True, "enumerate"),
    ("3 parties, 50 issues x 5 options, additive", 50, 5, 3, False, "additive"),
]
COUNTS = list(range(2, 31))
#: --kernel: the ZOPA vectors of the first chunk (2^18 outcomes) of these cases.
KERNEL = [("4 parties, 10 x 5", 10, 5, 4), ("5 parties, 10 x 5", 10, 5, 5),
          ("6 parties, 6 x 8", 6, 8, 6)]


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """Solve one case in this process (the checkout on ``sys.path`` first)."""
    import resource

    sys.path.insert(0, str(HERE))
    from solve import random_scenario

    from sim.analysis import Solver, analyse
    from sim.scenario import from_dict

    doc = random_scenario(spec["issues"], spec["options"], spec["parties"], opposed=spec["opposed"])
    doc["solve"] = {"max_outcomes": 10 ** 8}
    scenario = from_dict(doc)
    out: dict[str, Any] = {}
    if spec["method"] == "kernel":  # pareto_front on the first chunk's ZOPA vectors
        import numpy as np

        from sim.frontier import pareto_front

        solver = Solver.of(scenario)
        _, _, cols = next(iter(solver.batches()))
        u = solver.utilities(cols, [])
        points = u[solver.feasible(cols, u, solver.disagreement([]))][:, solver.veto]
        t = time.perf_counter()
        vectors, _ = pareto_front(points, np.arange(len(points)))
        return {"wall": time.perf_counter() - t, "pareto": len(vectors), "nash": None,
                "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if spec["method"] in ("enumerate", "auto"):
        solver = Solver.of(scenario)
        t = time.perf_counter()
        for _, _, cols in solver.batches():
            solver.utilities(cols, scenario.pressures)
        out["floor"] = time.perf_counter() - t
    t = time.perf_counter()
    result = analyse(scenario, spec["method"]).result
    out["wall"] = time.perf_counter() - t
    out["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["pareto"] = result.n_pareto
    out["ci95"] = getattr(result, "pareto_ci95", None)  # (a checkout before issue 22 has neither)
    out["path"] = "direct" if not getattr(result, "frontier_listed", True) else \
        ("additive" if spec["method"] == "additive" else "listed")
    nash = result.solutions.get("nash")
    out["nash"] = None if nash is None else [round(float(x), 9) for x in nash.utilities]
    return out


def run(spec: dict[str, Any], checkout: Path, timeout: float) -> dict[str, Any] | None:
    env = dict(os.environ, PYTHONPATH=str(checkout))
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], env=env,
                              capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    return json.loads(proc.stdout.splitlines()[-1])


def _same(r: dict[str, Any], b: dict[str, Any]) -> str:
    """Whether two runs agree: the same Nash utilities and Pareto count, or, where
    one estimated the count, the other's count within its interval."""
    if r["nash"] != b["nash"]:
        return "NO"
    if r["pareto"] == b["pareto"]:
        return "yes"
    for est, other in ((r, b), (b, r)):
        if est.get("ci95") and est["ci95"][0] <= other["pareto"] <= est["ci95"][1]:
            return "yes (Pareto within the estimate's interval)"
    return "NO"


def cell(r: dict[str, Any] | None) -> str:
    return "timed out" if r is None else f"{r['wall']:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--counts", type=int, nargs="*",
                    help="a row per party count (default 2 .. 30), 5 issues x 11 options")
    ap.add_argument("--kernel", action="store_true",
                    help="time pareto_front alone on the first chunk's ZOPA vectors")
    ap.add_argument("--case", type=int, nargs=3, action="append", metavar=("ISSUES", "OPTIONS", "PARTIES"),
                    help="a case of its own (the solver's path chosen as by default); repeatable")
    ap.add_argument("--before", type=Path, help="another checkout, timed interleaved")
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=120)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return 0
    cases = [(f"{k} parties, 5 issues x 11 options", 5, 11, k, False, "auto")
             for k in (args.counts or COUNTS)] if args.counts is not None else CASES
    if args.case:
        cases = [(f"{k} parties, {n} issues x {m} options", n, m, k, False, "auto")
                 for n, m, k in args.case]
    if args.kernel:
        cases = [(f"pareto_front, {label}", n, m, k, False, "kernel") for label, n, m, k in KERNEL]
    print(f"load average {os.getloadavg()[0]:.1f} at the start", flush=True)
    head = "| case | path | floor s | wall s | x floor | peak MiB | Pareto |"
    if args.before:
        head += " before s | same result |"
    print(head + "\n|" + " --- |" * (head.count("|") - 1), flush=True)
    for label, n, m, k, opposed, method in cases:
        spec = {"issues": n, "options": m, "parties": k, "opposed": opposed, "method": method}
        now, before = [], []
        for _ in range(args.repeat):
            now.append(run(spec, ROOT, args.timeout))
            if args.before:
                before.append(run(spec, args.before.resolve(), args.timeout))
        r = now[0] if None in now else dict(now[0], wall=statistics.median(x["wall"] for x in now))
        floor = r.get("floor") if r else None
        floor_s = "" if floor is None else f"{floor:.2f}"
        ratio = "" if r is None or floor is None else f"{r['wall'] / floor:.1f}"
        rss = "" if r is None else f"{r['rss']:.0f}"
        pareto = "" if r is None else f"{r['pareto']:,}"
        if r is not None and r.get("ci95"):
            pareto = f"~{pareto} ({r['ci95'][0]:,.0f} to {r['ci95'][1]:,.0f})"
        path = "" if r is None else r["path"]
        line = f"| {label} | {path} | {floor_s} | {cell(r)} | {ratio} | {rss} | {pareto} |"
        if args.before:
            b = before[0] if None in before else \
                dict(before[0], wall=statistics.median(x["wall"] for x in before))
            same = "" if r is None or b is None else _same(r, b)
            line += f" {cell(b)} | {same} |"
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
