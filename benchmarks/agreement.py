"""What an agreement rule (SPEC section 11) costs per outcome, against the utility matrix.

Issue 18, item 4: a quorum check over 1e6 outcomes and 20 parties must not cost
more than the utility matrix itself.

    .venv/bin/python benchmarks/agreement.py [--outcomes 1000000] [--parties 20] [--repeat 5]

A random scenario of ``--parties`` parties (two veto, every party with a red
line) over six discrete issues of 10 options (1e6 outcomes) is tabulated once;
then, on those columns, the median wall and CPU time of:

- the utility matrix (``UtilityModel``: outcomes x parties, before pressures);
- the acceptance matrix (``sim.agreement.accepting``: u >= d and each party's
  red-line mask);
- Z under a quorum (``admitted``: the acceptance matrix's row counts), and
  under votes with a threshold (a matrix-vector product);
- a whole ``Solver.solve`` (ZOPA, frontier, solutions) with the quorum and
  without any rule (enumerated too, as a rule that counts other parties must be).
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from sim import agreement as ag
from sim.analysis import Solver
from sim.scenario import from_dict
from sim.space import OutcomeSpace
from sim.utility import UtilityModel


def scenario(n_parties: int, n_issues: int, rule: dict | None, seed: int = 0) -> dict:
    rng = np.random.default_rng(seed)
    options = [f"o{k}" for k in range(10)]
    issues = {f"i{j}": {"options": options} for j in range(n_issues)}
    parties = {}
    for i in range(n_parties):
        parties[f"p{i}"] = {
            "veto": i < 2,
            "weights": {j: float(rng.uniform(0.1, 1)) for j in issues},
            "values": {j: {o: float(rng.uniform()) for o in options} for j in issues},
            "disagreement": float(rng.uniform(0.3, 0.5)),
            "red_lines": [{f"i{rng.integers(n_issues)}": options[int(rng.integers(10))]}],
        }
    doc = {"name": "bench", "issues": issues, "parties": parties,
           "solve": {"max_outcomes": 10 ** 7, "concepts": ["nash"]}}
    if rule is not None:
        doc["agreement"] = rule
    return doc


def timed(f, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        f()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--issues", type=int, default=6, help="issues of 10 options (6: 1e6 outcomes)")
    ap.add_argument("--parties", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    n = args.parties
    quorum = from_dict(scenario(n, args.issues, {"quorum": n - 3}))
    votes = from_dict(scenario(n, args.issues, {"votes": {f"p{i}": 1 + i % 3 for i in range(n)},
                                                "threshold": 2 * n}))
    plain = from_dict(scenario(n, args.issues, None))
    space = OutcomeSpace.of(quorum)
    cols = space.columns(0, space.size)
    model = UtilityModel.of(quorum)
    u = np.round(model(cols), 9)
    d = np.round(model.disagreement(), 9)
    rows = [
        ("utility matrix (UtilityModel)", lambda: model(cols)),
        ("acceptance matrix (accepting)", lambda: ag.accepting(quorum, cols, u, d)),
        ("Z under a quorum (accepting + admitted)",
         lambda: ag.admitted(quorum, cols, ag.accepting(quorum, cols, u, d))),
        ("Z under votes + threshold",
         lambda: ag.admitted(votes, cols, ag.accepting(votes, cols, u, d))),
        ("solve, quorum", lambda: Solver.of(quorum).solve(quorum.pressures)),
        ("solve, no rule (enumerated)", lambda: Solver.of(plain).solve(plain.pressures,
                                                                       method="enumerate")),
    ]
    print(f"{space.size:,} outcomes x {n} parties, median of {args.repeat}")
    print("| step | wall s | CPU s |")
    print("| --- | ---: | ---: |")
    for name, f in rows:
        wall, cpu = timed(f, args.repeat)
        print(f"| {name} | {wall:.3f} | {cpu:.3f} |")


if __name__ == "__main__":
    main()
