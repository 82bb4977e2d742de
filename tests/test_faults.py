"""Faults while working: a read-only or full output directory, Ctrl-C in a run, a sweep and
a claim, and a sweep's parent killed. Each ends in one clear line (no traceback), leaves
nothing that is later taken for finished, and leaves no worker process behind.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import sim.cli
import sim.outputs
from sim import runs
from sim.store import BATCH_LOG, BATCHES, Store
from tests.processes import SIM, session_processes, started
from tests.test_cli import mounted_tmpfs, read_only_directory  # noqa: F401 - a fixture

SMALL = ["run=smoke", "population.adopters=60"]
SLOW = ["population.adopters=3000"]  # a run of a few seconds: time to interrupt it


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def said(stderr: str) -> list[str]:
    """What a command said on stderr, its progress bars left out."""
    return [line for line in stderr.splitlines() if line.startswith(("sim:", "sim-claims:"))]


def no_run_is_taken_for_finished_unless_whole(directory: Path) -> None:
    for status in directory.rglob(runs.STATUS_FILE):
        state = runs.check(status.parent).state
        assert state in (runs.DONE, runs.FAILED), (status, state)


# ----------------------------------------------------------------------------- disks


def test_a_single_run_into_a_read_only_directory_ends_in_one_line(tmp_path, read_only_directory):
    result = subprocess.run([*SIM, *SMALL, f"hydra.run.dir={read_only_directory / 'run'}"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()], "one line"
    assert result.stderr.startswith("sim: cannot write the run's directory: ")
    assert "Traceback" not in result.stderr


def test_a_full_disk_during_a_single_run_ends_in_one_line_and_the_run_is_not_finished(tmp_path, monkeypatch,
                                                                                     capsys):
    def full(frame, path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(sim.outputs, "write_atomically", full)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "run"
    with pytest.raises(SystemExit) as exit_:
        sim.cli.main([*SMALL, f"hydra.run.dir={out}"])
    assert exit_.value.code == 1
    lines = said(capsys.readouterr().err)
    assert lines == [line for line in lines if "No space left on device" in line] and len(lines) == 1
    assert runs.check(out).state == runs.FAILED


# ----------------------------------------------------------------------------- Ctrl-C


def test_ctrl_c_in_a_single_run_ends_in_one_line_and_leaves_it_unfinished(tmp_path):
    out = tmp_path / "run"
    with started([*SLOW, f"hydra.run.dir={out}"], tmp_path) as process:
        wait_for(lambda: (out / ".hydra").exists(), 60, "the run to start")
        time.sleep(1.0)
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
        leftovers = session_processes(process.pid)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert said(stderr) == [f"sim: interrupted; the run in {out} is recorded failed, not finished"]
    assert runs.check(out).state == runs.FAILED
    assert not leftovers


def test_ctrl_c_in_a_sweep_ends_in_one_line_keeps_finished_runs_and_leaves_no_worker(tmp_path):
    sweep = tmp_path / "sweep"
    with started(["-m", *SLOW, "seed=range(0,8)", "hydra/launcher=parallel", f"hydra.sweep.dir={sweep}"],
                 tmp_path) as process:
        wait_for(lambda: any(sweep.glob("runs/*/claim.json")), 120, "a run to be claimed")
        time.sleep(1.0)
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 130, stderr
        assert "Traceback" not in stderr
        assert said(stderr)[-1] == f"sim: interrupted; rerun the same command to finish the sweep in {sweep}"
        no_run_is_taken_for_finished_unless_whole(sweep)
        wait_for(lambda: not session_processes(process.pid), 60, "the sweep's workers to end")
    store = Store(sweep)
    assert {store.check(spec).state for spec in store.specs()} <= {runs.DONE, runs.FAILED, runs.PENDING}


WORKERS_END_S = 10.0
"""How soon every process of a killed sweep must be gone, in seconds: each worker looks for its
parent every ``sim.runs.PARENT_POLL_S`` (0.5 s) from its start and loky's resource trackers
end with the last worker, so the rest is a loaded machine's slack; loky alone would keep a
worker without a batch for its idle timeout and 30 s more waiting for the parent's reply."""


@pytest.mark.parametrize("launcher", ["parallel", "joblib"])
def test_killing_a_sweeps_parent_leaves_no_worker_running(launcher, tmp_path):
    """One batch for two workers: one works, the other surely waits for work. Both end within
    WORKERS_END_S of the parent, and the resource trackers with them, under the project's
    launcher and under the joblib plugin's own (whose idle workers loky keeps 300 s)."""
    sweep = tmp_path / "sweep"
    args = ["-m", *SLOW, "seed=range(0,8)", f"hydra/launcher={launcher}", "hydra.launcher.n_jobs=2", "--batches", "1",
            f"hydra.sweep.dir={sweep}"]
    with open(tmp_path / "said.txt", "w") as said_, started(args, tmp_path, stdout=said_, stderr=said_) as process:
        # (not a pipe: the workers would hold it open)
        wait_for(lambda: any(sweep.glob("runs/*/claim.json")), 120, "a run to be claimed")
        assert len(session_processes(process.pid)) > 2, "the sweep has two workers"
        process.kill()  # SIGKILL of the parent alone: its workers must notice
        process.wait(timeout=30)
        no_run_is_taken_for_finished_unless_whole(sweep)
        wait_for(lambda: not session_processes(process.pid), WORKERS_END_S, "the sweep's workers to end")


