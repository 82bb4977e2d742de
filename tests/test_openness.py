"""Mechanism 2 (sim/openness.py): Poisson derivatives, the downloads proxy, community
feedback and distillation from the best open model."""

import math

import numpy as np
import pytest

from sim.config import OpennessConfig
from sim.openness import community_gain, distillation_gain, downloads, new_derivatives

CFG = OpennessConfig()


def test_derivatives_are_poisson_with_mean_rate_times_users_times_scale_times_licence():
    draws, represents = 20_000, 10.0
    users = np.full(draws, 100.0)
    licence = np.full(draws, 0.5)
    fresh = new_derivatives(users, licence, represents, CFG, np.random.default_rng(1))
    mean = CFG.derivatives_per_user * 100.0 * represents * 0.5  # 0.02 * 100 * 10 * 0.5 = 10 at defaults
    # Poisson: variance = mean, so the sample mean's standard error is sqrt(mean / draws)
    assert abs(fresh.mean() - mean) < 4 * math.sqrt(mean / draws)
    assert fresh.var() == pytest.approx(mean, rel=0.05)  # variance equals mean (sd of var ~1.4%)
    assert fresh.dtype == float and np.all(fresh == np.round(fresh)) and np.all(fresh >= 0)


def test_closed_licence_or_no_self_hosters_give_no_derivatives():
    rng = np.random.default_rng(2)
    fresh = new_derivatives(np.array([1000.0, 0.0]), np.array([0.0, 1.0]), 1e6, CFG, rng)
    assert fresh.tolist() == [0.0, 0.0]


def test_downloads_count_users_and_derivatives():
    cfg = OpennessConfig(downloads_per_user=2.0, downloads_per_derivative=20.0)
    # 2 * 5 users * 10 represented + 20 * 3 derivatives = 100 + 60 = 160
    result = downloads(np.array([5.0, 0.0]), np.array([3.0, 0.0]), 10.0, cfg)
    assert result.tolist() == pytest.approx([160.0, 0.0])


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
