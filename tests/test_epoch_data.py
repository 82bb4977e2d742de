"""experiments/epoch_data.py: the open-weight size envelope (OLS) and its frontier size, and the
lags measured with sim.metrics.lag_months, on small synthetic tables; the command's refusal of
a missing data directory; and, where the real data are present, broad ranges of the results."""

from __future__ import annotations

import math
import numpy as np
import pandas as pd
import pytest

from experiments import epoch_data as ed
from sim.calendar import format_month, parse_month
from sim.config import default_config, plausible_range
from sim.observed import OBSERVED

REAL_DATA = ed.DEFAULT_DATA


def scores(rows: list[tuple[str, float, str, str, str]]) -> pd.DataFrame:
    """A raw scores table from (model, eci, date, accessibility group, country) rows."""
    columns = ["Model", "eci", "date", "Accessibility group", "Country (of organization)"]
    return pd.DataFrame(rows, columns=columns)


def test_ols_recovers_known_coefficients_from_exact_rows():
    t = np.array([0.2, 0.9, 1.5, 2.1, 2.8, 3.3, 3.9])
    log10_b = np.array([0.5, 2.0, 1.2, 2.7, 0.9, 1.8, 3.0])
    rows = pd.DataFrame({"eci": 80.0 + 10.0 * t + 6.0 * log10_b, "t": t, "log10_b": log10_b})
    fit = ed.fit_envelope(rows)
    assert (fit.a, fit.b, fit.c) == pytest.approx((80.0, 10.0, 6.0))
    assert fit.n == 7
    assert fit.se_c == pytest.approx(0.0, abs=1e-9)
    assert fit.resid_sd == pytest.approx(0.0, abs=1e-9)


def test_join_takes_exact_stripped_names_open_weights_only_first_table_first():
    raw = scores([
        ("Alpha 7B", 100.0, "2023-01-01", "Open weights", "China"),
        ("Beta 70B", 110.0, "2024-01-01", "Open weights", "China"),
        ("Gamma", 120.0, "2024-06-01", "Closed weights", "China"),  # closed: not fitted
        ("Delta 3B", 90.0, "2024-06-01", "Open weights", "China"),  # no size anywhere
    ])
    notable = pd.DataFrame({"Model": ["Alpha 7B ", "Beta 70B", "Gamma", "Delta-3B"],
                            "Parameters": [7e9, np.nan, 1e12, 3e9]})
    large = pd.DataFrame({"Model": ["Beta 70B", "Alpha 7B"], "Parameters": [70e9, 8e9]})
    rows = ed.sized_open_models(ed.scores_table(raw), ed.parameter_counts([notable, large]))
    assert rows["Model"].tolist() == ["Alpha 7B", "Beta 70B"]
    assert rows["log10_b"].to_numpy() == pytest.approx(np.log10([7.0, 70.0]))
    assert rows["t"].to_numpy() == pytest.approx([365 / 365.25, 730 / 365.25])


def test_frontier_size_is_recovered_for_a_synthetic_envelope():
    envelope = ed.Envelope(a=70.0, b=12.0, c=8.0, se_c=1.0, n=50, resid_sd=5.0)
    t = ed.month_end_years("2024-12")
    assert t == pytest.approx(1096 / 365.25)  # 2025-01-01 is 1096 days after 2022-01-01
    level = 70.0 + 12.0 * t + 8.0 * math.log10(2_500.0)
    (size,) = ed.frontier_sizes(envelope, {"E2": ("2024-12", level)})
    assert size.size_b == pytest.approx(2_500.0)
    assert ed.geometric_mean([10.0, 1_000.0]) == pytest.approx(100.0)


def test_closed_frontier_is_the_best_closed_score_released_by_the_months_end():
    raw = scores([
        ("A", 120.0, "2024-03-10", "Closed weights", "United States of America"),
        ("B", 130.0, "2024-06-30", "Closed weights", "United States of America"),
        ("C", 140.0, "2024-07-01", "Closed weights", "United States of America"),
        ("D", 150.0, "2024-05-01", "Open weights", "China"),
        ("E", 160.0, "2024-05-01", "Other", "United States of America"),
    ])
    levels = ed.closed_frontier(ed.scores_table(raw), {"X": "2024-06"})
    assert levels == {"X": ("2024-06", 130.0)}


