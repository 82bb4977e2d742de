"""Cloud vendors: host models in the regions they serve, at a markup."""

from __future__ import annotations

import mesa
import numpy as np

from sim.config import CloudConfig


class CloudVendor(mesa.Agent):
    """A cloud vendor; which models it hosts follows from its government's rules."""

    def __init__(self, model, name: str, cfg: CloudConfig):
        super().__init__(model)
        self.name, self.bloc = name, cfg.bloc
        self.serves = np.array([r in cfg.regions for r in model.world.regions])
        self.partners = list(cfg.partners)
        self.hosts_open, self.markup, self.promotion = cfg.hosts_open, cfg.markup, cfg.promotion
        self.revenue = 0.0  # hosting margin this month, US$ billion
