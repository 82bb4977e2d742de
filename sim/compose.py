"""Composing a scenario: the one way a named scenario and overrides become a config.

``sim scenario=price_war population=small`` on the command line, ``sim.compose("price_war",
["population=small"])`` in a notebook, the claims and the calibration all build their
configuration here, from the Hydra config tree in ``scenarios/``, so they run exactly the
same model.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from hydra import compose as hydra_compose
from hydra import initialize_config_dir
from hydra.core.config_store import ConfigStore
from hydra.core.override_parser.overrides_parser import OverridesParser
from omegaconf import DictConfig, OmegaConf
from omegaconf.errors import OmegaConfBaseException

from sim import worlds
from sim.config import ConfigError, ModelConfig, param, validate

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
"""The Hydra config tree (an editable install reads it from the source checkout)."""


@dataclass
class AppConfig(ModelConfig):
    """The command line's configuration: the model's, plus the top-level seed."""

    seed: int = param(0, "the run's seed (run.seed follows it)")
    world: int | None = param(None, "the member of the plausible worlds the scenario takes (run.world follows it)")


ConfigStore.instance().store(name="schema", node=OmegaConf.structured(AppConfig))  # built once, not per compose


def to_model_config(cfg: DictConfig, explicit: Sequence[str] = ()) -> AppConfig:
    """Turn a composed Hydra config into the validated dataclass, or raise ConfigError.

    A config that names a member of the plausible worlds (``world=K``, as the ``calibrated``
    scenario does) takes the member's values (``sim.worlds``), but for the keys of the
    ``explicit`` overrides, which still win.
    """
    model_cfg = _converted(cfg)
    if model_cfg.run.world is not None:
        overridden = {override.key_or_group for override in OverridesParser.create().parse_overrides(list(explicit))}
        for key, value in worlds.values(model_cfg.run.world).items():
            if key not in overridden:
                OmegaConf.update(cfg, key, int(value) if float(value).is_integer() else float(value))
        model_cfg = _converted(cfg)
    return validate(model_cfg)


def _converted(cfg: DictConfig) -> AppConfig:
    try:
        return OmegaConf.to_object(cfg)
    except OmegaConfBaseException as error:
        key = getattr(error, "full_key", "") or "config"
        raise ConfigError(key, "", str(error).splitlines()[0]) from error


def compose(scenario: str | None = None, overrides: Sequence[str] = ()) -> ModelConfig:
    """The validated configuration that ``sim scenario=<scenario> <overrides>`` would run.

    Args:
        scenario: a file of ``scenarios/scenario/``, by name (``baseline``, ``price_war``);
            None keeps the config tree's default (the baseline) or a ``scenario=`` override.
        overrides: Hydra overrides, as on the command line (``"adoption.price=2"``,
            ``"population=small"``, ``"seed=3"``).

    A member of the plausible worlds that the scenario names (``world=K``) gives its values,
    but for keys that ``overrides`` set (see :func:`to_model_config`).
    """
    overrides = [*([f"scenario={scenario}"] if scenario is not None else []), *overrides]
    with initialize_config_dir(config_dir=str(SCENARIOS), version_base=None):
        app = to_model_config(hydra_compose(config_name="config", overrides=overrides), overrides)
    return ModelConfig(**{f.name: getattr(app, f.name) for f in dataclasses.fields(ModelConfig)})
