"""Mechanism 5: labs re-decide their release strategy and licence from expected payoff.

Every ``strategy.review_every`` months from the run's first month, a lab forecasts its
demand under each stance (a strategy, closed, hybrid or open, with a licence, restrictive
or permissive) with the adopters' own logit rule (``sim.market``), and the developers who
would download its family with theirs (``sim.developers``). The payoff (US$ billion a
month) adds:

- API margin: expected API volume times (price - serving cost), if it sells through its
  own API (open weights cap the price at what rival hosts charge for them);
- cloud pull-through: its affiliated cloud's margin on renting hardware to those who
  self-host its family (Alibaba);
- ecosystem: the value of the developers who download its family while it keeps releasing
  (feedback, fine-tunes, tools and hires around its next releases);
- its share of the state's reward for open releases;
- commoditisation: the value, to a parent with other businesses, of self-hosted use that
  no rival sells by API (Meta against OpenAI, claim C3);
- licensing: fees a licence short of permissive collects from large commercial
  self-hosters, a rent on the family's lead that vanishes as rivals release comparable
  weights under open licences;
- imitation (a cost): weights better than any rival's already public let rivals distil
  them (``openness.distillation``) and close on the lab before its next review; the API
  margin lost is the share an adopter's logit choice moves for that capability gain;
- release (a cost): a line of open-weight releases takes a share of the lab's compute.

The forecast holds the rest of the market as it is now, so that a line of releases that
stops is not mistaken for one that goes on: weights no line updates (a closed lab's legacy
weights) are weighed by adopters and developers as far behind as a field advancing at
``capability.frontier_pace`` leaves them, on average, over the lab's commitment.

A follower that cannot sell closed gains developers and an ecosystem by opening; a leader
loses margin to hosts and imitators (the value of a lead). The lab moves to the best stance
only if it beats the current one by ``inertia`` (a share of the money the current stance
moves, its gains and costs alike, not of their net sum, which may be near zero) times one
more for each change it has made before, and keeps a stance, the one it entered with
included, for ``strategy.commitment_months`` (releases and licences are planned that far
ahead), so that a lab does not switch back and forth.
"""


from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace

import numpy as np

from sim import capability, developers
from sim.catalogue import OWN_API, build_options, offers
from sim.market import Options, tokens_bought, utilities
from sim.policy import OPEN_WEIGHT
from sim.vocabulary import API, SELF_HOST, USD_TO_BILLION
from sim.world import N_MODES, World

PERMISSIVE = 1.0
"""Openness of an Apache 2.0 or MIT licence (the top of the licence scale)."""


@dataclass(frozen=True)
class Stance:
    """What a lab releases and under which terms: a strategy and its licence's openness (0-1)."""

    strategy: str
    licence: float


@dataclass(frozen=True)
class Payoff:
    """A stance's expected monthly payoff by term, US$ billion a month."""

    api_margin: float
    cloud: float
    ecosystem: float
    state: float
    commoditise: float
    licensing: float
    imitation: float  # a cost, zero or negative
    release: float  # a cost, zero or negative

    @property
    def total(self) -> float:
        return sum(self.terms().values())

    @property
    def gross(self) -> float:
        """The sum of the terms' sizes, gains and costs alike (US$ billion a month): the
        money the stance moves, which stays large when its gains and costs nearly cancel."""
        return sum(abs(v) for v in self.terms().values())

    def terms(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in PAYOFF_TERMS}


PAYOFF_TERMS = tuple(f.name for f in fields(Payoff))
"""The payoff's terms, in the order of the decisions table's columns."""


def current_stance(lab) -> Stance:
    return Stance(lab.strategy, lab.licence)


def stances(lab, model) -> list[Stance]:
    """The stances a lab weighs: its own, closed (its released weights keep their licence),
    and hybrid or open under a restrictive or a permissive licence."""
    terms = (model.cfg.strategy.restrictive_licence, PERMISSIVE)
    candidates = [current_stance(lab), Stance("closed", lab.licence)]
    candidates += [Stance(s, licence) for s in ("hybrid", "open") for licence in terms]
    return list(dict.fromkeys(candidates))


