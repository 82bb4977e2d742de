"""Mechanism 3 (sim/pricing.py): serving costs, markups and price wars, the target price
(open-weight host cap, state discount) and the monthly log-space price adjustment."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.config import PricingConfig
from sim.pricing import adjust, cost_decline, markup, serving_cost, target_price

CFG = PricingConfig()
prices = st.floats(1e-4, 1e4)


HW = 0.3  # capability.hardware_decline, log per year


def test_reference_capability_costs_reference_cost_in_the_reference_month():
    assert serving_cost(CFG.reference_capability, 0.0, 0.0, HW, CFG) == pytest.approx(CFG.reference_cost)


def test_fixed_capability_after_one_year_costs_exp_minus_the_decline():
    cfg = PricingConfig(reference_cost=10.0, reference_capability=120.0, inference_efficiency=2.0)
    # 10 * 10**0 * exp(-(0.3 + 2.0) * 1) = 10 * 0.100259 = 1.00259
    assert serving_cost(120.0, 1.0, 0.0, HW, cfg) == pytest.approx(1.00259, rel=1e-5)
    assert cost_decline(HW, cfg) == pytest.approx(2.3)


def test_ten_more_eci_multiply_cost_by_ten_to_ten_cost_per_eci():
    cfg = PricingConfig(reference_cost=10.0, reference_capability=120.0, cost_per_eci=0.1)
    # 10 * 10**(0.1 * 10) = 100 at the reference month
    assert serving_cost(130.0, 0.0, 0.0, HW, cfg) == pytest.approx(100.0)


def test_frontier_cost_is_flat_when_its_gain_balances_the_decline():
    cfg = PricingConfig(cost_per_eci=0.1, inference_efficiency=2.0)
    # gain g with 0.1 * ln(10) * g = 2.3 a year: g = 9.989 ECI points
    gain = 2.3 / (0.1 * math.log(10))
    now = serving_cost(140.0, 1.0, 0.0, HW, cfg)
    assert serving_cost(140.0 + gain, 2.0, 0.0, HW, cfg) == pytest.approx(now)


def test_induced_efficiency_of_one_decade_cuts_cost_by_pass_through():
    # reference_cost * 10**(-pass_through * 1)
    expected = CFG.reference_cost * 10 ** (-CFG.efficiency_pass_through)
    assert serving_cost(CFG.reference_capability, 0.0, 1.0, HW, CFG) == pytest.approx(expected)


@given(capability=st.floats(50, 250), years=st.floats(-2, 10), more=st.floats(0, 50), later=st.floats(0, 10))
def test_cost_rises_with_capability_and_falls_with_time(capability, years, more, later):
    base = serving_cost(capability, years, 0.0, HW, CFG)
    assert serving_cost(capability + more, years, 0.0, HW, CFG) >= base > 0
    assert serving_cost(capability, years + later, 0.0, HW, CFG) <= base


def test_a_price_war_moves_the_price_towards_the_falling_cost():
    cfg = PricingConfig(war_intensity=0.25, adjustment=0.5)
    cost = serving_cost(130.0, 1.0, 0.0, HW, cfg)
    calm = target_price(cost, markup(1.0, 2, 0.0, cfg), None, 0.0, cfg)
    war = target_price(cost, markup(1.0, 2, 1.0, cfg), None, 0.0, cfg)
    # markup 1 / (1 + 0.25 * 2) = 2/3 in peace, 1 / (1 + 0.25 * 2 * 2) = 1/2 in war
    assert calm == pytest.approx(cost * 5 / 3)
    assert war == pytest.approx(cost * 1.5)
    price = calm
    for _ in range(3):
        price = adjust(price, war, cfg)
    # three half-steps in logs leave 1/8 of the log gap: calm * (war / calm)**(7/8)
    assert price == pytest.approx(cost * (5 / 3) * (1.5 / (5 / 3)) ** (7 / 8))
    assert cost < war < price < calm


def test_markup_without_rivals_is_the_base_markup():
    assert markup(2.5, 0, 0.0, CFG) == 2.5


def test_markup_halves_when_war_intensity_times_rivals_times_one_plus_war_is_one():
    cfg = PricingConfig(war_intensity=0.25)
    # 0.25 * 2 rivals * (1 + 1) = 1  ->  base / (1 + 1)
    assert markup(2.0, 2, 1.0, cfg) == pytest.approx(1.0)


def test_target_price_is_cost_plus_markup():
    # 2 * (1 + 0.5) = 3
    assert target_price(2.0, 0.5, None, 0.0, CFG) == pytest.approx(3.0)


def test_open_weights_cap_the_price_at_the_host_price():
    # min(3, 2.5) = 2.5; a host dearer than the lab's own price does not raise it
    assert target_price(2.0, 0.5, 2.5, 0.0, CFG) == pytest.approx(2.5)
    assert target_price(2.0, 0.5, 9.0, 0.0, CFG) == pytest.approx(3.0)


def test_state_money_discounts_the_price():
    cfg = PricingConfig(subsidised_discount=0.5)
    # 2.5 * (1 - 0.5 * 0.4) = 2.0
    assert target_price(2.0, 0.5, 2.5, 0.4, cfg) == pytest.approx(2.0)


def test_adjust_moves_the_adjustment_share_of_the_way_in_logs():
    cfg = PricingConfig(adjustment=0.5)
    # exp(log 1 + 0.5 * (log 100 - log 1)) = 10
    assert adjust(1.0, 100.0, cfg) == pytest.approx(10.0)
    new = adjust(4.0, 1.0, CFG)
    assert (math.log(new) - math.log(4.0)) / (math.log(1.0) - math.log(4.0)) == pytest.approx(CFG.adjustment)


def test_adjust_keeps_a_price_at_its_target():
    assert adjust(7.0, 7.0, CFG) == pytest.approx(7.0, rel=1e-12)


@given(price=prices, target=prices)
def test_adjusted_price_is_positive_and_between_old_price_and_target(price, target):
    """Holds to a relative 1e-12 (exp(log p) may differ from p in the last bit)."""
    new = adjust(price, target, CFG)
    low, high = min(price, target), max(price, target)
    assert new > 0
    assert low * (1 - 1e-12) <= new <= high * (1 + 1e-12)
