"""Running a claim's experiment: its design, every arm at every point and seed, resumable.

The design is a Morris design (SALib) over the claim's factors, plus the baseline point
(every factor at its baseline value) as point 0. Each arm's configuration is composed once
from the Hydra config tree, exactly as ``sim <overrides>`` would compose it; a point's values
are then set on a copy. Every run is identified by a digest of its full configuration
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
from SALib.sample import morris as morris_sample
from tqdm import tqdm

import sim
from experiments.claims.claim import Arm, Claim, Outcomes
from sim.config import ConfigError, ModelConfig, get_value, set_value
from sim.experiment import Backend, local_cores
from sim.outputs import write_atomically

LEVELS = 4
"""Grid levels of the Morris design (SALib's default)."""

RUNS_FILE = "runs.parquet"
KEYS = ["point", "seed", "arm", "digest"]
CHUNKS = 20
"""Runs go to the backend in about this many chunks (each at least one run per worker),
each kept on disk when it is back."""


@dataclass(frozen=True)
class Size:
    """How big an experiment is: Morris trajectories (each of factors + 1 points),
    replications (seeds) per point and arm, and simulated adopters per run; the seeds a point
    may grow to (``most_replications``) when the first seeds leave the Monte Carlo error too
    large against the claim's minimum effect."""

    name: str
    trajectories: int
    replications: int
    baseline_replications: int
    adopters: int
    most_replications: int

    def replications_at(self, point: int) -> int:
        """Seeds at a point: more at the baseline (point 0), whose effects the card reports
        with confidence intervals."""
        return self.baseline_replications if point == 0 else self.replications

    def describe(self, claim: Claim) -> str:
        points = self.trajectories * (len(claim.factors) + 1)
        runs = (points * self.replications + self.baseline_replications) * len(claim.arms)
        return (
            f"{self.name} mode: the baseline point with {self.baseline_replications} seeds, and "
            f"{points} points ({self.trajectories} Morris {'trajectory' if self.trajectories == 1 else 'trajectories'} "
            f"over {len(claim.factors)} factors) "
            f"with {self.replications} seeds each, in {len(claim.arms)} arms: {runs:,} runs of "
            f"{self.adopters:,} adopters, to {sim.default_config().run.end}"
        )


SIZES = {
    "quick": Size("quick", trajectories=1, replications=2, baseline_replications=4, adopters=300,
                  most_replications=2),
    "full": Size("full", trajectories=5, replications=4, baseline_replications=20, adopters=2000,
                 most_replications=16),
}


def problem(claim: Claim) -> dict:
    """The claim's factors as a SALib problem."""
    return {
        "num_vars": len(claim.factors),
        "names": [f.key for f in claim.factors],
        "bounds": [[f.low, f.high] for f in claim.factors],
    }


def design(claim: Claim, size: Size) -> pd.DataFrame:
    """Point 0 at the baseline values, then the Morris design; one column per factor."""
    baseline = sim.compose()
    seed = int.from_bytes(hashlib.sha256(claim.id.encode()).digest()[:4], "little")
    sample = morris_sample.sample(problem(claim), size.trajectories, num_levels=LEVELS, seed=seed)
    points = np.vstack([[f.baseline(baseline) for f in claim.factors], sample])
    frame = pd.DataFrame(points, columns=[f.key for f in claim.factors])
    frame.index.name = "point"
    return frame


def configure(base: ModelConfig, arm: Arm, claim: Claim, values: pd.Series, size: Size, seed: int) -> ModelConfig:
    """An arm (its composed configuration ``base``) at one design point and seed, validated.

    The arm's own settings win over the design's: an arm that switches a mechanism off
    (e.g. ``openness.distillation=0``) keeps it off at every point.
    """
    cfg = copy.deepcopy(base)
    for factor in claim.factors:
        for key, value in factor.values(float(values[factor.key])).items():
            set_value(cfg, key, value)
    for key, value in arm_settings(arm).items():
        set_value(cfg, key, value)
    cfg.population.adopters = size.adopters
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


def run_claim(
    claim: Claim, size: Size, directory: Path, backend: Backend | None = None, progress: bool = True
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The design and every run's outcomes (one row per point, seed and arm), the runs done on
    ``backend`` (this process by default).

    Two tasks with the same configuration (an arm whose settings override the only factors
    that differ between two points) share one run. Runs go to the backend in chunks, each
    kept in ``runs.parquet`` as soon as it is back, so an interruption loses one chunk at most.
    """
    backend = backend or local_cores(1)
    directory.mkdir(parents=True, exist_ok=True)
    points = design(claim, size)
    arms = {arm.name: sim.compose(overrides=arm.overrides) for arm in claim.arms}
    version = hashlib.sha1(inspect.getsource(inspect.getmodule(claim.outcomes)).encode()).hexdigest()
    keys, configs = [], {}
    for point, values in points.iterrows():
        for seed in range(size.replications_at(point)):
            for arm in claim.arms:
                cfg = configure(arms[arm.name], arm, claim, values, size, seed)
                digest = hashlib.sha1((version + json.dumps(dataclasses.asdict(cfg))).encode()).hexdigest()
                keys.append((point, seed, arm.name, digest))
                configs[digest] = cfg

    path = directory / RUNS_FILE
    cached = pd.read_parquet(path) if path.exists() else pd.DataFrame(columns=["digest"])
    measured = {row.pop("digest"): row for row in cached.to_dict("records") if row["digest"] in configs}
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