def decide(lab, model) -> tuple[Stance, dict[Stance, Payoff]]:
    """The stance the lab takes at this review, and the payoffs it weighed (none if it may
    not change: a fixed strategy, or a stance still within its commitment)."""
    now = current_stance(lab)
    if lab.fixed_strategy or committed_until(lab, model) >= model.month:
        return now, {}
    payoff = payoffs(lab, model)
    best = max(payoff, key=lambda s: payoff[s].total)
    current = payoff[now]
    if payoff[best].total > current.total + required_gain(lab, model) * current.gross:
        return best, payoff
    return now, payoff


def committed_until(lab, model) -> int:
    """Last month of the lab's commitment to its stance: ``strategy.commitment_months`` after
    its last change, or after its entry (the run's start for a lab already in the market),
    since the stance it entered with is a release it has planned as it would plan any other."""
    entered = max(lab.entry, model.start)
    return max(lab.locked_until, entered + model.cfg.strategy.commitment_months - 1)


def required_gain(lab, model) -> float:
    """Payoff advantage, as a share of the money its current stance moves (``Payoff.gross``),
    a lab needs to change its stance: ``inertia`` for the first change, and ``inertia`` more
    for each change it has already made (a lab that keeps changing course loses its
    developers' and partners' trust)."""
    return model.cfg.strategy.inertia * (1 + lab.switches)


def payoffs(lab, model) -> dict[Stance, Payoff]:
    """Expected monthly payoff (US$ billion) of each stance for ``lab``.

    The current stance's demand is the snapshot's own, unless the lab holds legacy weights
    that no line updates (closed): adopters will see those behind (``forecast_weights``), so
    that stance, like every other, is rebuilt."""
    review = model.review_base()
    now = current_stance(lab)
    as_held = now.strategy in RELEASING or math.isnan(lab.weights_capability)
    rebuilt = [s for s in stances(lab, model) if s != now or not as_held]
    table, channel = forecast_offers(lab, rebuilt, model)
    rows, aware = review.aware_chances(lab, table, len(rebuilt))
    chances = dict(zip(rebuilt, aware))
    fixed_cost = {s: table.fixed_cost[World.option(k, SELF_HOST)] for k, s in enumerate(rebuilt)}
    own_api = {s: channel[:, k] == OWN_API for k, s in enumerate(rebuilt)}
    if as_held:
        _, chances[now] = review.current_chances(lab)
        fixed_cost[now] = review.options.fixed_cost[World.option(lab.index, SELF_HOST)]
        own_api[now] = model.channel[:, lab.index] == OWN_API
    rivals = Rivals.of(lab, model)
    return {
        s: payoff(lab, s, Demand.of(lab, rows, chances[s], fixed_cost[s], api_price(lab, s, model), own_api[s],
                                    model), model, rivals)
        for s in dict.fromkeys([now, *rebuilt])
    }


@dataclass(frozen=True)
class Rivals:
    """What the other active labs hold as a lab reviews, gathered once for all its stances
    (which change only its own terms): the openness weights of its bloc's other labs, and
    everyone else's downloadable weights with their licences."""

    bloc_open_weight: float  # sum of ``sim.policy.OPEN_WEIGHT`` over the bloc's other active labs
    weights: tuple[tuple[float, float], ...]  # (ECI points, licence 0-1) of each rival's weights

    @classmethod
    def of(cls, lab, model) -> Rivals:
        others = [other for other in model.labs if other.active and other is not lab]
        return cls(
            bloc_open_weight=sum(OPEN_WEIGHT[other.strategy] for other in others if other.bloc == lab.bloc),
            weights=tuple((other.weights_capability, other.licence) for other in others
                          if not math.isnan(other.weights_capability)),
        )

    def best_weights(self, licence: float = -math.inf) -> float:
        """ECI points of the best rival weights under a licence at least ``licence`` open
        (-inf: none)."""
        return max((capability for capability, terms in self.weights if terms >= licence), default=-math.inf)


