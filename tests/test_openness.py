"""Mechanism 2 (sim/openness.py): community feedback and distillation from the best open
model (derivatives and downloads come from the developers: tests/test_developers.py)."""

import math

import pytest

from sim.config import OpennessConfig
from sim.openness import community_gain, distillation_gain

CFG = OpennessConfig()


def test_community_gain_is_feedback_times_log1p_derivatives():
    assert community_gain(0.0, CFG) == 0.0
    # log1p(e - 1) = 1
    assert community_gain(math.e - 1, CFG) == pytest.approx(CFG.community_feedback)


def test_distillation_closes_a_share_of_the_gap_to_a_better_open_model():
    # gap 10 ECI = one decade of efficiency at eci_per_decade 10; gain = distillation * 1
    assert distillation_gain(100.0, 110.0, 10.0, CFG) == pytest.approx(CFG.distillation)


@pytest.mark.parametrize("best_open", [90.0, 100.0, math.nan])
def test_no_distillation_from_a_model_behind_equal_or_absent(best_open):
    assert distillation_gain(100.0, best_open, 10.0, CFG) == 0.0
