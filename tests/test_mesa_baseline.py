"""The per-agent Mesa baseline of the benchmarks (benchmarks/mesa_baseline.py) does the work
of the vectorised kernel: on the same inputs and draws it makes the same choices."""

from __future__ import annotations

import numpy as np
import pandas as pd

import sim
from benchmarks.mesa_baseline import PerAgentAdopter, PerAgentModel
from sim.outputs import TABLES
from sim.world import NO_CHOICE
from tests.conftest import small_config


def test_per_agent_mesa_adopters_choose_month_by_month_as_the_vectorised_kernel():
    cfg = small_config(adopters=300, end="2025-12")
    kernel, per_agent = sim.EcosystemModel(cfg), PerAgentModel(cfg)
    kernel.run()
    per_agent.run()
    choice = per_agent.population.choice
    assert len(per_agent.agents_by_type[PerAgentAdopter]) == 300
    assert (choice != NO_CHOICE).sum() >= 50 and np.unique(choice).size >= 10, "adopters chose among many options"
    np.testing.assert_array_equal(choice, kernel.population.choice)
    ours, theirs = sim.collect(per_agent), sim.collect(kernel)
    for table in TABLES:  # the monthly adoption counts among them
        pd.testing.assert_frame_equal(getattr(ours, table), getattr(theirs, table), check_exact=True)