def forecast_offers(lab, candidates: list[Stance], model) -> tuple[Options, np.ndarray]:
    """The lab's options under each of the ``candidates`` (``sim.catalogue.offers``, one
    triple each), their downloadable weights at the capability adopters will see
    (``forecast_weights``); what it costs to self-host them is today's, as for every rival.
    With them, each candidate's API channel by region (``OWN_API`` or the cloud that sells it)."""
    table, channel = offers(model, [(lab, s.strategy, s.licence) for s in candidates])
    capability = table.capability.copy()
    for k, s in enumerate(candidates):
        released = lab.open_capability(s.strategy)
        if not math.isnan(released):
            capability[World.option(k, SELF_HOST)] += forecast_weights(lab, s.strategy, model) - released
    return replace(table, capability=capability), channel


def forecast_weights(lab, strategy: str, model) -> float:
    """Capability (ECI points, NaN: none) of the weights anyone can self-host under
    ``strategy``, as the lab forecasts them against the market it sees now.

    A line that continues (hybrid, open) keeps pace with the lab and the field; weights no
    line updates (a closed lab's legacy weights) fall behind a field that advances by
    ``capability.frontier_pace`` ECI points a month, on average by :func:`legacy_lag` over
    the ``strategy.commitment_months`` the lab will hold the stance.
    """
    weights = lab.open_capability(strategy)
    return weights if strategy in RELEASING else weights - legacy_lag(model)


def legacy_lag(model) -> float:
    """ECI points by which weights no longer updated trail the field, on average over a
    commitment: the frontier's pace times half of ``strategy.commitment_months``."""
    cfg = model.cfg
    return cfg.capability.frontier_pace * cfg.strategy.commitment_months / 2.0


def api_price(lab, stance: Stance, model) -> float:
    """The lab's API price (US$ per million tokens) under ``stance``: its own, or no more than
    the cheapest host of its bloc would charge for the same weights once they are open."""
    if stance.strategy == "open":
        return min(lab.price, lab.serving_cost * (1.0 + model.cheapest_host_markup(lab.bloc)))
    return lab.price


def payoff(lab, stance: Stance, demand: Demand, model, rivals: Rivals | None = None) -> Payoff:
    """Monthly payoff (US$ billion) of ``stance`` given the demand it would meet (``rivals``:
    what the other labs hold, ``Rivals.of`` the lab if not given)."""
    cfg, review = model.cfg, model.review_base()
    rivals = Rivals.of(lab, model) if rivals is None else rivals
    price = api_price(lab, stance, model)
    sells_api = lab.own_api or stance.strategy != "open"
    api_margin = demand.api_volume * (price - lab.serving_cost) * USD_TO_BILLION if sells_api else 0.0
    cloud = 0.0
    if lab.cloud:
        markup = model.cloud_by_name[lab.cloud].markup
        cloud = cfg.strategy.cloud_share * demand.rent * markup * USD_TO_BILLION
    ecosystem = cfg.strategy.ecosystem_value * expected_developers(lab, stance, model) * USD_TO_BILLION
    state = state_reward(lab, stance.strategy, model, rivals)
    commoditise = lab.other_business * demand.self_host_volume * review.closed_price * USD_TO_BILLION
    licensing = licence_fees(lab, stance, demand, model, rivals)
    imitation = -max(api_margin, 0.0) * imitated_share(lab, stance.strategy, model, rivals)
    release = -release_cost(lab, model) if stance.strategy in RELEASING else 0.0
    return Payoff(api_margin, cloud, ecosystem, state, commoditise, licensing, imitation, release)


