"""The command line as a user runs it: single runs, bad input, sweeps into a run store
(resumed after a kill, shared by two sweeps at once, re-run with other settings, on a full or
read-only disk), gathering and reporting with bad runs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from sim.metrics import HEADLINES
from sim.outputs import TABLES
from sim.runs import STATUS_FILE
from sim.store import Store
from tests.processes import SIM, started

GATHER = [sys.executable, "-c", "from sim.cli import gather_main; gather_main()"]
REPORT = [sys.executable, "-c", "from sim.report import main; main()"]


def sim_command(args, cwd, check=True, **kwargs):
    result = subprocess.run([*SIM, *args], cwd=cwd, capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"sim {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def run_directory(sweep: Path, label: str) -> Path:
    """The store's directory of the sweep's run named ``label`` (its overrides)."""
    directory = Store(sweep).directory_of(label)
    assert directory is not None, f"no run {label} in the definition of {sweep}"
    return directory


def done_runs(sweep: Path) -> set[str]:
    """Keys of the runs whose status record says done."""
    statuses = sweep.glob(f"runs/*/{STATUS_FILE}")
    return {p.parent.name for p in statuses if json.loads(p.read_text())["state"] == "done"}


def counts(stdout: str) -> tuple[int, int]:
    """(run now, already done and checked) from the sweep's last report line."""
    line = next(line for line in stdout.splitlines() if "run now" in line)
    ran = int(line.split(" run now")[0].rsplit("(", 1)[1])
    checked = int(line.split(" already done")[0].rsplit(", ", 1)[1])
    return ran, checked


def said(stderr: str) -> list[str]:
    """The lines a command wrote on stderr, its progress bars left out."""
    return [line for line in stderr.splitlines() if line.startswith(("sim:", "sim-gather:", "sim-report:"))]


def read_tables(directory: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(directory / f"{t}.parquet") for t in TABLES}


def assert_same_tables(a: Path, b: Path) -> None:
    left, right = read_tables(a), read_tables(b)
    for table in TABLES:
        pd.testing.assert_frame_equal(left[table], right[table], check_exact=True)


def test_a_single_run_writes_tables_config_and_prints_where(tmp_path):
    result = sim_command(["scenario=price_war", "population=small", "seed=3", "run=smoke"], tmp_path)
    out = Path(result.stdout.strip().splitlines()[-1].removeprefix("outputs written to "))
    assert out.is_dir() and out.is_relative_to(tmp_path / "outputs")
    for table in TABLES:
        assert (out / f"{table}.parquet").exists(), table
    assert (out / "config.json").exists() and (out / ".hydra" / "config.yaml").exists()
    assert json.loads((out / STATUS_FILE).read_text())["state"] == "done"
    summary = pd.read_parquet(out / "summary.parquet")
    assert summary["scenario"].iloc[0] == "price_war" and summary["seed"].iloc[0] == 3
    assert HEADLINES["gs_share_cn"].label in result.stdout


@pytest.mark.parametrize(
    "override,expected",
    [
        (["adoption.price=abc"], "could not be converted to Float"),  # wrong type
        (["adoption.revision=1.5"], "adoption.revision=1.5 is not allowed: a number from 0.0 to 1.0"),
        (["scenario=nope"], "Could not find 'scenario/nope'"),  # unknown option
        (["adoption.pricee=1"], "adoption.pricee=1 is not allowed: a key of adoption (did you mean adoption.price?)"),  # unknown key
        (["run.end=2021-06"], "run.end='2021-06' is not allowed: a month after run.start"),
        (["labs.openai.strategy=secret"], "one of closed, hybrid, open"),
        (["timeline.deepseek_r1.target=nobody"], "timeline.deepseek_r1.target='nobody'"),
    ],
)
def test_bad_input_fails_at_once_with_a_clear_message_and_writes_nothing(tmp_path, override, expected):
    result = sim_command(["run=smoke", *override], tmp_path, check=False)
    assert result.returncode == 2
    assert expected in result.stderr
    assert not (tmp_path / "outputs").exists()


def test_a_bad_value_in_one_sweep_job_stops_the_sweep_before_any_run(tmp_path):
    result = sim_command(["-m", "run=smoke", "adoption.revision=0.1,7", f"hydra.sweep.dir={tmp_path / 's'}"],
                         tmp_path, check=False)
    assert result.returncode == 2
    assert "adoption.revision=7" in result.stderr
    assert not (tmp_path / "s").exists()


