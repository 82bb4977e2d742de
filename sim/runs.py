"""One run on disk: its identity, its directory, its status record, and whether it is whole.

A run directory holds ``config.json`` (the configuration that made the run, seed included),
the output tables as Parquet (``docs/OUTPUTS.md``) and, written last, ``status.json``: the
run's key, its state ("done", or "failed" with its error) and the SHA-256 of every file the
run wrote. A run is finished when its status says done for the key asked for and every file
still matches its checksum; a run with no status, a failure, or a file missing, truncated
or changed is not, and is redone. Every file is written atomically
(``sim.outputs.replacing``): an interrupted write leaves the previous file or none.

A run's key digests its configuration (seed aside), its seed and the code version (a digest
of the ``sim`` package's source files), so a run made by other code or of another
configuration is never taken for this one. A single ``sim`` run uses one directory; the run
store (``sim.store``) keeps many.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import socket
import threading
import time
import types
import typing
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from joblib import parallel_config, register_parallel_backend
from joblib.parallel import BACKENDS

from sim.config import ModelConfig
from sim.outputs import TABLES, Results, replacing
from sim.simulate import run

CONFIG_FILE = "config.json"
STATUS_FILE = "status.json"
OUTPUT_FILES = (CONFIG_FILE, *(f"{name}.parquet" for name in (*TABLES, "adopter_snapshots")))
"""Every file a run may write; all are removed before a run is (re)done."""

DONE, FAILED, PENDING, BAD = "done", "failed", "pending", "bad"
"""A run's states: finished and whole; failed (its error recorded); not run (no status);
bad (a status for another run, unreadable, or a file missing or changed)."""


# ----------------------------------------------------------------------------- identity


@functools.cache
def code_version() -> str:
    """Digest of the ``sim`` package's source files (paths and contents), computed once."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(f"{path.relative_to(package)}\0".encode() + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def config_record(cfg: ModelConfig) -> dict:
    """A configuration as plain data: the fields of ModelConfig, in declaration order."""
    data = dataclasses.asdict(cfg)
    return {f.name: data[f.name] for f in dataclasses.fields(ModelConfig)}


def config_digest(cfg: ModelConfig) -> str:
    """SHA-256 of a configuration with its seed (``run.seed``) left out: the runs of one
    configuration under many seeds share it."""
    data = config_record(cfg)
    data["run"]["seed"] = None
    return hashlib.sha256(json.dumps(data).encode()).hexdigest()


def run_key(config: str, seed: int) -> str:
    """A run's key: from its configuration's digest, its seed and the code version."""
    return hashlib.sha256(json.dumps([code_version(), config, int(seed)]).encode()).hexdigest()[:20]


def key_of(cfg: ModelConfig) -> str:
    """The key of the run of ``cfg`` with its own seed."""
    return run_key(config_digest(cfg), cfg.run.seed)


def config_from_record(data: dict) -> ModelConfig:
    """The configuration that :func:`config_record` turned into ``data`` (values as they are:
    JSON keeps integers and floats apart, so a round trip is exact)."""
    return _build(ModelConfig, data)


def _build(kind, value):
    if typing.get_origin(kind) in (typing.Union, types.UnionType):  # an optional field, e.g. a range
        if value is None:
            return None
        kind = next(arg for arg in typing.get_args(kind) if arg is not type(None))
    if dataclasses.is_dataclass(kind):
        hints = _hints(kind)
        return kind(**{f.name: _build(hints[f.name], value[f.name]) for f in dataclasses.fields(kind)})
    if typing.get_origin(kind) is dict:
        item = typing.get_args(kind)[1]
        return {name: _build(item, entry) for name, entry in value.items()}
    if typing.get_origin(kind) is list:
        item = typing.get_args(kind)[0]
        return [_build(item, entry) for entry in value]
    return value


@functools.cache
def _hints(kind) -> dict:
    return typing.get_type_hints(kind)


# ----------------------------------------------------------------------------- status


@dataclass
class Status:
    """A run's status record (``status.json``)."""

    key: str
    state: str  # DONE or FAILED
    files: dict[str, str] = field(default_factory=dict)  # done: file name -> SHA-256
    error: str = ""  # failed: the error, as "Type: message"
    made_by: str = ""  # the sweep that ran it ("" for a single run)
    checked_by: str = ""  # the sweep that last found it whole
    host: str = ""
    pid: int = 0
    seconds: float = 0.0  # wall time of simulating and writing, s
    finished: str = ""  # when, UTC, ISO 8601


@dataclass(frozen=True)
class Check:
    """What a run directory holds: the run's state, why it is not done, its status record."""

    state: str
    reason: str = ""
    status: Status | None = None


def read_record(path: Path, kind: type, name: str):
    """The JSON record at ``path`` as a ``kind`` dataclass, or None if there is no file.

    Raises ValueError, naming the record as ``name``, if the file cannot be read as one.
    """
    try:
        text = Path(path).read_text()
    except FileNotFoundError:
        return None
    try:
        return kind(**json.loads(text))
    except (ValueError, TypeError) as error:
        raise ValueError(f"{name} is unreadable ({error})") from None


def read_status(directory: Path) -> Status | None:
    """The status record of ``directory``, or None if there is none; ValueError if it
    cannot be read as a status."""
    return read_record(Path(directory) / STATUS_FILE, Status, STATUS_FILE)


def write_status(directory: Path, status: Status) -> None:
    """Write the status record atomically."""
    with replacing(Path(directory) / STATUS_FILE) as temporary:
        Path(temporary).write_text(json.dumps(dataclasses.asdict(status), indent=1))


