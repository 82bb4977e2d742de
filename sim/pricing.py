"""Mechanism 3: serving costs and API prices.

A model's serving cost (US$ per million tokens, blended 3:1 input:output) rises with its
capability and falls with time, as hardware gets cheaper and serving a given capability
takes less compute:

    serving_cost = reference_cost
                   * 10**(cost_per_eci * (capability - reference_capability))
                   * exp(-(hardware_decline + inference_efficiency) * years)
                   * 10**(-efficiency_pass_through * efficiency_edge)

``years`` since ``reference_month`` (the reference capability's cost is ``reference_cost``
then); ``hardware_decline`` (log per year) is mechanism 1's fall of hardware cost and
``inference_efficiency`` (log per year) the fall of the compute needed to serve a fixed
capability; ``cost_per_eci`` is log10 cost per ECI point; ``efficiency_edge`` is the
log10 efficiency the lab gained from compute scarcity (mechanism 1) beyond the common
trend: what scarcity pushed it to (mixture-of-experts, smaller models, as DeepSeek's)
serves a capability with less compute. A fixed capability's cost thus
falls by ``hardware_decline + inference_efficiency`` a year (T17), while the frontier's own
cost changes by ``cost_per_eci * ln 10 * (its yearly ECI gain)`` less that: roughly flat
when the frontier gains about 17 ECI points a year at ``cost_per_eci`` = 0.06 (Epoch's frontier
prices, T18).

A lab's target price is cost times one plus a markup that shrinks with every rival at
capability parity (within ``parity_window``) - the price war of claim C6 - and further
while its bloc is at price war (T19): as the markup shrinks the price approaches the
falling cost. Open weights cap a lab's own API price at what cloud hosts charge for the
same weights. State money lets a lab price below its target. Each month a lab's price
follows its serving cost at its standing markup, and that markup moves part of the way to
the target; the price never falls below the floor, the serving cost less what state money
pays of it (:func:`floor_price`), so that no lab sells at a loss nobody pays for.

A bloc's price war starts with a shock (a timeline event: T19's cuts of 2024-05) and ends
by a rule, once it has cut what it can: when its labs' own API prices stand on average
within ``war_end_markup`` of their floors (:func:`war_over`), the "post price war"
market of DOMAIN.md.

A lab sells one model through its API, its best; the price of a lower capability
``level`` that the same lab could serve at the same markup (a smaller model of its line) is
its price scaled down its own cost curve (:func:`price_at_capability`). T17's "price of a
fixed capability" is the cheapest of these among the labs able to reach the level.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sim.config import PricingConfig


def cost_decline(hardware_decline: float, cfg: PricingConfig) -> float:
    """Yearly fall (natural log) of the serving cost of a fixed capability."""
    return hardware_decline + cfg.inference_efficiency


def serving_cost(
    capability: float, years: float, efficiency_edge: float, hardware_decline: float, cfg: PricingConfig
) -> float:
    """US$ per million tokens of a model of ``capability`` (ECI), ``years`` after the
    reference month (negative before it); ``efficiency_edge`` is the log10 efficiency
    scarcity induced."""
    return (
        cfg.reference_cost
        * 10.0 ** (cfg.cost_per_eci * (capability - cfg.reference_capability))
        * math.exp(-cost_decline(hardware_decline, cfg) * years)
        * 10.0 ** (-cfg.efficiency_pass_through * efficiency_edge)
    )


def markup(base: float, rivals: int, war: float, cfg: PricingConfig) -> float:
    """Markup over cost with ``rivals`` labs at parity and price-war intensity ``war`` (>= 0)."""
    return base / (1.0 + cfg.war_intensity * rivals * (1.0 + war))


def target_price(
    cost: float, markup_rate: float, host_price: float | None, state_share: float, cfg: PricingConfig
) -> float:
    """The price a lab aims for (US$ per million tokens).

    ``host_price`` is the price of its weights on a rival host (None if it keeps them
    closed); ``state_share`` the share of its income that is state money.
    """
    price = cost * (1.0 + markup_rate)
    if host_price is not None:
        price = min(price, host_price)
    return price * (1.0 - cfg.subsidised_discount * state_share)


def adjust(price: float, target: float, cfg: PricingConfig) -> float:
    """Move ``price`` part of the way to ``target``, in logs (prices stay positive)."""
    return math.exp(math.log(price) + cfg.adjustment * (math.log(target) - math.log(price)))


def floor_price(cost: float, state_share: float, cfg: PricingConfig) -> float:
    """The lowest price a lab charges (US$ per million tokens): its serving cost, less the part
    that state money pays (``state_share`` of its income, at ``subsidised_discount``)."""
    return cost * (1.0 - cfg.subsidised_discount * state_share)


def next_price(
    price: float, previous_cost: float, cost: float, markup_rate: float, host_price: float | None,
    state_share: float, cfg: PricingConfig,
) -> float:
    """This month's price (US$ per million tokens).

    Last month's ``price`` over ``previous_cost`` carries over to this month's ``cost`` (a
    cheaper or a new model is sold at the lab's standing markup), then moves part of the way
    to the target, and stays at or above the floor. Only the markup is sluggish, so a price
    follows a falling cost down month by month instead of trailing it by a margin that
    grows with the pace of the fall.
    """
    target = target_price(cost, markup_rate, host_price, state_share, cfg)
    carried = price * (cost / previous_cost)  # the ratio first: costs may be large
    return max(adjust(carried, target, cfg), floor_price(cost, state_share, cfg))


def war_over(markups: Sequence[float], cfg: PricingConfig) -> bool:
    """Whether a bloc's price war has run its course: the mean of its labs' markups of own
    API price over their floors (``price / floor_price - 1``) is at most ``war_end_markup``;
    a bloc with no lab selling an API has nothing to fight over."""
    return not markups or sum(markups) / len(markups) <= cfg.war_end_markup


def price_at_capability(price: float, capability: float, level: float, cfg: PricingConfig) -> float:
    """Price (US$ per million tokens) at which a lab selling ``capability`` at ``price`` would
    sell a model of the lower ``level`` (ECI points) at the same markup over its cost."""
    return price * 10.0 ** (-cfg.cost_per_eci * (capability - level))
