"""The command line as a user runs it: single runs, bad input, sweeps, resume, gathering."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from sim.metrics import HEADLINES
from sim.outputs import TABLES

SIM = [sys.executable, "-m", "sim"]
GATHER = [sys.executable, "-c", "from sim.cli import gather_main; gather_main()"]


def sim_command(args, cwd, check=True, **kwargs):
    result = subprocess.run([*SIM, *args], cwd=cwd, capture_output=True, text=True, **kwargs)
    if check and result.returncode != 0:
        raise AssertionError(f"sim {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


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
    assert (out / "config.yaml").exists() and (out / ".hydra" / "config.yaml").exists()
    summary = pd.read_parquet(out / "summary.parquet")
    assert summary["scenario"].iloc[0] == "price_war" and summary["seed"].iloc[0] == 3
    assert HEADLINES["gs_share_cn"].label in result.stdout


@pytest.mark.parametrize(
    "override,expected",
    [
        (["adoption.price=abc"], "could not be converted to Float"),  # wrong type
        (["adoption.revision=1.5"], "adoption.revision=1.5 is not allowed: a number from 0.0 to 1.0"),
        (["scenario=nope"], "Could not find 'scenario/nope'"),  # unknown option
        (["adoption.pricee=1"], "Key 'pricee' not in 'AdoptionConfig'"),  # unknown key
        (["run.end=2021-06"], "run.end='2021-06' is not allowed: a month after run.start"),
        (["labs.openai.strategy=secret"], "one of closed, hybrid, open"),
        (["timeline.meta_closes.target=nobody"], "timeline.meta_closes.target='nobody'"),
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
        assert_same_tables(tmp_path / "sequential" / job, tmp_path / "parallel" / job)
        assert_same_tables(tmp_path / "sequential" / job, tmp_path / "batched" / job)
    assert_same_tables(tmp_path / "sequential" / "population.adopters=120,run=smoke,seed=1", tmp_path / "single")


def test_an_interrupted_sweep_resumes_without_redoing_finished_runs(tmp_path):
    sweep = tmp_path / "sweep"
    args = ["-m", "run=smoke", "population.adopters=100", "seed=0,1,2,3", f"hydra.sweep.dir={sweep}"]
    process = subprocess.Popen([*SIM, *args], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not list(sweep.rglob("summary.parquet")):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # as abrupt as a crash or a lost machine
    process.wait()
    finished = {p.parent.name for p in sweep.rglob("summary.parquet")}
    assert 1 <= len(finished) < 4, finished
    stamps = {name: (sweep / name / "summary.parquet").stat().st_mtime_ns for name in finished}
    result = sim_command(args, tmp_path)
    assert result.stdout.count("already finished, skipped") == len(finished)
    assert {p.parent.name for p in sweep.rglob("summary.parquet")} == {f"population.adopters=100,run=smoke,seed={s}" for s in range(4)}
    for name, stamp in stamps.items():
        assert (sweep / name / "summary.parquet").stat().st_mtime_ns == stamp, "finished runs are not redone"
    assert not list(sweep.rglob(".*.tmp")), "no half-written files remain"


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
    one = pd.read_parquet(sweep / job / "markets.parquet")
    mine = markets[markets.run == job].drop(columns=["run", "scenario", "seed"])
    pd.testing.assert_frame_equal(mine.reset_index(drop=True), one, check_exact=True)


def test_gather_of_an_empty_directory_says_so(tmp_path):
    result = subprocess.run([*GATHER, str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 2 and "no finished runs" in result.stderr
