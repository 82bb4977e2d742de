"""Open-weight versus closed AI ecosystems: an agent-based model on Mesa.

Quick start::

    import sim
    results = sim.run(sim.default_config())
    results.summary

From a notebook: ``sim.compose`` a named scenario, ``sim.sweep`` scenarios over seeds and
``sim.compare`` them seed by seed (``sim.experiment``).
"""

from __future__ import annotations

from sim.compose import compose
from sim.config import ConfigError, ModelConfig, default_config, validate
from sim.experiment import Swept, compare, local_cores, sweep
from sim.model import EcosystemModel
from sim.outputs import Results
from sim.simulate import collect, run

__all__ = [
    "ConfigError", "EcosystemModel", "ModelConfig", "Results", "Swept", "collect", "compare", "compose",
    "default_config", "local_cores", "run", "sweep", "validate",
]
