"""Mechanism 3 (sim/pricing.py): serving costs, markups and price wars, the target price
(open-weight host cap, state discount), the monthly adjustment of the markup, the price
floor, the end of price wars and the price of a lower capability."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sim
from sim.config import PricingConfig
from sim.pricing import (
    adjust,
    cost_decline,
    floor_price,
    markup,
    next_price,
    price_at_capability,
    serving_cost,
    target_price,
    war_over,
)
from tests.conftest import small_config

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


def test_the_floor_is_the_cost_less_what_state_money_pays():
    cfg = PricingConfig(subsidised_discount=0.5)
    # 2 * (1 - 0.5 * 0.4) = 1.6; without state money the floor is the cost
    assert floor_price(2.0, 0.4, cfg) == pytest.approx(1.6)
    assert floor_price(2.0, 0.0, cfg) == 2.0


def test_a_price_at_its_target_markup_follows_a_falling_cost_month_by_month():
    cfg = PricingConfig(adjustment=0.15)
    cost, price = 10.0, 15.0  # markup 0.5, the target's
    for _ in range(12):
        new_cost = cost * 0.8
        price = next_price(price, cost, new_cost, 0.5, None, 0.0, cfg)
        cost = new_cost
    # 10 * 0.8**12 = 0.687195; the markup stays at 0.5: 1.030792
    assert cost == pytest.approx(0.687195, rel=1e-5)
    assert price == pytest.approx(1.030792, rel=1e-5)


def test_the_markup_not_the_price_closes_the_gap_to_the_target():
    cfg = PricingConfig(adjustment=0.5)
    # carried 4 * 2 / 1 = 8 (markup 3); target 2 * (1 + 1) = 4; exp(ln 8 + 0.5 ln(4 / 8)) = 5.657
    assert next_price(4.0, 1.0, 2.0, 1.0, None, 0.0, cfg) == pytest.approx(8.0 * 0.5**0.5)


def test_a_lab_whose_subsidy_ends_charges_its_cost_at_once():
    cfg = PricingConfig(adjustment=0.15, subsidised_discount=0.5)
    # last month at half its cost (carried 1 against cost 2); target 2 * 1.5 = 3; the adjusted
    # 1 * 3**0.15 = 1.179 is below the floor 2 * (1 - 0.5 * 0) = 2, so the price is 2
    assert next_price(1.0, 2.0, 2.0, 0.5, None, 0.0, cfg) == pytest.approx(2.0)
    # with state money still paying 40% of its income the floor is 2 * 0.8 = 1.6
    assert next_price(1.0, 2.0, 2.0, 0.5, None, 0.4, cfg) == pytest.approx(1.6)


@given(price=prices, previous=prices, cost=prices, rate=st.floats(0, 5), share=st.floats(0, 1))
def test_no_price_falls_below_its_floor(price, previous, cost, rate, share):
    new = next_price(price, previous, cost, rate, None, share, CFG)
    assert new >= floor_price(cost, share, CFG) * (1 - 1e-12)


def test_a_war_is_over_once_mean_markups_over_floors_reach_the_end_markup():
    cfg = PricingConfig(war_end_markup=0.1)
    assert war_over([0.05, 0.1, 0.12], cfg)  # mean 0.09
    assert not war_over([0.2, 0.05], cfg)  # mean 0.125
    assert war_over([], cfg)  # nobody sells an API: nothing to fight over


def test_the_price_of_a_lower_capability_scales_down_the_cost_curve():
    cfg = PricingConfig(cost_per_eci=0.06)
    # 8 * 10**(-0.06 * 10) = 2.00951
    assert price_at_capability(8.0, 136.2, 126.2, cfg) == pytest.approx(2.00951, rel=1e-5)
    assert price_at_capability(8.0, 126.2, 126.2, cfg) == 8.0


@pytest.fixture(scope="module")
def to_2030() -> sim.Results:
    return sim.run(small_config(end="2030-12"))


def test_with_costs_falling_and_no_new_entry_the_price_index_falls(to_2030):
    """Every lab of the roster has entered by 2026; from then the world's price index must
    fall with the costs, year on year (December to December)."""
    labs = sim.default_config().labs
    assert max(lab.entry for lab in labs.values() if lab.entry) < "2026-12"
    world = to_2030.markets[to_2030.markets["region"] == "world"].set_index("date")["price_index"]
    december = world[world.index.month == 12].loc["2026":]
    assert (december.diff().dropna() < 0).all(), december


def test_the_chinese_price_war_ends_by_the_rule_and_no_lab_sells_below_its_floor(to_2030):
    wars = to_2030.events[(to_2030.events["change"] == "price_war") & (to_2030.events["agent"] == "CN")]
    assert list(wars["value"]) == [1.0, 0.0]  # the timeline's start, the rule's end
    assert wars["event"].iloc[1] == ""  # the end is the model's own, not the timeline's


def test_a_bloc_whose_prices_stay_far_above_cost_stays_at_war():
    cfg = small_config(end="2025-12")
    cfg.pricing.markup["CN"] = 5.0  # peacetime and wartime markups far above war_end_markup
    events = sim.run(cfg).events
    wars = events[(events["change"] == "price_war") & (events["agent"] == "CN")]
    assert list(wars["value"]) == [1.0]
