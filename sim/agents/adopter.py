"""Adopters: thin views over one row of the model's population arrays."""

from __future__ import annotations

import mesa

from sim.vocabulary import ADOPTER_KINDS, MODES
from sim.world import NO_CHOICE


class Adopter(mesa.Agent):
    """An adopting organisation or developer; its state lives in ``model.population``.

    The vectorised kernel (``sim.market.choose``) decides for all adopters at once; these
    views make single adopters inspectable (in notebooks, the app, tests).
    """

    def __init__(self, model, row: int):
        super().__init__(model)
        self.row = row

    def _get(self, name):
        return getattr(self.model.population, name)[self.row]

    @property
    def region(self) -> str:
        return self.model.world.regions[self._get("region")]

    @property
    def kind(self) -> str:
        return ADOPTER_KINDS[self._get("kind")]

    @property
    def budget(self) -> float:
        return float(self._get("budget"))

    @property
    def compute(self) -> float:
        return float(self._get("compute"))

    @property
    def sovereignty(self) -> float:
        return float(self._get("sovereignty"))

    @property
    def trust(self) -> float:
        return float(self._get("trust"))

    @property
    def alignment(self) -> float:
        return float(self._get("alignment"))

    @property
    def choice(self) -> tuple[str, str] | None:
        """(lab, mode) of the model it uses, or None."""
        option = int(self._get("choice"))
        if option == NO_CHOICE:
            return None
        world = self.model.world
        return world.labs[world.lab_of(option)], MODES[world.mode_of(option)]

    @property
    def aware_of(self) -> list[str]:
        return [lab.name for lab in self.model.labs if self.model.population.aware[self.row, lab.index]]
