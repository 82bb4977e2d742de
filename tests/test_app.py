"""The live app (``sim-app``): its sliders against the configuration, its runs against
``sim.compose``, its figures against the model's tables, and the page itself in Chromium."""

from __future__ import annotations

import math

import pandas as pd

import sim

# ----------------------------------------------------------------------------- the run


def test_a_partly_run_model_collects_the_months_so_far():
    model = sim.EcosystemModel(sim.default_config())
    model.run_for(5)
    results = sim.collect(model)
    for name in ("adoption", "labs", "open_models", "markets", "policies"):
        assert getattr(results, name)["date"].max() == pd.Timestamp("2022-05-01"), name
    assert results.events["date"].max() <= pd.Timestamp("2022-05-01")
    summary = results.summary.iloc[0]
    assert summary["scenario"] == "baseline"
    assert math.isnan(summary["gs_share_cn_2025_12"]) and math.isnan(summary["china_lag_months_2030_12"])
