"""The run store: keys, checked resumes, corrupt and failed runs redone, a full disk, claims of
dead and live processes, stale temporary files, gathering only the current definition."""

from __future__ import annotations

import dataclasses
import errno
import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

import sim
from sim import runs, store
from sim.outputs import TABLES
from sim.store import Holder, Store, gather, run_sweep
from tests.conftest import small_config


def tiny(seed: int = 0, adopters: int = 60) -> sim.ModelConfig:
    return small_config(adopters=adopters, end="2023-06", seed=seed)


def planned(seeds, cfg=None) -> list[tuple[str, sim.ModelConfig, int]]:
    cfg = cfg or tiny()
    return [(f"seed={seed}", cfg, seed) for seed in seeds]


def statuses(root: Store) -> dict[str, runs.Status]:
    return {spec.label: runs.read_status(root.run_directory(spec.key)) for spec in root.specs()}


def test_a_runs_key_follows_its_configuration_seed_and_code_but_not_the_configs_seed(monkeypatch):
    base = runs.config_digest(tiny(seed=0))
    assert runs.config_digest(tiny(seed=5)) == base, "the seed is not part of the configuration's digest"
    assert runs.config_digest(tiny(adopters=61)) != base
    key = runs.run_key(base, 3)
    assert runs.run_key(base, 3) == key and runs.run_key(base, 4) != key
    monkeypatch.setattr(runs, "code_version", lambda: "other code")
    assert runs.run_key(base, 3) != key


def test_a_configuration_comes_back_from_its_record_exactly():
    for cfg in (sim.default_config(), sim.compose("price_war", ["population=small"])):
        back = runs.config_from_record(json.loads(json.dumps(runs.config_record(cfg))))
        assert back == cfg
        assert isinstance(back.labs["openai"], type(cfg.labs["openai"]))


def test_a_sweep_runs_each_run_once_and_a_resume_checks_them_without_rerunning(tmp_path):
    root = Store(tmp_path)
    first = run_sweep(root, planned(range(3)), batches=2, progress=False)
    assert (first.ran, first.checked, first.failed, first.complete) == (3, 0, {}, True)
    made = {label: status.made_by for label, status in statuses(root).items()}
    again = run_sweep(root, planned(range(3)), batches=2, progress=False)
    assert (again.ran, again.checked, again.complete) == (0, 3, True)
    assert {label: status.made_by for label, status in statuses(root).items()} == made
    spec = next(spec for spec in root.specs() if spec.seed == 2)
    expected = sim.run(tiny(seed=2))
    for table in TABLES:
        written = pd.read_parquet(root.run_directory(spec.key) / f"{table}.parquet")
        pd.testing.assert_frame_equal(written, getattr(expected, table), check_exact=True)
    assert runs.read_config(root.run_directory(spec.key))["run"]["seed"] == 2


def test_a_truncated_or_corrupted_table_is_detected_and_redone_identically(tmp_path):
    root = Store(tmp_path)
    run_sweep(root, planned(range(3)), progress=False)
    before = statuses(root)
    specs = {spec.label: spec for spec in root.specs()}
    truncated = root.run_directory(specs["seed=0"].key) / "markets.parquet"
    truncated.write_bytes(truncated.read_bytes()[:100])
    corrupted = root.run_directory(specs["seed=1"].key) / "adoption.parquet"
    data = bytearray(corrupted.read_bytes())
    data[len(data) // 2] ^= 1  # one bit
    corrupted.write_bytes(bytes(data))
    (root.run_directory(specs["seed=2"].key) / "labs.parquet").unlink()
    checks = {label: root.check(spec) for label, spec in specs.items()}
    assert {label: check.state for label, check in checks.items()} == {"seed=0": "bad", "seed=1": "bad",
                                                                       "seed=2": "bad"}
    assert checks["seed=0"].reason == "markets.parquet does not match its checksum (truncated or changed)"
    assert checks["seed=1"].reason == "adoption.parquet does not match its checksum (truncated or changed)"
    assert checks["seed=2"].reason == "labs.parquet is missing"
    resumed = run_sweep(root, planned(range(3)), progress=False)
    assert (resumed.ran, resumed.checked) == (3, 0)
    assert {label: status.files for label, status in statuses(root).items()} == \
        {label: status.files for label, status in before.items()}, "the same bytes again"


def test_a_full_disk_leaves_the_run_failed_not_done_with_no_temporary_file(tmp_path, monkeypatch):
    write = pd.DataFrame.to_parquet

    def full_disk(frame, path, *args, **kwargs):
        if Path(path).name.startswith(".markets.parquet"):
            Path(path).write_bytes(b"PAR1 half a table")
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(frame, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full_disk)
    root = Store(tmp_path)
    result = run_sweep(root, planned(range(3)), batches=1, progress=False)
    assert (result.done, len(result.failed), result.remaining) == (0, 1, 2), "the batch stops at a full disk"
    [error] = result.failed.values()
    assert error == "OSError: [Errno 28] No space left on device"
    status = statuses(root)["seed=0"]
    assert status.state == "failed" and status.error == error and not status.files
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob("claim.json"))
    assert not (root.run_directory(next(root.specs()).key) / "markets.parquet").exists()

    monkeypatch.setattr(pd.DataFrame, "to_parquet", write)
    resumed = run_sweep(root, planned(range(3)), batches=1, progress=False)
    assert (resumed.ran, resumed.complete) == (3, True)


