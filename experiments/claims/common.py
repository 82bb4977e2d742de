"""Measures and factors that several claims share."""

from __future__ import annotations

import pandas as pd

import sim
from experiments.claims.claim import Factor
from sim.calendar import month_timestamp


def last_month(results: sim.Results) -> pd.DataFrame:
    """The ``labs`` rows of the run's last month."""
    labs = results.labs
    return labs[labs["date"] == labs["date"].max()]


def download_share(results: sim.Results, bloc: str, month: str | None = None) -> float:
    """A bloc's share of open-model downloads in ``month`` (last month if None); NaN if none."""
    models = results.open_models
    date = models["date"].max() if month is None else month_timestamp(month)
    now = models[models["date"] == date]
    total = now["downloads"].sum()
    return float(now.loc[now["origin"] == bloc, "downloads"].sum() / total) if total > 0 else float("nan")


def _export_controls() -> dict[str, float]:
    """The US export-control events of the default timeline, with their levels."""
    return {
        name: event.value
        for name, event in sim.default_config().timeline.items()
        if event.kind == "export_control" and event.target == "us"
    }


CONTROL_TIGHTNESS = Factor(
    "control_tightness", 0.5, 1.3,
    "US export controls: every historical control level times this (capped at 1)",
    lever=True,
    settings=lambda s: {f"timeline.{name}.value": min(1.0, level * s) for name, level in _export_controls().items()},
    default=1.0,
    basis="policy range: from half the historical controls to 30% tighter",
)
