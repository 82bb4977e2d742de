"""Results of a run: the tidy tables of docs/OUTPUTS.md, and writing them as Parquet.

Files are written atomically: each table goes to a temporary file in the same directory
and is renamed into place, so an interrupted write never leaves a file that looks complete.
``summary.parquet`` is written last; whether a run finished is its directory's status
record (``sim.runs``).
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

TABLES = ("adoption", "labs", "open_models", "markets", "policies", "events", "decisions", "summary")


@dataclass
class Results:
    """The output tables of one run (pandas DataFrames, long format)."""

    adoption: pd.DataFrame
    labs: pd.DataFrame
    open_models: pd.DataFrame
    markets: pd.DataFrame
    policies: pd.DataFrame
    events: pd.DataFrame
    decisions: pd.DataFrame
    summary: pd.DataFrame
    adopter_snapshots: pd.DataFrame | None = None

    def to_parquet(self, directory: str | os.PathLike) -> list[Path]:
        """Write each table as ``<name>.parquet`` in ``directory``; return the paths."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        written = []
        names = [name for name in (*TABLES, "adopter_snapshots") if getattr(self, name) is not None]
        for name in sorted(names, key=lambda n: n == "summary"):  # summary last
            written.append(write_atomically(getattr(self, name), directory / f"{name}.parquet"))
        return written

    @classmethod
    def from_parquet(cls, directory: str | os.PathLike) -> Results:
        """Read the tables written by :meth:`to_parquet`."""
        directory = Path(directory)
        snapshots = directory / "adopter_snapshots.parquet"
        return cls(
            **{name: pd.read_parquet(directory / f"{name}.parquet") for name in TABLES},
            adopter_snapshots=pd.read_parquet(snapshots) if snapshots.exists() else None,
        )


@contextmanager
def replacing(path: Path) -> Iterator[str]:
    """A temporary file beside ``path`` to write into; it replaces ``path`` (by a rename)
    only if the block ends without error, and is removed otherwise."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield temporary
        os.chmod(temporary, 0o644)  # readable like any output (mkstemp makes it private)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def write_atomically(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` as Parquet to ``path`` through a temporary file and a rename."""
    with replacing(path) as temporary:
        frame.to_parquet(temporary, index=False)
    return path


def write_bytes_atomically(data: bytes, path: Path) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    with replacing(path) as temporary:
        Path(temporary).write_bytes(data)
    return path


def writable_directory(directory: str | os.PathLike) -> Path:
    """``directory``, absolute, made with its parents and shown to take a file (an empty one,
    removed at once), so that a command refuses it before any work: OSError, naming why,
    where it cannot be written (a read-only disk, a file in its place)."""
    directory = Path(directory).absolute()
    if directory.exists() and not directory.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "a file is there, not a directory", str(directory))
    directory.mkdir(parents=True, exist_ok=True)
    probe = directory / ".sim-writable.tmp"
    probe.write_bytes(b"")
    probe.unlink()
    return directory