def test_sweeps_are_bit_identical_whatever_the_launcher_and_equal_single_runs(tmp_path):
    common = ["run=smoke", "population.adopters=120", "seed=0,1"]
    sim_command(["-m", *common, f"hydra.sweep.dir={tmp_path / 'sequential'}"], tmp_path)
    sim_command(["-m", *common, "hydra/launcher=joblib", "hydra.launcher.n_jobs=2",
                 f"hydra.sweep.dir={tmp_path / 'parallel'}"], tmp_path)
    sim_command(["-m", *common, "hydra/launcher=parallel", "hydra.launcher.n_jobs=2",
                 f"hydra.sweep.dir={tmp_path / 'batched'}"], tmp_path)
    sim_command(["run=smoke", "population.adopters=120", "seed=1", f"hydra.run.dir={tmp_path / 'single'}"], tmp_path)
    for job in ("population.adopters=120,run=smoke,seed=0", "population.adopters=120,run=smoke,seed=1"):
        sequential = run_directory(tmp_path / "sequential", job)
        assert_same_tables(sequential, run_directory(tmp_path / "parallel", job))
        assert_same_tables(sequential, run_directory(tmp_path / "batched", job))
    assert_same_tables(run_directory(tmp_path / "sequential", "population.adopters=120,run=smoke,seed=1"),
                       tmp_path / "single")


