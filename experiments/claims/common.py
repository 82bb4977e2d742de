"""Measures and factors that several claims share."""

from __future__ import annotations

import pandas as pd

import sim
from experiments.claims.claim import Factor
from sim.calendar import month_timestamp
from sim.config import plausible_range


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


def controls_at(tightness: float) -> dict[str, float]:
    """The US control events' levels at ``tightness`` times the historical ones (capped at 1)."""
    return {f"timeline.{name}.value": min(1.0, level * tightness) for name, level in _export_controls().items()}


def control_overrides(tightness: float) -> tuple[str, ...]:
    """:func:`controls_at` as Hydra overrides, for an arm."""
    return tuple(f"{key}={value:.6g}" for key, value in controls_at(tightness).items())


CONTROL_TIGHTNESS = Factor(
    "control_tightness", 0.5, 1.3,
    "US export controls: every historical control level times this (capped at 1)",
    lever=True,
    settings=controls_at,
    default=1.0,
    basis="policy range: from half the historical controls to 30% tighter",
)


def algorithmic_edge(bloc: str) -> Factor:
    """Every lab of ``bloc`` progressing algorithmically at one multiple of the common trend
    (``labs.<name>.algorithmic_edge``), over the range that field declares."""
    labs = [name for name, lab in sim.default_config().labs.items() if lab.bloc == bloc]
    declared = plausible_range(f"labs.{labs[0]}.algorithmic_edge")
    return Factor(
        f"algorithmic_edge_{bloc}", declared.low, declared.high,
        f"{bloc} labs' pace of algorithmic progress, as a multiple of the common trend",
        settings=lambda value: {f"labs.{name}.algorithmic_edge": value for name in labs},
        default=1.0, basis=declared.basis,
    )
