"""Mechanism 5: labs re-decide closed, hybrid or open from expected payoff, with inertia.

At each review a lab forecasts its demand under each strategy with the adopters' own logit
rule (``sim.market``): it recomputes the utility of its two options under the hypothetical
strategy and the resulting choice probabilities of every adopter aware of it. The payoff
(US$ billion a month) adds:

- API margin: expected API volume times (price - serving cost), if it sells through its
  own API (open weights cap the price at what rival hosts charge);
- cloud pull-through: its affiliated cloud's margin on hosting its family (Alibaba);
- ecosystem value of self-hosting adopters (fine-tunes, talent, standards);
- state rewards for open releases;
- commoditisation: the value, to a parent with other businesses, of self-hosted use that
  no rival sells by API (Meta against OpenAI, claim C3).

The lab switches only if the best payoff beats the current one by ``inertia`` (a share).
"""

from __future__ import annotations

import numpy as np

from sim.catalogue import build_options, with_strategy
from sim.config import STRATEGIES
from sim.market import utilities
from sim.policy import OPEN_WEIGHT


def decide(lab, model) -> str:
    """The strategy the lab chooses at this review."""
    if lab.fixed_strategy or lab.locked_until >= model.month:
        return lab.strategy
    payoffs = {s: expected_payoff(lab, s, model) for s in STRATEGIES}
    best = max(STRATEGIES, key=lambda s: payoffs[s])
    current = payoffs[lab.strategy]
    if payoffs[best] > current + model.cfg.strategy.inertia * abs(current):
        return best
    return lab.strategy


def expected_payoff(lab, strategy: str, model) -> float:
    """Expected monthly payoff (US$ billion) of ``strategy`` for ``lab``."""
    cfg = model.cfg
    api_volume, self_hosters, self_host_volume = expected_demand(lab, strategy, model)
    host_markup = model.cheapest_host_markup()
    price = lab.price
    if strategy == "open":
        price = min(price, lab.serving_cost * (1.0 + host_markup))
    api_margin = api_volume * (price - lab.serving_cost) * 1e-9 if lab.own_api or strategy == "closed" else 0.0
    opened = OPEN_WEIGHT[strategy]
    cloud = 0.0
    if lab.cloud and opened:
        markup = model.cloud_by_name[lab.cloud].markup
        cloud = cfg.strategy.cloud_share * api_volume * lab.serving_cost * markup * 1e-9
    ecosystem = cfg.strategy.ecosystem_value / 12.0 * self_hosters * 1e-9
    state = sum(
        g.open_reward * opened / max(1, sum(1 for other in model.labs if other.active and other.bloc == lab.bloc))
        for g in model.governments if g.bloc == lab.bloc
    )
    commoditise = lab.other_business * self_host_volume * model.closed_price_index() * 1e-9
    return api_margin + cloud + ecosystem + state + commoditise


def expected_demand(lab, strategy: str, model) -> tuple[float, float, float]:
    """Expected (API volume in million tokens, self-hosting adopters, their volume) a month.

    In real units: simulated adopters are scaled by ``model.scale``.
    """
    base_options, base_v, base_total = model.review_base()
    options = with_strategy(base_options, model, lab, strategy)
    cols = np.array([2 * lab.index, 2 * lab.index + 1])
    adopters = model.adopter_view()
    v = utilities(options, adopters, model.peer_share, model.cfg.adoption, cols=cols)
    old = np.exp(base_v[:, cols]).sum(axis=1)
    new = np.exp(v)
    p = new / (base_total - old + new.sum(axis=1))[:, None]
    volume = adopters.volume
    return (
        float(p[:, 0] @ volume) * model.scale,
        float(p[:, 1].sum()) * model.scale,
        float(p[:, 1] @ volume) * model.scale,
    )


def base_utilities(model):
    """The options now, their utilities, and each adopter's sum of exp-utilities with "none"."""
    options, _ = build_options(model)
    v = utilities(options, model.adopter_view(), model.peer_share, model.cfg.adoption)
    shares_denominator = np.exp(model.cfg.adoption.outside) + np.exp(v).sum(axis=1)
    return options, v, shares_denominator

