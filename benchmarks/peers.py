"""negsim beside NegMAS: Pareto frontier plus Nash point on the same random scenarios.

Issue 9, item 3.

    .venv/bin/pip install -e '.[bench]'          # NegMAS, a benchmark extra only
    .venv/bin/python benchmarks/peers.py          # 1e3 .. 1e7 outcomes, random and opposed
    .venv/bin/python benchmarks/peers.py --parties 4 5 --issues 3 4 5 6   # many parties (issue 22)

Two parties (``--parties``: any numbers), ``n`` issues of 10 options, weights
and values i.i.d. uniform (``benchmarks/solve.py``'s generator, fixed seed;
``opposed``: each odd party values each option 1 - v of party 0), disagreement
/ reserved value 0. Each case runs
in fresh subprocesses (NegMAS under an address-space limit and a time limit):

- NegMAS: ``pareto_frontier(ufuns, issues=...)`` then ``nash_points(ufuns,
  frontier, ranges=[(0, 1)] * k)`` (so that both maximise the product of the
  utilities over the frontier), on ``LinearAdditiveUtilityFunction`` s;
- negsim, default: ``analyse(from_dict(doc))`` with ``solve.concepts: [nash]``
  and every other setting at its default; the solver picks its path
  (``Solver.solve(method="auto")``: past one enumeration chunk, 2^18
  outcomes, these additive scenarios take the additive path, whose result is
  the enumerated one bit for bit), shown in the ``path`` column;
- negsim, enumerated: the same, ``analyse(..., method="enumerate")``: every
  outcome is scored.

negsim's times include validating the scenario; NegMAS's exclude building the
utility functions. The run checks that the three agree: the same number of
Pareto vectors (where negsim counts it: from four parties on a large space it
finds the solutions by direct maximisation and may estimate the frontier's size,
shown "~"), the same Nash outcome and utilities (within 1e-6; negsim
rounds to 9 decimals). Times are medians of ``--repeat`` runs (NegMAS: of
``--repeat-peer``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from solve import machine, path, random_scenario

#: Address-space limit of a NegMAS subprocess (it holds every outcome as a tuple).
PEER_MEMORY = 8 << 30


def _doc(n: int, opposed: bool, parties: int = 2) -> dict[str, Any]:
    doc = random_scenario(n, 10, parties, seed=7, opposed=opposed, disagreement=0.0)
    doc["solve"] = {"concepts": ["nash"]}
    return doc


def run_negsim(n: int, opposed: bool, method: str, parties: int) -> dict[str, Any]:
    from sim.analysis import analyse
    from sim.scenario import from_dict

    for warm in ("auto", "enumerate"):  # warm-up, the same for both: lazy imports, first
        for n_warm in (3, 5, 6):         # calls, both paths, the allocator's large buffers
            analyse(from_dict(_doc(n_warm, opposed)), warm)
    doc = _doc(n, opposed, parties)
    t = time.perf_counter()
    analysis = analyse(from_dict(doc), method)
    seconds = time.perf_counter() - t
    nash = analysis.result.solutions["nash"]
    return {"seconds": seconds, "pareto": analysis.result.n_pareto,
            "estimate": analysis.result.pareto_ci95 is not None,
            "outcome": list(analysis.outcome(nash).values()), "utilities": nash.utilities.tolist(),
            "path": path(analysis.scenario) if method == "auto" else "enumerated"}


def run_negmas(n: int, opposed: bool, parties: int) -> dict[str, Any]:
    resource.setrlimit(resource.RLIMIT_AS, (PEER_MEMORY, PEER_MEMORY))
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.ops import nash_points, pareto_frontier

    def build(doc: dict[str, Any]) -> tuple[list, list]:
        issues = [make_issue(spec["options"], name=j) for j, spec in doc["issues"].items()]
        space = make_os(issues)
        ufuns = []
        for party in doc["parties"].values():
            total = sum(party["weights"].values())
            ufuns.append(LinearAdditiveUtilityFunction(
                values=party["values"], weights={j: w / total for j, w in party["weights"].items()},
                outcome_space=space, reserved_value=0.0))
        return ufuns, issues

    def solve(ufuns: list, issues: list) -> tuple:
        frontier, index = pareto_frontier(ufuns, issues=issues)
        return frontier, index, nash_points(ufuns, frontier, ranges=[(0.0, 1.0)] * len(ufuns))

    solve(*build(_doc(3, opposed)))  # warm-up, as for negsim
    doc = _doc(n, opposed, parties)
    ufuns, issues = build(doc)
    t = time.perf_counter()
    frontier, index, nash = solve(ufuns, issues)
    seconds = time.perf_counter() - t
    (utilities, k), = nash[:1]
    outcome = _nth_outcome(doc, int(index[k]))
    return {"seconds": seconds, "pareto": len(frontier), "outcome": outcome,
            "utilities": [float(u) for u in utilities]}


def _nth_outcome(doc: dict[str, Any], k: int) -> list[str]:
    """Outcome ``k`` of the product order (last issue fastest), as option names."""
    out = []
    for spec in reversed(list(doc["issues"].values())):
        k, r = divmod(k, len(spec["options"]))
        out.append(spec["options"][r])
    return out[::-1]


def _child(args: list[str], timeout: float) -> dict[str, Any] | None:
    try:
        proc = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                              text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}
    return json.loads(proc.stdout)


def _median(args: list[str], repeat: int, timeout: float) -> dict[str, Any] | None:
    runs = []
    for _ in range(repeat):
        r = _child(args, timeout)
        if r is None or "error" in r:
            return r
        runs.append(r)
    out = dict(runs[0])
    out["seconds"] = statistics.median(r["seconds"] for r in runs)
    return out


def _agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    counted = not (a.get("estimate") or b.get("estimate"))
    return ((a["pareto"] == b["pareto"] or not counted) and a["outcome"] == b["outcome"]
            and all(abs(x - y) <= 1e-6 for x, y in zip(a["utilities"], b["utilities"])))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    ap.add_argument("--issues", type=int, nargs="+", default=[3, 4, 5, 6, 7])
    ap.add_argument("--parties", type=int, nargs="+", default=[2])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--repeat-peer", type=int, default=3)
    ap.add_argument("--time-limit", type=float, default=120, help="seconds per NegMAS run")
    args = ap.parse_args(argv)
    if args.child:
        who, n, kind, k = args.child
        if who == "negmas":
            result = run_negmas(int(n), kind == "opposed", int(k))
        else:
            result = run_negsim(int(n), kind == "opposed", who, int(k))
        print(json.dumps(result))
        return 0
    import negmas

    print(f"machine: {machine()}; NegMAS {negmas.__version__}; load average "
          f"{os.getloadavg()[0]:.1f} at the start\n")
    print("| parties | values | outcomes | Pareto | NegMAS s | negsim default s | path | negsim enumerated s "
          "| ratio default | ratio enumerated | agree |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |")
    stopped: set[tuple[int, str]] = set()
    for k, kind in [(k, kind) for k in args.parties for kind in ("random", "opposed")]:
        for n in args.issues:
            case = [str(n), kind, str(k)]
            auto = _median(["auto", *case], args.repeat, 3600)
            enum = _median(["enumerate", *case], args.repeat, 3600)
            peer = None if (k, kind) in stopped else _median(["negmas", *case], args.repeat_peer,
                                                        args.time_limit)
            if peer is None or "error" in peer:
                why = "over the time limit" if peer is None else peer["error"]
                stopped.add((k, kind))
                peer_s, r_auto, r_enum, ok = f"stopped ({why})", "", "", _agree(auto, enum)
            else:
                peer_s = f"{peer['seconds']:.3f}"
                r_auto = f"{peer['seconds'] / auto['seconds']:,.0f}x"
                r_enum = f"{peer['seconds'] / enum['seconds']:,.0f}x"
                ok = _agree(auto, enum) and _agree(enum, peer)
            pareto = ("~" if enum.get("estimate") else "") + f"{enum['pareto']:,}"
            print(f"| {k} | {kind} | 1e{n} | {pareto} | {peer_s} | {auto['seconds']:.4f} | "
                  f"{auto['path']} | {enum['seconds']:.3f} | {r_auto} | {r_enum} | "
                  f"{'yes' if ok else 'NO'} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
