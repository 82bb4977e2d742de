"""Shared fixtures: small, fast configurations of the default world, and each claim's
quick-mode runs made once a session; the order that keeps two xdist workers busy to the end."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

import sim
from experiments.claims import CLAIMS
from experiments.claims.experiment import run_experiment
from experiments.claims.engine import SIZES
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
            run_experiment(CLAIMS[claim_id], SIZES["quick"], directory, progress=False)  # reads what is done
        return directory

    return runs_of


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The makers of the claims' quick runs first, then the other slow tests, then the rest,
    and the readers of the quick runs last.

    With ``--maxschedchunk 1`` (pyproject.toml) a free xdist worker takes the next test in
    this order, so the long ones are spread over the workers first and the short ones even
    out the end. The first test to ask for a claim's quick runs (parametrized by
    ``claim_id``) makes them, the longest work of the suite; the others only read them, so
    they go last, when every claim's runs are made, and do not wait on another worker's lock."""
    makers: set[str] = set()

    def rank(item: pytest.Item) -> int:
        if QUICK_CLAIM_RUNS in getattr(item, "fixturenames", ()):
            claim_id = item.callspec.params["claim_id"]
            if claim_id in makers:
                return 3
            makers.add(claim_id)
            return 0
        return 1 if item.get_closest_marker("slow") else 2

    ranks = {item: rank(item) for item in items}  # in collection order: the first asker makes
    items.sort(key=ranks.__getitem__)


def hand_built_world(labs: dict[str, str], regions: dict[str, str]) -> World:
    """A world of the given labs (name: bloc) and regions (name: group), in that order."""
    cfg = sim.default_config()
    cfg.labs = {name: LabConfig(bloc=bloc) for name, bloc in labs.items()}
    cfg.regions = {name: RegionConfig(group=group) for name, group in regions.items()}
    return World.from_config(cfg)
