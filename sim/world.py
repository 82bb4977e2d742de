"""The world's layout: blocs, regions, labs, clouds and the columns of the option table.

Every array of the model is indexed the same way: blocs in :data:`sim.vocabulary.BLOCS`
order, regions, labs and clouds in configuration order. :class:`World` holds those orders,
built once from the configuration (``model.world``), and answers every question about them
(which index a name has, which regions form a group, which labs a bloc has).

The option table that adopters choose from (``sim.market.Options``) has one column per
(lab, mode): a lab's API option, then its self-hosted option, lab after lab. Option ``o`` is
lab ``o // 2`` in mode ``o % 2``. The counts table of ``sim.metrics`` keeps one more column
in front, for adopters who use no model. These rules are written here and nowhere else.

A lab's two options form its family: they share peer effects, ecosystem and switching
costs, and the family of open weights is named after its lab (the ``lab`` column of the
``open_models`` table), so a family's index is its lab's index.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from sim.config import ModelConfig
from sim.vocabulary import API, BLOCS, MODES, REGION_GROUPS, SELF_HOST

N_MODES = len(MODES)
"""Options per lab: one per mode (API, self-hosted)."""

NO_CHOICE = -1
"""The choice of an adopter who uses no model."""


class CountColumns(NamedTuple):
    """Labels of the counts table's columns: "none" first (no model), then one per option."""

    lab: tuple[str, ...]
    origin: tuple[str, ...]  # the lab's bloc
    mode: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class World:
    """Names and orders of blocs, regions, labs and clouds, and the option table's layout.

    Indices are numpy int arrays (``lab_blocs`` read-only), masks numpy bool arrays.
    """

    blocs: tuple[str, ...]
    regions: tuple[str, ...]
    region_groups: tuple[str, ...]  # the group (``REGION_GROUPS``) of each region
    labs: tuple[str, ...]
    lab_blocs: np.ndarray  # (labs,) bloc index of each lab
    clouds: tuple[str, ...]

    API_COLUMNS = slice(API, None, N_MODES)
    """The option table's API columns, lab by lab (a slice of the last axis)."""
    SELF_HOST_COLUMNS = slice(SELF_HOST, None, N_MODES)
    """The option table's self-hosted columns, lab by lab."""
    OPTION_COUNTS = slice(1, None)
    """The counts table's columns of the options, in option order (column 0 is "no model")."""

    @classmethod
    def from_config(cls, cfg: ModelConfig) -> World:
        """The layout of a (validated) configuration."""
        lab_blocs = np.array([BLOCS.index(lab.bloc) for lab in cfg.labs.values()], dtype=int)
        lab_blocs.flags.writeable = False
        return cls(
            blocs=BLOCS,
            regions=tuple(cfg.regions),
            region_groups=tuple(region.group for region in cfg.regions.values()),
            labs=tuple(cfg.labs),
            lab_blocs=lab_blocs,
            clouds=tuple(cfg.clouds),
        )

    # ------------------------------------------------------------------ names

    def bloc_index(self, name: str) -> int:
        return self.blocs.index(name)

    def region_index(self, name: str) -> int:
        return self.regions.index(name)

    def region_indices(self, names) -> np.ndarray:
        """Indices of the named regions, in the order given."""
        return np.array([self.regions.index(name) for name in names], dtype=int)

    def lab_index(self, name: str) -> int:
        return self.labs.index(name)

    def cloud_index(self, name: str) -> int:
        return self.clouds.index(name)

    def regions_in(self, group: str) -> np.ndarray:
        """Indices of the regions of ``group`` (one of ``REGION_GROUPS``), in region order."""
        return np.flatnonzero([g == group for g in self.region_groups])

    @property
    def groups(self) -> dict[str, np.ndarray]:
        """Each group that has regions, in ``REGION_GROUPS`` order, with its regions' indices."""
        return {g: self.regions_in(g) for g in REGION_GROUPS if g in self.region_groups}

    @property
    def global_south(self) -> np.ndarray:
        """Indices of the Global South's regions."""
        return self.regions_in("global_south")

    @property
    def lab_origins(self) -> tuple[str, ...]:
        """The home bloc of each lab, by name."""
        return tuple(self.blocs[b] for b in self.lab_blocs)

    def labs_of(self, bloc: str) -> np.ndarray:
        """(labs,) mask of the labs whose home is ``bloc``."""
        return self.lab_blocs == self.bloc_index(bloc)

    # ---------------------------------------------------------------- options

    @property
    def n_options(self) -> int:
        """Columns of the option table."""
        return N_MODES * len(self.labs)

    @staticmethod
    def option(lab, mode):
        """The option column of ``lab`` (index) in ``mode`` (``API`` or ``SELF_HOST``);
        works on numpy arrays."""
        return lab * N_MODES + mode

    @staticmethod
    def lab_of(options):
        """The lab (and family) of each option column; works on numpy arrays."""
        return options // N_MODES

    @staticmethod
    def mode_of(options):
        """The mode (``API`` or ``SELF_HOST``) of each option column; works on numpy arrays."""
        return options % N_MODES

    @staticmethod
    def options_of(lab: int) -> slice:
        """The option columns of one lab, in mode order."""
        return slice(World.option(lab, 0), World.option(lab + 1, 0))

    @staticmethod
    def interleave(api: np.ndarray, self_host: np.ndarray) -> np.ndarray:
        """Option columns (last axis) from per-lab values of each mode: lab 0's API option,
        lab 0's self-hosted option, lab 1's API option, ..."""
        out = np.empty(api.shape[:-1] + (N_MODES * api.shape[-1],), dtype=np.result_type(api, self_host))
        out[..., World.API_COLUMNS] = api
        out[..., World.SELF_HOST_COLUMNS] = self_host
        return out

    @staticmethod
    def per_option(by_lab: np.ndarray) -> np.ndarray:
        """Per-lab values (last axis) repeated for each of the lab's options."""
        return np.repeat(by_lab, N_MODES, axis=-1)

    @staticmethod
    def per_lab(by_option: np.ndarray) -> np.ndarray:
        """Per-option values (last axis) summed over each lab's options."""
        return by_option.reshape(*by_option.shape[:-1], -1, N_MODES).sum(axis=-1)

    # ----------------------------------------------------------------- counts

    @property
    def n_counts(self) -> int:
        """Columns of the counts table: "no model", then one per option."""
        return 1 + self.n_options

    @staticmethod
    def count_column(choices):
        """The counts table's column of each choice (an option, or ``NO_CHOICE`` -> 0)."""
        return choices - NO_CHOICE

    def count_columns(self) -> CountColumns:
        """Lab, origin and mode of each column of the counts table."""
        options = np.arange(self.n_options)
        labs, origins = self.lab_of(options), self.lab_origins
        return CountColumns(
            lab=("none", *(self.labs[lab] for lab in labs)),
            origin=("none", *(origins[lab] for lab in labs)),
            mode=("none", *(MODES[mode] for mode in self.mode_of(options))),
        )
