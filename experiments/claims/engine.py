"""Running a claim's experiment: its design, every arm at every point and seed, resumable.

The design is the ensemble of plausible worlds (``sim.worlds``; world 0, the least
implausible, is point 0), where the verdict is decided, and a Sobol design (SALib's Saltelli
scheme) over the full plausible ranges of the claim's factors around world 0, for global
sensitivity. Each arm's configuration is composed once
from the Hydra config tree, exactly as ``sim <overrides>`` would compose it, and put in each
world once; a point's values are then set on a copy. Every run is identified by a digest of its full configuration
(seed included) and of the claim's module: finished runs are kept in ``runs.parquet`` and
never redone, so an interrupted experiment resumes, and a changed design or measure reruns
only what changed. Runs go to a :class:`sim.experiment.Backend` (this machine's cores or a
Ray cluster); results do not depend on the backend or the number of workers: each run's
randomness comes from its own seed.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import hashlib
import inspect
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from SALib.sample import sobol as sobol_sample
from tqdm import tqdm

import sim
from experiments import targets
from experiments.claims.claim import Arm, Claim, Outcomes
from sim import worlds
from sim.config import ConfigError, ModelConfig, get_value, set_value
from sim.experiment import Backend, local_cores
from sim.outputs import write_atomically
from sim.runs import code_version

RUNS_FILE = "runs.parquet"
KEYS = ["point", "seed", "arm", "digest"]
CHUNKS = 20
"""Runs go to the backend in about this many chunks (each at least one run per worker),
each kept on disk when it is back."""


@dataclass(frozen=True)
class Size:
    """How big an experiment is: how many of the ensemble's worlds (the least implausible
    first; None for all), seeds a world (more in world 0, whose effects the card reports
    with confidence intervals), base samples of the Sobol design (each gives factors + 2
    points: first-order and total indices) and seeds at each of its points, and simulated
    adopters per run; the seeds a world may grow to (``most_replications``) when the first
    seeds leave the Monte Carlo error too large against the claim's minimum effect."""

    name: str
    worlds: int | None
    replications: int
    baseline_replications: int
    sobol_samples: int
    sensitivity_replications: int
    adopters: int
    most_replications: int

    def seeds_at(self, point: int, sensitivity: bool) -> int:
        """Seeds at a point of the design."""
        if sensitivity:
            return self.sensitivity_replications
        return self.baseline_replications if point == 0 else self.replications

    def world_count(self) -> int:
        """How many worlds of the ensemble the experiment runs."""
        return worlds.count() if self.worlds is None else min(self.worlds, worlds.count())

    def sensitivity_points(self, claim: Claim) -> int:
        """Points of the Sobol design (Saltelli's scheme without second-order indices)."""
        return self.sobol_samples * (len(claim.factors) + 2)

    @property
    def indicative_sensitivity(self) -> bool:
        """Whether the Sobol design is too small for its indices to be more than indicative."""
        return self.sobol_samples < MIN_SOBOL_SAMPLES

    def describe(self, claim: Claim) -> str:
        count = self.world_count()
        points = self.sensitivity_points(claim)
        runs = (self.baseline_replications + (count - 1) * self.replications
                + points * self.sensitivity_replications) * len(claim.arms)
        return (
            f"{self.name} mode: {count} {'world' if count == 1 else 'worlds'} of the plausible-worlds ensemble (world 0 with "
            f"{self.baseline_replications} seeds, the others with {self.replications}), and for sensitivity "
            f"{points} points (a Sobol design of {self.sobol_samples} base "
            f"{'sample' if self.sobol_samples == 1 else 'samples'} over {len(claim.factors)} factors) with "
            f"{self.sensitivity_replications} {'seed' if self.sensitivity_replications == 1 else 'seeds'} each, in "
            f"{len(claim.arms)} arms: {runs:,} runs of {self.adopters * claim.adopters_scale:,} adopters, to "
            f"{sim.default_config().run.end}"
        )


MIN_SOBOL_SAMPLES = 8
"""Base samples below which Sobol indices and their bootstrap intervals are indicative only
(quick mode's single sample gives numbers, not estimates)."""

SIZES = {
    "quick": Size("quick", worlds=2, replications=2, baseline_replications=4, sobol_samples=1,
                  sensitivity_replications=1, adopters=300, most_replications=2),
    "full": Size("full", worlds=None, replications=4, baseline_replications=20, sobol_samples=MIN_SOBOL_SAMPLES,
                 sensitivity_replications=1, adopters=2000, most_replications=16),
}


def problem(claim: Claim) -> dict:
    """The claim's factors as a SALib problem."""
    return {
        "num_vars": len(claim.factors),
        "names": [f.key for f in claim.factors],
        "bounds": [[f.low, f.high] for f in claim.factors],
    }


def in_world(cfg: ModelConfig, world: int) -> ModelConfig:
    """A copy of ``cfg`` with the values of the ensemble's world ``world`` (``sim.worlds``),
    as ``world=K`` composes them."""
    cfg = copy.deepcopy(cfg)
    for key, value in worlds.values(world).items():
        set_value(cfg, key, int(value) if float(value).is_integer() else float(value))
    return cfg


