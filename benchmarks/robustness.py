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
``solve.max_outcomes``; the near-optimal set is then estimated by sampling).
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
    ]


def measure(build, repeat: int) -> tuple[float, float, int, list[str]]:
    """Median CPU seconds of analyse and of the block, the block's full re-solves, and
    its text (the last run's)."""
    from sim.analysis import analyse
    from sim.explain import resolve
    from sim.explain.robustness import robustness, text_lines

    solves: list[int] = []
    original = resolve.Resolves._solve

    def counted(self, key, build):  # count the block's full re-solves
        if key not in self.memo:
            solves.append(1)
        return original(self, key, build)

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


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--show", action="store_true", help="print each case's block too")
    ap.add_argument("--only", default="", help="only the cases whose label contains this")
    args = ap.parse_args(argv)
    print("| case | analyse, CPU s | the block, CPU s | full re-solves |")
    print("| --- | ---: | ---: | ---: |")
    for label, build in cases():
        if args.only not in label:
            continue
        solve_s, block_s, solves, lines = measure(build, args.repeat)
        print(f"| {label} | {solve_s:.2f} | {block_s:.2f} | {solves} |", flush=True)
        if args.show:
            print("\n".join(lines), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
