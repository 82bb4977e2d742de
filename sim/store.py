"""The run store: the runs of a sweep in one directory, each kept once, checked, resumable.

    <root>/definition.json            which sweep is current: its id and number of runs
    <root>/definitions/<sweep>.jsonl  a sweep's definition: one line per run (RunSpec)
    <root>/configs/<digest>.json      each distinct configuration, seed aside, written once
    <root>/runs/<key>/                one run (sim.runs): config.json, its tables, status.json,
                                      and claim.json while a process works on it
    <root>/batches/<sweep>/main.json  the sweep's main process (its batches stop when it dies)
    <root>/batches/<sweep>/<n>/       batch n of a sweep: runs.jsonl, what it did to each run
    <root>/gathered/                  the current definition's runs as one dataset (gather)
    <root>/store.lock                 held while shared files are written

A sweep is run in batches: ``start_sweep`` writes the definition, then each batch
(``run_batch``, on any backend: this process, joblib workers, a Hydra launcher) works
through its share of the runs and then takes any run nobody has claimed. A run is claimed
atomically (``claim.json`` linked into place, holding host, process and sweep); the claim of
a process that has died on this host is taken over, so a killed sweep resumes, and two
sweeps into one directory split the work instead of repeating it. A finished run is checked
against its checksums before it is skipped; a missing, failed or corrupt one is redone.
Gathering reads only the runs of the current definition and names each run left out.
"""

from __future__ import annotations

import dataclasses
import errno
import fcntl
import json
import os
import secrets
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim import runs
from sim.config import ModelConfig
from sim.outputs import TABLES, replacing, write_atomically

DEFINITION_FILE = "definition.json"
DEFINITIONS, CONFIGS, RUNS, BATCHES, GATHERED = "definitions", "configs", "runs", "batches", "gathered"
LOCK_FILE = "store.lock"
CLAIM_FILE = "claim.json"
BATCH_LOG = "runs.jsonl"
MAIN_FILE = "main.json"
SERIES = [t for t in TABLES if t != "summary"]
WAIT_S = 0.5
"""How often a batch looks again at runs another sweep on this host is running, and how
often the progress bar reads the batches' logs, in seconds."""
STORE_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})
"""Errors after which no run can be written: a batch that meets one stops."""

RAN, CHECKED, FAILED, ELSEWHERE = "ran", "checked", "failed", "elsewhere"
"""What a batch records for a run: ran it now; found it done and whole; it failed; another
host's process holds it."""
_HANDLED, _WAIT = "handled", "wait"
"""What a batch does not record: a run this sweep has dealt with or is dealing with; a run
another sweep on this host is running (looked at again later)."""


@dataclass(frozen=True)
class RunSpec:
    """One run of a definition: its key, its label (the overrides that name it, unique in
    the definition), the digest of its configuration (seed aside) and its seed."""

    key: str
    label: str
    config: str
    seed: int


@dataclass(frozen=True)
class Holder:
    """Who works on a run: the host, the process (and its start time, so that a reused
    process id is not taken for the same process) and the sweep it works for."""

    host: str
    pid: int
    started: int | None
    sweep: str

    @classmethod
    def me(cls, sweep: str) -> Holder:
        return cls(socket.gethostname(), os.getpid(), _process_start(os.getpid()), sweep)

    def alive(self) -> bool | None:
        """Whether the process still runs; None when it is on another host (unknowable)."""
        if self.host != socket.gethostname():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            pass  # it exists, under another user
        return self.started is None or _process_start(self.pid) in (None, self.started)

    def __str__(self) -> str:
        return f"process {self.pid} on {self.host} (sweep {self.sweep})"


def _process_start(pid: int) -> int | None:
    """A process's start time in clock ticks since boot (Linux), or None if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


@dataclass(frozen=True)
class Batch:
    """One batch job's orders: the store, the sweep, which batch it is and how many there are."""

    root: str
    sweep: str
    number: int
    count: int

    @property
    def directory(self) -> Path:
        return Path(self.root) / BATCHES / self.sweep / str(self.number)


@dataclass(frozen=True)
class Sweep:
    """A sweep that has been defined in a store: its id, its number of runs, its batches."""

    root: Path
    id: str
    runs: int
    batches: tuple[Batch, ...]


# ----------------------------------------------------------------------------- the store


