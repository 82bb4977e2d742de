"""Composing a scenario: the one way a named scenario and overrides become a config.

``sim scenario=price_war population=small`` on the command line, ``sim.compose("price_war",
["population=small"])`` in a notebook, the claims and the calibration all build their
configuration here, from the Hydra config tree in ``scenarios/``, so they run exactly the
same model.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hydra import compose as hydra_compose
from hydra import initialize_config_dir
from hydra.core.config_store import ConfigStore
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim.config import ConfigError, ModelConfig, param, validate

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
"""The Hydra config tree (an editable install reads it from the source checkout)."""


@dataclass
class AppConfig(ModelConfig):
    """The command line's configuration: the model's, plus the top-level seed."""

    seed: int = param(0, "the run's seed (run.seed follows it)")


ConfigStore.instance().store(name="schema", node=OmegaConf.structured(AppConfig))  # built once, not per compose


def to_model_config(cfg: DictConfig) -> AppConfig:
    """Turn a composed Hydra config into the validated dataclass, or raise ConfigError."""
    try:
        model_cfg = OmegaConf.to_object(cfg)
    except OmegaConfBaseException as error:
        key = getattr(error, "full_key", "") or "config"
        raise ConfigError(key, "", str(error).splitlines()[0]) from error
    return validate(model_cfg)


def compose(scenario: str | None = None, overrides: Sequence[str] = (),
            scenario_dirs: Sequence[str | os.PathLike] = ()) -> ModelConfig:
    """The validated configuration that ``sim scenario=<scenario> <overrides>`` would run.

    Args:
        scenario: a scenario's name: a file ``scenario/<name>.yaml`` of ``scenarios/``
            (``baseline``, ``price_war``) or of one of ``scenario_dirs``; None keeps the
            config tree's default (the baseline) or a ``scenario=`` override.
        overrides: Hydra overrides, as on the command line (``"adoption.price=2"``,
            ``"population=small"``, ``"seed=3"``).
        scenario_dirs: folders of one's own laid out like ``scenarios/`` (a ``scenario/``
            folder of YAML files, and ``policy/`` or ``population/`` ones if wanted); their
            files are found beside the package's, so they need not live in the package.
            ConfigError if one is not a directory.
    """
    search = [f"file://{_scenario_dir(directory)}" for directory in scenario_dirs]
    overrides = [
        *([f"hydra.searchpath=[{','.join(search)}]"] if search else []),
        *([f"scenario={scenario}"] if scenario is not None else []),
        *overrides,
    ]
    with initialize_config_dir(config_dir=str(SCENARIOS), version_base=None):
        app = to_model_config(hydra_compose(config_name="config", overrides=overrides))
    return ModelConfig(**{f.name: getattr(app, f.name) for f in dataclasses.fields(ModelConfig)})


def _scenario_dir(directory: str | os.PathLike) -> Path:
    """A folder of one's own scenarios, resolved; ConfigError if it is not a directory."""
    path = Path(directory).resolve()
    if not path.is_dir():
        raise ConfigError(
            "scenario_dirs", str(directory),
            "a directory laid out like scenarios/ (holding scenario/<name>.yaml)"
            + ("" if path.exists() else "; it does not exist"),
        )
    return path
