"""Mechanism 1 (sim/capability.py): capability from effective compute, hardware and chip
trends, buying compute under export controls, and scarcity-induced efficiency growth."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.capability import (
    buy_compute,
    capability_of,
    domestic_demand,
    domestic_supply,
    efficiency_for,
    efficiency_growth,
    fill_rate,
    hardware_cost,
    induced_growth,
)
from sim.config import CapabilityConfig

CFG = CapabilityConfig()
shares = st.floats(0.0, 1.0)
positive = st.floats(1e-6, 1e6)


@given(capability=st.floats(0.0, 300.0), compute=positive)
def test_efficiency_for_inverts_capability_of(capability, compute):
    """The entry efficiency is chosen so that the lab's compute gives its stated capability."""
    efficiency = efficiency_for(capability, compute, CFG)
    assert capability_of(compute, efficiency, CFG) == pytest.approx(capability, abs=1e-9)


def test_tenfold_compute_adds_eci_per_decade():
    # eci_per_decade * (log10(10) + 0) - eci_per_decade * (log10(1) + 0) = eci_per_decade
    assert capability_of(10.0, 0.0, CFG) - capability_of(1.0, 0.0, CFG) == pytest.approx(CFG.eci_per_decade)
    # one decade of efficiency is worth the same as one decade of compute
    assert capability_of(1.0, 1.0, CFG) == pytest.approx(capability_of(10.0, 0.0, CFG))


def test_hardware_cost_starts_at_price_and_halves_after_ln2_over_decline_years():
    assert hardware_cost(0.0, CFG) == pytest.approx(CFG.hardware_price)
    # price * exp(-decline * ln2 / decline) = price / 2
    assert hardware_cost(math.log(2) / CFG.hardware_decline, CFG) == pytest.approx(CFG.hardware_price / 2)


def test_domestic_supply_grows_from_its_stated_month():
    cfg = CapabilityConfig(domestic_supply=10.0, domestic_supply_growth=math.log(2))
    assert domestic_supply(0.0, cfg) == pytest.approx(10.0)
    # doubles a year: 20 a year later, 5 a year before
    assert domestic_supply(1.0, cfg) == pytest.approx(20.0)
    assert domestic_supply(-1.0, cfg) == pytest.approx(5.0)


def test_full_access_gives_no_scarcity():
    # desired = 2 / 0.5 = 4 advanced units, all obtained, all the budget spent
    assert buy_compute(2.0, 0.5, 1.0, 1.0, CFG) == pytest.approx((4.0, 0.0, 0.0, 1.0))


def test_no_access_with_ample_supply_leaves_scarcity_one_minus_quality():
    cfg = CapabilityConfig(domestic_efficiency=0.4)
    # desired 4; domestic chips worth 0.4 of an advanced unit: 1.6 obtained, scarcity 1 - 1.6/4 = 0.6
    assert buy_compute(2.0, 0.5, 0.0, 1.0, cfg) == pytest.approx((0.0, 1.6, 0.6, 1.0))


def test_partial_access_mixes_advanced_and_domestic():
    cfg = CapabilityConfig(domestic_efficiency=0.5)
    # desired 10; advanced 10*0.7 = 7; domestic 10*0.3*0.5 = 1.5; scarcity 1 - 8.5/10 = 0.15
    assert buy_compute(10.0, 1.0, 0.7, 1.0, cfg) == pytest.approx((7.0, 1.5, 0.15, 1.0))


def test_domestic_supply_caps_what_labs_get():
    cfg = CapabilityConfig(domestic_efficiency=0.5)
    # two labs want 10 * (1 - 0.6) * 0.5 = 2 each; a supply of 1 meets a quarter of it
    demand = domestic_demand(10.0, 1.0, 0.6, cfg)
    assert demand == pytest.approx(2.0)
    fill = fill_rate(2 * demand, 1.0)
    assert fill == pytest.approx(0.25)
    purchase = buy_compute(10.0, 1.0, 0.6, fill, cfg)
    # advanced 6, domestic 2 * 0.25 = 0.5; scarcity 1 - 6.5 / 10 = 0.35; spent 0.6 + 0.4 * 0.25 = 0.7
    assert purchase == pytest.approx((6.0, 0.5, 0.35, 0.7))


