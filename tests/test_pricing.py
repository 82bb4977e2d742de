"""Mechanism 3 (sim/pricing.py): serving costs, markups and price wars, the target price
(open-weight host cap, state discount) and the monthly log-space price adjustment."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.config import PricingConfig
from sim.pricing import adjust, markup, serving_cost, target_price

CFG = PricingConfig()
prices = st.floats(1e-4, 1e4)


def test_frontier_model_costs_frontier_cost():
    assert serving_cost(120.0, 120.0, 0.0, CFG) == pytest.approx(CFG.frontier_cost)


def test_ten_eci_behind_frontier_cuts_cost_by_ten_to_minus_ten_cost_per_eci():
    # cost = frontier_cost * 10**(-cost_per_eci * 10)
    expected = CFG.frontier_cost * 10 ** (-CFG.cost_per_eci * 10)
    assert serving_cost(110.0, 120.0, 0.0, CFG) == pytest.approx(expected)


def test_being_ahead_of_the_frontier_costs_no_more_than_the_frontier():
    # the gap is floored at 0, so a lab above the frontier capability pays frontier_cost
    assert serving_cost(130.0, 120.0, 0.0, CFG) == pytest.approx(CFG.frontier_cost)


def test_efficiency_edge_of_one_decade_cuts_cost_by_pass_through():
    # frontier_cost * 10**(-pass_through * 1)
    expected = CFG.frontier_cost * 10 ** (-CFG.efficiency_pass_through)
    assert serving_cost(120.0, 120.0, 1.0, CFG) == pytest.approx(expected)


@given(frontier=st.floats(50, 200), gap=st.floats(0, 100), extra=st.floats(0, 100))
def test_serving_cost_never_rises_as_the_gap_to_the_frontier_grows(frontier, gap, extra):
    near = serving_cost(frontier - gap, frontier, 0.0, CFG)
    far = serving_cost(frontier - gap - extra, frontier, 0.0, CFG)
    assert 0 < far <= near


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