class Store:
    """A directory of runs (see the module's docstring for its layout)."""

    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)
        self._configs: dict[str, str] = {}  # digest -> the configuration's text, as read
        self._locks = 0  # how deep this process is in ``locked`` blocks

    def run_directory(self, key: str) -> Path:
        return self.root / RUNS / key

    def current(self) -> str | None:
        """The id of the sweep whose definition is current, or None if none was written."""
        try:
            return json.loads((self.root / DEFINITION_FILE).read_text())["sweep"]
        except FileNotFoundError:
            return None

    def specs(self, sweep: str | None = None) -> Iterator[RunSpec]:
        """The runs of a sweep's definition (the current one by default), in order."""
        sweep = sweep or self.current()
        with open(self.root / DEFINITIONS / f"{sweep}.jsonl") as lines:
            for line in lines:
                yield RunSpec(**json.loads(line))

    def config(self, spec: RunSpec) -> ModelConfig:
        """The configuration of a run, its seed set."""
        if spec.config not in self._configs:
            self._configs[spec.config] = (self.root / CONFIGS / f"{spec.config}.json").read_text()
        record = json.loads(self._configs[spec.config])  # a fresh object for each run
        record["run"]["seed"] = spec.seed
        return runs.config_from_record(record)

    def check(self, spec: RunSpec, verify: bool = True) -> runs.Check:
        """The run's state (``sim.runs.check``); a run not yet done says who is running it."""
        checked = runs.check(self.run_directory(spec.key), spec.key, verify)
        if checked.state == runs.PENDING:
            try:
                holder = self.holder(spec.key)
            except ValueError as error:
                return runs.Check(runs.PENDING, f"not run yet; {error}")
            if holder is not None:
                return runs.Check(runs.PENDING, f"being run by {holder}")
        return checked

    def directory_of(self, label: str) -> Path | None:
        """The directory of the current definition's run with this label, or None."""
        if self.current() is None:
            return None
        return next((self.run_directory(spec.key) for spec in self.specs() if spec.label == label), None)

    def finished_labels(self) -> set[str]:
        """Labels of the current definition's runs whose status says done (not verified)."""
        if self.current() is None:
            return set()
        return {spec.label for spec in self.specs() if self.check(spec, verify=False).state == runs.DONE}

    def stale(self, sweep: str) -> list[str]:
        """Keys of the runs on disk that are not in the sweep's definition."""
        keys = {spec.key for spec in self.specs(sweep)}
        if not (self.root / RUNS).is_dir():
            return []
        on_disk = (entry.name for entry in os.scandir(self.root / RUNS) if entry.is_dir())
        return sorted(key for key in on_disk if key not in keys)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's lock (released by the system if this process dies); a block
        inside another of the same store holds it already."""
        if self._locks:
            self._locks += 1
            try:
                yield
            finally:
                self._locks -= 1
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / LOCK_FILE, "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self._locks = 1
            try:
                yield
            finally:
                self._locks = 0
                fcntl.flock(lock, fcntl.LOCK_UN)

    def define(self, sweep: str, planned: Iterable[tuple[str, ModelConfig, int]], command: str = "") -> int:
        """Write the definition of ``sweep`` and make it current; return its number of runs.

        ``planned`` gives each run's label, configuration (its ``run.seed`` is ignored) and
        seed; runs of one configuration object under many seeds digest it once. A run planned
        twice (the same configuration and seed under two labels) is kept once. Stale
        temporary files of dead processes are removed first.
        """
        with self.locked():
            self._tidy(sweep)
            for name in (DEFINITIONS, CONFIGS):
                (self.root / name).mkdir(exist_ok=True)
            digests: dict[int, tuple[ModelConfig, str]] = {}
            keys: set[str] = set()
            definition = self.root / DEFINITIONS / f"{sweep}.jsonl"
            with replacing(definition) as temporary, open(temporary, "w") as out:
                for label, cfg, seed in planned:
                    if id(cfg) not in digests:
                        digests[id(cfg)] = (cfg, self._write_config(cfg))
                    digest = digests[id(cfg)][1]
                    spec = RunSpec(runs.run_key(digest, seed), label, digest, int(seed))
                    if spec.key not in keys:
                        keys.add(spec.key)
                        out.write(json.dumps(dataclasses.asdict(spec)) + "\n")
            pointer = {"sweep": sweep, "runs": len(keys), "code": runs.code_version(), "command": command,
                       "written": datetime.now(timezone.utc).isoformat(timespec="seconds")}
            with replacing(self.root / DEFINITION_FILE) as temporary:
                Path(temporary).write_text(json.dumps(pointer, indent=1))
        return len(keys)

    def _write_config(self, cfg: ModelConfig) -> str:
        digest = runs.config_digest(cfg)
        path = self.root / CONFIGS / f"{digest}.json"
        if not path.exists() or runs.file_digest(path) != digest:
            data = runs.config_record(cfg)
            data["run"]["seed"] = None
            with replacing(path) as temporary:
                Path(temporary).write_text(json.dumps(data))  # the text config_digest hashes
        return digest

    def _tidy(self, sweep: str) -> None:
        """Remove temporary files that dead processes left (called holding the lock)."""
        for directory in (self.root, *(self.root / name for name in (DEFINITIONS, CONFIGS, GATHERED))):
            for temporary in directory.glob(".*.tmp"):
                temporary.unlink(missing_ok=True)
        if not (self.root / RUNS).is_dir():
            return
        me = Holder.me(sweep)
        for entry in os.scandir(self.root / RUNS):
            if entry.is_dir() and any(Path(entry.path).glob(".*.tmp")) and self.claim(entry.name, me) is None:
                for temporary in Path(entry.path).glob(".*.tmp"):
                    temporary.unlink(missing_ok=True)
                self.release(entry.name)

    # ------------------------------------------------------------------------- claims

    def claim(self, key: str, me: Holder) -> Holder | None:
        """Claim a run for ``me``: None if it is now mine, else who holds it.

        A claim whose process has died on this host is taken over.
        """
        directory = self.run_directory(key)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / CLAIM_FILE
        while True:
            temporary = directory / f".{CLAIM_FILE}.{me.host}.{me.pid}.tmp"
            temporary.write_text(json.dumps(dataclasses.asdict(me)))
            try:
                os.link(temporary, path)  # atomic, and fails if a claim exists
                return None
            except (FileExistsError, FileNotFoundError):  # held; or our file was tidied away
                pass
            finally:
                temporary.unlink(missing_ok=True)
            try:
                holder = self.holder(key)
            except ValueError:
                holder = None  # unreadable: nobody can be holding it
            if holder is not None and holder.alive() is not False:
                return holder
            self._take_over(key, holder)

    def holder(self, key: str) -> Holder | None:
        """Who holds the run's claim, or None; ValueError if the claim is unreadable."""
        return runs.read_record(self.run_directory(key) / CLAIM_FILE, Holder, f"{CLAIM_FILE} of run {key}")

    def _take_over(self, key: str, seen: Holder | None) -> None:
        """Remove a dead claim, unless it changed since it was seen (under the lock, so that
        two processes taking it over never remove a live claim)."""
        with self.locked():
            try:
                now = self.holder(key)
            except ValueError:
                now = seen
            if now == seen:
                (self.run_directory(key) / CLAIM_FILE).unlink(missing_ok=True)

    def release(self, key: str) -> None:
        (self.run_directory(key) / CLAIM_FILE).unlink(missing_ok=True)