def test_an_interrupted_sweep_resumes_without_redoing_finished_runs(tmp_path):
    sweep = tmp_path / "sweep"
    args = ["-m", "run=smoke", "population.adopters=100", "seed=0,1,2,3", f"hydra.sweep.dir={sweep}"]
    with started(args, tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as process:
        deadline = time.time() + 120
        while time.time() < deadline and not done_runs(sweep):
            time.sleep(0.05)
        os.killpg(process.pid, signal.SIGKILL)  # as abrupt as a crash or a lost machine
        process.wait()
    finished = done_runs(sweep)
    assert 1 <= len(finished) < 4, finished
    stamps = {key: (sweep / "runs" / key / "summary.parquet").stat().st_mtime_ns for key in finished}
    result = sim_command(args, tmp_path)
    assert counts(result.stdout) == (4 - len(finished), len(finished))
    assert done_runs(sweep) == {run_directory(sweep, f"population.adopters=100,run=smoke,seed={s}").name
                                for s in range(4)}
    for key, stamp in stamps.items():
        assert (sweep / "runs" / key / "summary.parquet").stat().st_mtime_ns == stamp, "not redone"
    assert not list(sweep.rglob(".*.tmp")), "no half-written files remain"
    assert not list(sweep.rglob("claim.json")), "no run is left claimed"


def test_a_changed_config_is_rerun_not_skipped(tmp_path):
    out = tmp_path / "run"
    sim_command(["run=smoke", "population.adopters=60", f"hydra.run.dir={out}"], tmp_path)
    again = sim_command(["run=smoke", "population.adopters=60", f"hydra.run.dir={out}"], tmp_path)
    assert "already finished" in again.stdout
    changed = sim_command(["run=smoke", "population.adopters=61", f"hydra.run.dir={out}"], tmp_path)
    assert "already finished" not in changed.stdout
    assert pd.read_parquet(out / "adoption.parquet").groupby("date")["adopters"].sum().iloc[0] == 61


def test_gather_builds_one_dataset_with_run_keys(tmp_path):
    sweep = tmp_path / "sweep"
    sim_command(["-m", "run=smoke", "population.adopters=60", "scenario=baseline,price_war", "seed=0,1",
                 f"hydra.sweep.dir={sweep}"], tmp_path)
    result = subprocess.run([*GATHER, str(sweep)], cwd=tmp_path, capture_output=True, text=True, check=True)
    gathered = sweep / "gathered"
    assert str(gathered) in result.stdout
    summary = pd.read_parquet(gathered / "summary.parquet")
    assert len(summary) == 4 and summary["run"].is_unique
    assert set(zip(summary.scenario, summary.seed)) == {(s, n) for s in ("baseline", "price_war") for n in (0, 1)}
    markets = pd.read_parquet(gathered / "markets.parquet")
    assert {"run", "scenario", "seed"} <= set(markets.columns)
    job = "population.adopters=60,run=smoke,scenario=price_war,seed=1"
    one = pd.read_parquet(run_directory(sweep, job) / "markets.parquet")
    mine = markets[markets.run == job].drop(columns=["run", "scenario", "seed"])
    pd.testing.assert_frame_equal(mine.reset_index(drop=True), one, check_exact=True)


def test_gather_of_an_empty_directory_says_so(tmp_path):
    result = subprocess.run([*GATHER, str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "no finished runs" in result.stderr


@contextmanager
def mounted_tmpfs(directory: Path, options: str) -> Iterator[Path]:
    """A tmpfs mounted on ``directory`` (as root only: the test is skipped otherwise)."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    command = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(directory)]
    mount = subprocess.run(command, capture_output=True)
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mount.stderr.decode().strip()}")
    try:
        yield directory
    finally:
        subprocess.run(["umount", "-l", str(directory)], check=True)


@pytest.fixture
def read_only_directory(tmp_path) -> Iterator[Path]:
    directory = tmp_path / "read_only"
    directory.mkdir()
    if os.geteuid() == 0:  # root writes through permissions: a read-only file system then
        with mounted_tmpfs(directory, "ro,size=1m"):
            yield directory
    else:
        directory.chmod(0o555)
        yield directory
        directory.chmod(0o755)


def test_a_read_only_sweep_directory_gives_one_clear_line_and_status_2(tmp_path, read_only_directory):
    result = sim_command(["-m", "run=smoke", "population.adopters=60", "seed=0,1",
                          f"hydra.sweep.dir={read_only_directory}"], tmp_path, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()], "one line"
    assert result.stderr.startswith(f"sim: cannot write the sweep into {read_only_directory}: ")
    assert "Read-only file system" in result.stderr or "Permission denied" in result.stderr


def test_a_full_disk_leaves_runs_failed_not_done_and_a_resume_finishes_them(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    args = ["-m", "run=smoke", "population.adopters=60", "seed=range(0,5)", f"hydra.sweep.dir={disk}"]
    with mounted_tmpfs(disk, "size=400k"):  # room for the definition and two or three runs, not five
        full = sim_command(args, tmp_path, check=False)
        assert full.returncode == 1, full.stderr
        assert "No space left on device" in full.stdout + full.stderr
        assert "Traceback" not in full.stderr
        store = Store(disk)
        states = {spec.key: store.check(spec).state for spec in store.specs()}
        assert 0 < list(states.values()).count("done") < 5, states
        assert set(states.values()) <= {"done", "failed", "pending"}, "a run is done and whole, or not done"
        assert not list(disk.rglob(".*.tmp")) and not list(disk.rglob("claim.json"))
        done = [key for key, state in states.items() if state == "done"]
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)
        again = sim_command(args, tmp_path)
        assert counts(again.stdout) == (5 - len(done), len(done))
        assert all(store.check(spec).state == "done" for spec in store.specs())


def test_two_sweeps_at_once_into_one_directory_run_each_run_once_in_total(tmp_path):
    sweep = tmp_path / "sweep"
    args = ["-m", "run=smoke", "population.adopters=150", "seed=range(0,8)", f"hydra.sweep.dir={sweep}"]

    with started(args, tmp_path) as first:
        deadline = time.time() + 120
        while time.time() < deadline and not done_runs(sweep):  # the second starts while the first runs
            time.sleep(0.05)
        with started(args, tmp_path) as second:
            outputs = [process.communicate(timeout=600) for process in (first, second)]
    assert [process.returncode for process in (first, second)] == [0, 0], outputs
    ran = [counts(stdout) for stdout, _ in outputs]
    assert sum(now for now, _ in ran) == 8, ran
    assert all(now + checked == 8 for now, checked in ran), "each sweep ends with every run done"
    assert len(done_runs(sweep)) == 8


def test_a_rerun_with_other_settings_gathers_only_its_own_runs_and_names_the_stale_ones(tmp_path):
    sweep = tmp_path / "sweep"
    common = ["-m", "run=smoke", "population.adopters=60", f"hydra.sweep.dir={sweep}"]
    sim_command([*common, "seed=0,1,2"], tmp_path)
    stale = run_directory(sweep, "population.adopters=60,run=smoke,seed=0").name
    again = sim_command([*common, "seed=1,2,3"], tmp_path)
    assert counts(again.stdout) == (1, 2), "the runs both sweeps share are checked, not redone"
    result = subprocess.run([*GATHER, str(sweep)], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(pd.read_parquet(sweep / "gathered" / "summary.parquet")["seed"]) == [1, 2, 3]
    assert said(result.stderr) == [f"sim-gather: stale: runs/{stale} is not a run of the current "
                                          "definition, left out"]
    assert "gathered 3 of 3 runs" in result.stdout and "1 stale runs left out" in result.stdout


def test_gather_and_report_name_a_corrupt_run_and_go_on_and_a_rerun_redoes_it(tmp_path):
    sweep = tmp_path / "sweep"
    args = ["-m", "run=smoke", "population.adopters=60", "seed=0,1,2", f"hydra.sweep.dir={sweep}"]
    sim_command(args, tmp_path)
    label = "population.adopters=60,run=smoke,seed=1"
    table = run_directory(sweep, label) / "markets.parquet"
    data = bytearray(table.read_bytes())
    data[len(data) // 2] ^= 0xFF
    table.write_bytes(bytes(data))
    reason = f"{label} (runs/{table.parent.name}): markets.parquet does not match its checksum"

    gathered = subprocess.run([*GATHER, str(sweep)], cwd=tmp_path, capture_output=True, text=True)
    assert gathered.returncode == 1
    assert said(gathered.stderr) == [f"sim-gather: not gathered: {reason} (truncated or changed)"]
    assert sorted(pd.read_parquet(sweep / "gathered" / "summary.parquet")["seed"]) == [0, 2]
    (sweep / "gathered" / "summary.parquet").unlink()  # the report then gathers again, and says so
    reported = subprocess.run([*REPORT, str(sweep)], cwd=tmp_path, capture_output=True, text=True)
    assert reported.returncode == 0, reported.stderr
    assert reason in reported.stderr and "Traceback" not in reported.stderr
    assert (sweep / "report" / "report.html").exists()
    assert not list(sweep.rglob(".*.tmp"))

    assert counts(sim_command(args, tmp_path).stdout) == (1, 2), "the corrupt run is redone, the others kept"
