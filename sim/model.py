"""EcosystemModel: the open-weight versus closed AI ecosystem, one step per calendar month.

Labs (``sim.agents.lab``), cloud vendors, governments, adopters and developers interact through the
mechanisms of the project's domain brief, each in its own module: capability (1),
openness (2), pricing (3), market and awareness (4), strategy (5), policy (6), funding (7).
:meth:`EcosystemModel.step` is the table of contents. Adopters' state lives in numpy arrays
(``sim.population``) that one vectorised kernel updates; Adopter agents are thin views.
Developers, who download and fine-tune open families, are arrays too (``sim.developers``).
"""

from __future__ import annotations

import functools
import math

import mesa
import numpy as np

from sim import awareness, capability, funding, market, openness, policy, pricing, timeline
from sim.agents import Adopter, CloudVendor, Government, Lab
from sim.calendar import TREND_ORIGIN, parse_month
from sim.agents.cloud import HostingMarket
from sim.catalogue import OWN_API, build_options, hosts_of
from sim.config import ModelConfig, check_seed, default_config, validate
from sim.metrics import Recorder
from sim.developers import Developers, Families
from sim.population import build_population
from sim.strategy import snapshot
from sim.vocabulary import SELF_HOST, USD_TO_BILLION
from sim.world import NO_CHOICE, World


