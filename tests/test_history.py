"""History matching: implausibility, the cut-off, the designs, the ensemble of plausible
worlds and how ``scenario=calibrated`` reads it, and the command end to end."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sim
from experiments import history, targets
from experiments.targets import TARGET_BY_ID, TARGETS
from sim import worlds
from sim.config import ConfigError, PolicyRange, get_value

CENSOR = targets.month_after("2026-06")


def runs_at(values: dict[str, list[float]], point: int = 0) -> pd.DataFrame:
    """A point's runs: every target at its observed value unless ``values`` says otherwise."""
    n = len(next(iter(values.values()))) if values else 3
    frame = pd.DataFrame({t.id: values.get(t.id, [t.observed] * n) for t in TARGETS})
    frame.insert(0, "replication", range(n))
    frame.insert(0, "point", point)
    return frame


def test_implausibility_by_hand():
    t = TARGET_BY_ID["T16"]  # observed 7 months
    values = np.array([9.0, 10.0, 11.0])  # mean 10, variance 1
    expected = 3.0 / math.sqrt(t.observation_sd ** 2 + t.discrepancy_sd ** 2 + 1.0 / 3)
    assert history.target_implausibility(t, values, CENSOR) == pytest.approx(expected)


def test_implausibility_of_a_yes_no_target_and_a_missing_event_by_hand():
    yes = TARGET_BY_ID["T6"]
    expected = 0.5 / math.sqrt(yes.observation_sd ** 2 + yes.discrepancy_sd ** 2 + 0.25 / 4)
    assert history.target_implausibility(yes, np.array([1.0, 0.0, 1.0, 0.0]), CENSOR) == pytest.approx(expected)
    event = TARGET_BY_ID["T2"]  # never happens: every seed counts at the month after the end
    expected = (CENSOR - event.observed) / math.sqrt(event.observation_sd ** 2 + event.discrepancy_sd ** 2)
    assert history.target_implausibility(event, np.full(3, np.nan), CENSOR) == pytest.approx(expected)
    level = TARGET_BY_ID["R4"]  # a level missing in most seeds
    assert history.target_implausibility(level, np.array([np.nan, np.nan, -0.4]), CENSOR) == math.inf


def test_a_point_far_from_every_target_is_ruled_out_and_one_at_the_truth_is_kept():
    truth = runs_at({}, point=0)
    far = runs_at({t.id: [t.observed + 10 * t.tolerance + 1.0] * 3 for t in TARGETS}, point=1)
    table = history.implausibility(pd.concat([truth, far]), CENSOR)
    out = history.ruled_out(table)
    assert not out[0] and out[1]
    assert np.allclose(table.loc[0].to_numpy(dtype=float), 0.0)


def test_the_second_largest_implausibility_decides():
    one_miss = runs_at({"T16": [40.0] * 3}, point=0)  # one target far off: kept
    two_misses = runs_at({"T16": [40.0] * 3, "T15": [40.0] * 3}, point=1)  # two: ruled out
    table = history.implausibility(pd.concat([one_miss, two_misses]), CENSOR)
    assert table.loc[0].max() > history.CUTOFF
    assert list(history.ruled_out(table)) == [False, True]


def test_the_space_is_every_uncertainty_without_the_levers():
    base = history.history(adopters=100)
    space = history.space(base)
    assert "labs.openai.cash" in space and "regions.AFRICA.trust" in space and "pricing.markup.US" in space
    assert "governments.cn.subsidy" not in space and not any(isinstance(r, PolicyRange) for r in space.values())


def test_the_designs_fill_the_space_and_stay_in_it():
    first = history.sobol(5, 16)
    assert first.shape == (16, 5) and np.array_equal(first, history.sobol(5, 16))  # fixed seed
    for column in first.T:  # a Sobol block of 16 puts one point in each sixteenth of every axis
        assert sorted(np.floor(column * 16).astype(int)) == list(range(16))
    later = history.resample(first[:3], 40, np.random.default_rng(0))
    assert later.shape == (40, 5) and later.min() >= 0 and later.max() <= 1


