"""Mechanism 1: capability grows with effective compute; scarcity induces efficiency.

Capability is measured in ECI points and is linear in the log of effective compute,
``capability = eci_per_decade * (log10 compute + log10 efficiency)``. Compute is bought with
cash; export controls deny Chinese labs part of the advanced chips they would buy, and
what is denied is partly replaced by weaker domestic chips. The scarcity that remains
raises the growth of algorithmic efficiency by ``scarcity_elasticity``, the uncertain
strength of induced innovation (claim C2).
"""

from __future__ import annotations

import math

from sim.config import CapabilityConfig


def efficiency_for(capability: float, compute: float, cfg: CapabilityConfig) -> float:
    """log10 algorithmic efficiency that gives ``capability`` with ``compute`` (at entry)."""
    return capability / cfg.eci_per_decade - math.log10(compute)


def capability_of(compute: float, efficiency: float, cfg: CapabilityConfig) -> float:
    """Capability (ECI points) of effective compute ``compute * 10**efficiency``."""
    return cfg.eci_per_decade * (math.log10(compute) + efficiency)


def hardware_cost(years: float, cfg: CapabilityConfig) -> float:
    """US$ billion per thousand H100-equivalents, ``years`` after 2022-01."""
    return cfg.hardware_price * math.exp(-cfg.hardware_decline * years)


def domestic_efficiency(years: float, cfg: CapabilityConfig) -> float:
    """Compute per dollar of domestic chips relative to controlled ones (at most 1)."""
    return min(1.0, cfg.domestic_efficiency * math.exp(cfg.domestic_growth * years))


def buy_compute(
    budget: float, unit_cost: float, advanced_share: float, domestic: float
) -> tuple[float, float, float]:
    """Compute bought with ``budget`` (US$ billion) under export controls.

    ``advanced_share`` is the share of the desired advanced chips the lab may obtain;
    the rest of the budget buys domestic chips worth ``domestic`` of an advanced unit.
    Returns (advanced, domestic compute bought, scarcity), compute in thousand
    H100-equivalents and scarcity the share of desired compute not obtained (0-1).
    """
    desired = budget / unit_cost
    advanced = desired * advanced_share
    substitute = desired * (1.0 - advanced_share) * domestic
    scarcity = 1.0 - (advanced + substitute) / desired if desired > 0 else 0.0
    return advanced, substitute, scarcity


def efficiency_growth(scarcity: float, cfg: CapabilityConfig) -> float:
    """Monthly growth of log10 efficiency, raised by compute scarcity (induced innovation)."""
    return cfg.algorithmic_growth / 12.0 / math.log(10) * (1.0 + cfg.scarcity_elasticity * scarcity)
