"""Shared fixtures: small, fast configurations of the default world."""

from __future__ import annotations

import pytest

import sim
from sim.config import LabConfig, RegionConfig
from sim.world import World


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


def hand_built_world(labs: dict[str, str], regions: dict[str, str]) -> World:
    """A world of the given labs (name: bloc) and regions (name: group), in that order."""
    cfg = sim.default_config()
    cfg.labs = {name: LabConfig(bloc=bloc) for name, bloc in labs.items()}
    cfg.regions = {name: RegionConfig(group=group) for name, group in regions.items()}
    return World.from_config(cfg)
