"""Idiomatic per-agent Mesa: the baseline that the whole model's speed is measured against.

The design brief asks the whole model for at least 20 times the adopter-steps a second of
idiomatic per-agent Mesa at 10,000 adopters, measured side by side in one process
(``benchmarks/run.py``). :class:`PerAgentModel` is that baseline: the project's model with
its adoption phase (mechanism 4) written as a Mesa user writes one, one
:class:`PerAgentAdopter` per adopter, holding its own attributes and choice and deciding in
its own Python methods, activated with ``AgentSet.do``. Every other phase of the month is
the model's own, so the adopters decide on the inputs that the vectorised kernel
(``sim.market.choose``) decides on: the month's option table, the peers' shares, and each
adopter's awareness, budget, token volume and usable compute.

The adopters draw their noise from ``model.rng`` in the order the model draws it: every
adopter's chance of reconsidering, in adopter order, then each reconsidering adopter's
Gumbel noise for "none" and for every option. They are activated with ``do``, in adopter
order, rather than ``shuffle_do``: each decides on the month's inputs and its own last
choice, so the order changes only which draw goes to whom. A run therefore makes the same
choices, month by month, as ``EcosystemModel`` with the same configuration and seed
(``tests/test_mesa_baseline.py``). The benchmark times :meth:`PerAgentModel.adopt`, the
baseline's adoption step alone, against the whole ``EcosystemModel`` run.
"""

from __future__ import annotations

import math
from dataclasses import fields
from typing import NamedTuple

import mesa
import numpy as np

from sim import EcosystemModel
from sim.catalogue import build_options
from sim.market import Options
from sim.vocabulary import SELF_HOST
from sim.world import NO_CHOICE, World


class OptionTable(NamedTuple):
    """The month's option table (``sim.market.Options``) as Python lists, indexed
    ``[option]`` or ``[region][option]``, in the units of ``sim.market.Options``."""

    capability: list
    unit_price: list
    fixed_cost: list
    requirement: list
    available: list
    sovereignty: list
    risk: list
    position: list
    ecosystem: list
    procurement: list

    @classmethod
    def of(cls, options: Options) -> OptionTable:
        return cls(**{field.name: getattr(options, field.name).tolist() for field in fields(options)})


class PerAgentAdopter(mesa.Agent):
    """One adopter: its tastes and needs (fixed when drawn) and the option it uses.

    Budgets, token volumes, usable compute and awareness change each month in the model's
    arrays (other phases move them); the adopter reads its own row of them.
    """

    def __init__(self, model: PerAgentModel, row: int):
        super().__init__(model)
        pop = model.population
        self.row = row
        self.region = int(pop.region[row])
        self.need = float(pop.need[row])  # ECI points
        self.sovereignty = float(pop.sovereignty[row])  # 0-1
        self.trust = float(pop.trust[row])  # 0-1
        self.alignment = float(pop.alignment[row])  # -1 (US) to +1 (China)
        self.switching = float(pop.switching[row])  # utils
        self.is_government = bool(pop.is_government[row])
        self.choice = int(pop.choice[row])  # option index, NO_CHOICE for none
        self.compute = 0.0  # GPUs it can use this month
        self.reconsidering = False

    def reconsider(self) -> None:
        """Whether to choose again this month: by chance (``adoption.revision``), on having
        just learnt of a lab while using no model, or because its option is no longer usable."""
        model = self.model
        self.compute = float(model.view.compute[self.row])
        self.reconsidering = (
            model.rng.random() < model.cfg.adoption.revision
            or (self.choice == NO_CHOICE and bool(model.newly_aware[self.row]))
            or (self.choice != NO_CHOICE and not self.can_run(self.choice))
        )

    def can_run(self, option: int) -> bool:
        """Whether the option is sold in its region, not barred, and within its compute."""
        table = self.model.table
        return table.available[self.region][option] and self.compute >= table.requirement[option]

    def choose(self) -> None:
        """If reconsidering, weigh every option it knows and can use by the utility of
        ``sim.market`` (terms in utils) plus its noise, and take the best unless none beats
        using no model."""
        if not self.reconsidering:
            return
        model, table, w = self.model, self.model.table, self.model.cfg.adoption
        region, row = self.region, self.row
        noise = model.rng.gumbel(size=len(table.capability) + 1).tolist()
        budget, volume = float(model.view.budget[row]), float(model.view.volume[row])
        aware, peers = model.view.aware[row].tolist(), model.peer_share[row].tolist()
        best, best_score = NO_CHOICE, w.outside + noise[0]
        for option in range(len(table.capability)):
            lab = World.lab_of(option)
            if not (aware[lab] and self.can_run(option)):
                continue
            cost = table.unit_price[region][option] * volume + table.fixed_cost[option]  # US$ a month
            other_family = self.choice != NO_CHOICE and World.lab_of(self.choice) != lab
            utility = (
                w.capability / (1.0 + math.exp((self.need - table.capability[option]) / w.need_width))
                - w.price * math.log1p(cost / budget)
                + w.sovereignty * self.sovereignty * table.sovereignty[option]
                - w.self_host_effort * (World.mode_of(option) == SELF_HOST)
                - w.trust * self.trust * table.risk[option]
                + w.alignment * self.alignment * table.position[option]
                + w.peers * peers[lab]
                + w.ecosystem * table.ecosystem[option]
                + self.is_government * table.procurement[region][option]
                - (self.switching if other_family else 0.0)
            )
            if utility + noise[option + 1] > best_score:
                best, best_score = option, utility + noise[option + 1]
        self.choice = best


class PerAgentModel(EcosystemModel):
    """``EcosystemModel`` whose adopters choose one by one as Mesa agents: same
    configuration, seed, phases and choices."""

    def __init__(self, cfg=None, seed: int | None = None):
        super().__init__(cfg, seed)
        for row in range(self.population.size):
            PerAgentAdopter(self, row)
        self.per_agent_adopters = self.agents_by_type[PerAgentAdopter]

    def adopt(self) -> None:
        """The month's option table; every adopter decides whether it reconsiders, then
        those who do choose; the choices go back into the model's array for the phases after."""
        self.options, self.channel = build_options(self)
        self.view = self.adopter_view()
        self.table = OptionTable.of(self.options)
        self.per_agent_adopters.do("reconsider")
        self.per_agent_adopters.do("choose")
        self.population.choice = np.array([adopter.choice for adopter in self.per_agent_adopters])
        self.newly_aware[:] = False
