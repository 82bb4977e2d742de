"""Experiments from Python: compose a scenario, sweep scenarios and seeds, compare them by seed.

The calls a notebook or a script makes, on the same paths as the command line:

    cfg = sim.compose("price_war", ["population=small"])     # what `sim scenario=price_war ...` runs
    swept = sim.sweep(["baseline", "price_war"], seeds=range(10), overrides=["population=small"])
    swept.summary, swept.markets                              # the gathered tables (DataFrames)
    sim.compare(swept, reference="baseline")                  # paired by seed, with intervals

A sweep goes through the run store (``sim.store``): its runs are defined, run in batches and
gathered exactly as ``sim -m`` does, so a sweep into a directory that already holds some of
its runs redoes only what is missing. Where the batches run is the :class:`Backend`: the
local cores by default (:func:`local_cores`), or a Ray cluster (:func:`ray_cluster`); an
engine that takes a backend by name (``--backend loky|ray``) builds it with
:func:`backend_named`. Running on a cluster: ``docs/CLUSTER.md``.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Protocol, TypeVar

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from sim.cluster import ClusterUnavailable, address_given, check_ray_address, ray_module
from sim.compose import compose
from sim.config import ConfigError, ModelConfig, check_seed
from sim.metrics import HEADLINES, summary_column, summary_months
from sim.outputs import TABLES, Results
from sim.plots import BAND_LEVELS, adopter_counts, paired_differences
from sim.runs import workers_end_with_this_process
from sim.store import GATHERED, Batch, Store, SweepOutcome, gather, run_batch, run_sweep


Result = TypeVar("Result")


class Backend(Protocol):
    """Where an engine's independent tasks run: this machine's cores, a Ray cluster, ...

    An engine (``sim.sweep``, whose tasks are the run store's batches; a claims or calibration
    engine) hands :meth:`map` a function and one tuple of arguments per task and gets the
    results back in the order of the tasks, whatever order they finished in. Each task's randomness comes
    from its own seed, so the results are the same on every backend and at any number of
    workers. The function, its arguments and its results must pickle (they travel to other
    processes or machines), and every machine must run the same code.
    """

    name: ClassVar[str]
    """The backend's name for ``--backend`` (one of :data:`BACKENDS`)."""
    workers: int
    """How many tasks run at once; an engine cuts its work into at least this many tasks."""

    def map(self, function: Callable[..., Result], tasks: Iterable[tuple]) -> list[Result]:
        """``function(*task)`` for every task, in the order of the tasks."""
        ...


WORKERS_PER_CORE = 4
"""Most worker processes a command starts per core of this machine: more only wait for a core,
each holding its run's memory (100,000 workers did not end)."""


def check_workers(workers: object, key: str = "workers") -> int:
    """``workers``, a number of worker processes for this machine: a whole number from 1 to
    :data:`WORKERS_PER_CORE` times its cores; ConfigError naming ``key`` if not."""
    cores = os.cpu_count() or 1
    if not (isinstance(workers, int) and not isinstance(workers, bool) and 1 <= workers <= WORKERS_PER_CORE * cores):
        raise ConfigError(key, workers, f"a whole number from 1 to {WORKERS_PER_CORE * cores} (four times this "
                                        f"machine's {cores} cores)")
    return workers


def workers_option(text: str) -> int:
    """A ``--workers`` option's value (argparse's ``type=``), as :func:`check_workers` takes it."""
    try:
        workers = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not allowed: a whole number") from None
    try:
        return check_workers(workers, "--workers")
    except ConfigError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


@dataclass(frozen=True)
class LocalCores:
    """Tasks in ``workers`` processes of this machine (joblib's loky); with 1, in this process.
    ConfigError for a number of workers :func:`check_workers` refuses."""

    workers: int
    name: ClassVar[str] = "loky"

    def __post_init__(self):
        check_workers(self.workers)

    def map(self, function: Callable[..., Result], tasks: Iterable[tuple]) -> list[Result]:
        tasks = list(tasks)
        if self.workers == 1 or len(tasks) <= 1:
            return [function(*task) for task in tasks]
        with workers_end_with_this_process():  # a killed notebook or script leaves no worker behind
            return Parallel(n_jobs=min(self.workers, len(tasks)))(delayed(function)(*task) for task in tasks)


class RayCluster:
    """Tasks as Ray tasks of one CPU each, on the Ray cluster this process is connected to.

    ``workers`` is the cluster's number of CPUs when the backend was made. A process connects
    to one cluster: a backend made while this process is connected already uses that cluster.
    Before connecting, a cluster must answer at ``address`` (``sim.cluster.check_ray_address``;
    ``setting`` names what gave the address, for the message): ClusterUnavailable, in one line,
    where none does or Ray is not installed, and where ``ray.init`` then cannot connect (the
    cluster stopped after the check: Ray's ConnectionError, after its own retries).
    """

    name: ClassVar[str] = "ray"

    def __init__(self, address: str | None = None, setting: str = "address"):
        self._ray = ray_module()
        if not self._ray.is_initialized():
            check_ray_address(address, setting)
            try:
                self._ray.init(address=address)
            except ConnectionError as error:
                raise ClusterUnavailable(f"the Ray cluster at {address_given(address, setting)} answered, then Ray "
                                         f"could not connect to it (stopped?): {error}") from None
        self.workers = max(1, int(self._ray.cluster_resources().get("CPU", 1)))

    def map(self, function: Callable[..., Result], tasks: Iterable[tuple]) -> list[Result]:
        remote = self._ray.remote(num_cpus=1)(function)
        return self._ray.get([remote.remote(*task) for task in tasks])