def shifted_scores(shift: int) -> pd.DataFrame:
    """Closed and US models gaining one ECI point a month from 2022-06; open and Chinese ones
    reaching each level ``shift`` months later."""
    rows = []
    for m in range(parse_month("2022-06"), parse_month("2025-12") + 1):
        k = m - parse_month("2022-06")
        date = format_month(m) + "-15"
        rows.append((f"closed {k}", 100.0 + k, date, "Closed weights",
                     "United States of America,United Kingdom of Great Britain and Northern Ireland"))
        rows.append((f"open {k}", 100.0 + k - shift, date, "Open weights", "China"))
    return ed.scores_table(scores(rows))


def test_running_best_series_shifted_six_months_give_a_mean_lag_of_six():
    table = shifted_scores(6)
    leader = ed.monthly_best(ed.groups(table)["closed"], "2023-01", "2025-10")
    follower = ed.monthly_best(ed.groups(table)["open"], "2023-01", "2025-10")
    np.testing.assert_allclose(follower[6:], leader[:-6])
    assert ed.mean_lag(leader, follower, pace=1.0) == pytest.approx(6.0)
    t15, t16 = ed.lags(table, pace=1.0)
    assert (t15.id, t15.first, t15.last, t15.months) == ("T15", "2023-01", "2025-10", pytest.approx(6.0))
    assert (t16.id, t16.first, t16.last, t16.months) == ("T16", "2024-01", "2025-12", pytest.approx(6.0))


def test_running_best_keeps_the_best_so_far_and_is_nan_before_any_model():
    raw = scores([("A", 110.0, "2023-03-01", "Open weights", "China"),
                  ("B", 105.0, "2023-05-01", "Open weights", "China")])
    best = ed.monthly_best(ed.scores_table(raw), "2023-01", "2023-06")
    np.testing.assert_array_equal(best, [np.nan, np.nan, 110.0, 110.0, 110.0, 110.0])


def test_missing_data_directory_exits_2_with_one_line_naming_it(tmp_path, capsys):
    absent = tmp_path / "absent"
    with pytest.raises(SystemExit) as ended:
        ed.main(["--data", str(absent)])
    assert ended.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and str(absent) in err and "Traceback" not in err


def test_missing_data_file_exits_2_with_one_line_naming_it(tmp_path, capsys):
    with pytest.raises(SystemExit) as ended:
        ed.main(["--data", str(tmp_path)])
    assert ended.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(tmp_path / ed.SCORES) in err


@pytest.mark.skipif(not REAL_DATA.is_dir(), reason="the shared data are not on this machine")
def test_real_data_give_finite_numbers_in_broad_ranges():
    raw, parameters = ed.read_data(REAL_DATA)
    d = ed.derive(raw, parameters)
    e = d.envelope
    assert e.n >= 20
    assert all(math.isfinite(x) for x in (e.a, e.b, e.c, e.se_c, e.resid_sd, d.pace, d.frontier_size_b))
    assert 3 <= e.b <= 15 and 3 <= e.c <= 15
    assert 0 < e.se_c < e.c
    assert 10 < d.frontier_size_b < 1e6
    assert d.frontier_range_b[0] <= d.frontier_size_b <= d.frontier_range_b[1]
    assert 0.3 < d.pace < 2.0
    assert [g.id for g in d.lags] == ["T15", "T16"]
    assert all(0 <= g.months <= 24 for g in d.lags)


@pytest.mark.skipif(not REAL_DATA.is_dir(), reason="the shared data are not on this machine")
def test_the_model_uses_what_the_data_give():
    """The defaults and the target the command derives are the ones the model carries:
    ``openness.size_slope`` and ``openness.frontier_size`` (and its range), and T15."""
    d = ed.derive(*ed.read_data(REAL_DATA))
    openness = default_config().openness
    assert openness.size_slope == pytest.approx(d.envelope.c, abs=0.005)
    assert openness.frontier_size == pytest.approx(d.frontier_size_b, abs=0.5)
    declared = plausible_range("openness.frontier_size")
    assert (declared.low, declared.high) == pytest.approx(d.frontier_range_b, abs=0.5)
    t15 = next(g for g in d.lags if g.id == "T15")
    assert OBSERVED["T15"].value == pytest.approx(t15.months, abs=0.005)