def test_a_failure_that_cannot_be_recorded_is_noted_on_the_error(tmp_path, monkeypatch):
    def unwritable(directory, status):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(runs, "write_status", unwritable)
    with pytest.raises(OSError) as raised:
        runs.execute(tmp_path / "run", tiny(), "key")
    assert any("could not be recorded" in note for note in raised.value.__notes__)
    assert runs.check(tmp_path / "run", "key").state == "pending", "not done"


def dead_process() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_the_claim_of_a_dead_process_is_taken_over_and_its_temporary_files_removed(tmp_path):
    root = Store(tmp_path)
    root.define("killed", planned(range(2)))
    spec = next(root.specs())
    directory = root.run_directory(spec.key)
    directory.mkdir(parents=True)
    dead = Holder(Holder.me("killed").host, dead_process(), None, "killed")
    (directory / store.CLAIM_FILE).write_text(json.dumps(dead.__dict__))
    (directory / ".markets.parquet.x1y2.tmp").write_bytes(b"half")
    (tmp_path / store.DEFINITIONS / ".killed.jsonl.a1b2.tmp").write_text("half")
    assert dead.alive() is False
    result = run_sweep(root, planned(range(2)), progress=False)
    assert (result.ran, result.complete) == (2, True)
    assert not list(tmp_path.rglob("*.tmp")) and not list(tmp_path.rglob("claim.json"))


def test_a_run_another_live_sweep_holds_is_waited_for_then_checked(tmp_path):
    root = Store(tmp_path)
    root.define("other", planned([0]))
    spec = next(root.specs())
    other = Holder.me("other")  # this process, alive, working for another sweep
    assert root.claim(spec.key, other) is None
    runs.execute(root.run_directory(spec.key), root.config(spec), spec.key, made_by="other")
    release = threading.Timer(1.0, root.release, [spec.key])
    release.start()
    started = time.perf_counter()
    result = run_sweep(root, planned([0]), progress=False)
    assert time.perf_counter() - started >= 1.0, "it waited for the other sweep"
    assert (result.ran, result.checked, result.complete) == (0, 1, True)


def test_a_run_another_sweep_checks_in_between_is_counted_once(tmp_path):
    """Two sweeps into one store: the other marks a run this sweep ran as checked by it before
    this sweep's next batch reaches the run."""
    root = Store(tmp_path)
    sweep = store.start_sweep(root, planned(range(2)), batches=2)
    first, second = sweep.batches
    store.run_batch(first)  # runs both: its own, then the other batch's
    for spec in root.specs(sweep.id):
        directory = root.run_directory(spec.key)
        runs.write_status(directory, dataclasses.replace(runs.read_status(directory), checked_by="other"))
    store.run_batch(second)
    result = store.outcome(sweep)
    assert (result.ran, result.checked, result.done, result.remaining, result.complete) == (2, 0, 2, 0, True)


