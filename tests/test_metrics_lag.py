"""sim/metrics.py lag_months: months since the leader first reached the follower's latest
capability, interpolated between months, negative when the follower is ahead, extrapolated
back at ``pace`` before the series start, NaN when either side has no model."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.metrics import lag_months

NAN = math.nan


def test_linear_series_six_points_apart_at_one_point_a_month_lag_six_months():
    t = np.arange(13.0)
    # follower now at 94 + 12 = 106; the leader (100 + t) reached 106 at t = 6; now = 12 -> 6
    assert lag_months(100 + t, 94 + t, pace=1.0) == pytest.approx(6.0)


def test_identical_rising_series_have_no_lag():
    t = np.arange(5.0)
    assert lag_months(100 + 2 * t, 100 + 2 * t, pace=1.0) == pytest.approx(0.0)


def test_lag_interpolates_between_months():
    leader = np.array([100.0, 102.0, 104.0, 106.0])
    follower = np.array([90.0, 95.0, 100.0, 103.0])
    # 103 is reached between month 1 (102) and 2 (104): at 1 + (103 - 102) / (104 - 102) = 1.5; now 3 -> 1.5
    assert lag_months(leader, follower, pace=1.0) == pytest.approx(1.5)


def test_lag_counts_from_when_the_leader_first_reached_the_level():
    leader = np.array([100.0, 106.0, 103.0, 104.0])  # peaks, falls back, partly recovers
    follower = np.array([90.0, 92.0, 100.0, 105.0])
    # 105 first reached between months 0 and 1: 0 + (105 - 100) / (106 - 100) = 5/6; 3 - 5/6 = 13/6
    assert lag_months(leader, follower, pace=1.0) == pytest.approx(13 / 6)


def test_follower_ahead_gives_a_negative_lag():
    leader = np.array([100.0, 101.0, 102.0, 103.0, 104.0])
    follower = np.array([100.0, 102.0, 104.0, 106.0, 108.0])
    # the follower reached the leader's 104 at month 2; now 4 -> the leader is 2 months behind: -2
    assert lag_months(leader, follower, pace=1.0) == pytest.approx(-2.0)


def test_levels_before_the_series_start_are_dated_at_pace():
    leader = np.array([110.0, 111.0, 112.0])
    follower = np.array([103.0, 104.0, 105.0])
    # 105 is 5 points below the leader's first value: reached 5 / 0.5 = 10 months before month 0;
    # now = 2 -> 2 + 10 = 12
    assert lag_months(leader, follower, pace=0.5) == pytest.approx(12.0)


def test_leader_entering_above_the_level_is_dated_back_from_its_entry():
    leader = np.array([NAN, NAN, 110.0, 111.0])
    follower = np.array([100.0, 104.0, 106.0, 108.0])
    # the leader enters at month 2 at 110: it reached 108 (110 - 108) / 1 = 2 months earlier;
    # lag = now 3 - 2 + 2 = 3
    assert lag_months(leader, follower, pace=1.0) == pytest.approx(3.0)


def test_follower_without_a_model_yet_has_no_lag():
    assert math.isnan(lag_months(np.array([100.0, 101.0]), np.array([90.0, NAN]), pace=1.0))
    assert math.isnan(lag_months(np.array([100.0]), np.array([]), pace=1.0))


def test_leader_without_a_model_has_no_lag():
    assert math.isnan(lag_months(np.array([NAN, NAN]), np.array([90.0, 95.0]), pace=1.0))


def test_follower_missing_earlier_months_still_uses_its_latest_level():
    t = np.arange(6.0)
    follower = np.array([NAN, NAN, NAN, 101.0, 102.0, 103.0])
    # leader 100 + t reached 103 at t = 3; now 5 -> 2
    assert lag_months(100 + t, follower, pace=1.0) == pytest.approx(2.0)


@given(slope=st.floats(0.1, 3.0), gap=st.floats(-50.0, 50.0), months=st.integers(1, 60))
def test_parallel_lines_lag_gap_over_slope_when_pace_equals_slope(slope, gap, months):
    """Leader 100 + slope t, follower ``gap`` points below: lag = gap / slope, whether the level
    is inside the series (interpolation), before it (extrapolation) or above the leader (negative)."""
    t = np.arange(months + 1.0)
    leader = 100 + slope * t
    assert lag_months(leader, leader - gap, pace=slope) == pytest.approx(gap / slope, rel=1e-9, abs=1e-9)