def claim_holders(sweep: Path) -> set[int]:
    """The processes holding a sweep's runs now (a claim ends when its run does)."""
    holders = set()
    for claim in sweep.glob("runs/*/claim.json"):
        try:
            holders.add(json.loads(claim.read_text())["pid"])
        except FileNotFoundError:
            continue
    return holders


def test_a_sweep_waiting_for_another_sweeps_runs_leaves_no_worker_when_its_parent_is_killed(tmp_path):
    """Two sweeps into one store: the first runs both runs (a long population, half a minute a
    run), the second's one batch waits for them (another live sweep holds them), its second
    worker left without a batch. SIGKILL of the second's parent takes every one of its processes with it within
    WORKERS_END_S, while the first sweep runs on."""
    sweep = tmp_path / "sweep"
    args = ["-m", "population.adopters=60000", "seed=range(0,2)", "hydra/launcher=parallel", "hydra.launcher.n_jobs=2",
            f"hydra.sweep.dir={sweep}"]
    with open(tmp_path / "first.txt", "w") as first_said, \
            started([*args, "--batches", "2"], tmp_path, stdout=first_said, stderr=first_said) as first:
        wait_for(lambda: len(list(sweep.glob("runs/*/claim.json"))) == 2, 120, "the first sweep to hold both runs")
        with open(tmp_path / "second.txt", "w") as second_said, \
                started([*args, "--batches", "1"], tmp_path, stdout=second_said, stderr=second_said) as second:
            wait_for(lambda: len(list(sweep.glob(f"{BATCHES}/*/0/{BATCH_LOG}"))) == 2, 120,
                     "the second sweep's batch to start")
            time.sleep(1.0)  # into its waiting
            assert len(session_processes(second.pid)) > 2, "the second sweep has two workers"
            holders = claim_holders(sweep)
            assert holders and holders <= set(session_processes(first.pid)), "the first sweep holds what is held"
            second.kill()
            second.wait(timeout=30)
            wait_for(lambda: not session_processes(second.pid), WORKERS_END_S, "the second sweep's workers to end")
        assert first.poll() is None and len(session_processes(first.pid)) > 2, "the first sweep runs on"


def test_ctrl_c_in_a_claim_ends_in_one_line_writes_no_card_and_leaves_no_worker(tmp_path):
    claims = [sys.executable, "-m", "experiments.claims.cli"]
    with started(["C1", "--quick", "--workers", "2", "--out", str(tmp_path / "claims")], Path.cwd(),
                 claims) as process:
        wait_for(lambda: any((tmp_path / "claims").rglob("C1")), 120, "the claim to start")
        time.sleep(3.0)
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 130, stderr
        assert "Traceback" not in stderr
        assert said(stderr) == ["sim-claims: interrupted; the runs finished so far are kept, rerun to go on"]
        assert not list((tmp_path / "claims").rglob("card.md"))
        wait_for(lambda: not session_processes(process.pid), 60, "the claim's workers to end")


def test_a_command_a_test_starts_is_ended_and_reaped_when_the_test_fails(tmp_path):
    with pytest.raises(AssertionError), started(["-c", "import time; time.sleep(600)"], tmp_path,
                                                 [sys.executable]) as process:
        wait_for(lambda: False, 0.5, "something that never happens")
    assert process.returncode is not None, "reaped"
    assert not session_processes(process.pid)


# ----------------------------------------------------------------------------- Hydra's own work


def test_a_full_disk_before_hydra_writes_the_runs_configuration_ends_in_one_line(tmp_path, monkeypatch, capsys):
    """Hydra writes ``.hydra/`` into the run's directory before the run starts; a full disk then
    ended in Hydra's traceback."""
    import hydra.core.utils

    def full(cfg, filename, output_dir):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(output_dir / filename))

    monkeypatch.setattr(hydra.core.utils, "_save_config", full)
    monkeypatch.setattr(sys, "argv", ["sim"])
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "run"
    with pytest.raises(SystemExit) as exit_:
        sim.cli.main([*SMALL, f"hydra.run.dir={out}"])
    err = capsys.readouterr().err
    assert exit_.value.code == 1, err
    assert "Traceback" not in err
    assert said(err) == [f"sim: the run could not be written into {out}: [Errno {errno.ENOSPC}] "
                         f"{os.strerror(errno.ENOSPC)}: '{out / '.hydra' / 'config.yaml'}'"], err
    assert runs.check(out).state == runs.PENDING, "nothing recorded, nothing taken for finished"
