"""Runs on disk: one run's directory, resuming interrupted sweeps, gathering a sweep.

A run directory holds the output tables as Parquet, ``config.yaml`` (the resolved
configuration that made them) and ``summary.parquet``, written last: a directory with a
summary is a finished run. Re-running the same configuration into it does nothing; a
sweep re-run into its directory therefore redoes only the unfinished runs.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

import sim
from sim.config import ModelConfig
from sim.outputs import TABLES, write_atomically

CONFIG_FILE = "config.yaml"
DONE_FILE = "summary.parquet"
SERIES = [t for t in TABLES if t != "summary"]


def config_text(cfg: ModelConfig) -> str:
    """The configuration as YAML, with keys in declaration order (stable across runs)."""
    return yaml.safe_dump(dataclasses.asdict(cfg), sort_keys=False)


def is_finished(directory: Path, cfg: ModelConfig) -> bool:
    """Whether ``directory`` already holds the finished run of exactly ``cfg``."""
    saved = directory / CONFIG_FILE
    return (directory / DONE_FILE).exists() and saved.exists() and saved.read_text() == config_text(cfg)


def run_into(cfg: ModelConfig, directory: Path) -> tuple[sim.Results | None, bool]:
    """Run ``cfg`` and write it into ``directory``, unless that run is already there.

    Returns the results (None when skipped) and whether the run was skipped.
    """
    directory = Path(directory)
    if is_finished(directory, cfg):
        return None, True
    directory.mkdir(parents=True, exist_ok=True)
    (directory / DONE_FILE).unlink(missing_ok=True)
    results = sim.run(cfg)
    config_path = directory / CONFIG_FILE
    temporary = config_path.with_suffix(".tmp")
    temporary.write_text(config_text(cfg))
    temporary.replace(config_path)
    results.to_parquet(directory)
    return results, False


def finished_runs(sweep: Path) -> list[Path]:
    """Finished run directories under ``sweep``, in a stable order."""
    return sorted(p.parent for p in Path(sweep).rglob(DONE_FILE) if p.parent.name != "gathered")


def gather(sweep: Path, progress: bool = True) -> Path:
    """Collect every finished run under ``sweep`` into ``sweep/gathered/``.

    Writes ``summary.parquet`` (one row per run) and one Parquet file per time-series table
    with the run's keys (``run``: its directory relative to the sweep, ``scenario``,
    ``seed``) in front. Runs are streamed one at a time, so memory stays at one run's size.
    """
    from tqdm import tqdm

    sweep = Path(sweep)
    runs = finished_runs(sweep)
    if not runs:
        raise FileNotFoundError(f"no finished runs (directories with {DONE_FILE}) under {sweep}")
    out = sweep / "gathered"
    out.mkdir(exist_ok=True)
    writers: dict[str, pq.ParquetWriter] = {}
    temporary = {name: out / f".{name}.parquet.tmp" for name in SERIES}
    summaries = []
    try:
        for run_dir in tqdm(runs, desc="gathering runs", unit="run", disable=not progress):
            key = str(run_dir.relative_to(sweep))
            summary = pd.read_parquet(run_dir / DONE_FILE)
            summary.insert(0, "run", key)
            summaries.append(summary)
            keys = {"run": key, "scenario": summary["scenario"].iloc[0], "seed": summary["seed"].iloc[0]}
            for name in SERIES:
                path = run_dir / f"{name}.parquet"
                if not path.exists():
                    continue
                frame = pd.read_parquet(path)
                for i, (column, value) in enumerate(keys.items()):
                    frame.insert(i, column, value)
                table = pa.Table.from_pandas(frame, preserve_index=False)
                if name not in writers:
                    writers[name] = pq.ParquetWriter(temporary[name], table.schema)
                writers[name].write_table(table.cast(writers[name].schema))
    finally:
        for writer in writers.values():
            writer.close()
    for name in writers:
        temporary[name].replace(out / f"{name}.parquet")
    write_atomically(pd.concat(summaries, ignore_index=True), out / "summary.parquet")
    return out
