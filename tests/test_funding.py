"""Mechanism 7 (sim/funding.py): private inflows by funding source (VC climate and lead,
parent and state transfers), the monthly compute budget, state money's friction and a
state's backfill of withheld venture capital."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.calendar import format_month
from sim.config import ConfigError, FundingConfig, validate
from sim.funding import (
    balanced_stocks, compute_budget, inflow_scale, private_inflow, usable_state_money, vc_shortfall,
)
from sim.model import EcosystemModel
from tests.conftest import small_config

CFG = FundingConfig()


def test_vc_inflow_at_the_frontier_scales_with_the_climate():
    # base * climate * exp(premium * 0) = 0.5 * 0.2
    assert private_inflow("vc", 0.5, 0.2, 0.0, CFG) == pytest.approx(0.1)
    assert private_inflow("vc", 0.5, 3.0, 0.0, CFG) == pytest.approx(1.5)


def test_vc_inflow_falls_with_distance_behind_the_frontier():
    # 10 ECI behind: base * exp(-premium * 10)
    assert private_inflow("vc", 1.0, 1.0, -10.0, CFG) == pytest.approx(math.exp(-CFG.capability_premium * 10))


def test_a_lab_at_the_frontier_gets_the_whole_climate_scaled_base():
    # lead 0: exp(0) = 1, so inflow = base * climate = 0.5 * 0.8
    assert private_inflow("vc", 0.5, 0.8, 0.0, CFG) == pytest.approx(0.4)


@given(lead=st.floats(-100, 0), base=st.floats(0, 10))
def test_vc_inflow_in_a_normal_climate_never_exceeds_the_base(lead, base):
    """The lead is never positive (the frontier includes the lab), so VC cannot exceed base."""
    assert 0 <= private_inflow("vc", base, 1.0, lead, CFG) <= base


@pytest.mark.parametrize("source", ["parent", "state"])
def test_parent_and_state_inflow_ignore_climate_and_lead(source):
    assert private_inflow(source, 0.7, 0.05, -30.0, CFG) == 0.7
    assert private_inflow(source, 0.7, 5.0, 30.0, CFG) == 0.7


def test_compute_budget_is_the_spend_share_of_cash_above_the_floor():
    cfg = FundingConfig(spend_floor=1.0)
    # 0.08 * 5 = 0.4
    assert compute_budget(5.0, 0.08, cfg) == pytest.approx(0.4)
    assert compute_budget(1.0, 0.08, cfg) == 0.0  # at the floor: nothing spent
    assert compute_budget(-2.0, 0.08, CFG) == 0.0  # in debt: nothing spent


@given(climate=st.floats(0, 2), lead=st.floats(-50, 0))
def test_the_vc_shortfall_is_what_a_normal_climate_would_add(climate, lead):
    """Backfilled, a lab in any climate up to normal gets what a normal climate brings."""
    shortfall = vc_shortfall(0.4, climate, lead, CFG)
    normal = private_inflow("vc", 0.4, 1.0, lead, CFG)
    if climate <= 1.0:
        assert private_inflow("vc", 0.4, climate, lead, CFG) + shortfall == pytest.approx(normal)
    else:
        assert shortfall == 0.0


def test_state_friction_takes_its_share_of_state_money_and_none_by_default():
    assert usable_state_money(2.0, CFG) == 2.0
    assert usable_state_money(2.0, FundingConfig(state_friction=0.25)) == pytest.approx(1.5)


def test_a_backfilling_state_pays_a_vc_lab_in_a_collapse_what_intact_vc_would():
    """In a model, a VC-funded lab backfilled by its state receives as state money the VC the
    climate withholds; friction then keeps a share of all its state money from its cash."""
    cfg = small_config(adopters=50)
    cfg.funding.state_backfill = 1.0
    model = EcosystemModel(cfg)
    lab = next(lab for lab in model.labs if lab.funding == "vc" and lab.bloc == "CN")
    model.vc_climate["CN"] = 0.2
    base = lab.base_inflow * model.inflow_scale
    lab.state_income, cash = 0.0, lab.cash
    lab.raise_funds(lab.capability)
    assert lab.private_income == pytest.approx(0.2 * base)
    assert lab.state_income == pytest.approx(0.8 * base)
    assert lab.cash - cash == pytest.approx(base)
    cfg.funding.state_friction = 0.5
    lab.state_income, cash = 0.0, lab.cash
    lab.raise_funds(lab.capability)
    assert lab.cash - cash == pytest.approx(0.2 * base + 0.5 * 0.8 * base)


def test_inflows_grow_with_the_market_from_their_reference_month():
    # exp(0.88 * 2) = 5.81 two years after inflow_month, 1 / 5.81 two years before, 1 at it
    assert inflow_scale(0.0, CFG) == 1.0
    assert inflow_scale(2.0, FundingConfig(inflow_growth=0.88)) == pytest.approx(5.81, abs=0.005)
    assert inflow_scale(-2.0, FundingConfig(inflow_growth=0.88)) == pytest.approx(1 / 5.81, rel=1e-3)
    assert inflow_scale(3.0, FundingConfig(inflow_growth=0.0)) == 1.0


def test_a_parent_funded_lab_receives_its_inflow_grown_since_the_reference_month():
    """inflow_month a year after the model's month, growth ln 2: the parent-funded lab's cash
    gains half its ``inflow`` (no climate or lead for a parent)."""
    cfg = small_config(adopters=50)
    model = EcosystemModel(cfg)
    cfg.funding.inflow_growth = math.log(2.0)
    cfg.funding.inflow_month = format_month(model.month + 12)
    lab = model.labs[list(cfg.labs).index("google")]
    assert model.inflow_scale == pytest.approx(0.5)
    lab.state_income, cash = 0.0, lab.cash
    lab.raise_funds(lab.capability)
    assert lab.cash - cash == pytest.approx(0.5 * lab.base_inflow)


@given(
    spend_share=st.floats(0.005, 0.5), growth=st.floats(0.0, 1.5), decline=st.floats(0.0, 0.6),
    depreciation=st.floats(0.001, 0.1),
)
def test_balanced_stocks_stay_in_balance_under_the_monthly_order(spend_share, growth, decline, depreciation):
    """Start from the balanced stocks and run the model's monthly accounts (inflow in, a
    share of cash spent on compute at the month's price, the stock depreciating): cash
    grows with the inflow and compute with the purchases, month after month."""
    inflow, price = 0.3, 0.03
    stocks = balanced_stocks(inflow, spend_share, price, growth, decline, depreciation)
    cash, compute = stocks.cash, stocks.compute
    for month in range(24):
        cash += inflow
        budget = spend_share * cash
        cash -= budget
        compute = compute * (1.0 - depreciation) + budget / price
        inflow *= math.exp(growth / 12.0)
        price *= math.exp(-decline / 12.0)
        expected = balanced_stocks(inflow, spend_share, price, growth, decline, depreciation)
        assert cash == pytest.approx(expected.cash, rel=1e-9)
        assert compute == pytest.approx(expected.compute, rel=1e-9)


def test_balanced_stocks_by_hand():
    # no growth, no decline: cash c with (1 - s)(c + 1) = c, c = (1 - s) / s = 9 inflows at s = 0.1;
    # compute k P with k = 1 / d = 50 purchases of P = 0.1 * 10 * 1 / 0.5 = 2
    stocks = balanced_stocks(1.0, 0.1, 0.5, 0.0, 0.0, 0.02)
    assert stocks.cash == pytest.approx(9.0)
    assert stocks.compute == pytest.approx(100.0)


def test_an_entrant_in_balance_grows_at_its_inflows_pace():
    """Microsoft's compute, left to balance, grows in its first year about as its inflow and
    the hardware price move (within 10%), not the tenfold of an assumed stock far below it."""
    cfg = small_config(adopters=50, end="2025-12")
    model = EcosystemModel(cfg, seed=0)
    lab = model.lab_by_name["microsoft"]
    assert cfg.labs["microsoft"].compute is None
    while model.month < lab.entry:
        model.step()
    start = lab.compute
    for _ in range(12):
        model.step()
    pace = math.exp(cfg.funding.inflow_growth + cfg.capability.hardware_decline)
    assert lab.compute / start == pytest.approx(pace, rel=0.1)


@pytest.mark.parametrize("change, key", [
    ({"labs.microsoft.inflow": 0.0}, "labs.microsoft.compute"),
    ({"capability.spend_share": 0.0}, "labs.anthropic.compute"),
])
def test_an_empty_stock_without_inflow_or_spending_is_refused(change, key):
    cfg = small_config(adopters=50)
    for dotted, value in change.items():
        holder, last = cfg, dotted.split(".")
        for part in last[:-1]:
            holder = holder[part] if isinstance(holder, dict) else getattr(holder, part)
        setattr(holder, last[-1], value)
    with pytest.raises(ConfigError, match=key.replace(".", r"\.")):
        validate(cfg)


def test_an_empty_stock_that_never_balances_is_refused():
    """No growth, no fall in the hardware price and no wear: purchases pile up for ever."""
    cfg = small_config(adopters=50)
    cfg.funding.inflow_growth, cfg.capability.hardware_decline, cfg.capability.depreciation = 0.0, 0.0, 0.0
    with pytest.raises(ConfigError, match=r"labs\.anthropic\.compute"):
        validate(cfg)
