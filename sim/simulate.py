"""Simulating one run: build the model from a validated config, run it, collect its tables."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.config import ModelConfig, check_config
from sim.metrics import summary_row
from sim.model import EcosystemModel
from sim.outputs import Results


def run(config: ModelConfig, seed: int | None = None) -> Results:
    """Simulate one run of ``config`` (validated first) and return its tables.

    ``seed`` overrides ``config.run.seed``; the same config and seed give identical tables.
    ConfigError for anything but a configuration (None too: ``sim.default_config()`` is the
    default's).
    """
    model = EcosystemModel(check_config(config), seed=seed)
    model.run()
    return collect(model)


def collect(model: EcosystemModel) -> Results:
    """Build the output tables of a model that has run."""
    recorder = model.recorder
    tables = {
        "adoption": recorder.adoption_table(),
        "labs": recorder.labs_table(),
        "open_models": recorder.open_models_table(),
        "markets": recorder.markets_table(),
        "policies": recorder.policies_table(),
        "events": recorder.events_table(),
        "decisions": recorder.decisions_table(),
    }
    snapshots = None
    if recorder.snapshots is not None:
        months, n = recorder.months, model.population.size
        snapshots = pd.DataFrame({
            "date": np.repeat(recorder.dates(), n),
            "adopter": np.tile(np.arange(n), months),
            "option": recorder.snapshots[:months].ravel(),
        })
    return Results(**tables, summary=summary_row(model, tables), adopter_snapshots=snapshots)
