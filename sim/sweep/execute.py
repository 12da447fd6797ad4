"""Running a sweep: parts of variants solved in this process, in worker processes,
or on a Dask distributed cluster, and written to the results folder.

A part (a range of variant ids, :mod:`sim.sweep.store`) is the unit of work.
A worker gets a :class:`Job` (the scenario's validated document, the varied
paths and the recorded columns: small and picklable) with the part's values,
builds its :class:`Evaluator` once per job and process (no YAML is read and
the outcome space is built once), and returns the recorded values. Only the
process that runs the sweep writes files, so Dask workers need no shared disk.
Every way of running computes the same parts in the same way, so the table is
the same.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ScenarioError
from ..scenario import Scenario, from_dict
from . import record as rec
from .evaluate import VariantSolver
from .patch import Patcher, plain, rebuild
from .planning import Plan, detail
from .store import Store, open_store

#: progress(variants) is called after each part is written.
Progress = Callable[[int], None]


@dataclass(frozen=True)
class Job:
    """What a worker needs to solve a sweep's variants."""

    fingerprint: str
    document: dict[str, Any]
    source: str
    keys: tuple[tuple[Any, ...], ...]
    columns: tuple[rec.Column, ...]
    frontier: bool
    without: frozenset[str]
    frontier_without: bool
    concepts: frozenset[str]
    observed: bool = False

    @classmethod
    def of(cls, plan: Plan) -> Job:
        frontier, without, frontier_without = rec.needs(plan.record)
        return cls(plan.fingerprint(), plan.scenario.document, plan.scenario.source or "<scenario>",
                   tuple(v.keys for v in plan.varied), tuple(plan.record), frontier,
                   frozenset(without), frontier_without, rec.concepts(plan.record),
                   rec.observed(plan.record))


class VariantError(Exception):
    """A variant the scenario check refuses (found while solving a sweep too large
    to check every combination first). Picklable: its args are plain values."""

    def __init__(self, variant: int, message: str):
        super().__init__(variant, message)
        self.variant, self.message = variant, message


class Evaluator:
    """Solves a job's variants in one process."""

    def __init__(self, job: Job):
        self.job = job
        self.base = from_dict(job.document, job.source)
        self.solver = self._solver(self.base)
        self.patcher = Patcher(self.solver.base, job.keys)

    def _solver(self, s: Scenario) -> VariantSolver:
        j = self.job
        return VariantSolver(s, j.frontier, j.without, j.frontier_without, concepts=j.concepts,
                             observed=j.observed)

    def report(self, values: list[Any]) -> dict[str, Any]:
        if self.patcher.fast:
            return self.solver.report(self.patcher(values))
        variant = rebuild(self.base, self.job.keys, values)
        return self._solver(variant).report(variant)

    def solve(self, start: int, values: dict[str, np.ndarray]) -> dict[str, list[Any]]:
        """Recorded values of variants ``start, start + 1, ...`` (one list per column)."""
        paths = list(values)
        n = len(values[paths[0]]) if paths else 0
        out: dict[str, list[Any]] = {c.name: [] for c in self.job.columns}
        for i in range(n):
            try:
                report = self.report([values[p][i] for p in paths])
            except ScenarioError as exc:
                raise VariantError(start + i, detail(exc)) from None
            for c in self.job.columns:
                out[c.name].append(rec.value(report, c))
        return out


_EVALUATORS: dict[str, Evaluator] = {}


def solve_part(job: Job, start: int, values: dict[str, np.ndarray]) -> dict[str, list[Any]]:
    """Solve one part (runs in a worker process or on a Dask worker)."""
    ev = _EVALUATORS.get(job.fingerprint)
    if ev is None:
        _EVALUATORS.clear()
        ev = _EVALUATORS[job.fingerprint] = Evaluator(job)
    return ev.solve(start, values)


def _arrow_type(kind: str):
    import pyarrow as pa

    return {rec.STRING: pa.string(), rec.JSON: pa.string(), rec.INT: pa.int64(),
            rec.FLOAT: pa.float64(), rec.BOOL: pa.bool_()}[kind]


def schema(plan: Plan):
    """The table's schema: ``variant``, a column per varied path, then the recorded columns."""
    import pyarrow as pa

    fields = [pa.field("variant", pa.int64(), nullable=False)]
    fields += [pa.field(v.path, _arrow_type(v.kind)) for v in plan.varied]
    fields += [pa.field(c.name, _arrow_type(c.kind)) for c in plan.record]
    return pa.schema(fields)


def _table(plan: Plan, sch, start: int, stop: int, values: dict[str, np.ndarray],
           recorded: dict[str, list[Any]]):
    import pyarrow as pa

    arrays = [pa.array(np.arange(start, stop, dtype=np.int64))]
    arrays += [pa.array(values[v.path].tolist(), type=sch.field(v.path).type) for v in plan.varied]
    arrays += [pa.array(recorded[c.name], type=sch.field(c.name).type) for c in plan.record]
    return pa.Table.from_arrays(arrays, schema=sch)


@dataclass(frozen=True)
class Summary:
    """What a run did: the sweep's size, variants found already written, and computed."""

    variants: int
    resumed: int
    computed: int
    out: Path


Task = tuple[int, int, int, dict[str, np.ndarray]]


