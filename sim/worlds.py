"""The plausible worlds: the parameter sets that history matching left standing.

``experiments/history.py`` writes them to :data:`WORLDS`, one row per world and parameter
(``world``, ``key``, ``value``, and whether the world passed the implausibility cut-off),
world 0 being the least implausible. A scenario picks a member with ``world=K`` (``run.world``);
composing it (``sim.compose.to_model_config``) sets the member's values over the scenario's
but not over the caller's explicit overrides, so the values are part of the composed
configuration (its digest and its saved ``config.json``). A sweep over
``'world=range(0,N)'`` covers the ensemble.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from sim.config import ConfigError
from sim.outputs import write_atomically

WORLDS = Path(__file__).resolve().parent.parent / "scenarios" / "worlds" / "plausible_worlds.parquet"
"""The ensemble of plausible worlds (an editable install reads it from the source checkout)."""

COLUMNS = ("world", "key", "value", "plausible")
"""The ensemble table's columns: a world's number, a dotted config key, its value, and
whether the world passed the cut-off (False for the closest worlds kept when none did)."""


def write(table: pd.DataFrame, path: Path | None = None) -> Path:
    """Write an ensemble table (:data:`COLUMNS`) atomically, to :data:`WORLDS` by default."""
    path = path or WORLDS
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(table.loc[:, list(COLUMNS)].reset_index(drop=True), path)


@functools.cache
def _read(path: Path, modified_ns: int) -> pd.DataFrame:
    """The table at ``path`` as last modified at ``modified_ns`` (read once per version)."""
    return pd.read_parquet(path)


def read(path: Path | None = None) -> pd.DataFrame:
    """The ensemble table (:data:`WORLDS` by default); ConfigError if there is none."""
    path = path or WORLDS
    if not path.exists():
        raise ConfigError("run.world", "", f"a member of the plausible worlds, but {path} does not exist "
                          "(run `python -m experiments.history`)")
    return _read(path, path.stat().st_mtime_ns)


def count(path: Path | None = None) -> int:
    """How many worlds the ensemble holds."""
    return int(read(path)["world"].nunique())


def values(world: int, path: Path | None = None) -> dict[str, float]:
    """The parameter values of world ``world``, by dotted key; ConfigError if there is no such
    world."""
    table = read(path)
    rows = table[table["world"] == world]
    if rows.empty:
        raise ConfigError("run.world", world, f"a world from 0 to {count(path) - 1} of {path or WORLDS}")
    return dict(zip(rows["key"], rows["value"].astype(float)))
