"""The results folder under crashes (issue 16): a killed sweep leaves no workers and
no lock behind, a part file cut short is computed again, a held lock names its
holder. Sweeps of the ``rich`` scenario of ``test_sweep.py``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from sim.sweep import StoreConflict, plan, run
from sim.sweep import load as load_sweep
from sim.sweep.store import LOCK, open_store

from .test_sweep import RICH, write


def _sweep(tmp_path: Path, n: int) -> Path:
    write(tmp_path / "rich.yaml", RICH)
    return write(tmp_path / "sweep.yaml", {
        "scenario": "rich.yaml",
        "random": {"n": n, "seed": 1, "draw": {"parties.p.weights.x": {"uniform": [0, 6]},
                                               "parties.q.disagreement": {"uniform": [0, 0.6]}}},
        "record": ["zopa.size", "solutions.nash.utilities"]})


def _negsim(*args: str) -> list[str]:
    return [sys.executable, "-m", "sim.cli", *args]


def _wait(condition, what: str, limit: float = 120.0) -> None:
    """Poll until ``condition()`` (a bound on waiting, not a timing assertion)."""
    end = time.monotonic() + limit
    while not condition():
        if time.monotonic() > end:
            raise AssertionError(f"still waiting for {what} after {limit:.0f} s")
        time.sleep(0.1)


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_killed_worker_sweep_leaves_nothing_running_and_resumes(tmp_path, how):
    sweep, out = _sweep(tmp_path, 1500), tmp_path / "out"
    proc = subprocess.Popen(_negsim("sweep", str(sweep), "--out", str(out), "--workers", "2",
                                    "--quiet"), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    parent = psutil.Process(proc.pid)
    workers: list[psutil.Process] = []
    try:
        _wait(lambda: len(parent.children()) == 2 or proc.poll() is not None, "two workers")
        workers = parent.children()
        _wait(lambda: any(out.glob("part-*.parquet")) or proc.poll() is not None, "a first part")
        assert proc.poll() is None, "the sweep ended before it could be killed: make it larger"
        proc.send_signal(how)
        proc.wait()
        _wait(lambda: not any(_alive(w) for w in workers),
              "the workers to end with their parent", 30)
    finally:  # whatever failed, leave no process of this test behind
        proc.kill()
        for w in workers:
            if _alive(w):
                w.kill()
    if how == signal.SIGTERM:
        assert proc.returncode == 130 and b"rerun the same command to resume" in \
            proc.stderr.read()
    kept = len(list(out.glob("part-*.parquet")))
    rerun = subprocess.run(_negsim("sweep", str(sweep), "--out", str(out), "--workers", "2",
                                   "--quiet"), capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr  # the lock did not outlive the sweep
    table = pd.read_parquet(out)
    assert table["variant"].tolist() == list(range(1500))
    assert kept >= 1 and "were already there" in rerun.stdout


def test_a_part_cut_short_or_empty_is_computed_again(tmp_path):
    checked = plan(load_sweep(_sweep(tmp_path, 200)))
    out = tmp_path / "out"
    first = pd.read_parquet(run(checked, out).out)
    parts = sorted(out.glob("part-*.parquet"))
    parts[0].write_bytes(b"")  # a crash before the data reached the disk
    parts[1].write_bytes(parts[1].read_bytes()[:-40])  # cut short: no footer
    (out / parts[2].name).write_bytes(parts[3].read_bytes())  # another part's rows
    summary = run(checked, out)
    assert summary.computed == sum(len(pd.read_parquet(p)) for p in parts[:3])
    assert pd.read_parquet(out).equals(first)


def test_a_held_lock_names_its_process(tmp_path):
    checked = plan(load_sweep(_sweep(tmp_path, 20)))
    info = {"columns": []}
    store = open_store(tmp_path / "out", checked.fingerprint(), checked.size, info)
    try:
        assert (tmp_path / "out" / LOCK).read_text() == f"{os.getpid()}\n"
        with pytest.raises(StoreConflict) as err:
            open_store(tmp_path / "out", checked.fingerprint(), checked.size, info)
        assert f"another sweep (process {os.getpid()}) is writing to this folder" in str(err.value)
        assert f"kill {os.getpid()}" in str(err.value)
        assert (tmp_path / "out" / LOCK).read_text() == f"{os.getpid()}\n"  # still the holder's
    finally:
        store.close()
    open_store(tmp_path / "out", checked.fingerprint(), checked.size, info).close()
    json.loads((tmp_path / "out" / "_sweep.json").read_text())  # written whole