def test_fill_rate_is_one_when_supply_exceeds_demand_or_nobody_asks():
    assert fill_rate(3.0, 5.0) == 1.0
    assert fill_rate(0.0, 5.0) == 1.0


@given(share=st.floats(0.0, 0.99), supply=st.floats(0.0, 1e3), demand=st.floats(1e-3, 1e3))
def test_scarcity_stays_positive_while_supply_is_short(share, supply, demand):
    """Denied chips that the supply cannot replace leave scarcity above 0, even at full quality."""
    cfg = CapabilityConfig(domestic_efficiency=1.0)
    fill = fill_rate(demand, supply)
    scarcity = buy_compute(10.0, 1.0, share, fill, cfg).scarcity
    if supply < demand:
        assert scarcity > 0
    else:
        assert scarcity == pytest.approx(0.0, abs=1e-12)


def test_zero_budget_buys_nothing_and_reports_no_scarcity():
    assert buy_compute(0.0, 1.0, 0.3, 1.0, CFG) == (0.0, 0.0, 0.0, 0.0)


@given(budget=positive, unit_cost=positive, share=shares, fill=shares)
def test_scarcity_is_a_share_for_any_purchase(budget, unit_cost, share, fill):
    """Scarcity lies in [0, 1] (to 1e-12, floating-point rounding) and equals 1 - obtained/desired."""
    advanced, substitute, scarcity, spent = buy_compute(budget, unit_cost, share, fill, CFG)
    assert -1e-12 <= scarcity <= 1.0 + 1e-12
    assert advanced >= 0 and substitute >= 0 and 0 <= spent <= 1 + 1e-12
    # with domestic_efficiency <= 1 nothing is gained by being denied: obtained <= desired
    assert advanced + substitute <= budget / unit_cost * (1 + 1e-12)


def test_efficiency_growth_without_scarcity_is_algorithmic_trend():
    # a yearly log growth g is g/12 per month in natural logs, g/12/ln(10) in log10
    assert efficiency_growth(0.0, CFG, 1.0) == pytest.approx(CFG.algorithmic_growth / 12 / math.log(10))


def test_full_scarcity_raises_efficiency_growth_by_the_elasticity():
    # (1 + elasticity * 1) times the unconstrained trend
    expected = CFG.algorithmic_growth / 12 / math.log(10) * (1 + CFG.scarcity_elasticity)
    assert efficiency_growth(1.0, CFG, 1.0) == pytest.approx(expected)


@given(low=shares, high=shares)
def test_efficiency_growth_never_falls_with_scarcity(low, high):
    low, high = sorted((low, high))
    assert efficiency_growth(low, CFG, 1.0) <= efficiency_growth(high, CFG, 1.0)


def test_induced_growth_is_the_growth_above_the_trend():
    # efficiency_growth(s) - efficiency_growth(0) = trend * elasticity * s
    assert induced_growth(0.5, CFG) == pytest.approx(efficiency_growth(0.5, CFG, 1.0) - efficiency_growth(0.0, CFG, 1.0))
    assert induced_growth(0.0, CFG) == 0.0


def test_a_lab_with_an_edge_follows_its_own_multiple_of_the_trend():
    trend = efficiency_growth(0.0, CFG, 1.0)
    assert efficiency_growth(0.0, CFG, 1.3) == pytest.approx(1.3 * trend)
    assert efficiency_growth(0.4, CFG, 0.7) - efficiency_growth(0.0, CFG, 0.7) == pytest.approx(induced_growth(0.4, CFG))