# ----------------------------------------------------------------------------- sweeps


def start_sweep(
    store: Store, planned: Iterable[tuple[str, ModelConfig, int]], batches: int, command: str = ""
) -> Sweep:
    """Define a new sweep in ``store`` (see :meth:`Store.define`), name this process as its main
    one, and split it into batches."""
    sweep = f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"
    size = store.define(sweep, planned, command)
    (store.root / BATCHES / sweep).mkdir(parents=True)
    with replacing(store.root / BATCHES / sweep / MAIN_FILE) as temporary:
        Path(temporary).write_text(json.dumps(dataclasses.asdict(Holder.me(sweep))))
    count = max(1, min(size, batches))
    batches = tuple(Batch(str(store.root), sweep, number, count) for number in range(count))
    return Sweep(store.root, sweep, size, batches)


def run_sweep(
    store: Store,
    planned: Iterable[tuple[str, ModelConfig, int]],
    launch: Callable[[Sequence[Batch]], object] | None = None,
    batches: int | None = None,
    progress: bool = True,
) -> SweepOutcome:
    """Run planned runs into ``store``: define them, run the batches with ``launch`` (in this
    process by default), show one progress bar, and return what happened."""
    sweep = start_sweep(store, planned, batches or os.cpu_count() or 1)
    with watching(sweep, progress):
        (launch or run_here)(sweep.batches)
    return outcome(sweep)


def run_here(batches: Sequence[Batch]) -> None:
    """Run the batches one after another in this process."""
    for batch in batches:
        run_batch(batch)


