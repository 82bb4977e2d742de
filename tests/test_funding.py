"""Mechanism 7 (sim/funding.py): private inflows by funding source (VC climate and lead,
parent and state transfers) and the monthly compute budget."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.config import FundingConfig
from sim.funding import compute_budget, private_inflow

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
