"""AI labs: raise money, buy compute, train, set prices, choose what to release."""

from __future__ import annotations

import math

import mesa
import numpy as np

from sim import capability, funding, openness, pricing, strategy
from sim.calendar import TREND_ORIGIN, parse_month
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
        self.algorithmic_edge = cfg.algorithmic_edge  # multiple of the common algorithmic trend
        self.capability = cfg.capability
        stocks = self._starting_stocks(cfg, model)
        self.advanced_compute, self.domestic_compute = stocks.compute, 0.0
        self.efficiency = capability.efficiency_for(cfg.capability, stocks.compute, model.cfg.capability)
        self.distilled = cfg.capability  # ECI points reached by distilling open weights (openness.distilled_capability)
        self.cash, self.base_inflow = stocks.cash, cfg.inflow
        self.price = cfg.price
        pricing_cfg = model.cfg.pricing
        self.cost_reference_month = parse_month(pricing_cfg.reference_month)  # serving costs' trend origin
        self.serving_cost = pricing.serving_cost(  # at entry, before any induced efficiency
            cfg.capability, (self.entry - self.cost_reference_month) / 12.0, 0.0,
            model.cfg.capability.hardware_decline, pricing_cfg,
        )
        self.reference_price = math.nan  # price of `pricing.reference_capability` at its markup
        self.price_floor = cfg.price  # serving cost less what state money pays of it (sim.pricing.floor_price)
        self.own_api, self.cloud, self.other_business = cfg.own_api, cfg.cloud, cfg.other_business
        self.scarcity = 0.0
        self.induced_efficiency = 0.0  # log10 efficiency gained from compute scarcity so far
        self.state_income = 0.0  # state money received this month
        self.private_income = 0.0  # VC or parent money received this month
        self.revenue = 0.0  # gross API revenue this month (plus its share of cloud rent margin)
        self.margin = 0.0  # revenue less serving cost this month
        self.derivatives_new = 0.0
        self.derivatives_total = 0.0
        self.derivatives_recent = 0.0  # derivatives weighed by age (sim.openness.recent_derivatives)
        self.downloads = 0.0  # real downloads of its open family this month
        self.downloaders = 0.0  # simulated developers who downloaded it this month
        self.locked_until = -1  # last month of its committed stance (strategy.commitment_months)
        self.switches = 0  # changes of stance made at its reviews
        self.weights_capability = math.nan  # capability of its latest open weights (NaN: none)
        self.hybrid_released: int | None = None  # month of its hybrid line's latest release (None: not hybrid)

    def _starting_stocks(self, cfg: LabConfig, model) -> funding.Stocks:
        """Cash and compute at entry: the roster's, or where it leaves them empty, those the
        lab's base inflow in its entry month would hold in balanced growth
        (``funding.balanced_stocks``; a state lab's inflow less ``funding.state_friction``)."""
        run = model.cfg
        years = (self.entry - parse_month(run.funding.inflow_month)) / 12.0
        inflow = cfg.inflow * funding.inflow_scale(years, run.funding)
        if cfg.funding == "state":
            inflow = funding.usable_state_money(inflow, run.funding)
        balanced = funding.balanced_stocks(
            inflow, run.capability.spend_share, capability.hardware_cost((self.entry - TREND_ORIGIN) / 12.0, run.capability),
            run.funding.inflow_growth, run.capability.hardware_decline, run.capability.depreciation,
        )
        return funding.Stocks(
            cash=balanced.cash if cfg.cash is None else cfg.cash,
            compute=balanced.compute if cfg.compute is None else cfg.compute,
        )

    @property
    def active(self) -> bool:
        """Whether the lab has entered the market."""
        return self.model.month >= self.entry

    @property
    def compute(self) -> float:
        return self.advanced_compute + self.domestic_compute

    def raise_funds(self, frontier: float) -> None:
        """Add this month's private inflow and the state money governments paid in, given
        the ``frontier`` (the best active lab's capability, ECI points)."""
        cfg, climate, lead = self.model.cfg.funding, self.model.vc_climate[self.bloc], self.capability - frontier
        base = self.base_inflow * self.model.inflow_scale
        inflow = funding.private_inflow(self.funding, base, climate, lead, cfg)
        if self.funding == "state":
            self.state_income += inflow
            inflow = 0.0
        if self.funding == "vc" and cfg.state_backfill:
            self.state_income += cfg.state_backfill * funding.vc_shortfall(base, climate, lead, cfg)
        self.cash += inflow + funding.usable_state_money(self.state_income, cfg)
        self.private_income = inflow

    def compute_budget(self) -> float:
        """US$ billion of compute the lab orders this month, its government's voucher included."""
        own = funding.compute_budget(self.cash, self.model.cfg.capability.spend_share, self.model.cfg.funding)
        return own / (1.0 - self.model.compute_voucher(self.bloc))

    def advanced_allowed(self) -> float:
        """Share of the advanced chips it orders that export controls let it obtain."""
        return self.model.advanced_share if self.bloc == "CN" else 1.0

    def domestic_demand(self) -> float:
        """Domestic compute (thousand H100-equivalents) it would buy this month in place of denied chips."""
        cfg = self.model.cfg.capability
        unit_cost = capability.hardware_cost(self.model.years, cfg)
        return capability.domestic_demand(self.compute_budget(), unit_cost, self.advanced_allowed(), cfg)

    def train(self) -> None:
        """Buy compute (under export controls and domestic supply), grow efficiency, update capability."""
        model, cfg = self.model, self.model.cfg.capability
        budget = self.compute_budget()
        purchase = capability.buy_compute(
            budget, capability.hardware_cost(model.years, cfg), self.advanced_allowed(), model.domestic_fill, cfg
        )
        self.cash -= budget * (1.0 - model.compute_voucher(self.bloc)) * purchase.spent
        self.scarcity = purchase.scarcity
        keep = 1.0 - cfg.depreciation
        self.advanced_compute = self.advanced_compute * keep + purchase.advanced
        self.domestic_compute = self.domestic_compute * keep + purchase.domestic
        self.efficiency += capability.efficiency_growth(self.scarcity, cfg, self.algorithmic_edge)
        self.induced_efficiency += capability.induced_growth(self.scarcity, cfg)
        self.update_capability()

    def learn_from_open(self, best_open: float) -> None:
        """Gain efficiency from the community's fine-tunes, and reach towards the best open
        weights ``best_open`` (ECI points) by distilling them."""
        cfg = self.model.cfg.openness
        self.distilled = openness.distilled_capability(self.capability, self.distilled, best_open, cfg)
        self.efficiency += openness.community_gain(self.derivatives_new, cfg)
        self.update_capability()

    def breakthrough(self, points: float) -> None:
        """A release of the lab's own that lifts its capability by ``points`` ECI through
        efficiency: it builds on the best model it has, distilled or its own."""
        cfg = self.model.cfg.capability
        self.efficiency = capability.efficiency_for(self.capability + points, self.compute, cfg)
        self.update_capability()

    def own_capability(self) -> float:
        """Capability (ECI points) of the lab's compute at its own efficiency, without distillation."""
        return capability.capability_of(self.compute, self.efficiency, self.model.cfg.capability)

    def update_capability(self) -> None:
        """Capability is the better of what its own compute and efficiency give and what it
        has distilled from open weights."""
        self.capability = max(self.own_capability(), self.distilled)
        self.release_weights()

    def open_capability(self, strategy: str) -> float:
        """Capability (ECI points, NaN: none) of the weights anyone can self-host under
        ``strategy``: those released under the current strategy, or those a change to
        ``strategy`` would release now (:meth:`_release`)."""
        return self.weights_capability if strategy == self.strategy else self._release(strategy)

    def size_ceiling(self) -> float:
        """The best capability (ECI points) its open family's largest size can hold now: the
        world frontier as the month began, or the lab's own capability if it passed it,
        less ``capability.size_gap`` of that size (no ceiling before any size is on offer)."""
        largest = self.model.developers.largest_size(self.model.month)[self.index]
        if np.isnan(largest):
            return math.inf
        frontier = max(self.model.frontier_at_start, self.capability)
        return frontier - capability.size_gap(float(largest), self.model.cfg.openness)

    def _release(self, strategy: str) -> float:
        """Capability of the weights a release under ``strategy`` publishes now.

        Open labs release their best model, hybrid labs one ``openness.hybrid_lag`` behind
        it, neither above what the family's largest size can hold (:meth:`size_ceiling`);
        weights once released stay downloadable, so nothing released is worse than them.
        """
        if strategy == "closed":
            return self.weights_capability
        lag = self.model.cfg.openness.hybrid_lag if strategy == "hybrid" else 0.0
        release = min(self.capability - lag, self.size_ceiling())
        return float(np.fmax(self.weights_capability, release))

    def release_weights(self) -> None:
        """Publish the weights the current strategy releases (legacy ones stay). An open
        line follows the lab's best model; a hybrid line is a side line refreshed every
        ``openness.hybrid_release_months`` from its first month as hybrid, so that its
        weights trail further and further between releases, as Gemma's did."""
        month = self.model.month
        if self.strategy != "hybrid":
            self.hybrid_released = None
        elif self.hybrid_released is None or month - self.hybrid_released >= self.model.cfg.openness.hybrid_release_months:
            self.hybrid_released = month
        else:
            return
        self.weights_capability = self._release(self.strategy)

    def review_strategy(self) -> None:
        """Re-decide strategy and licence from expected payoffs (with inertia); log what
        changed, with the payoff terms of the old and new stance, and commit to the new one."""
        before = strategy.current_stance(self)
        choice, weighed = strategy.decide(self, self.model)
        if choice == before:
            return
        model = self.model
        model.log_decision(self.name, {"before": (before, weighed[before]), "after": (choice, weighed[choice])})
        if choice.strategy != self.strategy:
            model.log_event("strategy_switch", self.name, "strategy", f"{self.strategy} -> {choice.strategy}",
                            setting=choice.strategy)
        if choice.licence != self.licence:
            model.log_event("release", self.name, "licence", f"licence {self.licence:g} -> {choice.licence:g}",
                            value=choice.licence)
        self.strategy, self.licence = choice.strategy, choice.licence
        self.switches += 1
        self.locked_until = model.month + model.cfg.strategy.commitment_months
        self.release_weights()

    def set_price(self, parity_rivals: np.ndarray) -> None:
        """Update serving cost, move the API price towards its target (never below the
        unsubsidised cost) and price the reference capability at the same markup;
        ``parity_rivals`` counts, by lab index, the rivals near each lab's capability
        (``EcosystemModel.parity_rivals``)."""
        model, cfg = self.model, self.model.cfg.pricing
        previous_cost = self.serving_cost
        self.serving_cost = pricing.serving_cost(
            self.capability, (model.month - self.cost_reference_month) / 12.0,
            self.induced_efficiency, model.cfg.capability.hardware_decline, cfg,
        )
        rivals = int(parity_rivals[self.index])
        rate = pricing.markup(cfg.markup[self.bloc], rivals, model.price_war[self.bloc], cfg)
        host_price = self.serving_cost * (1.0 + model.cheapest_host_markup(self.bloc)) if self.strategy == "open" else None
        income = self.private_income + self.state_income + max(self.margin, 0.0)
        state_share = self.state_income / income if income > 0 else 0.0
        self.price = pricing.next_price(
            self.price, previous_cost, self.serving_cost, rate, host_price, state_share, cfg)
        self.price_floor = pricing.floor_price(self.serving_cost, state_share, cfg)
        self.reference_price = (
            pricing.price_at_capability(self.price, self.capability, cfg.reference_capability, cfg)
            if self.capability >= cfg.reference_capability else math.nan
        )
