"""Writing results: Parquet round trip, atomic writes, nothing half-written left behind; the
summary's dated columns, named and read back in one place; the events' structured fields."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import sim
from sim.calendar import month_timestamps, parse_month
from sim.metrics import HEADLINES, summary_column, summary_months
from sim.outputs import TABLES, write_atomically
from sim.timeline import KINDS
from tests.conftest import small_config


def test_tables_round_trip_through_parquet(small_results, tmp_path):
    paths = small_results.to_parquet(tmp_path)
    assert {p.name for p in paths} == {f"{t}.parquet" for t in TABLES}
    back = sim.Results.from_parquet(tmp_path)
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(back, table), getattr(small_results, table), check_dtype=False)
    assert not list(tmp_path.glob(".*tmp")), "no temporary files remain"


def test_summary_is_written_last_so_it_marks_a_finished_run(small_results, tmp_path):
    paths = small_results.to_parquet(tmp_path)
    assert paths[-1].name == "summary.parquet"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "table.parquet"
    write_atomically(pd.DataFrame({"a": [1, 2]}), target)

    class Unwritable(pd.DataFrame):
        def to_parquet(self, *args, **kwargs):
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_atomically(Unwritable({"a": [3]}), target)
    assert pd.read_parquet(target)["a"].tolist() == [1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["table.parquet"]


def test_a_summary_column_is_named_by_its_outcome_and_month():
    assert summary_column("gs_share_cn", "2025-12") == "gs_share_cn_2025_12"
    assert summary_column("cn_download_share", "2030-01") == "cn_download_share_2030_01"


def test_the_summary_has_each_outcome_at_each_summary_month_and_gives_the_months_back(small_results):
    summary = small_results.summary
    months = summary_months(summary)
    assert months == ["2026-12"]  # the shared run's run.summary_dates
    for key in [*HEADLINES, "gs_adopting", "open_lag_months", "cn_download_share"]:
        assert summary_column(key, months[0]) in summary.columns, key


def test_summary_months_come_back_in_order_from_the_first_headlines_columns_only():
    first, other = list(HEADLINES)[:2]
    columns = ["scenario", summary_column(first, "2030-12"), summary_column(first, "2025-06"),
               f"{first}_total", summary_column(other, "2027-01")]
    assert summary_months(pd.DataFrame(columns=columns)) == ["2025-06", "2030-12"]


def test_a_timeline_events_row_is_what_its_entry_said(small_results):
    cfg = small_config()
    logged = small_results.events.set_index("event")
    start = parse_month(cfg.run.start)
    for name, entry in cfg.timeline.items():
        row, kind = logged.loc[name], KINDS[entry.kind]
        assert row["date"] == month_timestamps([max(parse_month(entry.date), start)])[0], name
        assert (row["kind"], row["agent"], row["change"], row["setting"], row["region"]) == (
            kind.log_as, entry.target, entry.kind, entry.setting, entry.region), name
        if kind.value_range:
            assert row["value"] == entry.value, name
        else:  # the kind sets a named setting only
            assert math.isnan(row["value"]) and row["setting"], name
    # the baseline has no cloud_region event (clouds enter regions by decision; tests/test_clouds.py
    # checks that kind's row) and no strategy event (labs decide their strategies)
    assert {"price_war", "compute_cap"} <= set(logged["change"])


def test_the_models_own_changes_name_no_timeline_entry_and_say_what_they_set(small_results):
    events, labs = small_results.events, small_results.labs
    own = events[events["event"] == ""]
    entries = own[own["change"] == "entry"]
    first = labs.drop_duplicates("lab").set_index("lab")
    assert sorted(entries["agent"]) == sorted(first.index.astype(str))
    for lab, date in zip(entries["agent"], entries["date"]):
        assert date == first.loc[lab, "date"], lab  # its first review may change the stance that month
    reviews = own[own["change"] == "strategy"]
    assert len(reviews) and set(reviews["kind"]) == {"strategy_switch"} and reviews["value"].isna().all()
    strategies = labs.set_index(["lab", "date"])["strategy"]
    for lab, date, strategy in zip(reviews["agent"], reviews["date"], reviews["setting"]):
        assert strategies[(lab, date)] == strategy, (lab, date)
    licences = own[own["change"] == "licence"]
    assert set(licences["kind"]) <= {"release"} and licences["value"].notna().all()


def test_a_reactive_tightening_logs_the_level_it_set():
    cfg = small_config(adopters=100, end="2024-12")
    cfg.governments["us"].react_gap_months = 24.0  # China's lag stays below it: tighten every month
    results = sim.run(cfg)
    events = results.events
    tightened = events[(events["event"] == "") & (events["change"] == "export_control")]
    assert len(tightened) >= 3 and set(tightened["agent"]) == {"us"}
    level = results.policies[results.policies["government"] == "us"].set_index("date")["export_control"]
    for date, value in zip(tightened["date"], tightened["value"]):  # after any timeline event that month
        assert value == level[date], date