def run_batch(batch: Batch) -> None:
    """Work through the batch's share of the runs, then through every run nobody has claimed.

    Each run is claimed, then checked (a whole finished run is recorded as checked), else run;
    a failure is recorded and the batch goes on, unless no run can be written any more (a
    full or read-only disk). Runs another sweep on this host is running are waited for. The
    batch stops when the sweep's main process has died on this host (a killed sweep leaves
    no workers running on), and runs nothing where the code differs from the code that defined
    the sweep (a machine of a cluster with another version installed): its runs are failed.
    """
    store = Store(batch.root)
    main = Holder(**json.loads((batch.directory.parent / MAIN_FILE).read_text()))
    runs.end_with_parent(main.pid)  # a worker of the main process ends with it
    specs = list(store.specs(batch.sweep))
    mine = specs[batch.number :: batch.count]
    others = [spec for i, spec in enumerate(specs) if i % batch.count != batch.number]
    me = Holder.me(batch.sweep)
    try:
        batch.directory.mkdir(parents=True, exist_ok=True)
        log = open(batch.directory / BATCH_LOG, "a")
    except OSError as error:
        print(f"sim: batch {batch.number} of sweep {batch.sweep} cannot keep its log: {error}",
              file=sys.stderr)
        return
    with log:
        if specs and runs.run_key(specs[0].config, specs[0].seed) != specs[0].key:
            error = (f"the code of the sim package on {me.host} (version {runs.code_version()}) is not the "
                     "code that defined the sweep: install the same code on every machine")
            print(f"sim: batch {batch.number} of sweep {batch.sweep} stopped: {error}", file=sys.stderr)
            for spec in mine:
                if not _logged(log, spec, _Attempt(FAILED, {"error": error}), batch):
                    return
            return
        todo = [*mine, *reversed(others)]  # others from the end: their own batches start at the front
        while todo:
            waiting = []
            for spec in todo:
                if main.alive() is False:
                    print(f"sim: batch {batch.number} of sweep {batch.sweep} stopped: the sweep's main "
                          f"process ({main.pid} on {main.host}) has ended", file=sys.stderr)
                    return
                result = _attempt(store, spec, me)
                if result.outcome == _WAIT:
                    waiting.append(spec)
                elif result.outcome != _HANDLED and not _logged(log, spec, result, batch):
                    return
                if result.stop:
                    return
            if waiting:
                time.sleep(WAIT_S)
            todo = waiting


def _logged(log, spec: RunSpec, result: _Attempt, batch: Batch) -> bool:
    """Append what was done to the run to the batch's log; False (and a line) if the log
    cannot be written."""
    try:
        log.write(json.dumps({"key": spec.key, "outcome": result.outcome, **result.details}) + "\n")
        log.flush()
    except OSError as error:
        print(f"sim: batch {batch.number} of sweep {batch.sweep} stopped, its log unwritable: {error}",
              file=sys.stderr)
        return False
    return True


@dataclass(frozen=True)
class _Attempt:
    outcome: str  # RAN, CHECKED, FAILED, ELSEWHERE, _HANDLED or _WAIT
    details: dict = field(default_factory=dict)
    stop: bool = False


def _attempt(store: Store, spec: RunSpec, me: Holder) -> _Attempt:
    directory = store.run_directory(spec.key)
    try:
        if _handled_by(directory, me.sweep):
            return _Attempt(_HANDLED)
        holder = store.claim(spec.key, me)
    except OSError as error:
        return _failure(error)
    if holder is not None:
        if holder.sweep == me.sweep:
            return _Attempt(_HANDLED)  # another batch of this sweep has it
        if holder.alive():
            return _Attempt(_WAIT)
        return _Attempt(ELSEWHERE, {"holder": str(holder)})
    try:
        checked = runs.check(directory, spec.key)
        if _handled(checked.status, me.sweep):
            return _Attempt(_HANDLED)
        if checked.state == runs.DONE:
            runs.write_status(directory, dataclasses.replace(checked.status, checked_by=me.sweep))
            return _Attempt(CHECKED)
        started = time.perf_counter()
        runs.execute(directory, store.config(spec), spec.key, made_by=me.sweep)
        return _Attempt(RAN, {"seconds": round(time.perf_counter() - started, 3)})
    except Exception as error:  # recorded with the run; the sweep reports it
        return _failure(error)
    finally:
        store.release(spec.key)


def _failure(error: Exception) -> _Attempt:
    text = "; ".join([f"{type(error).__name__}: {error}", *getattr(error, "__notes__", [])])
    return _Attempt(FAILED, {"error": text}, stop=isinstance(error, OSError) and error.errno in STORE_FULL)


