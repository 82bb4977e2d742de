"""Governments: apply their policy instruments each month (mechanism 6, sim.policy)."""

from __future__ import annotations

import mesa

from sim import policy
from sim.config import GovernmentConfig


class Government(mesa.Agent):
    """A government with the instruments of :class:`sim.config.GovernmentConfig`."""

    def __init__(self, model, name: str, cfg: GovernmentConfig):
        super().__init__(model)
        self.name, self.bloc = name, cfg.bloc
        self.region_indices = model.world.region_indices(cfg.regions)
        for instrument in policy.INSTRUMENTS:
            setattr(self, instrument, getattr(cfg, instrument))
        self.restricted_origins = list(cfg.restricted_origins)
        self.spent = 0.0  # state money paid out this month, US$ billion

    def apply_policies(self) -> None:
        """React to outcomes (export controls, procurement stance), then pay this month's
        subsidies and rewards."""
        policy.react(self, self.model)
        policy.choose_stance(self, self.model)
        self.spent = policy.disburse(self, self.model)
