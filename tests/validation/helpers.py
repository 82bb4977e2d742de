"""Compose the validation scenarios as a user would (Hydra, with overrides)."""

from __future__ import annotations

from hydra import compose, initialize_config_dir

import sim
from sim.cli import SCENARIOS, to_model_config


def scenario(name: str, *overrides: str) -> sim.ModelConfig:
    with initialize_config_dir(config_dir=str(SCENARIOS), version_base=None):
        return to_model_config(compose(config_name="config", overrides=[f"scenario={name}", *overrides]))