def test_whole_number_parameters_are_rounded_within_their_range():
    base = history.history(adopters=100)
    keys = ["strategy.review_every", "adoption.price"]
    ranges = {key: history.space(base)[key] for key in keys}
    values = history.to_values(ranges, history._whole(base, keys), np.array([[0.51, 0.5], [1.0, 0.0]]))
    assert values[0, 0] == round(3 + 0.51 * 9) and values[1, 0] == 12
    cfg = history.configure(base, keys, values[0])
    assert isinstance(cfg.strategy.review_every, int) and cfg.adoption.price == pytest.approx(values[0, 1])


@pytest.fixture
def ensemble(tmp_path, monkeypatch):
    """A two-world ensemble file, made by the command's own writer, in place of the real one."""
    keys = ["adoption.price", "strategy.review_every", "labs.openai.cash", "timeline.cn_vc_fund.value"]
    values = np.array([[1.1, 9.0, 5.5, 0.3], [0.9, 4.0, 2.5, 0.1]])
    result = history.Calibration(
        keys, {}, values, np.array([1, 2]), pd.DataFrame(),
        pd.DataFrame({"T16": [0.5, 1.0], "T15": [0.2, 2.0]}), CENSOR, 0.0)
    path = tmp_path / "plausible_worlds.parquet"
    worlds.write(history.ensemble_table(result), path)
    monkeypatch.setattr(worlds, "WORLDS", path)
    return dict(zip(keys, values[0])), dict(zip(keys, values[1]))


def test_the_ensemble_round_trips_into_the_calibrated_scenario(ensemble):
    first, second = ensemble
    assert worlds.count() == 2
    calibrated = sim.compose("calibrated")
    assert calibrated.run.world == 0 and calibrated.run.scenario == "calibrated"
    for key, value in first.items():
        assert get_value(calibrated, key) == pytest.approx(value), key
    assert isinstance(calibrated.strategy.review_every, int)
    other = sim.compose("calibrated", ["world=1"])
    assert {key: get_value(other, key) for key in second} == pytest.approx(second)
    assert sim.runs.config_digest(other) != sim.runs.config_digest(calibrated)  # the values key the runs


def test_an_explicit_override_wins_over_the_world(ensemble):
    cfg = sim.compose("calibrated", ["adoption.price=2.0"])
    assert cfg.adoption.price == 2.0 and cfg.labs["openai"].cash == pytest.approx(ensemble[0]["labs.openai.cash"])


def test_a_world_outside_the_ensemble_is_refused(ensemble):
    with pytest.raises(ConfigError, match="a world from 0 to 1"):
        sim.compose("calibrated", ["world=5"])


def test_the_baseline_takes_no_world(ensemble):
    assert sim.compose("baseline").run.world is None
    assert sim.compose("baseline").adoption.price == sim.default_config().adoption.price


def test_the_repository_ensemble_is_what_the_calibrated_scenario_runs():
    table = worlds.read()
    assert set(table.columns) == set(worlds.COLUMNS) and table["world"].min() == 0
    base = history.history(adopters=100)
    calibrated = sim.compose("calibrated")
    for key, value in worlds.values(0).items():
        assert key in history.space(base), key
        assert get_value(calibrated, key) == pytest.approx(value), key


def test_quick_runs_end_to_end_and_resumes(tmp_path, capsys):
    store = tmp_path / "store"
    args = ["--quick", "--waves", "2", "--points", "2", "--workers", "1", "--store", str(store), "--out", str(tmp_path)]
    history.main(args)
    (out,) = [d for d in tmp_path.iterdir() if d.name != "store"]
    report = (out / "report.md").read_text()
    for t in TARGETS:
        assert f"| {t.id} |" in report, t.id
    points = pd.read_parquet(out / "points.parquet")
    assert len(points) >= 2 and {"wave", "second_largest", "ruled_out"} <= set(points.columns)
    assert len(pd.read_parquet(out / "runs.parquet")) == len(points) * history.QUICK.replications
    ensemble = pd.read_parquet(out / "plausible_worlds.parquet")
    assert set(ensemble.columns) == set(worlds.COLUMNS) and ensemble["world"].nunique() >= 1
    assert set(pd.read_csv(out / "targets.csv")["id"]) == {t.id for t in TARGETS}
    first = capsys.readouterr().out
    history.main(args)  # into the same store: every run is found done and checked, none redone
    again = sorted(d for d in tmp_path.iterdir() if d.name != "store")[-1]
    assert pd.read_parquet(again / "points.parquet").equals(points)
    assert "targets hit over the ensemble" in first