def local_cores(workers: int | None = None) -> LocalCores:
    """A backend on this machine's cores: ``workers`` processes (every core by default; 1 runs
    the tasks in this process)."""
    return LocalCores((os.cpu_count() or 1) if workers is None else workers)


def ray_cluster(address: str | None = None) -> RayCluster:
    """A backend on a Ray cluster, one CPU a task.

    Args:
        address: the cluster's head, as ``ray.init`` takes it: ``"auto"`` for the cluster this
            machine has joined (``ray start``), ``"HOST:PORT"`` for the head's port,
            ``"ray://HOST:10001"`` for Ray Client. None: ``RAY_ADDRESS`` if it is set, else a
            Ray started on this machine for this process.

    Raises ClusterUnavailable (``sim.cluster``), in one line, where Ray is not installed or no
    cluster answers at the address.
    """
    return RayCluster(address)


BACKENDS = (LocalCores.name, RayCluster.name)
"""The backends' names, the choices of ``--backend``."""


def backend_named(name: str, workers: int | None = None, address: str | None = None) -> Backend:
    """The backend that ``--backend NAME`` selects: ``loky`` on ``workers`` local cores (every
    core by default), or ``ray`` on the cluster at ``address`` (``--address``; see
    :func:`ray_cluster`).

    Raises ValueError for an unknown name, or for an option that the backend does not take;
    ClusterUnavailable where Ray is not installed or no cluster answers at the address.
    """
    if name == LocalCores.name:
        if address is not None:
            raise ValueError(f"backend {name} runs on this machine: it takes no address ({address!r})")
        return local_cores(workers)
    if name == RayCluster.name:
        if workers is not None:
            raise ValueError(f"backend {name} runs one task per CPU of the cluster: it takes no "
                             f"number of workers ({workers})")
        return RayCluster(address, setting="--address")
    raise ValueError(f"unknown backend {name!r}: choose from {', '.join(BACKENDS)}")


@dataclass
class Swept(Results):
    """A sweep's gathered tables (``docs/OUTPUTS.md``: each row keyed by ``run``, ``scenario``
    and ``seed``), where its store is, what its batches did, and each region's country group
    (``regions.<name>.group``: the figures pool the Global South from them)."""

    store: Path | None = None
    outcome: SweepOutcome | None = None
    region_groups: dict[str, str] = field(default_factory=dict)

    def adopter_counts(self) -> pd.DataFrame:
        """Simulated adopters, and those using a model, per run, month and region
        (:func:`sim.plots.adopter_counts`): given to a figure, its shares among users are
        left out where too few simulated adopters use a model to make one."""
        return adopter_counts(self.adoption, self.region_groups)


def plan(scenarios: Iterable[str], seeds: Iterable[int], overrides: Sequence[str] = (),
         scenario_dirs: Sequence[str | os.PathLike] = ()) -> list[tuple[str, ModelConfig, int]]:
    """Every run of scenarios x seeds, as the run store takes them: a label (the overrides
    that name the run, as the command line names a job), the configuration, the seed.
    Each scenario is composed once, whatever the number of seeds; scenarios and seeds are
    lists (not one string) naming at least one each, each once, and every seed is one
    ``run.seed`` takes (ConfigError before any run is written)."""
    for key, given, example in (("scenarios", scenarios, "['baseline']"), ("seeds", seeds, "[0, 1]")):
        if isinstance(given, (str, bytes)):
            raise ConfigError(key, given, f"a list of {key} ({example}), not one string")
    scenarios, seeds = list(scenarios), [check_seed(seed, "seeds") for seed in seeds]
    for key, given in (("scenarios", scenarios), ("seeds", seeds)):
        if not given or len(set(given)) < len(given):
            raise ConfigError(key, given, f"a list naming at least one of the {key}, each once")
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
        backend: where the batches run (a :class:`Backend`, one batch per worker); the
            local cores by default.
        scenario_dirs: folders of one's own scenarios (see :func:`sim.compose.compose`).
        progress: show one progress bar while the runs go.

    Raises RuntimeError, naming each failed run, when not every run finished.
    """
    root = Path(store).absolute() if store is not None else Path(tempfile.mkdtemp(prefix="sim-sweep-"))
    backend = backend or local_cores()
    runs_store = Store(root)

    def launch(batches: Sequence[Batch]) -> None:
        backend.map(run_batch, [(batch,) for batch in batches])

    planned = plan(scenarios, seeds, overrides, scenario_dirs)
    result = run_sweep(runs_store, planned, launch=launch, batches=backend.workers, progress=progress)
    if not result.complete:
        raise RuntimeError("\n".join(result.lines(runs_store)))
    gather(root, progress=False)
    tables = {name: pd.read_parquet(root / GATHERED / f"{name}.parquet") for name in TABLES}
    groups = {name: region.group for name, region in planned[0][1].regions.items()}  # plan() has one at least
    return Swept(**tables, store=root, outcome=result, region_groups=groups)


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