def check(directory: Path, key: str | None = None, verify: bool = True) -> Check:
    """Whether ``directory`` holds the whole finished run ``key`` (any run if None).

    With ``verify``, every file is read and compared with its checksum; without, only the
    status record is read (for a quick count).
    """
    directory = Path(directory)
    try:
        status = read_status(directory)
    except ValueError as error:
        return Check(BAD, str(error))
    if status is None:
        return Check(PENDING, "not run yet")
    if key is not None and status.key != key:
        return Check(BAD, f"holds another run (key {status.key})", status)
    if status.state == FAILED:
        return Check(FAILED, f"failed: {status.error}", status)
    if status.state != DONE or not status.files:
        return Check(BAD, f"{STATUS_FILE} records state {status.state!r} and no files", status)
    if verify:
        for name, digest in status.files.items():
            try:
                if file_digest(directory / name) != digest:
                    return Check(BAD, f"{name} does not match its checksum (truncated or changed)", status)
            except FileNotFoundError:
                return Check(BAD, f"{name} is missing", status)
    return Check(DONE, "", status)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_config(directory: Path) -> dict:
    """The configuration a run directory was made from, as plain data."""
    return json.loads((Path(directory) / CONFIG_FILE).read_text())


# ----------------------------------------------------------------------------- running


def clear(directory: Path) -> None:
    """Remove the status record first (the run is then no longer done), then every output
    and every temporary file left by an interrupted write. Call only while no other process
    writes into ``directory``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / STATUS_FILE).unlink(missing_ok=True)
    for name in OUTPUT_FILES:
        (directory / name).unlink(missing_ok=True)
    for temporary in directory.glob(".*.tmp"):
        temporary.unlink(missing_ok=True)


def execute(
    directory: Path,
    cfg: ModelConfig,
    key: str,
    made_by: str = "",
    then: Callable[[Path], object] | None = None,
) -> Results:
    """Run ``cfg`` into ``directory`` and record it done, with the checksum of every file.

    ``then(directory)`` is more work the run must finish before it counts as done (a single
    run's report). On any error, an interruption (Ctrl-C) included, the run is recorded failed
    with the error (if the disk still takes the record; if not, that is noted on the error)
    and the error is raised again: a run is done only once all of it was written.
    """
    directory = Path(directory)
    clear(directory)
    started = time.perf_counter()
    try:
        results = run(cfg)
        with replacing(directory / CONFIG_FILE) as temporary:
            Path(temporary).write_text(json.dumps(config_record(cfg)))
        written = [directory / CONFIG_FILE, *results.to_parquet(directory)]
        if then is not None:
            then(directory)
        files = {path.name: file_digest(path) for path in written}
        write_status(directory, _status(key, DONE, made_by, started, files=files))
    except BaseException as error:
        failed = _status(key, FAILED, made_by, started, error=f"{type(error).__name__}: {error}")
        try:
            write_status(directory, failed)
        except OSError as unrecorded:
            error.add_note(f"the failure could not be recorded in {directory / STATUS_FILE}: {unrecorded}")
        raise
    return results


@contextmanager
def workers_end_with_this_process() -> Iterator[None]:
    """Within the block, every joblib (loky) worker started watches this process from its
    start (:func:`end_with_starting_parent`), busy, waiting or idle: those of ``Parallel()``
    (the claims, ``sim.sweep``) and those of ``Parallel(backend="loky")``, as Hydra's joblib
    launcher names it, which a ``parallel_config`` would not reach. Without it a worker that
    never took a task outlives a parent killed with SIGKILL by loky's idle timeout and 30 s
    more waiting for the dead parent's reply."""
    loky = BACKENDS["loky"]
    watched = functools.partial(loky, initializer=end_with_starting_parent, initargs=(os.getpid(),))
    register_parallel_backend("loky", watched)
    try:
        with parallel_config(backend="loky"):
            yield
    finally:
        register_parallel_backend("loky", loky)


def end_with_parent(parent: int) -> None:
    """In a worker process whose parent is ``parent`` (a sweep's or a claim's main process),
    end this process as soon as that parent has ended: a parent killed with SIGKILL cannot
    stop its workers itself. A run cut short has no done status, so it is redone. Does
    nothing in any other process (the parent itself, a batch run in place or elsewhere)."""
    if os.getppid() == parent:
        _watch(parent)


def end_with_starting_parent(parent: int) -> None:
    """A loky worker's initializer: the worker was started by ``parent`` and ends with it, at
    once if ``parent`` is already no longer its parent (it died while the worker started,
    which was then handed to another process)."""
    _watch(parent)


def _watch(parent: int) -> None:
    """End this process as soon as ``parent`` is no longer its parent: a thread, started once
    per process, looks every ``PARENT_POLL_S`` seconds."""
    global _watched
    if _watched is not None:
        return
    _watched = parent

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


PARENT_POLL_S = 0.5
"""How often a worker looks whether its parent still lives, in seconds."""
_watched: int | None = None  # the parent this process watches, once it does


def _status(key: str, state: str, made_by: str, started: float, **fields) -> Status:
    return Status(key=key, state=state, made_by=made_by, checked_by=made_by, host=socket.gethostname(),
                  pid=os.getpid(), seconds=round(time.perf_counter() - started, 3),
                  finished=datetime.now(timezone.utc).isoformat(timespec="seconds"), **fields)


def run_into(
    cfg: ModelConfig, directory: Path, then: Callable[[Path], object] | None = None
) -> tuple[Results | None, bool]:
    """Run ``cfg`` into ``directory`` unless that run is already there, whole.

    Returns the results (None when skipped) and whether the run was skipped. ``then`` as
    for :func:`execute`.
    """
    key = key_of(cfg)
    if check(directory, key).state == DONE:
        return None, True
    return execute(directory, cfg, key, then=then), False
