"""Mechanism 7: where labs' money comes from, and the month's accounts.

Venture-funded labs receive an inflow scaled by their bloc's VC climate index (a timeline
series: Greater-China VC collapsed from 2021 to 2024, T8) and by how close they are to the
frontier; parent-funded labs a transfer; state-funded labs their base inflow, which
counts as state money. Every base inflow grows with the market (``inflow_growth``). Further
state money (subsidies, a VC guidance fund, rewards for open releases) arrives from
governments (mechanism 6), so a VC drought can be offset, or not, by the state (claim C8).
State money may lose a share on its way (``state_friction``), and a state may pay VC-funded
labs the venture capital a poor climate withholds (``state_backfill``). A lab whose
starting stocks the roster leaves empty enters with those its inflow would hold in
balanced growth (``balanced_stocks``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Stocks:
    """A lab's cash (US$ billion) and compute (thousand H100-equivalents)."""

    cash: float
    compute: float


def balanced_stocks(
    inflow: float, spend_share: float, unit_cost: float, inflow_growth: float, hardware_decline: float,
    depreciation: float,
) -> Stocks:
    """The stocks a lab holds at the start of a month in which it receives ``inflow`` (US$
    billion) had its inflow always grown at ``inflow_growth`` and the hardware price
    (``unit_cost`` now, US$ billion per thousand H100-equivalents) always fallen at
    ``hardware_decline`` (both logs per year), under the model's monthly order: the
    inflow arrives, ``spend_share`` of the cash buys compute, the stock loses
    ``depreciation``.

    Entrants' cash and compute are not public; a stock out of balance with the lab's own
    inflow sets off a transient in its first months (a stock far below it grows tenfold in
    a year) that the model would present as history. With cash ``c I`` before the inflow
    ``I``, balance needs ``(1 - s)(c + 1) I = c a I`` (``a`` the monthly growth factor of
    inflow), and compute ``k P`` before the month's purchase ``P = s (c + 1) I / p`` needs
    ``(1 - d) k P + P = k q P`` (``q`` that of purchases, ``a`` over the price's monthly
    factor).
    """
    grows = math.exp(inflow_growth / 12.0)
    cash_ratio = (1.0 - spend_share) / (grows - 1.0 + spend_share)
    purchase = spend_share * (cash_ratio + 1.0) * inflow / unit_cost
    purchases_grow = grows * math.exp(hardware_decline / 12.0)
    return Stocks(cash=cash_ratio * inflow, compute=purchase / (purchases_grow - 1.0 + depreciation))