def _handled_by(directory: Path, sweep: str) -> bool:
    """Whether the status in ``directory`` says ``sweep`` has handled the run (:func:`_handled`)."""
    try:
        status = runs.read_status(directory)
    except ValueError:
        return False
    return _handled(status, sweep)


def _handled(status: runs.Status | None, sweep: str) -> bool:
    """Whether ``sweep`` ran the run or last found it whole (another batch of it did)."""
    return status is not None and sweep in (status.made_by, status.checked_by)


# ----------------------------------------------------------------------------- progress


@dataclass
class SweepOutcome:
    """What the batches of a sweep did: counts, and each failure and run held elsewhere."""

    sweep: Sweep
    results: dict[str, dict] = field(default_factory=dict)  # key -> the record that counts

    def add(self, records: Iterable[dict]) -> None:
        """Count the batches' records, each run once. A run can be recorded again: a failure
        that could not be recorded with the run (another batch then tries again), a run first
        held on another host, a run another sweep found whole in between (this sweep then
        checks it again). The later record counts, but a run this sweep ran stays run."""
        for item in records:
            if self.results.get(item["key"], {}).get("outcome") != RAN:
                self.results[item["key"]] = item

    def _keys(self, outcome: str) -> list[str]:
        return [key for key, item in self.results.items() if item["outcome"] == outcome]

    @property
    def ran(self) -> int:
        return len(self._keys(RAN))

    @property
    def checked(self) -> int:
        return len(self._keys(CHECKED))

    @property
    def failed(self) -> dict[str, str]:
        """Key -> error."""
        return {key: self.results[key]["error"] for key in self._keys(FAILED)}

    @property
    def elsewhere(self) -> dict[str, str]:
        """Key -> the holder on another host."""
        return {key: self.results[key]["holder"] for key in self._keys(ELSEWHERE)}

    @property
    def done(self) -> int:
        return self.ran + self.checked

    @property
    def remaining(self) -> int:
        return self.sweep.runs - self.done - len(self.failed)

    @property
    def complete(self) -> bool:
        return self.done == self.sweep.runs

    def lines(self, store: Store) -> list[str]:
        """The outcome for a reader: one line per run not done, then a line of counts."""
        labels = {spec.key: spec.label for spec in store.specs(self.sweep.id)
                  if spec.key in self.failed or spec.key in self.elsewhere}
        lines = [f"failed: {labels[key]} ({RUNS}/{key}): {error}" for key, error in self.failed.items()]
        lines += [f"not done here: {labels[key]} ({RUNS}/{key}) is held by {holder}"
                  for key, holder in self.elsewhere.items()]
        lines.append(f"{self.sweep.runs} runs in {self.sweep.root}: {self.done} done ({self.ran} run now, "
                     f"{self.checked} already done and checked), {len(self.failed)} failed, "
                     f"{self.remaining} remaining")
        return lines


class _Logs:
    """The records the batches of a sweep have written so far, read as they grow."""

    def __init__(self, sweep: Sweep):
        self.directory = sweep.root / BATCHES / sweep.id
        self.offsets: dict[Path, int] = {}

    def new(self) -> list[dict]:
        records = []
        for path in sorted(self.directory.glob(f"*/{BATCH_LOG}")):
            with open(path, "rb") as handle:
                handle.seek(self.offsets.get(path, 0))
                data = handle.read()
            complete = data[: data.rfind(b"\n") + 1]  # a line being written is read next time
            self.offsets[path] = self.offsets.get(path, 0) + len(complete)
            records += [json.loads(line) for line in complete.splitlines()]
        return records


def outcome(sweep: Sweep) -> SweepOutcome:
    """What the batches of ``sweep`` recorded."""
    result = SweepOutcome(sweep)
    result.add(_Logs(sweep).new())
    return result


@contextmanager
def watching(sweep: Sweep, enabled: bool = True) -> Iterator[None]:
    """One live progress bar for a sweep (done, failed, remaining, time left) while the block
    runs its batches, wherever they run: it reads the batches' logs."""
    from tqdm import tqdm

    logs, tally = _Logs(sweep), SweepOutcome(sweep)
    bar = tqdm(total=sweep.runs, desc="sweep", unit="run", disable=not enabled, dynamic_ncols=True)
    stop = threading.Event()

    def show() -> None:
        bar.n = tally.done + len(tally.failed)
        bar.set_postfix_str(f"done {tally.done}, failed {len(tally.failed)}, remaining {tally.remaining}")

    def update() -> None:  # only when something happened, so that a log shows few lines
        tally.add(logs.new())
        if tally.done + len(tally.failed) != bar.n:
            show()

    def poll() -> None:
        while not stop.wait(WAIT_S):
            update()

    show()
    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        update()
        bar.close()


