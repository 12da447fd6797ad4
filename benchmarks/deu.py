"""The forecast models on the DEU III development file, cross-validated by proposal.

Issue 21, items 4-6.

    .venv/bin/python benchmarks/deu.py [--table ../shared/data/deu3/deu3-development.tsv]

For every model of :data:`sim.spatial.models.MODELS` prints, on the issues with
a known outcome: the mean absolute error of the model as shipped (its
parameters are the grid point best on this very file, so this is in-sample),
the leave-one-proposal-out error (the parameters chosen on the other
proposals only) with its 95% bootstrap interval over proposals, the share
within 10 points, the cross-validated error minus the compromise model's with
its paired bootstrap interval, the parameters the folds chose, and the time to forecast
the whole file once. Only the development file: the forecast file has no
outcomes and is never used to choose anything.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent))

from solve import machine

from sim.spatial.accuracy import accuracy, cross_validate, difference
from sim.spatial.models import MODELS, predict
from sim.spatial.table import read_deu

DEVELOPMENT = ROOT.parent.parent / "shared" / "data" / "deu3" / "deu3-development.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--table", type=Path, default=DEVELOPMENT)
    args = parser.parse_args()
    table = read_deu(args.table)
    known = int((~np.isnan(table.outcome)).sum())
    print(f"{machine()}\n{args.table.name}: {len(table.groups())} proposals, "
          f"{len(table.issues)} issues ({known} with an outcome), {len(table.actors)} actors\n")
    head = (f"{'model':<16} {'in-sample':>9} {'cross-validated MAE [95% CI]':>30} "
            f"{'within 10':>9} {'minus compromise [95% CI]':>27} {'time':>7}  chosen by the folds")
    print(head)
    print("-" * len(head))
    total = 0.0
    base = predict(table, MODELS["compromise"])
    for model in MODELS.values():
        t = time.perf_counter()
        shipped = predict(table, model)
        took = time.perf_counter() - t
        total += took
        cv = cross_validate(table, model)
        a = accuracy(table, model.name, cv.prediction)
        inside = accuracy(table, model.name, shipped).mae
        gap, (glo, ghi) = difference(table, cv.prediction, base)
        chosen = "; ".join(f"{k} ({n})" for k, n in sorted(cv.chosen.items(), key=lambda kv: -kv[1]))
        print(f"{model.name:<16} {inside:9.2f} {a.mae:12.2f} [{a.ci95[0]:5.2f}, {a.ci95[1]:5.2f}] "
              f"{'':>2}{a.within10:9.1%} {gap:+10.2f} [{glo:+6.2f}, {ghi:+6.2f}] {took:6.2f}s  {chosen}")
    print(f"\nevery model once over the whole file: {total:.1f} s")


if __name__ == "__main__":
    main()
