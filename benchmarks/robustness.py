"""What the "Holds while" block of ``negsim run`` costs (issue 19 item 1), per path.

    .venv/bin/python benchmarks/robustness.py [--repeat 3] [--show] [--only TEXT]

For each case, in one process: the CPU time (process time, which CPU steal on a
shared machine inflates less than wall time) of ``analyse`` (the run's solves)
and of :func:`sim.explain.robustness.robustness` (the block), medians of
``--repeat``, and how many full re-solves the block did (0 on the fast path).
Cases: the Istanbul case (tabulated, discrete: the fast re-solves), the two
continuous examples (every re-solve refines over the real range), the pie of 101
slices with ``solve.lotteries``, a random scenario of 2 parties, 6 issues x 10
options (1e6 outcomes: past one chunk, on the additive path where it is exact)
and one of 2 parties, 12 x 10 (1e12 outcomes: the additive path, past
``solve.max_outcomes``; the near-optimal set is then estimated by sampling),
the same with 3 parties, and two parties trading over 3 continuous issues.

``--before DIR`` measures each case with the ``sim`` package of another
checkout too (``git worktree add DIR REV``), in a subprocess run right before
this checkout's measurement of that case, so that both see the same machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from solve import random_scenario  # benchmarks/solve.py, beside this one


def pie(lotteries: bool) -> dict[str, Any]:
    slices = {f"s{k}": k / 100 for k in range(101)}
    return {"name": "pie", "issues": {"x": {"options": list(slices)}},
            "parties": {"p": {"weights": {"x": 1}, "values": {"x": slices}, "disagreement": 0.2},
                        "q": {"weights": {"x": 1}, "values": {"x": {k: 1 - v for k, v in slices.items()}}}},
            "solve": {"concepts": ["nash", "egalitarian"], "lotteries": lotteries}}


def logrolling(issues: int) -> dict[str, Any]:
    """Two parties trading over ``issues`` continuous issues on [0, 1], one wanting
    each more, the other less, with different weights (a logroll over real ranges)."""
    names = [f"c{j}" for j in range(issues)]
    rng = [0.2 + 0.6 * j / max(issues - 1, 1) for j in range(issues)]
    return {"name": "continuous logrolling", "issues": {n: {"range": [0, 1]} for n in names},
            "parties": {"p": {"weights": {n: w for n, w in zip(names, rng)},
                              "values": dict.fromkeys(names, "increasing"), "disagreement": 0.2},
                        "q": {"weights": {n: 1 - w for n, w in zip(names, rng)},
                              "values": dict.fromkeys(names, "decreasing"), "disagreement": 0.2}},
            "solve": {"resolution": 11}}


def cases() -> list[tuple[str, Any]]:
    from sim.scenario import from_dict, load

    scen = ROOT / "scenarios"
    return [
        ("Istanbul (58,320 outcomes, fast path)", lambda: load(scen / "istanbul-2025.yaml")),
        ("split the pie (continuous)", lambda: load(scen / "examples" / "split-the-pie.yaml")),
        ("Fearon (continuous, war lottery)", lambda: load(scen / "examples" / "fearon-war-bargaining.yaml")),
        ("pie of 101 slices, lotteries", lambda: from_dict(pie(True))),
        ("2 parties, 6 x 10 (1e6, past one chunk)", lambda: from_dict(random_scenario(6, 10, 2))),
        ("2 parties, 12 x 10 (1e12, additive)", lambda: from_dict(random_scenario(12, 10, 2))),
        ("3 parties, 12 x 10 (1e12, additive)", lambda: from_dict(random_scenario(12, 10, 3))),
        ("3 continuous issues, logrolling", lambda: from_dict(logrolling(3))),
    ]


def measure(build, repeat: int) -> tuple[float, float, int, list[str]]:
    """Median CPU seconds of analyse and of the block, the block's full re-solves, and
    its text (the last run's)."""
    from sim.analysis import analyse
    from sim.explain import resolve
    from sim.explain.robustness import robustness, text_lines

    solves: list[int] = []
    original = resolve.Resolves._solve

    def counted(self, key, build, concept=None):  # count the block's full re-solves
        if key not in self.memo and (concept is None or (*key, concept) not in self.memo):
            solves.append(1)
        return original(self, key, build, *([] if concept is None else [concept]))

    resolve.Resolves._solve = counted  # type: ignore[method-assign]
    scenario = build()
    solve_t, block_t, lines = [], [], []
    for _ in range(repeat):
        solves.clear()
        t = time.process_time()
        analysis = analyse(scenario)
        solve_t.append(time.process_time() - t)
        t = time.process_time()
        robust = robustness(analysis)
        block_t.append(time.process_time() - t)
        lines = text_lines(robust)
    resolve.Resolves._solve = original  # type: ignore[method-assign]
    return statistics.median(solve_t), statistics.median(block_t), len(solves), lines


def before(directory: str, label: str, repeat: int) -> str:
    """The row cells of ``label`` measured with the ``sim`` of ``directory``."""
    import os
    import subprocess

    env = dict(os.environ, PYTHONPATH=directory)
    out = subprocess.run([sys.executable, __file__, "--only", label, "--repeat", str(repeat), "--cells"],
                         env=env, capture_output=True, text=True, check=True).stdout
    return out.strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show", action="store_true", help="print each case's block too")
    ap.add_argument("--only", default="", help="only the cases whose label contains this")
    ap.add_argument("--before", metavar="DIR", help="also measure the sim package of DIR")
    ap.add_argument("--cells", action="store_true", help=argparse.SUPPRESS)  # (--before's subprocess)
    args = ap.parse_args(argv)
    head = "analyse, CPU s | the block, CPU s | full re-solves"
    if not args.cells:
        print(f"| case | {'before: ' + head.replace(' | ', ' | before: ') + ' | ' if args.before else ''}{head} |")
        print("| --- |" + " ---: |" * (6 if args.before else 3))
    for label, build in cases():
        if args.only not in label:
            continue
        old = before(args.before, label, args.repeat) + " | " if args.before else ""
        solve_s, block_s, solves, lines = measure(build, args.repeat)
        cells = f"{solve_s:.2f} | {block_s:.2f} | {solves}"
        print(cells if args.cells else f"| {label} | {old}{cells} |", flush=True)
        if args.show:
            print("\n".join(lines), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