def state_reward(lab, strategy: str, model, rivals: Rivals | None = None) -> float:
    """The lab's monthly share (US$ billion) of its bloc's reward for open releases under
    ``strategy``: the reward is shared in proportion to openness weights (``sim.policy``),
    the other labs of the bloc keeping the stances they hold now. Labs that review in the
    same month decide one after another, so a lab sees the stances its bloc's earlier
    reviewers have just chosen and does not count on a share they have taken."""
    review = model.review_base()
    weight = OPEN_WEIGHT[strategy]
    total = weight + (Rivals.of(lab, model) if rivals is None else rivals).bloc_open_weight
    return review.open_reward[lab.bloc] * weight / total if total > 0 else 0.0


RELEASING = ("hybrid", "open")
"""Strategies that keep a line of open-weight releases going (and pay ``strategy.release_cost``)."""


def release_cost(lab, model) -> float:
    """Monthly cost (US$ billion) of a line of open-weight releases: the share
    ``strategy.release_compute`` of the lab's compute that checkpoints prepared for release
    and their evaluation take, valued at the compute's monthly capital cost (its
    depreciation at this month's hardware price). A lab releases models of its own scale,
    so the cost grows with its compute."""
    cfg = model.cfg
    unit = capability.hardware_cost(model.years, cfg.capability)  # US$ billion per thousand H100s
    return cfg.strategy.release_compute * lab.compute * unit * cfg.capability.depreciation


def expected_developers(lab, stance: Stance, model) -> float:
    """Real developers expected to download the lab's family in a month under ``stance``.

    Developers choose among the released families they know by the logit of
    ``sim.developers`` (capability of the weights, a size they can fine-tune, licence,
    ecosystem, home bias, risk); under the stance the lab's weights and licence change,
    the rest of the field stays as it is. A family not yet released is known, once out,
    by ``developers.release_awareness`` of them. A stance that stops releasing counts
    none: legacy weights stay downloadable, but what developers bring a lab (feedback,
    tools and talent around its next releases) follows the lines that continue.
    """
    if stance.strategy not in RELEASING:
        return 0.0
    review, dev, cfg = model.review_base(), model.developers, model.cfg.developers
    now = review.developer_utility[:, lab.index]
    current_weights = 0.0 if math.isnan(lab.weights_capability) else lab.weights_capability
    own = np.exp(now + cfg.capability * (forecast_weights(lab, stance.strategy, model) - current_weights) / 10.0
                 + cfg.licence * (stance.licence - lab.licence))
    known, others = review.developer_rivals(lab.index, dev, cfg.release_awareness)
    chance = known * own / (others + own)
    return float(chance.sum()) * cfg.activity * dev.scale


def licence_fees(lab, stance: Stance, demand: Demand, model, rivals: Rivals | None = None) -> float:
    """Monthly fees (US$ billion) a licence short of permissive collects from commercial self-hosters.

    A restrictive licence (use limits, a cap on users beyond which a separate licence is
    needed, as Llama 2's above 700 million monthly users) lets the lab charge large
    commercial users ``strategy.licence_fee`` of what closed APIs would bill for their
    tokens, in proportion to how far the licence is from permissive, and only as far as
    they have no equally good weights under a licence at least as open elsewhere: the fee
    is a rent on the family's lead, the share ``1 - exp(-adoption.capability * lead / 10)``
    of it, ``lead`` the ECI points by which the stance's weights beat the best rival
    weights whose licence is at least as open. As rivals release comparable weights under
    open licences, the rent, and the reason to keep a licence restrictive, vanishes.
    """
    released = forecast_weights(lab, stance.strategy, model)
    if math.isnan(released) or stance.licence >= PERMISSIVE:
        return 0.0
    lead = released - (Rivals.of(lab, model) if rivals is None else rivals).best_weights(stance.licence)
    if lead <= 0:
        return 0.0
    cfg, review = model.cfg, model.review_base()
    rent = 1.0 - math.exp(-cfg.adoption.capability * lead / 10.0) if math.isfinite(lead) else 1.0
    fee = cfg.strategy.licence_fee * (PERMISSIVE - stance.licence) * rent
    return fee * demand.self_host_volume * review.closed_price * USD_TO_BILLION


