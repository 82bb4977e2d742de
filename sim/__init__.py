"""Open-weight versus closed AI ecosystems: an agent-based model on Mesa.

Quick start::

    import sim
    results = sim.run(sim.default_config())
    results.summary
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.compose import compose
from sim.config import ConfigError, ModelConfig, default_config, validate
from sim.metrics import summary_row
from sim.model import EcosystemModel
from sim.outputs import Results

__all__ = ["ConfigError", "EcosystemModel", "ModelConfig", "Results", "compose", "default_config", "run", "validate"]


def run(config: ModelConfig, seed: int | None = None) -> Results:
    """Simulate one run of ``config`` (validated first) and return its tables.

    ``seed`` overrides ``config.run.seed``; the same config and seed give identical tables.
    """
    model = EcosystemModel(config, seed=seed)
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