# ----------------------------------------------------------------------------- gathering


@dataclass
class Gathered:
    """A gathering: where it went, how many runs, and each run left out and why."""

    directory: Path
    runs: int  # runs in the definition
    gathered: int
    left_out: list[tuple[RunSpec, str]]  # run of the definition, reason
    stale: list[str]  # keys of runs on disk that are not in the definition

    def lines(self) -> list[str]:
        """One line per run left out, then a line of counts."""
        lines = [f"not gathered: {spec.label} ({RUNS}/{spec.key}): {reason}"
                 for spec, reason in self.left_out]
        lines += [f"stale: {RUNS}/{key} is not a run of the current definition, left out"
                  for key in self.stale]
        lines.append(f"gathered {self.gathered} of {self.runs} runs into {self.directory}"
                     f"; {len(self.left_out)} not gathered, {len(self.stale)} stale runs left out")
        return lines


class NothingToGather(FileNotFoundError):
    """A directory with no sweep definition, or whose runs are none of them finished."""


def gather(root: str | os.PathLike, progress: bool = True) -> Gathered:
    """Collect the finished runs of the store's current definition into ``root/gathered/``.

    Writes ``summary.parquet`` (one row per run) and one Parquet file per time-series table
    with the run's keys (``run``: its label, ``scenario``, ``seed``) in front, runs in order
    of their labels. Each run is checked against its checksums first; a run not done, failed
    or corrupt is left out and named, as is every stale run (on disk, not in the definition).
    Runs are streamed one at a time, so memory stays at one run's size.
    """
    from tqdm import tqdm

    store = Store(root)
    sweep = store.current()
    if sweep is None:
        raise NothingToGather(f"no finished runs under {store.root}: it holds no sweep definition "
                              f"({DEFINITION_FILE}, written by `sim -m ...`)")
    specs = sorted(store.specs(sweep), key=lambda spec: spec.label)
    out = store.root / GATHERED
    left_out, summaries, writers = [], [], {}
    with store.locked():
        out.mkdir(exist_ok=True)
        for temporary in out.glob(".*.tmp"):
            temporary.unlink(missing_ok=True)
        temporary = {name: out / f".{name}.parquet.tmp" for name in SERIES}
        try:
            for spec in tqdm(specs, desc="gathering runs", unit="run", disable=not progress):
                checked = store.check(spec)
                if checked.state != runs.DONE:
                    left_out.append((spec, checked.reason))
                    continue
                directory = store.run_directory(spec.key)
                summary = pd.read_parquet(directory / "summary.parquet")
                summary.insert(0, "run", spec.label)
                summaries.append(summary)
                keys = {"run": spec.label, "scenario": summary["scenario"].iloc[0],
                        "seed": summary["seed"].iloc[0]}
                for name in SERIES:
                    frame = pd.read_parquet(directory / f"{name}.parquet")
                    for i, (column, value) in enumerate(keys.items()):
                        frame.insert(i, column, value)
                    table = pa.Table.from_pandas(frame, preserve_index=False)
                    if name not in writers:
                        writers[name] = pq.ParquetWriter(temporary[name], table.schema)
                    writers[name].write_table(table.cast(writers[name].schema))
        except BaseException:
            for name, writer in writers.items():
                writer.close()
                temporary[name].unlink(missing_ok=True)
            raise
        for writer in writers.values():
            writer.close()
        if not summaries:
            raise NothingToGather(f"no finished runs under {store.root}: none of the {len(specs)} runs "
                                  "of its definition is done")
        for name in writers:
            temporary[name].replace(out / f"{name}.parquet")
        write_atomically(pd.concat(summaries, ignore_index=True), out / "summary.parquet")
    return Gathered(out, len(specs), len(summaries), left_out, store.stale(sweep))


def print_lines(lines: Iterable[str], prefix: str) -> None:
    """Print a command's report lines, the last (its counts) on stdout, the others on stderr."""
    lines = list(lines)
    for line in lines[:-1]:
        print(f"{prefix}: {line}", file=sys.stderr)
    print(f"{prefix}: {lines[-1]}")
