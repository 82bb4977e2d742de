"""Mechanism 5: labs re-decide closed, hybrid or open from expected payoff, with inertia.

At each review a lab forecasts its demand under each strategy with the adopters' own logit
rule (``sim.market``): it recomputes the utility of its two options under the hypothetical
strategy and the resulting choice probabilities of every adopter aware of it. The payoff
(US$ billion a month) adds:

- API margin: expected API volume times (price - serving cost), if it sells through its
  own API (open weights cap the price at what rival hosts charge);
- cloud pull-through: its affiliated cloud's margin on renting hardware to those who
  self-host its family (Alibaba);
- ecosystem value of self-hosting adopters (fine-tunes, talent, standards);
- state rewards for open releases;
- commoditisation: the value, to a parent with other businesses, of self-hosted use that
  no rival sells by API (Meta against OpenAI, claim C3).

The lab switches only if the best payoff beats the current one by ``inertia`` (a share).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.catalogue import build_options, offers
from sim.market import utilities
from sim.policy import OPEN_WEIGHT
from sim.vocabulary import API, SELF_HOST, STRATEGIES, USD_TO_BILLION
from sim.world import World


def decide(lab, model) -> str:
    """The strategy the lab chooses at this review."""
    if lab.fixed_strategy or lab.locked_until >= model.month:
        return lab.strategy
    payoff = payoffs(lab, model)
    best = max(STRATEGIES, key=lambda s: payoff[s])
    current = payoff[lab.strategy]
    if payoff[best] > current + model.cfg.strategy.inertia * abs(current):
        return best
    return lab.strategy


def payoffs(lab, model) -> dict[str, float]:
    """Expected monthly payoff (US$ billion) of each strategy for ``lab``."""
    review = model.review_base()
    hypothetical = [s for s in STRATEGIES if s != lab.strategy]
    table, _ = offers(model, [(lab, s) for s in hypothetical])
    chances = dict(zip(hypothetical, review.probabilities(lab, table, len(hypothetical))))
    chances[lab.strategy] = review.current_probabilities(lab)
    fixed_cost = {s: table.fixed_cost[World.option(k, SELF_HOST)] for k, s in enumerate(hypothetical)}
    fixed_cost[lab.strategy] = review.options.fixed_cost[World.option(lab.index, SELF_HOST)]
    return {s: payoff(lab, s, Demand.of(lab, chances[s], fixed_cost[s], model), model) for s in STRATEGIES}


def payoff(lab, strategy: str, demand: Demand, model) -> float:
    """Monthly payoff (US$ billion) of ``strategy`` given the demand it would meet."""
    cfg, review = model.cfg, model.review_base()
    price = lab.price
    if strategy == "open":
        price = min(price, lab.serving_cost * (1.0 + model.cheapest_host_markup(lab.bloc)))
    sells_api = lab.own_api or strategy != "open"
    api_margin = demand.api_volume * (price - lab.serving_cost) * USD_TO_BILLION if sells_api else 0.0
    cloud = 0.0
    if lab.cloud:
        markup = model.cloud_by_name[lab.cloud].markup
        cloud = cfg.strategy.cloud_share * demand.rent * markup * USD_TO_BILLION
    ecosystem = cfg.strategy.ecosystem_value / 12.0 * demand.self_hosters * USD_TO_BILLION
    state = OPEN_WEIGHT[strategy] * review.open_reward_per_lab[lab.bloc]
    commoditise = lab.other_business * demand.self_host_volume * review.closed_price * USD_TO_BILLION
    return api_margin + cloud + ecosystem + state + commoditise


@dataclass(frozen=True)
class Demand:
    """A lab's expected monthly demand, in real units (adopters scaled by ``model.scale``)."""

    api_volume: float  # million tokens through an API
    self_hosters: float  # adopters self-hosting its weights
    self_host_volume: float  # their million tokens
    rent: float  # US$ a month its self-hosters in its affiliated cloud's regions pay at cost

    @classmethod
    def of(cls, lab, chances: np.ndarray, fixed_cost: float, model) -> Demand:
        """Demand from each adopter's chances of choosing the lab's options (columns in mode order);
        ``fixed_cost`` is the monthly cost of self-hosting its weights (US$)."""
        adopters = model.review_base().adopters
        p = chances * model.scale
        renting = model.cloud_by_name[lab.cloud].serves[adopters.region] if lab.cloud else np.zeros(len(p))
        return cls(
            api_volume=float(p[:, API] @ adopters.volume),
            self_hosters=float(p[:, SELF_HOST].sum()),
            self_host_volume=float(p[:, SELF_HOST] @ adopters.volume),
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
    open_reward_per_lab: dict[str, float]  # state reward a fully open lab of each bloc gets
    weights: object  # AdoptionConfig

    def current_probabilities(self, lab) -> np.ndarray:
        """Each adopter's chances of choosing the lab's options now (columns in mode order)."""
        return np.exp(self.utilities[:, World.options_of(lab.index)]) / self.denominator[:, None]

    def probabilities(self, lab, table, count: int) -> list[np.ndarray]:
        """Chances as :meth:`current_probabilities`, for each of the ``count`` offers of
        ``table`` (the lab under other strategies, laid out as labs are), in one batch.

        Only the lab's own utilities change; only adopters aware of it can choose it.
        """
        rows = np.flatnonzero(self.adopters.aware[:, lab.index])
        labs = np.full(table.size, lab.index)
        new = np.exp(utilities(table, self.adopters, self.peer_share, self.weights, rows=rows, labs=labs))
        now = np.exp(self.utilities[rows][:, World.options_of(lab.index)])
        others = self.denominator[rows] - now.sum(axis=1)
        chances = []
        for k in range(count):
            own = new[:, World.options_of(k)]
            p = np.zeros((self.denominator.size, own.shape[1]))
            p[rows] = own / (others + own.sum(axis=1))[:, None]
            chances.append(p)
        return chances


def snapshot(model) -> Review:
    """The market now, for this month's reviews."""
    options, _ = build_options(model)
    adopters = model.adopter_view()
    w = model.cfg.adoption
    v = utilities(options, adopters, model.peer_share, w)
    blocs = {lab.bloc for lab in model.labs}
    per_lab = {
        bloc: sum(g.open_reward for g in model.governments if g.bloc == bloc)
        / max(1, sum(1 for lab in model.labs if lab.active and lab.bloc == bloc))
        for bloc in blocs
    }
    return Review(
        options=options, adopters=adopters, peer_share=model.peer_share, utilities=v,
        denominator=np.exp(w.outside) + np.exp(v).sum(axis=1),
        closed_price=model.closed_price_index(), open_reward_per_lab=per_lab, weights=w,
    )
