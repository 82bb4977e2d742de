"""Experiments from Python: compose a scenario, sweep scenarios and seeds, compare them by seed.

The calls a notebook or a script makes, on the same paths as the command line:

    cfg = sim.compose("price_war", ["population=small"])     # what `sim scenario=price_war ...` runs
    swept = sim.sweep(["baseline", "price_war"], seeds=range(10), overrides=["population=small"])
    swept.summary, swept.markets                              # the gathered tables (DataFrames)
    sim.compare(swept, reference="baseline")                  # paired by seed, with intervals

A sweep goes through the run store (``sim.store``): its runs are defined, run in batches and
gathered exactly as ``sim -m`` does, so a sweep into a directory that already holds some of
its runs redoes only what is missing. Where the batches run is the ``backend``: the local
cores by default (:func:`local_cores`); any callable that takes the batches and runs
``sim.store.run_batch`` on each, wherever it likes (a cluster's job array), fits.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from sim.compose import compose
from sim.config import ModelConfig
from sim.metrics import HEADLINES, summary_column, summary_months
from sim.outputs import TABLES, Results
from sim.plots import BAND_LEVELS, paired_differences
from sim.store import GATHERED, Batch, Store, SweepOutcome, gather, run_batch, run_sweep

Backend = Callable[[Sequence[Batch]], object]
"""Runs a sweep's batches (each with ``sim.store.run_batch``) and returns when all are done."""


def local_cores(workers: int | None = None) -> Backend:
    """A backend that runs the batches in ``workers`` processes on this machine (all cores
    by default; 1 runs them in this process)."""
    count = workers or os.cpu_count() or 1

    def launch(batches: Sequence[Batch]) -> None:
        if count == 1:
            for batch in batches:
                run_batch(batch)
        else:
            Parallel(n_jobs=min(count, len(batches)))(delayed(run_batch)(batch) for batch in batches)

    return launch


@dataclass
class Swept(Results):
    """A sweep's gathered tables (``docs/OUTPUTS.md``: each row keyed by ``run``, ``scenario``
    and ``seed``), where its store is, and what its batches did."""

    store: Path | None = None
    outcome: SweepOutcome | None = None


def plan(scenarios: Iterable[str], seeds: Iterable[int], overrides: Sequence[str] = (),
         scenario_dirs: Sequence[str | os.PathLike] = ()) -> list[tuple[str, ModelConfig, int]]:
    """Every run of scenarios x seeds, as the run store takes them: a label (the overrides
    that name the run, as the command line names a job), the configuration, the seed.
    Each scenario is composed once, whatever the number of seeds."""
    seeds = [int(seed) for seed in seeds]
    planned = []
    for scenario in scenarios:
        cfg = compose(scenario, overrides, scenario_dirs)
        for seed in seeds:
            label = ",".join(sorted([f"scenario={scenario}", *overrides, f"seed={seed}"]))
            planned.append((label, cfg, seed))
    return planned


def sweep(scenarios: Iterable[str], seeds: Iterable[int], overrides: Sequence[str] = (),
          store: str | os.PathLike | None = None, backend: Backend | None = None,
          scenario_dirs: Sequence[str | os.PathLike] = (), progress: bool = True) -> Swept:
    """Run every scenario at every seed into a run store, gather the runs, return the tables.

    Args:
        scenarios: scenario names (as for :func:`load`).
        seeds: the seeds each scenario runs with; common to all scenarios, so that they can
            be compared run by run (:func:`compare`).
        overrides: Hydra overrides applied to every scenario (``"population=small"``).
        store: the store's directory; a new temporary one by default. A sweep into a
            directory holding some of its runs already redoes only the missing ones.
        backend: where the batches run (:data:`Backend`); the local cores by default.
        scenario_dirs: folders of one's own scenarios (see :func:`sim.compose.compose`).
        progress: show one progress bar while the runs go.

    Raises RuntimeError, naming each failed run, when not every run finished.
    """
    root = Path(store) if store is not None else Path(tempfile.mkdtemp(prefix="sim-sweep-"))
    backend = backend or local_cores()
    runs_store = Store(root)
    result = run_sweep(runs_store, plan(scenarios, seeds, overrides, scenario_dirs), launch=backend,
                       batches=os.cpu_count() or 1, progress=progress)
    if not result.complete:
        raise RuntimeError("\n".join(result.lines(runs_store)))
    gather(root, progress=False)
    tables = {name: pd.read_parquet(root / GATHERED / f"{name}.parquet") for name in TABLES}
    return Swept(**tables, store=root, outcome=result)


def compare(swept: Swept | pd.DataFrame, reference: str, month: str | None = None,
            levels: Sequence[float] = BAND_LEVELS) -> pd.DataFrame:
    """Each scenario's headline outcomes minus the reference's, seed by seed, summarised.

    ``swept`` is a :class:`Swept` or a gathered summary; ``month`` a summary month (the last
    by default). One row per scenario and outcome: the number of paired seeds, the median
    difference, and the bounds of each central interval of the differences across seeds
    (``low_90``, ``high_90`` for 0.9). Shares are fractions (0.05 is 5 percentage points).
    """
    summary = swept.summary if isinstance(swept, Swept) else swept
    month = month or summary_months(summary)[-1]
    columns = {summary_column(key, month): key for key in HEADLINES}
    values = summary[["scenario", "seed", *columns]].rename(columns=columns)
    differences = paired_differences(values, reference)
    rows = []
    for scenario, group in differences.groupby("scenario", sort=False):
        for key in HEADLINES:
            values = group[key].dropna().to_numpy()
            row = {"scenario": scenario, "outcome": key, "month": month, "seeds": len(values),
                   "median": float(np.median(values)) if len(values) else np.nan}
            for level in levels:
                low, high = np.quantile(values, [(1 - level) / 2, (1 + level) / 2]) if len(values) else (np.nan,) * 2
                row[f"low_{round(level * 100)}"], row[f"high_{round(level * 100)}"] = float(low), float(high)
            rows.append(row)
    return pd.DataFrame(rows)