def imitated_share(lab, strategy: str, model, rivals: Rivals | None = None) -> float:
    """Share of its API margin a lab expects to lose before its next review because rivals
    distil the weights ``strategy`` releases.

    Only weights better than any rival's already downloadable teach rivals anything new;
    the lab's own legacy weights (as ``forecast_weights`` sees them) count as the weights
    it releases under ``closed``, so a lab that keeps a release line going pays for what
    each new release teaches. A rival closes ``openness.distillation`` of its gap
    to them each month, so over ``review_every`` months it gains ``(1 - (1 - d)^n) * lead``
    ECI points on the lab; an adopter's utility of the lab's model relative to the rival's
    falls by ``adoption.capability`` per 10 of them, and the lab's logit share by at most
    the factor ``exp(-that fall)``.
    """
    released = forecast_weights(lab, strategy, model)
    if math.isnan(released):
        return 0.0
    lead = released - (Rivals.of(lab, model) if rivals is None else rivals).best_weights()
    if lead <= 0:
        return 0.0
    cfg = model.cfg
    gain = (1.0 - (1.0 - cfg.openness.distillation) ** cfg.strategy.review_every) * lead
    return 1.0 - math.exp(-cfg.adoption.capability * gain / 10.0)


@dataclass(frozen=True)
class Demand:
    """A lab's expected monthly demand, in real units (adopters scaled by ``model.scale``)."""

    api_volume: float  # million tokens bought through an API
    self_hosters: float  # adopters self-hosting its weights
    self_host_volume: float  # their million tokens
    rent: float  # US$ a month its self-hosters in its affiliated cloud's regions pay at cost

    @classmethod
    def of(cls, lab, rows: np.ndarray, chances: np.ndarray, fixed_cost: float, price: float, own_api: np.ndarray,
           model) -> Demand:
        """Demand from the chances of the adopters ``rows`` (those aware of the lab; no other
        can choose it) of choosing the lab's options (columns in mode order); ``fixed_cost``
        is the monthly cost of self-hosting its weights (US$), ``price`` its API's (US$ per
        million tokens), ``own_api`` (bool by region) where the lab sells its API itself:
        elsewhere a cloud hosting its open weights sells it, and the tokens are the cloud's."""
        review = model.review_base()
        adopters = review.adopters
        region = adopters.region[rows]
        p = chances * model.scale
        renting = model.cloud_by_name[lab.cloud].serves[region] if lab.cloud else np.zeros(len(p))
        return cls(
            api_volume=float((p[:, API] * own_api[region]) @ review.tokens_bought(price)[rows]),
            self_hosters=float(p[:, SELF_HOST].sum()),
            self_host_volume=float(p[:, SELF_HOST] @ adopters.volume[rows]),
            rent=float(p[:, SELF_HOST] @ renting) * fixed_cost,
        )


