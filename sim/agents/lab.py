"""AI labs: raise money, buy compute, train, set prices, choose what to release."""

from __future__ import annotations

import math

import mesa

from sim import capability, funding, openness, pricing, strategy
from sim.calendar import parse_month
from sim.config import LabConfig


class Lab(mesa.Agent):
    """One lab; its release strategy (closed, hybrid or open) can change.

    Money in US$ billion, compute in thousand H100-equivalents, capability in ECI points,
    prices in US$ per million tokens (blended 3:1 input:output).
    """

    def __init__(self, model, name: str, index: int, cfg: LabConfig):
        super().__init__(model)
        self.name, self.index = name, index
        self.bloc, self.funding = cfg.bloc, cfg.funding
        self.entry = parse_month(cfg.entry) if cfg.entry else model.start
        self.strategy, self.licence = cfg.strategy, cfg.licence
        self.fixed_strategy = cfg.fixed_strategy
        self.capability = cfg.capability
        self.advanced_compute, self.domestic_compute = cfg.compute, 0.0
        self.efficiency = capability.efficiency_for(cfg.capability, cfg.compute, model.cfg.capability)
        self.cash, self.base_inflow = cfg.cash, cfg.inflow
        self.price, self.serving_cost = cfg.price, cfg.price
        self.own_api, self.cloud, self.other_business = cfg.own_api, cfg.cloud, cfg.other_business
        self.scarcity = 0.0
        self.state_income = 0.0  # state money received this month
        self.private_income = 0.0  # VC or parent money received this month
        self.revenue = 0.0  # gross API revenue this month (plus its share of cloud rent margin)
        self.margin = 0.0  # revenue less serving cost this month
        self.derivatives_new = 0.0
        self.derivatives_total = 0.0
        self.downloads = 0.0  # real downloads of its open family this month
        self.downloaders = 0.0  # simulated developers who downloaded it this month
        self.locked_until = -1  # month until which an imposed strategy holds
        self.weights_capability = math.nan  # capability of its latest open weights (NaN: none)
        self.release_weights()

    @property
    def active(self) -> bool:
        """Whether the lab has entered the market."""
        return self.model.month >= self.entry

    @property
    def compute(self) -> float:
        return self.advanced_compute + self.domestic_compute

    def raise_funds(self) -> None:
        """Add this month's private inflow and the state money governments paid in."""
        inflow = funding.private_inflow(
            self.funding, self.base_inflow, self.model.vc_climate[self.bloc],
            self.capability - self.model.frontier(), self.model.cfg.funding,
        )
        if self.funding == "state":
            self.state_income += inflow
            inflow = 0.0
        self.cash += inflow + self.state_income
        self.private_income = inflow

    def train(self) -> None:
        """Buy compute (under export controls), grow efficiency, update capability."""
        cfg = self.model.cfg.capability
        years = self.model.years
        voucher = self.model.compute_voucher(self.bloc)
        budget = funding.compute_budget(self.cash, cfg.spend_share, self.model.cfg.funding)
        self.cash -= budget
        allowed = self.model.advanced_share if self.bloc == "CN" else 1.0
        advanced, domestic, self.scarcity = capability.buy_compute(
            budget / (1.0 - voucher), capability.hardware_cost(years, cfg), allowed,
            capability.domestic_efficiency(years, cfg),
        )
        keep = 1.0 - cfg.depreciation
        self.advanced_compute = self.advanced_compute * keep + advanced
        self.domestic_compute = self.domestic_compute * keep + domestic
        self.efficiency += capability.efficiency_growth(self.scarcity, cfg)
        self.update_capability()

    def learn_from_open(self, best_open: float) -> None:
        """Gain efficiency from the community's fine-tunes and from distilling open models."""
        cfg = self.model.cfg
        self.efficiency += openness.community_gain(self.derivatives_new, cfg.openness)
        self.efficiency += openness.distillation_gain(
            self.capability, best_open, cfg.capability.eci_per_decade, cfg.openness
        )
        self.update_capability()

    def breakthrough(self, points: float) -> None:
        """A release that lifts capability by ``points`` ECI through efficiency."""
        self.efficiency += points / self.model.cfg.capability.eci_per_decade
        self.update_capability()

    def update_capability(self) -> None:
        self.capability = capability.capability_of(self.compute, self.efficiency, self.model.cfg.capability)
        self.release_weights()

    def open_capability(self, strategy: str) -> float:
        """Capability of the weights anyone can self-host under ``strategy`` (NaN: none).

        Open labs release their best model, hybrid labs a trailing one; weights once
        released stay downloadable when a lab turns closed.
        """
        if strategy == "open":
            return self.capability
        if strategy == "hybrid":
            return self.capability - self.model.cfg.openness.hybrid_lag
        return self.weights_capability

    def release_weights(self) -> None:
        """Publish the weights the current strategy releases (legacy ones stay)."""
        self.weights_capability = self.open_capability(self.strategy)

    def review_strategy(self) -> None:
        """Re-decide closed, hybrid or open from expected payoffs (with inertia)."""
        choice = strategy.decide(self, self.model)
        if choice != self.strategy:
            self.model.log_event("strategy_switch", self.name, "strategy", f"{self.strategy} -> {choice}",
                                 setting=choice)
            self.strategy = choice
            self.release_weights()

    def set_price(self) -> None:
        """Update serving cost and move the API price towards its target."""
        model, cfg = self.model, self.model.cfg.pricing
        leader = model.leader
        self.serving_cost = pricing.serving_cost(
            self.capability, leader.capability, self.efficiency - leader.efficiency, cfg
        )
        rivals = sum(
            1 for lab in model.labs
            if lab is not self and lab.active and abs(lab.capability - self.capability) <= cfg.parity_window
        )
        rate = pricing.markup(cfg.markup[self.bloc], rivals, model.price_war[self.bloc], cfg)
        host_price = self.serving_cost * (1.0 + model.cheapest_host_markup(self.bloc)) if self.strategy == "open" else None
        income = self.private_income + self.state_income + max(self.margin, 0.0)
        state_share = self.state_income / income if income > 0 else 0.0
        target = pricing.target_price(self.serving_cost, rate, host_price, state_share, cfg)
        self.price = pricing.adjust(self.price, target, cfg)
