"""What the hardening of issue 16 (items 10-23) costs, as a table.

- **ANAC domains**: import and solve all 94 domains of ``../shared/genius/anac``
  (the test over them runs exactly this), CPU seconds.
- **Resume check**: verifying the part files of a 4,000-variant sweep (64
  parts) before a rerun: every footer read and checked against its variants.
- **Moves on a continuous issue**: ``nash_moves`` on the threat-game toy of
  ``tests/test_games.py`` (a discrete ceasefire, a continuous relief, one
  pressure at credibility 0.5): solves and CPU seconds.

CPU times of this process (``time.process_time``), which do not depend much on
what else the machine runs.

    .venv/bin/python benchmarks/hardening.py
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sim.analysis import analyse
from sim.scenario import from_dict


def anac() -> tuple[str, str]:
    from sim.genius import load_folder

    folders = sorted(p for p in (ROOT.parent / "shared" / "genius" / "anac").glob("y*/*")
                     if p.is_dir())
    if not folders:
        return "ANAC domains: import and solve", "skipped: ../shared/genius/anac is missing"
    t = time.process_time()
    for folder in folders:
        analyse(load_folder(folder)[0])
    return (f"ANAC domains: import and solve all {len(folders)}",
            f"{time.process_time() - t:.2f} s CPU")


def resume_check() -> tuple[str, str]:
    import pyarrow.parquet  # noqa: F401 - imported once, outside the timing

    from sim.sweep import parse, plan, run
    from sim.sweep.store import Store, chunk_size
    from tests.test_sweep import RICH

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "rich.yaml").write_text(json.dumps(RICH))
        spec = parse({"scenario": "rich.yaml", "random": {"n": 4000, "seed": 1, "draw": {
            "parties.q.disagreement": {"uniform": [0, 0.6]}}}, "record": ["zopa.size"]},
            str(Path(tmp) / "sweep.yaml"))
        out = Path(tmp) / "out"
        run(plan(spec), out)
        store = Store(out, 4000, chunk_size(4000))
        t = time.process_time()
        done = store.done()
        spent = time.process_time() - t
    return f"Resume check: {len(done)} parts of 4,000 variants", f"{1000 * spent:.0f} ms CPU"


def moves() -> tuple[str, str]:
    import sim.explain.moves as mv
    from tests.test_games import TOY

    doc = json.loads(json.dumps(TOY))
    doc["pressures"]["sanctions_ultimatum"]["credibility"] = 0.5
    doc["solve"] = {"resolution": 11}
    analysis = analyse(from_dict(doc))
    count = [0]
    nash_point = mv._nash_point

    def counted(*args, **kwargs):
        count[0] += 1
        return nash_point(*args, **kwargs)

    mv._nash_point = counted
    t = time.process_time()
    mv.nash_moves(analysis)
    spent = time.process_time() - t
    mv._nash_point = nash_point
    return "Moves with a continuous issue (one pressure)", f"{count[0]} solves, {spent:.1f} s CPU"


def main() -> None:
    rows = [anac(), resume_check(), moves()]
    width = max(len(r[0]) for r in rows)
    print(f"| {'what':<{width}} | cost |\n| {'-' * width} | --- |")
    for what, cost in rows:
        print(f"| {what:<{width}} | {cost} |")


if __name__ == "__main__":
    main()
