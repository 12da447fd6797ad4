"""Issue 6 item 4: a sweep on a real Dask distributed cluster gives the local table,
and survives losing a worker mid-sweep.

The fixture starts ``dask scheduler`` and two ``dask worker`` processes
(``--nthreads 1``, no nanny, so killing one really loses it) on 127.0.0.1 at
free ports, and kills them all when the module is done, even after a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sim.scenario import load as load_scenario
from sim.sweep import load, plan, read, run, run_sweep, run_variants

from .test_sweep import RICH, sweep_file, write

DASK = Path(sys.executable).with_name("dask")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not DASK.exists() and shutil.which("dask") is None, reason="no dask CLI"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, procs: list[subprocess.Popen], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in procs):
            raise RuntimeError("a dask process exited while starting")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


class Cluster:
    """A scheduler and named workers, each its own process group."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.address = ""
        self.procs: list[subprocess.Popen] = []
        self.workers: dict[str, subprocess.Popen] = {}

    def _start(self, *args: str, name: str) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
        exe = str(DASK) if DASK.exists() else "dask"
        proc = subprocess.Popen([exe, *args], stdout=log, stderr=subprocess.STDOUT,
                                cwd=self.folder, start_new_session=True)
        log.close()
        self.procs.append(proc)
        return proc

    def start(self, n_workers: int = 2) -> None:
        port = _free_port()
        self.address = f"tcp://127.0.0.1:{port}"
        sched = self._start("scheduler", "--host", "127.0.0.1", "--port", str(port),
                            "--no-dashboard", name="scheduler")
        _wait_for_port(port, [sched])
        for k in range(n_workers):
            name = f"worker{k}"
            self.workers[name] = self._start(
                "worker", self.address, "--nthreads", "1", "--no-nanny", "--no-dashboard",
                "--host", "127.0.0.1", "--name", name, "--local-directory", str(self.folder / name),
                name=name)
        from distributed import Client

        with Client(self.address, timeout="30s") as client:
            client.wait_for_workers(n_workers, timeout=90)

    def kill(self, name: str) -> None:
        proc = self.workers[name]
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            proc.wait(timeout=30)

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in self.folder.glob("*.log"))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    c = Cluster(tmp_path_factory.mktemp("dask"))
    try:
        c.start()
        yield c
    finally:
        c.stop()


@pytest.fixture
def sweep(tmp_path: Path) -> Path:
    rich = write(tmp_path / "rich.yaml", RICH)
    return sweep_file(tmp_path, rich,
                      grid={"pressures.push.credibility": {"linspace": [0, 1, 5]},
                            "parties.q.disagreement": [0.2, 0.5]},
                      random={"n": 16, "seed": 3, "draw": {"parties.p.weights.x": {"uniform": [0, 6]}}},
                      record=["zopa.size", "solutions.nash.utilities", "solutions.nash.outcome",
                              "pressures.push.without.pareto.size"])


@pytest.mark.timeout(240)
def test_cluster_gives_the_local_table_and_survives_a_lost_worker(cluster, sweep, tmp_path):
    local = run_sweep(sweep, tmp_path / "local")
    assert len(local) == 160
    on_cluster = run_sweep(sweep, tmp_path / "cluster", scheduler=cluster.address)
    assert on_cluster.equals(local), cluster.logs()

    written: list[int] = []
    killed_at: list[int] = []

    def kill_after_first_part(n: int) -> None:
        written.append(n)
        if not killed_at:
            cluster.kill("worker0")
            killed_at.append(sum(written))

    summary = run(plan(load(sweep)), tmp_path / "killed", scheduler=cluster.address,
                  progress=kill_after_first_part)
    assert killed_at and killed_at[0] < 160  # the worker died with the sweep under way
    assert cluster.workers["worker0"].poll() is not None
    assert summary.computed == 160 and sum(written) == 160
    assert read(tmp_path / "killed").equals(local), cluster.logs()


@pytest.mark.timeout(240)
def test_explicit_variants_on_the_cluster_give_the_sweep_rows(cluster, sweep, tmp_path):
    """run_variants with the sweep's own rows, solved on the cluster: the same table."""
    local = run_sweep(sweep, tmp_path / "local")
    spec = load(sweep)
    rows = {path: local[path].tolist() for path in spec.paths}
    given = run_variants(load_scenario(spec.scenario), rows, spec.record, tmp_path / "given",
                         scheduler=cluster.address)
    assert given.equals(local), cluster.logs()
