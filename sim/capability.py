"""Mechanism 1: capability grows with effective compute; scarcity induces efficiency.

Capability is measured in ECI points and is linear in the log of effective compute,
``capability = eci_per_decade * (log10 compute + log10 efficiency)``. Compute is bought with
cash at a unit cost that falls by ``hardware_decline`` a year. Export controls deny
Chinese labs part of the advanced chips they would buy; the money denied buys domestic
chips (Huawei Ascend, made by SMIC) worth ``domestic_efficiency`` of an advanced unit per
dollar, as far as the month's domestic supply allows:

    supply   = domestic_supply * exp(domestic_supply_growth * years since domestic_supply_month)
    demand_l = budget_l / unit_cost * (1 - advanced_share) * domestic_efficiency
    fill     = min(1, supply / sum of demand_l)          (every lab gets the same share)

all in thousand H100-equivalents a month. Money not spent on chips stays in the lab's cash.
The scarcity that remains, ``1 - obtained / desired``, raises the growth of algorithmic
efficiency by ``scarcity_elasticity``, the uncertain strength of induced innovation
(claim C2); it stays positive while controls deny chips that domestic quality or supply
cannot replace. The efficiency so induced (mixture-of-experts, smaller models) also
lowers what the lab's models cost to serve (mechanism 3).
"""

from __future__ import annotations

import math
from typing import NamedTuple

from sim.config import CapabilityConfig, OpennessConfig


class Purchase(NamedTuple):
    """One month's compute purchase of a lab."""

    advanced: float  # advanced compute bought, thousand H100-equivalents
    domestic: float  # domestic compute bought, thousand H100-equivalents
    scarcity: float  # share of the desired compute not obtained (0-1)
    spent: float  # share of the budget spent (0-1); the rest stays in cash


def efficiency_for(capability: float, compute: float, cfg: CapabilityConfig) -> float:
    """log10 algorithmic efficiency that gives ``capability`` with ``compute`` (at entry)."""
    return capability / cfg.eci_per_decade - math.log10(compute)


def capability_of(compute: float, efficiency: float, cfg: CapabilityConfig) -> float:
    """Capability (ECI points) of effective compute ``compute * 10**efficiency``."""
    return cfg.eci_per_decade * (math.log10(compute) + efficiency)


def size_gap(largest: float, cfg: OpennessConfig) -> float:
    """ECI points by which weights of at most ``largest`` billion parameters trail the
    world frontier at least: ``size_slope`` per tenfold below ``frontier_size`` (0 at or
    above it). Open families release up to some size (Gemma 27B, Phi 14B, Llama 405B): what a
    lab can train at that size, at a given date, stands that far below what it can train
    at the frontier's (Epoch's open models, ``experiments/epoch_data.py``)."""
    return cfg.size_slope * max(0.0, math.log10(cfg.frontier_size / largest))


def hardware_cost(years: float, cfg: CapabilityConfig) -> float:
    """US$ billion per thousand H100-equivalents, ``years`` after 2022-01."""
    return cfg.hardware_price * math.exp(-cfg.hardware_decline * years)


def domestic_supply(years: float, cfg: CapabilityConfig) -> float:
    """Domestic compute for sale a month (thousand H100-equivalents), ``years`` after
    ``domestic_supply_month`` (negative before it)."""
    return cfg.domestic_supply * math.exp(cfg.domestic_supply_growth * years)


def domestic_demand(budget: float, unit_cost: float, advanced_share: float, cfg: CapabilityConfig) -> float:
    """Domestic compute (thousand H100-equivalents) that the money denied advanced chips would buy."""
    return budget / unit_cost * (1.0 - advanced_share) * cfg.domestic_efficiency


def fill_rate(demand: float, supply: float) -> float:
    """Share of the demand for domestic chips that the supply meets (1 without demand)."""
    return min(1.0, supply / demand) if demand > 0 else 1.0


def buy_compute(
    budget: float, unit_cost: float, advanced_share: float, fill: float, cfg: CapabilityConfig
) -> Purchase:
    """Compute bought with ``budget`` (US$ billion) under export controls.

    ``advanced_share`` is the share of the desired advanced chips the lab may obtain; the
    rest of the budget would buy domestic chips (:func:`domestic_demand`), of which the
    share ``fill`` is for sale.
    """
    desired = budget / unit_cost
    if desired <= 0:
        return Purchase(0.0, 0.0, 0.0, 0.0)
    advanced = desired * advanced_share
    domestic = domestic_demand(budget, unit_cost, advanced_share, cfg) * fill
    scarcity = 1.0 - (advanced + domestic) / desired
    spent = advanced_share + (1.0 - advanced_share) * fill
    return Purchase(advanced, domestic, scarcity, spent)


def induced_growth(scarcity: float, cfg: CapabilityConfig) -> float:
    """Monthly log10 efficiency gained from compute scarcity alone (induced innovation)."""
    return cfg.algorithmic_growth / 12.0 / math.log(10) * cfg.scarcity_elasticity * scarcity


def efficiency_growth(scarcity: float, cfg: CapabilityConfig, edge: float) -> float:
    """Monthly growth of log10 efficiency: the algorithmic trend at the lab's own pace
    (``edge`` times the common trend) plus what scarcity induces."""
    return cfg.algorithmic_growth * edge / 12.0 / math.log(10) + induced_growth(scarcity, cfg)
