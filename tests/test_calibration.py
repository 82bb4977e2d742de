"""The calibration command and its targets: every target is measured, scored and reported."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import sim
from experiments import calibrate
from experiments.targets import NOT_MODELLED, TARGETS
from sim.config import plausible_range
from tests.conftest import small_config


@pytest.fixture(scope="module")
def history():
    cfg = small_config(adopters=300, end="2025-12")
    return sim.run(cfg)


def test_every_domain_figure_is_a_target_or_says_why_not():
    ids = {t.id.rstrip("ab") for t in TARGETS if t.id.startswith("T")} | set(NOT_MODELLED)
    assert ids == {f"T{i}" for i in range(1, 24)}


def test_every_target_measures_a_run(history):
    values = {t.id: t.measure(history) for t in TARGETS}
    finite = [k for k, v in values.items() if np.isfinite(v)]
    assert len(finite) >= len(TARGETS) - 2, values  # the download milestones may not occur
    for t in TARGETS:
        if t.unit in ("share", "yes/no") and np.isfinite(values[t.id]):
            assert 0 <= values[t.id] <= 1, t.id


def test_loss_counts_misses_in_tolerances():
    perfect = {t.id: t.observed for t in TARGETS}
    assert calibrate.loss(perfect) == 0
    one_off = dict(perfect, T16=perfect["T16"] + 2 * 3.0)  # two tolerances of 3 months
    assert calibrate.loss(one_off) == pytest.approx(4.0)
    missing = dict(perfect, T2=math.nan)
    assert calibrate.loss(missing) == pytest.approx(4.0)


def test_the_search_ranges_are_the_declared_plausible_ranges():
    assert calibrate.PARAMETERS == {key: plausible_range(key).bounds for key in calibrate.FITTED}


def test_the_design_covers_each_parameter_range_once_per_stratum():
    points = calibrate.design(8, seed=1)
    for key, (low, high) in calibrate.PARAMETERS.items():
        values = np.array([p[key] for p in points])
        strata = np.floor((values - low) / (high - low) * 8).astype(int)
        assert sorted(strata) == list(range(8)), key  # Latin hypercube: one point per stratum


def test_each_round_searches_half_the_previous_box_around_the_best_point():
    best = {key: low for key, (low, high) in calibrate.PARAMETERS.items()}  # at the lower edges
    box = calibrate.shrink(best, 0.5)
    for key, (low, high) in calibrate.PARAMETERS.items():
        assert box[key][0] == pytest.approx(low) and box[key][1] - box[key][0] == pytest.approx((high - low) / 2)


def test_the_command_writes_a_report_with_every_target(tmp_path):
    calibrate.main(["--points", "2", "--replications", "1", "--adopters", "150", "--workers", "1", "--rounds", "2",
                    "--no-scenario", "--out", str(tmp_path)])
    (run_dir,) = list(tmp_path.iterdir())
    text = (run_dir / "report.md").read_text()
    for t in TARGETS:
        assert f"| {t.id} |" in text, t.id
    table = pd.read_csv(run_dir / "targets.csv")
    assert set(table["id"]) == {t.id for t in TARGETS}
    for figure in ("lags", "adoption", "downloads", "prices"):
        assert (run_dir / f"{figure}.png").stat().st_size > 5_000, figure


def test_revenue_targets_are_measured_on_their_log10_scale():
    """R1-R4 are scored in log10 (their observed values are): a run with the observed
    revenue measures the observed value, and one with none a finite miss."""
    by_id = {t.id: t for t in TARGETS}
    months = pd.date_range("2024-01-01", "2024-12-01", freq="MS")
    labs = pd.DataFrame({"date": months, "lab": "openai", "revenue": 3.7 / 12})
    run = sim.Results(*(pd.DataFrame() for _ in range(8)))
    run.labs = labs
    assert by_id["R1"].measure(run) == pytest.approx(by_id["R1"].observed)  # log10(3.7) = 0.568
    run.labs = labs.assign(revenue=0.0)
    assert by_id["R1"].measure(run) == pytest.approx(-3.0)  # counted as US$1 million