def design(claim: Claim, size: Size) -> pd.DataFrame:
    """The points of the experiment, one row each: first the plausible worlds (point K is
    world K, with the factors at the world's values), then the Sobol design over the factors'
    full ranges around world 0, for sensitivity. Columns: ``world``, ``sensitivity``,
    ``plausible`` (whether the world passed history matching's cut-off) and one per factor."""
    ensemble = worlds.read()
    passed = ensemble.groupby("world")["plausible"].all()
    base = sim.compose()
    rows = []
    for world in range(size.world_count()):
        cfg = in_world(base, world)
        rows.append({"world": world, "sensitivity": False, "plausible": bool(passed[world])}
                    | {f.key: f.baseline(cfg) for f in claim.factors})
    seed = int.from_bytes(hashlib.sha256(claim.id.encode()).digest()[:4], "little")
    sample = sobol_sample.sample(problem(claim), size.sobol_samples, calc_second_order=False, seed=seed)
    for values in sample:
        rows.append({"world": 0, "sensitivity": True, "plausible": bool(passed[0])}
                    | dict(zip((f.key for f in claim.factors), map(float, values))))
    frame = pd.DataFrame(rows)
    frame.index.name = "point"
    return frame


def configure(base: ModelConfig, arm: Arm, claim: Claim, point: pd.Series, size: Size, seed: int) -> ModelConfig:
    """An arm (its configuration ``base``, in the point's world) at one point and seed, validated.

    A sensitivity point sets the factors' values; a world point keeps the world's. The arm's
    own settings win over both: an arm that switches a mechanism off (e.g.
    ``openness.distillation=0``) keeps it off at every point.
    """
    cfg = copy.deepcopy(base)
    if point["sensitivity"]:
        for factor in claim.factors:
            for key, value in factor.values(float(point[factor.key])).items():
                set_value(cfg, key, value)
    for key, value in arm_settings(arm).items():
        set_value(cfg, key, value)
    cfg.population.adopters = size.adopters * claim.adopters_scale
    cfg.run.seed = seed
    return sim.validate(cfg)


@functools.cache
def arm_settings(arm: Arm) -> dict:
    """The arm's overrides that set config values (not those choosing a config group);
    worked out once per arm, not once per run."""
    defaults = sim.default_config()
    settings = {}
    for override in arm.overrides:
        key, _, text = override.partition("=")
        try:
            get_value(defaults, key)
        except ConfigError:
            continue  # a group choice such as scenario=...
        settings[key] = yaml.safe_load(text)
    return settings


def simulate(cfg: ModelConfig, outcomes) -> Outcomes:
    """One run, measured."""
    model = sim.EcosystemModel(cfg)
    model.run()
    return outcomes(model, sim.collect(model))


def measurement_version(claim: Claim) -> str:
    """Digest of what a run's outcomes depend on beside its configuration: the model's code
    (``sim.runs.code_version``, as the run store keys its runs), the claim's module (its
    outcomes) and the targets' measures it reads; a kept run of other code is run again."""
    sources = [inspect.getsource(inspect.getmodule(claim.outcomes)), inspect.getsource(targets)]
    return hashlib.sha1((code_version() + "".join(sources)).encode()).hexdigest()


def run_claim(
    claim: Claim, size: Size, directory: Path, backend: Backend | None = None, progress: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The design and every run's outcomes (one row per point, seed and arm), the runs done on
    ``backend`` (this process by default).

    Two tasks with the same configuration (an arm whose settings override the only factors
    that differ between two points, or a check's arm standing in for another on the claim's
    own design) share one run. Runs go to the backend in chunks, each kept in
    ``runs.parquet`` as soon as it is back, so an interruption loses one chunk at most.
    """
    backend = backend or local_cores(1)
    directory.mkdir(parents=True, exist_ok=True)
    points = design(claim, size)
    composed = {arm.name: sim.compose(overrides=arm.overrides) for arm in claim.arms}
    bases = {(arm, world): in_world(cfg, world) for arm, cfg in composed.items() for world in points["world"].unique()}
    version = measurement_version(claim)
    keys, configs = [], {}
    for point, values in points.iterrows():
        for seed in range(size.seeds_at(point, values["sensitivity"])):
            for arm in claim.arms:
                cfg = configure(bases[arm.name, values["world"]], arm, claim, values, size, seed)
                digest = hashlib.sha1((version + json.dumps(dataclasses.asdict(cfg))).encode()).hexdigest()
                keys.append((point, seed, arm.name, digest))
                configs[digest] = cfg

    path = directory / RUNS_FILE
    cached = pd.read_parquet(path) if path.exists() else pd.DataFrame(columns=["digest"])
    measured = {row.pop("digest"): row for row in cached.to_dict("records")}  # kept for the claim's sanity check too
    todo = [(digest, cfg, claim.outcomes) for digest, cfg in configs.items() if digest not in measured]
    if progress:
        print(f"  {len(todo):,} runs to do, {len(measured):,} already done (in {path}), "
              f"on {backend.name} with {backend.workers} workers", flush=True)
    chunk = max(backend.workers, len(todo) // CHUNKS)
    with tqdm(total=len(todo), desc=f"{claim.id} runs", disable=not progress) as bar:
        for start in range(0, len(todo), chunk):
            tasks = todo[start:start + chunk]
            results = backend.map(simulate, [(cfg, outcomes) for _, cfg, outcomes in tasks])
            measured.update((digest, outcomes) for (digest, _, _), outcomes in zip(tasks, results))
            write_atomically(pd.DataFrame([{"digest": d} | o for d, o in measured.items()]), path)
            bar.update(len(tasks))
    runs = pd.DataFrame([dict(zip(KEYS, key)) | measured[key[-1]] for key in keys])
    return points, runs.sort_values(KEYS[:3]).reset_index(drop=True)