class EcosystemModel(mesa.Model):
    """The simulation of one scenario and seed.

    Args:
        cfg: the run's configuration (validated here); defaults to the baseline.
        seed: overrides ``cfg.run.seed``; every random draw derives from it.
    """

    def __init__(self, cfg: ModelConfig | None = None, seed: int | None = None):
        cfg = validate(cfg if cfg is not None else default_config())
        seed = cfg.run.seed if seed is None else check_seed(seed)
        super().__init__(rng=seed)
        self.cfg, self.seed = cfg, seed
        self.start, self.end = parse_month(cfg.run.start), parse_month(cfg.run.end)
        self.month = self.start - 1  # the month last simulated
        self.world = World.from_config(cfg)
        self.vc_climate = dict(cfg.funding.vc_climate)
        self.price_war = {bloc: 0.0 for bloc in self.world.blocs}
        self.event_log: list[dict] = []
        self.decision_log: list[dict] = []

        self.population = build_population(cfg, self.rng)
        # One by one: ``Adopter.create_agents`` would also build an AgentSet of them, which the
        # model does not keep (40% of the creation time at 100,000 adopters).
        for row in range(self.population.size):
            Adopter(self, row)
        self.scale = cfg.population.represents / self.population.size
        self.developers = Developers(cfg, self.rng)
        self.labs = [Lab(self, name, i, cfg.labs[name]) for i, name in enumerate(self.world.labs)]
        self.frontier_at_start = self.frontier()  # the world frontier as the month began (Lab.size_ceiling)
        self.clouds = [CloudVendor(self, name, cfg.clouds[name]) for name in self.world.clouds]
        self.governments = [Government(self, name, c) for name, c in cfg.governments.items()]
        self.families = tuple(c.family or name for name, c in cfg.labs.items())  # each lab's family, by lab index
        self.lab_by_name = {lab.name: lab for lab in self.labs}
        self.cloud_by_name = {cloud.name: cloud for cloud in self.clouds}
        self.government_by_name = {gov.name: gov for gov in self.governments}
        self.entered = np.zeros(len(self.labs), dtype=bool)
        # (clouds x labs): which closed models each cloud resells (shaped even with no clouds)
        self.partnered = np.array(
            [[lab.name in c.partners for lab in self.labs] for c in self.clouds], dtype=bool
        ).reshape(len(self.clouds), len(self.labs))

        self.advanced_share = 1.0
        self.domestic_fill = 1.0  # share of the demand for domestic chips met this month
        self._active_labs = None
        self._rules: policy.Rules | None = None
        self.china_lag = math.nan
        self.peer_share = np.zeros((self.population.size, len(self.labs)))
        self.newly_aware = np.zeros(self.population.size, dtype=bool)  # learnt of a lab this month
        self._review_cache = None  # (month, sim.strategy.Review) of the last review
        self.recorder = Recorder(self)
        self._schedule_timeline()

    # ------------------------------------------------------------------ schedule

    def step(self) -> None:
        """Simulate one month."""
        self.month += 1
        self.population.grow_demand(self.years, self.cfg.adoption)  # 0. budgets and token use grow (4)
        self.enter_labs()  # 0. new labs release their first models
        self.apply_policies()  # 1. policy (mechanism 6)
        self.frontier_at_start = self.frontier()  # 2. the frontier labs see this month
        self.active_labs.do("raise_funds", self.frontier_at_start)  # 2. funding (7)
        self.ration_domestic_chips()  # 3. capability (1)
        self.active_labs.do("train")
        self.spill_over()  # 4. openness: distillation, community feedback (2)
        self.update_frontiers()
        self.review_strategies()  # 5. strategy (5)
        self.review_hosting()  # 5b. clouds choose what they host, where, at what markup
        self.active_labs.do("set_price", self.parity_rivals())  # 6. pricing (3)
        self.end_price_wars()
        self.spread_awareness()  # 7. awareness (4)
        self.adopt()  # 8. adoption (4)
        self.settle_accounts()  # 9. revenues of labs and clouds
        self.develop()  # 10. developers download and fine-tune open families (2)
        self.recorder.record()  # 11. metrics

    def run(self) -> None:
        """Run from the start month to the end month."""
        self.run_for(self.end - self.month)

    # -------------------------------------------------------------------- phases

    @property
    def active_labs(self) -> mesa.agent.AgentSet:
        """Labs that have entered (rebuilt only when one enters)."""
        if self._active_labs is None:
            self._active_labs = self.agents_by_type[Lab].select(lambda lab: lab.active)
        return self._active_labs

    @property
    def rules(self) -> policy.Rules:
        """The rules in force (recomputed only after a timeline event changed them)."""
        if self._rules is None:
            self._rules = policy.current_rules(self)
        return self._rules

    def rules_changed(self) -> None:
        self._rules = None

    @property
    def inflow_scale(self) -> float:
        """This month's factor on every lab's base inflow (``funding.inflow_growth``)."""
        cfg = self.cfg.funding
        return funding.inflow_scale(self.years_since(cfg.inflow_month), cfg)

    def years_since(self, month: str) -> float:
        """Years from ``month`` (YYYY-MM, a config's anchor of a trend) to this month; negative before it."""
        return (self.month - parse_month(month)) / 12.0

    @property
    def years(self) -> float:
        """Years since 2022-01 (hardware and chip trends are anchored there)."""
        return (self.month - TREND_ORIGIN) / 12.0

    def enter_labs(self) -> None:
        """Labs whose entry month has come: adopters learn of them as the regions say."""
        for lab in self.labs:
            if lab.active and not self.entered[lab.index]:
                self.entered[lab.index] = True
                self._active_labs = None
                for r, region in enumerate(self.cfg.regions.values()):
                    in_region = self.population.region == r
                    share = region.awareness.get(lab.bloc, 0.0)
                    self.newly_aware |= awareness.shock(
                        self.population.aware, in_region, lab.index, share,
                        self.rng.random(self.population.size),
                    )
                self.log_event("release", lab.name, "entry", f"enters ({lab.strategy})", setting=lab.strategy)

    def apply_policies(self) -> None:
        for lab in self.labs:
            lab.state_income = 0.0
        self.agents_by_type[Government].do("apply_policies")
        self.advanced_share = policy.advanced_share(self)

    def ration_domestic_chips(self) -> None:
        """The share of labs' demand for domestic chips that this month's supply meets."""
        cfg = self.cfg.capability
        demand = sum(lab.domestic_demand() for lab in self.active_labs)
        supply = capability.domestic_supply(self.years_since(cfg.domestic_supply_month), cfg)
        self.domestic_fill = capability.fill_rate(demand, supply)

    def spill_over(self) -> None:
        self.active_labs.do("learn_from_open", self.best_open_weights())

    def update_frontiers(self) -> None:
        """Capability by bloc and of open vs closed models; the lags."""
        self.recorder.note_frontiers()
        self.china_lag = self.recorder.lags["china"][self.recorder.row]

    def review_strategies(self) -> None:
        """Labs re-decide strategy and licence: all active ones every ``strategy.review_every``
        months from the first review month, and a lab in its entry month (its first stance)."""
        cfg = self.cfg.strategy
        since = self.month - (parse_month(cfg.review_from) if cfg.review_from else self.start)
        due = since >= 0 and since % cfg.review_every == 0
        reviewing = self.active_labs if due else self.active_labs.select(lambda lab: lab.entry == self.month)
        if since >= 0 and len(reviewing):
            self.peer_share = self.population.peer_share(self.lab_of_choice(), len(self.labs))
            reviewing.do("review_strategy")

    def review_hosting(self) -> None:
        """Clouds due for a review re-decide their hosting against one view of the market."""
        due = [c for c in self.clouds if (self.month - self.start) % c.review_every == 0]
        if due:
            market = HostingMarket.now(self)
            for cloud in due:
                cloud.review_hosting(market)

    def end_price_wars(self) -> None:
        """A bloc's price war ends once its labs' own API prices have come down to their floors,
        the costs they must recover (``sim.pricing.war_over``); the end is an event of the
        model's own rule."""
        for bloc, intensity in self.price_war.items():
            if intensity <= 0:
                continue
            markups = [lab.price / lab.price_floor - 1.0 for lab in self.active_labs if lab.bloc == bloc and lab.own_api]
            if pricing.war_over(markups, self.cfg.pricing):
                self.price_war[bloc] = 0.0
                self.log_event("shock", bloc, "price_war", f"the {bloc} price war ends: prices near cost", value=0.0)

    def spread_awareness(self) -> None:
        pop = self.population
        self.peer_share = pop.peer_share(self.lab_of_choice(), len(self.labs))
        newly = awareness.spread(
            pop.aware, pop.region, self.promotion(), self.peer_share, self.cfg.adoption.word_of_mouth,
            self.rng.random(pop.aware.shape),
        )
        pop.aware |= newly
        self.newly_aware |= newly.any(axis=1)

    def adopt(self) -> None:
        """Every adopter who reconsiders this month chooses a model (or none).

        Adopters reconsider at random (``adoption.revision``), when they use no model and
        have just learnt of one, or when their model is no longer available to them.
        """
        pop = self.population
        self.options, self.channel = build_options(self)
        view = self.adopter_view()
        revising = (
            (self.rng.random(pop.size) < self.cfg.adoption.revision)
            | ((pop.choice == NO_CHOICE) & self.newly_aware)
            | ~market.current_usable(self.options, view)
        )
        gumbel = self.rng.gumbel(size=(int(revising.sum()), self.options.size + 1))
        pop.choice = market.choose(self.options, view, self.peer_share, self.cfg.adoption, revising, gumbel)
        self.newly_aware[:] = False

    def settle_accounts(self) -> None:
        """Revenues of labs and clouds.

        API spending goes to whoever sells in the region (the lab, or a cloud hosting open
        weights); self-hosters in the regions of a lab's affiliated cloud rent there. A
        lab's cash grows by its margin over serving cost, plus its share of its cloud's
        hosting margin on its family. Money in US$ billion a month.
        """
        pop, options, world = self.population, self.options, self.world
        n_regions, n_options = len(world.regions), options.size
        users = pop.choice != NO_CHOICE
        region, choice = pop.region[users], pop.choice[users]
        cell = region * n_options + choice
        shape = (n_regions, n_options)
        bought = market.tokens_bought(
            options.unit_price[region, choice], pop.volume[users], pop.budget[users], self.cfg.adoption
        )
        volume = np.bincount(cell, weights=bought, minlength=shape[0] * shape[1]).reshape(shape)
        adopters = np.bincount(cell, minlength=shape[0] * shape[1]).reshape(shape) * self.scale
        api_volume = volume[:, World.API_COLUMNS] * self.scale  # (regions, labs), million tokens
        spend = options.unit_price[:, World.API_COLUMNS] * api_volume * USD_TO_BILLION
        serving = np.array([lab.serving_cost for lab in self.labs]) * api_volume * USD_TO_BILLION
        direct = self.channel == OWN_API
        revenue = np.where(direct, spend, 0.0).sum(axis=0)
        margin = np.where(direct, spend - serving, 0.0).sum(axis=0)
        cloud_revenue = np.zeros(len(self.clouds))
        np.add.at(cloud_revenue, self.channel[~direct], spend[~direct])
        for lab in self.labs:
            lab.revenue, lab.margin = float(revenue[lab.index]), float(margin[lab.index])
            if lab.cloud:
                k = world.cloud_index(lab.cloud)
                own = world.option(lab.index, SELF_HOST)
                renters = adopters[self.clouds[k].serves, own].sum()
                markup = self.clouds[k].markup
                rent_margin = options.fixed_cost[own] * markup * renters * USD_TO_BILLION
                cloud_revenue[k] += options.fixed_cost[own] * (1 + markup) * renters * USD_TO_BILLION
                lab.revenue += rent_margin * self.cfg.strategy.cloud_share
                lab.margin += rent_margin * self.cfg.strategy.cloud_share
            lab.cash += lab.margin
        for cloud, earned in zip(self.clouds, cloud_revenue):
            cloud.revenue = float(earned)

    def develop(self) -> None:
        """Developers download the released open families and fine-tune some (``sim.developers``);
        each family's downloads and new derivatives, in real units, are its lab's."""
        work = self.developers.work(self.month, self.open_families(), self.rng)
        downloads, derivatives = self.developers.downloads(work), self.developers.derivatives(work)
        for lab in self.labs:
            lab.downloaders = work.downloaders[lab.index]
            lab.downloads = downloads[lab.index]
            lab.derivatives_new = derivatives[lab.index]
            lab.derivatives_total += derivatives[lab.index]
            lab.derivatives_recent = openness.recent_derivatives(
                lab.derivatives_recent, lab.derivatives_new, self.cfg.openness)

    # ----------------------------------------------------------------- helpers

    def open_families(self) -> Families:
        """What each lab's open family offers developers now (``sim.developers``)."""
        adoption = self.cfg.adoption
        return Families(
            weights_capability=np.array([lab.weights_capability if lab.active else math.nan for lab in self.labs]),
            licence=np.array([lab.licence for lab in self.labs]),
            ecosystem=self.ecosystem(),
            alignment=np.array([adoption.bloc_alignment[lab.bloc] for lab in self.labs]),
            risk=np.array([adoption.risk[lab.bloc] for lab in self.labs]),
        )

    def ecosystem(self) -> np.ndarray:
        """(labs,) each family's share of the field's recent derivatives (``sim.openness``),
        as of the last month's development."""
        return openness.ecosystem_shares(np.array([lab.derivatives_recent for lab in self.labs]))

    def frontier(self, bloc: str | None = None, default: float = 0.0) -> float:
        """Best capability of the active labs (of ``bloc`` if given), in ECI points;
        ``default`` when there are none."""
        return max(
            (lab.capability for lab in self.labs if lab.active and bloc in (None, lab.bloc)), default=default
        )

    def parity_rivals(self) -> np.ndarray:
        """(labs,) how many other active labs are within ``pricing.parity_window`` ECI points
        of each lab's capability (the competition that sets its markup)."""
        active = np.array([lab.active for lab in self.labs])
        capability = np.array([lab.capability for lab in self.labs])
        near = np.abs(capability[:, None] - capability[None, :]) <= self.cfg.pricing.parity_window
        near &= active[None, :]
        np.fill_diagonal(near, False)
        return near.sum(axis=1)

    def best_open_weights(self) -> float:
        """Capability of the best open weights anyone can download (NaN if none)."""
        released = [lab.weights_capability for lab in self.labs if lab.active and not math.isnan(lab.weights_capability)]
        return max(released, default=math.nan)

    def compute_voucher(self, bloc: str) -> float:
        """Share of a bloc's labs' compute cost its government pays."""
        return max((g.compute_voucher for g in self.governments if g.bloc == bloc), default=0.0)

    def cheapest_host_markup(self, bloc: str) -> float:
        """Lowest markup of the clouds allowed to host a bloc's open weights (caps their price)."""
        allowed = self.rules.hosting[:, self.world.bloc_index(bloc)]
        return min((c.markup for c, ok in zip(self.clouds, allowed) if c.hosts_open and ok), default=math.inf)

    def closed_price_index(self) -> float:
        """Mean API price of closed labs' models (US$ per million tokens)."""
        prices = [lab.price for lab in self.labs if lab.active and lab.strategy == "closed"]
        return float(np.mean(prices)) if prices else 0.0

    def lab_of_choice(self) -> np.ndarray:
        """The lab each adopter uses (NO_CHOICE for none)."""
        choice = self.population.choice
        return np.where(choice != NO_CHOICE, self.world.lab_of(choice), NO_CHOICE)

    def adopter_view(self) -> market.Adopters:
        pop = self.population
        return market.Adopters(
            region=pop.region, budget=pop.budget, volume=pop.volume, compute=pop.usable_compute(),
            sovereignty=pop.sovereignty, trust=pop.trust, alignment=pop.alignment,
            switching=pop.switching, need=pop.need, is_government=pop.is_government, choice=pop.choice,
            aware=pop.aware,
        )

    def review_base(self):
        """The market snapshot all labs review against this month (taken once)."""
        if self._review_cache is None or self._review_cache[0] != self.month:
            self._review_cache = (self.month, snapshot(self))
        return self._review_cache[1]

    def promotion(self) -> np.ndarray:
        """(regions x labs) monthly chance of learning of a lab without peers."""
        active = np.array([lab.active for lab in self.labs])
        chance = (
            np.where(active, self.cfg.adoption.promotion, 0.0)
            + policy.promotion_abroad(self.world, self.governments) * active
        )
        if self.clouds:
            hosted = self.partnered | hosts_of(self, self.labs, [lab.strategy for lab in self.labs])
            weight = np.array([cloud.promotion for cloud in self.clouds])[:, None] * (hosted & active)
            serves = np.array([cloud.serves for cloud in self.clouds])  # (clouds, regions)
            chance = chance + serves.T.astype(float) @ weight
        return np.minimum(chance, 1.0)

    def awareness_shock(self, lab: int, share: float, region: str = "") -> None:
        pop = self.population
        scope = pop.region == self.world.region_index(region) if region else np.ones(pop.size, dtype=bool)
        self.newly_aware |= awareness.shock(pop.aware, scope, lab, share, self.rng.random(pop.size))

    def log_event(self, kind: str, agent: str, change: str, detail: str, *, setting: str = "",
                  value: float = math.nan, region: str = "", event: str = "",
                  month: int | None = None) -> None:
        """Add a row to the events table (docs/OUTPUTS.md), dated this month unless ``month`` is given.

        ``change`` names what changed (a timeline kind, or ``entry``), to the named
        ``setting`` or the level ``value``, in ``region`` if limited to one; ``event`` is
        the timeline entry that made the change (empty for the model's own rules). The
        ``detail`` says the same in words, for display only.
        """
        month = max(self.month if month is None else month, self.start)
        self.event_log.append({
            "date": month, "kind": kind, "agent": agent, "event": event, "change": change,
            "setting": setting, "value": value, "region": region, "detail": detail,
        })

    def log_decision(self, lab: str, stances: dict) -> None:
        """Add rows to the decisions table (docs/OUTPUTS.md): for each role (``before``,
        ``after``), the stance (a ``sim.strategy.Stance``) and its ``Payoff`` by term."""
        for role, (stance, payoff) in stances.items():
            self.decision_log.append({
                "date": self.month, "lab": lab, "role": role, "strategy": stance.strategy,
                "licence": stance.licence, **payoff.terms(), "total": payoff.total,
            })

    def _schedule_timeline(self) -> None:
        """Schedule each event to fire just before its month (validation refuses one dated
        before the start; one after the end never fires)."""
        self._scheduled: list[functools.partial] = []
        dated = sorted(
            ((parse_month(e.date), name, e) for name, e in self.cfg.timeline.items() if e.enabled and self.cfg.run.events),
            key=lambda item: (item[0], item[1]),
        )
        for month, name, event in dated:
            if month > self.end:
                continue
            # Mesa holds event callbacks weakly: the model keeps them alive.
            fire = functools.partial(timeline.apply, self, name, event)
            self._scheduled.append(fire)
            self.schedule_event(fire, at=month - self.start + 0.5)
