"""The results folder: a Parquet dataset written in parts, resumable.

Layout of ``--out DIR`` (SPEC section 6):

- ``part-000000.parquet``, ``part-000001.parquet``, ...: part ``c`` holds the
  variants ``c * chunk .. (c + 1) * chunk - 1``, sorted by ``variant``; every
  part has the same schema. A part is written to a hidden temporary file and
  renamed into place, so a part file is complete or absent: killing a sweep
  loses only the parts in flight, and a rerun computes only the missing parts.
- ``_sweep.json``: the manifest (the sweep's fingerprint, its size, the chunk
  size and the columns). A rerun whose fingerprint differs (the sweep file or
  the scenario changed) is refused rather than mixing two tables.
- ``.lock``: held while a sweep writes, so two runs cannot write one folder.

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
        """Parts already written."""
        found = set()
        for entry in os.scandir(self.root):
            m = PART.match(entry.name)
            if m and int(m.group(1)) < self.n_parts:
                found.add(int(m.group(1)))
        return found

    def write(self, part: int, table: Any) -> None:
        """Write one part atomically (a hidden temporary file, then a rename)."""
        import pyarrow.parquet as pq

        tmp = self.root / f".part-{part:06d}.parquet.tmp"
        pq.write_table(table, tmp)
        os.replace(tmp, self.path(part))

    def close(self) -> None:
        if self.lock is not None:
            self.lock.close()
            self.lock = None


def _acquire(root: Path) -> TextIO:
    handle = open(root / LOCK, "w")  # noqa: SIM115 - held open for the whole run
    try:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except ImportError:  # pragma: no cover - not POSIX: no lock
        pass
    except OSError:
        handle.close()
        raise StoreConflict(f"{root}: another sweep is writing to this folder") from None
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
        os.replace(tmp, manifest)
    return store