def test_a_run_recorded_again_counts_once_and_a_run_made_stays_made(tmp_path):
    outcome = store.SweepOutcome(store.Sweep(tmp_path, "s", 3, ()))
    outcome.add([{"key": "a", "outcome": store.RAN}, {"key": "a", "outcome": store.CHECKED},
                 {"key": "b", "outcome": store.CHECKED}, {"key": "b", "outcome": store.CHECKED},
                 {"key": "c", "outcome": store.FAILED, "error": "full"}])
    assert (outcome.ran, outcome.checked, outcome.failed, outcome.remaining) == (1, 1, {"c": "full"}, 0)
    outcome.add([{"key": "c", "outcome": store.RAN}])
    assert (outcome.ran, outcome.failed, outcome.complete) == (2, {}, True)


def test_a_run_held_on_another_host_is_left_to_it_and_reported(tmp_path):
    root = Store(tmp_path)
    root.define("remote", planned(range(2)))
    spec = next(root.specs())
    assert root.claim(spec.key, Holder("elsewhere.example", 4242, None, "remote")) is None
    result = run_sweep(root, planned(range(2)), progress=False)
    assert (result.ran, result.remaining, result.complete) == (1, 1, False)
    assert list(result.elsewhere) == [spec.key]
    lines = result.lines(root)
    assert lines[0] == (f"not done here: seed=0 ({store.RUNS}/{spec.key}) is held by process 4242 on "
                        "elsewhere.example (sweep remote)")
    assert lines[-1].endswith("1 done (1 run now, 0 already done and checked), 0 failed, 1 remaining")


def test_the_batches_of_a_sweep_whose_main_process_has_died_stop(tmp_path, capsys):
    root = Store(tmp_path)
    sweep = store.start_sweep(root, planned(range(2)), batches=1)
    dead = Holder(Holder.me(sweep.id).host, dead_process(), None, sweep.id)
    (tmp_path / store.BATCHES / sweep.id / store.MAIN_FILE).write_text(json.dumps(dead.__dict__))
    store.run_here(sweep.batches)
    result = store.outcome(sweep)
    assert (result.done, result.remaining) == (0, 2)
    assert f"the sweep's main process ({dead.pid} on {dead.host}) has ended" in capsys.readouterr().err


def test_a_claim_is_held_by_one_process_at_a_time(tmp_path):
    root = Store(tmp_path)
    root.define("s", planned([0]))
    key = next(root.specs()).key
    me, sibling = Holder.me("s"), Holder(Holder.me("s").host, Holder.me("s").pid, None, "t")
    assert root.claim(key, me) is None
    assert root.claim(key, sibling) == me
    root.release(key)
    assert root.claim(key, sibling) is None


def test_gathering_reads_only_the_current_definition_and_names_every_run_left_out(tmp_path):
    root = Store(tmp_path)
    run_sweep(root, planned(range(3)), progress=False)
    stale = next(spec for spec in root.specs() if spec.seed == 0).key
    run_sweep(root, planned(range(1, 5)), progress=False)  # another definition: seed 0 is stale
    specs = {spec.seed: spec for spec in root.specs()}
    runs.clear(root.run_directory(specs[3].key))  # not run
    (root.run_directory(specs[4].key) / "summary.parquet").write_bytes(b"garbage")
    gathered = gather(tmp_path, progress=False)
    assert (gathered.runs, gathered.gathered, gathered.stale) == (4, 2, [stale])
    assert [(spec.seed, reason) for spec, reason in gathered.left_out] == [
        (3, "not run yet"), (4, "summary.parquet does not match its checksum (truncated or changed)")]
    summary = pd.read_parquet(tmp_path / "gathered" / "summary.parquet")
    assert summary["run"].tolist() == ["seed=1", "seed=2"] and summary["seed"].tolist() == [1, 2]
    markets = pd.read_parquet(tmp_path / "gathered" / "markets.parquet")
    assert set(markets["seed"]) == {1, 2}
    lines = gathered.lines()
    assert len(lines) == 4 and lines[-1].startswith("gathered 2 of 4 runs")
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_directory_without_a_definition_has_nothing_to_gather(tmp_path):
    with pytest.raises(store.NothingToGather, match="holds no sweep definition"):
        gather(tmp_path, progress=False)
