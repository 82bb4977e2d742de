"""Shared fixtures: small, fast configurations of the default world, and each claim's
quick-mode runs made once a session."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

import sim
from experiments.claims import CLAIMS
from experiments.claims.engine import SIZES, run_claim
from sim.config import LabConfig, RegionConfig
from sim.world import World

QUICK_CLAIM_RUNS = "quick_claim_runs"


def small_config(adopters: int = 300, end: str = "2026-12", seed: int = 0) -> sim.ModelConfig:
    """The baseline world with fewer adopters and a shorter horizon (for fast tests)."""
    cfg = sim.default_config()
    cfg.population.adopters = adopters
    cfg.run.end = end
    cfg.run.seed = seed
    cfg.run.summary_dates = [end]
    return cfg


@pytest.fixture(scope="session")
def small_results() -> sim.Results:
    """One small baseline run shared by read-only tests."""
    return sim.run(small_config())


@pytest.fixture(scope="session")
def quick_claim_runs(tmp_path_factory) -> Callable[[str], Path]:
    """The directory of a claim's quick-mode runs (``runs.parquet``: every arm at every point
    and seed), by claim id: run on first request and shared by every test of the session, on
    every xdist worker (the pattern of pytest-xdist's docs: a file lock in the session's
    directory).

    The runs are made by the engine into an empty directory of this session, never taken
    from an earlier session, so a test reading them tests this session's code."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the session's directory, above each worker's own
    shared = shared / "quick_claims"
    shared.mkdir(exist_ok=True)

    def runs_of(claim_id: str) -> Path:
        directory = shared / claim_id
        with FileLock(shared / f"{claim_id}.lock"):
            run_claim(CLAIMS[claim_id], SIZES["quick"], directory, progress=False)  # reads what is done
        return directory

    return runs_of


def hand_built_world(labs: dict[str, str], regions: dict[str, str]) -> World:
    """A world of the given labs (name: bloc) and regions (name: group), in that order."""
    cfg = sim.default_config()
    cfg.labs = {name: LabConfig(bloc=bloc) for name, bloc in labs.items()}
    cfg.regions = {name: RegionConfig(group=group) for name, group in regions.items()}
    return World.from_config(cfg)
