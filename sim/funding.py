"""Mechanism 7: where labs' money comes from, and the month's accounts.

Venture-funded labs receive an inflow scaled by their bloc's VC climate index (a timeline
series: Greater-China VC collapsed from 2021 to 2024, T8) and by how close they are to the
frontier; parent-funded labs a transfer; state-funded labs their base inflow, which
counts as state money. Every base inflow grows with the market (``inflow_growth``). Further
state money (subsidies, a VC guidance fund, rewards for open releases) arrives from
governments (mechanism 6), so a VC drought can be offset, or not, by the state (claim C8).
State money may lose a share on its way (``state_friction``), and a state may pay VC-funded
labs the venture capital a poor climate withholds (``state_backfill``).
"""

from __future__ import annotations

import math

from sim.config import FundingConfig


def inflow_scale(years: float, cfg: FundingConfig) -> float:
    """Factor on a lab's ``inflow``, ``years`` after ``inflow_month`` (negative before it): the
    money behind AI grew with the market (``inflow_growth``), so a constant inflow would buy
    the early years' compute too fast and the late years' too slowly."""
    return math.exp(cfg.inflow_growth * years)


def private_inflow(
    source: str, base: float, climate: float, lead: float, cfg: FundingConfig
) -> float:
    """Monthly private inflow (US$ billion).

    ``lead`` is the lab's capability minus the world frontier (ECI points, <= 0); only
    venture capital responds to the climate and to how far behind the lab is.
    """
    if source != "vc":
        return base
    return base * climate * math.exp(cfg.capability_premium * lead)


def compute_budget(cash: float, spend_share: float, cfg: FundingConfig) -> float:
    """US$ billion a lab spends on compute this month."""
    return spend_share * cash if cash > cfg.spend_floor else 0.0


def vc_shortfall(base: float, climate: float, lead: float, cfg: FundingConfig) -> float:
    """Monthly venture capital (US$ billion) a VC-funded lab misses against a normal climate
    (index 1): what a climate of 1 would bring less what ``climate`` brings, at its ``lead``."""
    return base * max(0.0, 1.0 - climate) * math.exp(cfg.capability_premium * lead)


def usable_state_money(received: float, cfg: FundingConfig) -> float:
    """The part of the state money a lab received (US$ billion) that reaches its cash."""
    return received * (1.0 - cfg.state_friction)
