"""The calibration's targets and their one strict scorer: every target is measured and
scored, a missing event is a miss, yes/no targets are probabilities."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sim
from experiments import targets
from experiments.targets import MILESTONE, NOT_MODELLED, TARGET_BY_ID, TARGETS, YES_NO
from sim.calendar import month_timestamp
from tests.conftest import small_config

CENSOR = targets.month_after("2026-06")


@pytest.fixture(scope="module")
def history():
    return sim.run(small_config(adopters=300, end="2026-06"))


def perfect(replications: int = 4) -> pd.DataFrame:
    """Replications whose every value is the observed one."""
    return pd.DataFrame([{t.id: t.observed for t in TARGETS}] * replications)


def row(table: pd.DataFrame, target_id: str) -> pd.Series:
    return table.set_index("id").loc[target_id]


def test_every_domain_figure_is_a_target_or_says_why_not():
    ids = {t.id.rstrip("ab") for t in TARGETS if t.id.startswith("T")} | set(NOT_MODELLED)
    assert ids == {f"T{i}" for i in range(1, 24)}


def test_every_target_states_its_uncertainty():
    for t in TARGETS:
        assert t.observation_sd >= 0 and t.discrepancy_sd > 0 and t.uncertainty.strip(), t.id
        assert t.kind in (targets.LEVEL, MILESTONE, YES_NO), t.id


def test_every_target_measures_a_run(history):
    """Every target is a number, but a milestone that does not occur and a revenue of 0 (its
    log: 300 adopters may leave a lab without a customer in a month)."""
    values = targets.measure_all(history)
    missing = {t.id for t in TARGETS if not np.isfinite(values[t.id])}
    may_be_missing = {t.id for t in TARGETS if t.kind == MILESTONE or "revenue" in t.figure}
    assert missing <= may_be_missing, values
    assert len(missing) <= 4, missing
    for t in TARGETS:
        if t.unit in ("share", "yes/no") and np.isfinite(values[t.id]):
            assert 0 <= values[t.id] <= 1, t.id


def test_a_log_scale_target_reads_the_log_of_the_measured_value(history):
    """Prices and revenues are measured in their units and scored as log10 (as observed)."""
    labs = history.labs[history.labs["lab"] == "openai"]
    price = labs.loc[labs["date"] == month_timestamp("2023-03"), "price"].iloc[0]
    assert TARGET_BY_ID["T18a"].measure(history) == pytest.approx(math.log10(price))
    assert TARGET_BY_ID["T18a"].observed == pytest.approx(math.log10(37.5))
    revenue = labs.loc[pd.DatetimeIndex(labs["date"]).year == 2024, "revenue"].sum()
    assert TARGET_BY_ID["R1"].measure(history) == pytest.approx(math.log10(revenue))


def test_the_observed_values_hit_every_target():
    table = targets.score(perfect(), CENSOR)
    assert table["hit"].all(), table[~table["hit"]]
    assert (table["mc_error"] == 0).all()


def test_a_mean_outside_the_tolerance_is_a_miss_whatever_the_spread():
    values = perfect()
    t = TARGET_BY_ID["T16"]
    values["T16"] = t.observed + 1.5 * t.tolerance + np.array([-3.0, -1.0, 1.0, 3.0]) * t.tolerance
    scored = row(targets.score(values, CENSOR), "T16")
    assert scored["p05"] <= t.observed <= scored["p95"]  # the observed value lies in the spread
    assert not scored["hit"]


def test_a_missing_event_counts_late_and_is_a_miss_where_it_mostly_does_not_happen():
    values = perfect()
    t = TARGET_BY_ID["T2"]
    values["T2"] = [t.observed, np.nan, np.nan, np.nan]  # happens in 1 of 4 seeds, on time
    scored = row(targets.score(values, CENSOR), "T2")
    assert scored["present"] == 1 and not scored["hit"]
    assert scored["mean"] == pytest.approx((t.observed + 3 * CENSOR) / 4)  # never dropped from the mean
    values["T2"] = [t.observed, t.observed, t.observed, np.nan]  # 3 of 4, the fourth counted late
    scored = row(targets.score(values, CENSOR), "T2")
    assert scored["present"] == 3
    assert scored["hit"] == (abs(scored["mean"] - t.observed) <= t.tolerance)


def test_a_level_the_run_does_not_always_produce_is_a_miss():
    values = perfect()
    values.loc[0, "R4"] = np.nan
    scored = row(targets.score(values, CENSOR), "R4")
    assert scored["present"] == 3 and scored["mean"] == pytest.approx(TARGET_BY_ID["R4"].observed)
    assert not scored["hit"]


def test_a_yes_no_target_is_a_probability_against_the_threshold():
    values = perfect()
    values["T6"] = [1.0, 1.0, 0.0, 0.0]  # half: not more likely than not
    scored = row(targets.score(values, CENSOR), "T6")
    assert scored["mean"] == 0.5 and not scored["hit"]
    assert scored["mc_error"] == pytest.approx(math.sqrt(0.25 / 4))
    values["T6"] = [1.0, 1.0, 1.0, 0.0]
    assert row(targets.score(values, CENSOR), "T6")["hit"]


def test_the_hindcast_scores_switches_by_the_same_rule():
    from experiments import hindcast

    firsts = {s.id: ["2030-01"] * 4 for s in hindcast.SWITCHES}
    first = hindcast.SWITCHES[0]
    firsts[first.id] = [first.month, first.month, "", ""]  # emerges in half the seeds
    table = hindcast.score(firsts).set_index("id")
    assert table.loc[first.id, "verdict"] == "miss" and not targets.share_hit(0.5)


def test_revenue_targets_are_measured_on_their_log10_scale():
    """R1-R4 are scored in log10 (their observed values are): a run with the observed
    revenue measures the observed value; one that earns nothing produces no value (a miss)."""
    by_id = {t.id: t for t in TARGETS}
    months = pd.date_range("2024-01-01", "2024-12-01", freq="MS")
    labs = pd.DataFrame({"date": months, "lab": "openai", "revenue": 3.7 / 12})
    run = sim.Results(*(pd.DataFrame() for _ in range(8)))
    run.labs = labs
    assert by_id["R1"].measure(run) == pytest.approx(by_id["R1"].observed)  # log10(3.7) = 0.568
    run.labs = labs.assign(revenue=0.0)
    assert np.isnan(by_id["R1"].measure(run))
