"""Mechanism 3: serving costs and API prices.

A lab's serving cost falls the further its model is behind the frontier (older capability
is cheap to serve, T17) and the more efficient it is than the frontier lab. Its target
price is cost times one plus a markup that shrinks with every rival at capability parity
(within ``parity_window``) - the price war of claim C6 - and further while a price-war
shock is on (T19). Open weights cap a lab's own API price at what cloud hosts charge for
the same weights. State money lets a lab price below its target. Prices move part of the
way to the target each month.
"""

from __future__ import annotations

import math

from sim.config import PricingConfig


def serving_cost(capability: float, frontier: float, efficiency_edge: float, cfg: PricingConfig) -> float:
    """US$ per million tokens; ``efficiency_edge`` is log10 efficiency over the frontier lab's."""
    behind = max(0.0, frontier - capability)
    return (
        cfg.frontier_cost
        * 10.0 ** (-cfg.cost_per_eci * behind)
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
