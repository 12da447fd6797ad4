"""The results folder: a Parquet dataset written in parts, resumable.

Layout of ``--out DIR`` (SPEC section 6):

- ``part-000000.parquet``, ``part-000001.parquet``, ...: part ``c`` holds the
  variants ``c * chunk .. (c + 1) * chunk - 1``, sorted by ``variant``; every
  part has the same schema. A part is written to a hidden temporary file and
  renamed into place (its bytes and then the folder flushed to disk with
  ``fsync`` first), so a part file is complete or absent: killing a sweep loses
  only the parts in flight, and a rerun computes only the missing parts. A
  rerun trusts a part only if its Parquet footer reads and it holds the part's
  number of rows (a file cut short by a crash or a full disk is computed again).
- ``_sweep.json``: the manifest (the sweep's fingerprint, its size, the chunk
  size and the columns). A rerun whose fingerprint differs (the sweep file or
  the scenario changed) is refused rather than mixing two tables.
- ``.lock``: held while a sweep writes, so two runs cannot write one folder. It
  holds the writer's process id; worker processes close their inherited copy,
  so the lock ends with the process that took it.

Bookkeeping files start with ``_`` or ``.``, which Parquet readers skip, so
``pandas.read_parquet(DIR)`` reads exactly the table. Part names sort in
variant order, and pyarrow reads the files of a folder in name order, so the
table comes back sorted by ``variant``.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

MANIFEST = "_sweep.json"
LOCK = ".lock"
PART = re.compile(r"^part-(\d+)\.parquet$")
#: At most this many variants per part, and about this many parts per sweep.
MAX_CHUNK = 1000
TARGET_PARTS = 64


class StoreConflict(Exception):
    """The folder cannot take this sweep (another sweep's results, or in use): exit 2."""


def chunk_size(size: int) -> int:
    """Variants per part: about :data:`TARGET_PARTS` parts, at most :data:`MAX_CHUNK` each.

    Depends only on the sweep's size, so a rerun cuts the same parts.
    """
    return max(1, min(MAX_CHUNK, math.ceil(size / TARGET_PARTS)))


@dataclass
class Store:
    """An open results folder for one sweep."""

    root: Path
    size: int
    chunk: int
    lock: TextIO | None = field(default=None, repr=False)

    @property
    def n_parts(self) -> int:
        return math.ceil(self.size / self.chunk)

    def bounds(self, part: int) -> tuple[int, int]:
        """The variants ``start .. stop - 1`` of ``part``."""
        return part * self.chunk, min(self.size, (part + 1) * self.chunk)

    def path(self, part: int) -> Path:
        return self.root / f"part-{part:06d}.parquet"

    def done(self) -> set[int]:
        """Parts already written: complete Parquet files with the part's rows."""
        found = set()
        for entry in os.scandir(self.root):
            m = PART.match(entry.name)
            if m and int(m.group(1)) < self.n_parts and self.complete(int(m.group(1))):
                found.add(int(m.group(1)))
        return found

    def complete(self, part: int) -> bool:
        """Whether part ``part``'s file reads as Parquet and holds its variants: as
        many rows, and ``variant`` (the first column) from its first to its last,
        by the footer's statistics (nothing else is read)."""
        import pyarrow.parquet as pq

        start, stop = self.bounds(part)
        try:
            meta = pq.read_metadata(self.path(part))
            stats = [meta.row_group(g).column(0).statistics for g in range(meta.num_row_groups)]
        except (OSError, ValueError):  # empty, cut short, not Parquet (ArrowInvalid)
            return False
        if meta.num_rows != stop - start or not stats or any(
                s is None or not s.has_min_max for s in stats):
            return False
        return min(s.min for s in stats) == start and max(s.max for s in stats) == stop - 1

    def write(self, part: int, table: Any) -> None:
        """Write one part atomically and durably (:func:`replace_durably`)."""
        import pyarrow.parquet as pq

        tmp = self.root / f".part-{part:06d}.parquet.tmp"
        pq.write_table(table, tmp)
        replace_durably(tmp, self.path(part))

    @property
    def lock_fd(self) -> int | None:
        """The lock's file descriptor (worker processes close their inherited copy)."""
        return self.lock.fileno() if self.lock is not None else None

    def close(self) -> None:
        if self.lock is not None:
            self.lock.close()
            self.lock = None


def replace_durably(tmp: Path, final: Path) -> None:
    """Rename ``tmp`` to ``final`` so that after a crash or power loss ``final`` is
    either the whole new file or absent: the file's bytes reach the disk (fsync)
    before the rename, and the folder's entry after it."""
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, final)
    try:
        folder = os.open(final.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - a platform without folder descriptors
        return
    try:
        os.fsync(folder)
    except OSError:  # pragma: no cover - some file systems refuse to sync a folder
        pass
    finally:
        os.close(folder)


def _acquire(root: Path) -> TextIO:
    """Take the folder's lock and write this process's id into it; a
    :class:`StoreConflict` naming the holder's id when another process has it."""
    handle = open(root / LOCK, "a+")  # noqa: SIM115 - held open for the whole run
    try:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # pragma: no cover - not POSIX: no lock
        pass
    except OSError:
        handle.seek(0)
        holder = handle.read().strip()
        handle.close()
        who = f"process {holder}" if holder.isdigit() else "another process"
        raise StoreConflict(
            f"{root}: another sweep ({who}) is writing to this folder. Wait for it to finish, "
            f"or stop it (kill {holder if holder.isdigit() else 'PID'}) and rerun to resume; the "
            f"lock ends with that process (if it no longer runs, 'fuser {root / LOCK}' names "
            "what still holds it)") from None
    handle.seek(0)
    handle.truncate()
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


def open_store(root: Path, fingerprint: str, size: int, info: dict[str, Any]) -> Store:
    """Open (or create) ``root`` for the sweep with ``fingerprint``.

    Refuses a folder that holds another sweep's results, or files that are not a
    sweep's, with a :class:`StoreConflict` saying what to do.
    """
    root = Path(root)
    if root.exists() and not root.is_dir():
        raise StoreConflict(f"{root}: exists and is not a folder")
    root.mkdir(parents=True, exist_ok=True)
    manifest = root / MANIFEST
    if manifest.exists():
        try:
            old = json.loads(manifest.read_text())
        except (OSError, ValueError):
            old = {}
        if old.get("fingerprint") != fingerprint:
            raise StoreConflict(
                f"{root} holds the results of a different sweep (the sweep file or its scenario "
                f"changed since they were written). Rerunning would mix two tables: choose another "
                f"--out folder, or delete {root} to start over.")
    else:
        foreign = sorted(e.name for e in os.scandir(root) if not e.name.startswith((".", "_")))
        if foreign:
            raise StoreConflict(
                f"{root} is not empty and holds no sweep ({', '.join(foreign[:3])}"
                f"{', ...' if len(foreign) > 3 else ''}): choose a new or empty --out folder")
    lock = _acquire(root)
    store = Store(root, size, chunk_size(size), lock)
    if not manifest.exists():
        data = {"fingerprint": fingerprint, "variants": size, "chunk": store.chunk, **info}
        tmp = root / ".sweep.json.tmp"
        tmp.write_text(json.dumps(data, indent=1) + "\n")
        replace_durably(tmp, manifest)
    return store
