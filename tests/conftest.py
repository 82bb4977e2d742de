"""Shared fixtures: small, fast configurations of the default world."""

from __future__ import annotations

import pytest

import sim


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