@dataclass
class Review:
    """The market as the labs see it at a review: one snapshot shared by all of them."""

    options: object
    adopters: object
    peer_share: np.ndarray
    utilities: np.ndarray
    denominator: np.ndarray  # each adopter's sum of exp-utilities, "none" included
    closed_price: float  # mean API price of closed labs, US$ per million tokens
    open_reward: dict[str, float]  # each bloc's monthly reward for open releases, US$ billion
    weights: object  # AdoptionConfig
    developer_utility: np.ndarray  # (developers, labs) each family's utility to each developer
    developer_known: np.ndarray  # (developers, labs) bool: released families each developer knows
    developer_total: np.ndarray  # (developers,) sum of exp-utilities of the families each knows
    _rivals: dict = field(default_factory=dict)  # lab index -> :meth:`rivals`
    _developer_rivals: dict = field(default_factory=dict)  # lab index -> :meth:`developer_rivals`
    _tokens: dict = field(default_factory=dict)  # API price -> :meth:`tokens_bought`

    def tokens_bought(self, price: float) -> np.ndarray:
        """Million tokens each adopter would buy a month at ``price`` (US$ per million tokens,
        ``sim.market.tokens_bought``); computed once per price (labs' prices recur across stances)."""
        if price not in self._tokens:
            self._tokens[price] = tokens_bought(price, self.adopters.volume, self.adopters.budget, self.weights)
        return self._tokens[price]

    def current_chances(self, lab) -> tuple[np.ndarray, np.ndarray]:
        """The adopters aware of the lab (row indices) and their chances of choosing its
        options now (columns in mode order); no other adopter can choose it."""
        rows, _ = self.rivals(lab.index)
        return rows, np.exp(self.utilities[rows][:, World.options_of(lab.index)]) / self.denominator[rows, None]

    def current_probabilities(self, lab) -> np.ndarray:
        """Every adopter's chances of choosing the lab's options now (columns in mode
        order): :meth:`current_chances`, 0 for adopters not aware of it."""
        rows, chances = self.current_chances(lab)
        full = np.zeros((self.denominator.size, N_MODES))
        full[rows] = chances
        return full

    def aware_chances(self, lab, table, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The adopters aware of the lab (row indices) and their chances of choosing its
        options under each of the ``count`` offers of ``table`` (the lab under other stances,
        laid out as labs are), in one batch: (offers, those adopters, modes). Only the lab's
        own utilities change; only adopters aware of it can choose it."""
        rows, others = self.rivals(lab.index)
        labs = np.full(table.size, lab.index)
        new = np.exp(utilities(table, self.adopters, self.peer_share, self.weights, rows=rows, labs=labs))
        own = new.reshape(rows.size, count, N_MODES)
        chances = own / (others[:, None] + own.sum(axis=2))[:, :, None]
        return rows, chances.transpose(1, 0, 2)

    def developer_rivals(self, lab: int, dev, release_awareness: float) -> tuple[np.ndarray, np.ndarray]:
        """Each developer's chance of knowing ``lab``'s family once out (its awareness if
        released, ``release_awareness`` if not) and its sum of exp-utilities of the other
        families it knows; computed once per lab."""
        if lab not in self._developer_rivals:
            known = dev.aware[:, lab] if dev.released[lab] else np.full(dev.size, release_awareness)
            now = self.developer_utility[:, lab]
            others = self.developer_total - np.where(self.developer_known[:, lab], np.exp(now), 0.0)
            self._developer_rivals[lab] = known, others
        return self._developer_rivals[lab]

    def rivals(self, lab: int) -> tuple[np.ndarray, np.ndarray]:
        """The adopters aware of ``lab`` (row indices) and each one's sum of exp-utilities of
        everything but the lab's options ("none" included); computed once per lab."""
        if lab not in self._rivals:
            rows = np.flatnonzero(self.adopters.aware[:, lab])
            now = np.exp(self.utilities[rows][:, World.options_of(lab)])
            self._rivals[lab] = rows, self.denominator[rows] - now.sum(axis=1)
        return self._rivals[lab]


def snapshot(model) -> Review:
    """The market now, for this month's reviews."""
    options, _ = build_options(model)
    adopters = model.adopter_view()
    w = model.cfg.adoption
    v = utilities(options, adopters, model.peer_share, w)
    blocs = {lab.bloc for lab in model.labs}
    reward = {bloc: sum(g.open_reward for g in model.governments if g.bloc == bloc) for bloc in blocs}
    dev, families = model.developers, model.open_families()
    u = developers.utility(dev.alignment, *dev.fit(model.month), families, model.cfg.developers)
    known = dev.aware & ~np.isnan(families.weights_capability)
    return Review(
        options=options, adopters=adopters, peer_share=model.peer_share, utilities=v,
        denominator=np.exp(w.outside) + np.exp(v).sum(axis=1),
        closed_price=model.closed_price_index(), open_reward=reward, weights=w,
        developer_utility=u, developer_known=known, developer_total=np.where(known, np.exp(u), 0.0).sum(axis=1),
    )
