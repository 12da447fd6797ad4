"""Parameter sweeps (SPEC section 6): many variants of one scenario, one row each.

The flow, one module per step:

- :mod:`~sim.sweep.spec`: the sweep file (grid, random draws, record);
- :mod:`~sim.sweep.planning`: checked against the scenario, variants numbered;
- :mod:`~sim.sweep.patch` and :mod:`~sim.sweep.evaluate`: variants built by
  substituting numbers and solved on a shared outcome space
  (:func:`with_values` is the public way to make one variant);
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

:func:`run_variants` solves an explicit list of variants the same way (what the
Sobol and Morris designs of :mod:`sim.sensitivity` need):

>>> run_variants(pie, {"parties.p.disagreement": [0.6, 0.2, 0.6]},
...              ["zopa.size"])["zopa.size"].tolist()
[1, 2, 1]
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..scenario import Scenario
from .execute import Progress, Summary, run
from .patch import with_values
from .planning import Plan, clipped, plan
from .spec import DEFAULT_RECORD, SweepSpec, explicit, load, parse
from .store import StoreConflict

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

__all__ = [
    "Plan",
    "Progress",
    "StoreConflict",
    "Summary",
    "SweepSpec",
    "explicit",
    "load",
    "parse",
    "plan",
    "read",
    "run",
    "run_sweep",
    "run_variants",
    "with_values",
]


def read(out: str | Path) -> pd.DataFrame:
    """The results table in ``out``, sorted by ``variant`` (what
    ``pandas.read_parquet(out)`` gives, with a clean index)."""
    import pandas as pd

    table = pd.read_parquet(out)
    return table.sort_values("variant", kind="stable").reset_index(drop=True)


def run_sweep(sweep: str | Path | SweepSpec, out: str | Path | None = None, workers: int = 1,
              scheduler: str | None = None, scenario: Scenario | None = None,
              progress: Progress | None = None,
              start: Callable[[int, int], None] | None = None) -> pd.DataFrame:
    """Load, check and run a sweep into ``out`` (resuming what is there) and return
    its table. The one call a notebook needs; the CLI uses the same steps with a
    progress bar (``progress`` and ``start`` as for :func:`run`). Without ``out``
    the parts go to a temporary folder, removed afterwards."""
    spec = sweep if isinstance(sweep, SweepSpec) else load(sweep)
    checked = plan(spec, scenario)
    folder = tempfile.TemporaryDirectory(prefix="negsim-") if out is None else nullcontext(out)
    with folder as where:
        run(checked, where, workers=workers, scheduler=scheduler, progress=progress, start=start)
        return read(where)


def run_variants(scenario: Scenario, values: Mapping[str, Sequence[Any] | np.ndarray],
                 record: Sequence[str] = DEFAULT_RECORD, out: str | Path | None = None,
                 workers: int = 1, scheduler: str | None = None, progress: Progress | None = None,
                 start: Callable[[int, int], None] | None = None, clip: bool = False,
                 label: str = "<variants>") -> pd.DataFrame:
    """Solve the variants of ``scenario`` given row by row: variant ``k`` sets each
    dotted path of ``values`` to its ``k``-th value. Returns the sweep table
    (``variant``, a column per path, the recorded report fields).

    Checked like a sweep file's values (located errors at ``values.PATH``, exit 2)
    and run by the same engine: worker processes, a Dask ``scheduler``, and with
    ``out`` a results folder that a rerun with the same values resumes. With
    ``clip``, numbers are first clipped to their field's valid range, as random
    draws are.
    """
    if clip:
        values = {path: clipped(path, v) for path, v in values.items()}
    spec = explicit(values, record, scenario.source or "<scenario>", label)
    return run_sweep(spec, out, workers, scheduler, scenario, progress, start)
