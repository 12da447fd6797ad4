"""Parameter sweeps (SPEC section 6): many variants of one scenario, one row each.

The flow, one module per step:

- :mod:`~sim.sweep.spec`: the sweep file (grid, random draws, record);
- :mod:`~sim.sweep.planning`: checked against the scenario, variants numbered;
- :mod:`~sim.sweep.patch` and :mod:`~sim.sweep.evaluate`: variants built by
  substituting numbers and solved on a shared outcome space;
- :mod:`~sim.sweep.execute` and :mod:`~sim.sweep.store`: run here, in worker
  processes or on a Dask cluster, written as a resumable Parquet dataset.

>>> import tempfile
>>> from sim.scenario import from_dict
>>> pie = from_dict({"name": "pie", "issues": {"x": {"options": ["a", "b", "c"]}},
...     "parties": {"p": {"weights": {"x": 1}, "values": {"x": {"ranking": ["a", "b", "c"]}},
...                       "disagreement": 0.2},
...                 "q": {"weights": {"x": 1}, "values": {"x": {"ranking": ["c", "b", "a"]}}}}})
>>> spec = parse({"scenario": "pie.yaml", "grid": {"parties.p.disagreement": [0.2, 0.6]},
...               "record": ["zopa.size"]}, "<example>")
>>> table = run_sweep(spec, tempfile.mkdtemp(), scenario=pie)
>>> table[["parties.p.disagreement", "zopa.size"]].values.tolist()
[[0.2, 2.0], [0.6, 1.0]]
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..scenario import Scenario
from .execute import Progress, Summary, run
from .planning import Plan, plan
from .spec import SweepSpec, load, parse
from .store import StoreConflict

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "Plan",
    "Progress",
    "StoreConflict",
    "Summary",
    "SweepSpec",
    "load",
    "parse",
    "plan",
    "read",
    "run",
    "run_sweep",
]


def read(out: str | Path) -> pd.DataFrame:
    """The results table in ``out``, sorted by ``variant`` (what
    ``pandas.read_parquet(out)`` gives, with a clean index)."""
    import pandas as pd

    table = pd.read_parquet(out)
    return table.sort_values("variant", kind="stable").reset_index(drop=True)


def run_sweep(sweep: str | Path | SweepSpec, out: str | Path, workers: int = 1,
              scheduler: str | None = None, scenario: Scenario | None = None) -> pd.DataFrame:
    """Load, check and run a sweep into ``out`` (resuming what is there) and return
    its table. The one call a notebook needs; the CLI uses the same steps with a
    progress bar."""
    spec = sweep if isinstance(sweep, SweepSpec) else load(sweep)
    run(plan(spec, scenario), out, workers=workers, scheduler=scheduler)
    return read(out)