def _tasks(plan: Plan, store: Store, pending: list[int]) -> Iterator[Task]:
    for part in pending:
        start, stop = store.bounds(part)
        yield part, start, stop, plan.values(start, stop)


def _run_here(job: Job, tasks: Iterator[Task], finish: Callable) -> None:
    for part, start, stop, values in tasks:
        finish(part, start, stop, values, solve_part(job, start, values))


#: A worker whose parent is gone notices within this many seconds (where prctl is missing).
ORPHAN_POLL = 1.0


def _worker_start(parent: int, lock_fd: int | None) -> None:
    """First thing in every pool worker: close the copy of the results folder's lock
    that a forked worker inherits (else the lock outlives a killed sweep), take the
    default SIGTERM back, and die with the parent process (``kill -9`` of a sweep
    would otherwise leave its workers running)."""
    if lock_fd is not None:
        try:
            os.close(lock_fd)
        except OSError:
            pass
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1  # prctl(2): a signal to this process when its parent dies
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:  # pragma: no cover - elsewhere, a thread watches the parent
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the signal was set up
        os._exit(1)


def _watch_parent(parent: int) -> None:  # pragma: no cover - not Linux
    while os.getppid() == parent:
        time.sleep(ORPHAN_POLL)
    os._exit(1)


def _run_pool(job: Job, tasks: Iterator[Task], finish: Callable, workers: int,
              lock_fd: int | None = None) -> None:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                             initializer=_worker_start, initargs=(os.getpid(), lock_fd)) as pool:
        running: dict[Future, Task] = {}
        try:
            for task in tasks:
                running[pool.submit(solve_part, job, task[1], task[3])] = task
                while len(running) >= 2 * workers:
                    _drain(running, finish, wait(running, return_when=FIRST_COMPLETED).done)
            while running:
                _drain(running, finish, wait(running, return_when=FIRST_COMPLETED).done)
        except BaseException:
            for fut in running:
                fut.cancel()
            pool.shutdown(wait=False, cancel_futures=True)
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.terminate()  # parts in flight are lost anyway: stop at once
            raise


def _drain(running: dict[Future, Task], finish: Callable, done) -> None:
    for fut in done:
        part, start, stop, values = running.pop(fut)
        finish(part, start, stop, values, fut.result())


def _run_dask(job: Job, tasks: Iterator[Task], finish: Callable, address: str) -> None:
    """Submit every part to the cluster; parts of a worker that dies are run again
    elsewhere by the scheduler. Results are written here as they arrive."""
    from distributed import Client, as_completed

    try:
        client = Client(address, timeout="20s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConnectionError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        submitted: dict[Any, Task] = {}
        for task in tasks:
            fut = client.submit(solve_part, job, task[1], task[3], pure=False)
            submitted[fut] = task
        try:
            for fut in as_completed(list(submitted), loop=client.loop):
                part, start, stop, values = submitted[fut]
                finish(part, start, stop, values, fut.result())
        finally:
            client.cancel(list(submitted))


def run(plan: Plan, out: str | Path, workers: int = 1, scheduler: str | None = None,
        progress: Progress | None = None, start: Callable[[int, int], None] | None = None
        ) -> Summary:
    """Solve every variant of ``plan`` not yet in ``out`` and write it there.

    ``workers`` processes on this machine (1: in this process), or the Dask
    cluster at ``scheduler`` (``tcp://HOST:PORT``). ``start(total, done)`` is
    called once before solving, ``progress(n)`` after each part with its number
    of variants. Raises :class:`~sim.sweep.store.StoreConflict` when ``out``
    holds another sweep.
    """
    job = Job.of(plan)
    info = {"sweep": plan.spec.source, "scenario": str(plan.spec.scenario),
            "columns": [f.name for f in schema(plan)]}
    store = open_store(Path(out), job.fingerprint, plan.size, info)
    try:
        done = store.done()
        pending = [p for p in range(store.n_parts) if p not in done]
        resumed = sum(store.bounds(p)[1] - store.bounds(p)[0] for p in done)
        if start is not None:
            start(plan.size, resumed)
        sch = schema(plan)

        def finish(part: int, lo: int, hi: int, values: dict[str, np.ndarray],
                   recorded: dict[str, list[Any]]) -> None:
            store.write(part, _table(plan, sch, lo, hi, values, recorded))
            if progress is not None:
                progress(hi - lo)

        tasks = _tasks(plan, store, pending)
        try:
            if scheduler:
                _run_dask(job, tasks, finish, scheduler)
            elif workers > 1 and len(pending) > 1:
                _run_pool(job, tasks, finish, workers, store.lock_fd)
            else:
                _run_here(job, tasks, finish)
        except VariantError as exc:
            shown = ", ".join(f"{v.path} = {plain(x[0])!r}" for v, x in zip(
                plan.varied, plan.values(exc.variant, exc.variant + 1).values()))
            where = plan.spec.where(plan.spec.paths[0])[:1]  # grid, random or values
            raise plan.spec.error([plan.spec.locate(where, (
                f"variant {exc.variant} ({shown}) makes the scenario invalid: {exc.message} "
                f"(the parts solved so far are kept)"))]) from None
        return Summary(plan.size, resumed, plan.size - resumed, store.root)
    finally:
        store.close()
