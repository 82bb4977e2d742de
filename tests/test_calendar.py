"""The model's clock (sim/calendar.py): "YYYY-MM" <-> absolute month numbers, and the
first-of-month timestamps by which the tables date a month."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.calendar import format_month, month_timestamp, month_timestamps, parse_month


def test_month_numbers_are_year_times_twelve_plus_month_minus_one():
    assert parse_month("2022-01") == 2022 * 12  # 24264
    assert parse_month("2025-12") == 2025 * 12 + 11
    # date arithmetic is integer arithmetic: 2024-11 + 3 months = 2025-02
    assert format_month(parse_month("2024-11") + 3) == "2025-02"


@given(year=st.integers(1900, 2100), month=st.integers(1, 12))
def test_parse_and_format_round_trip(year, month):
    text = f"{year:04d}-{month:02d}"
    assert format_month(parse_month(text)) == text
    assert parse_month(format_month(year * 12 + month - 1)) == year * 12 + month - 1


@pytest.mark.parametrize("text", ["2025-13", "2025-00", "2025-1", "25-01", "2025/01", "2025-01-01", "", "abc"])
def test_malformed_months_raise_value_error_naming_the_format(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(text)


def test_trailing_newline_is_not_a_month():
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month("2025-01\n")


def test_month_timestamps_are_first_of_month_dates_across_a_year_end():
    first = parse_month("2024-11")
    stamps = month_timestamps([first, first + 1, first + 2, first + 14])
    expected = pd.to_datetime(["2024-11-01", "2024-12-01", "2025-01-01", "2026-01-01"])
    assert list(stamps) == list(expected)
    assert stamps.dtype == expected.dtype


def test_a_months_timestamp_is_its_first_day_as_the_tables_date_it():
    assert month_timestamp("2025-12") == pd.Timestamp("2025-12-01")
    assert month_timestamp("2024-01") == month_timestamps([parse_month("2024-01")])[0]
    with pytest.raises(ValueError, match="YYYY-MM"):
        month_timestamp("2025-13")


def test_the_tables_dates_are_the_months_timestamps(small_results):
    dates = small_results.markets["date"].drop_duplicates()
    assert list(dates) == [month_timestamp(f"{year}-{m:02d}") for year in range(2022, 2027) for m in range(1, 13)]
    assert dates.dtype == month_timestamps([0]).dtype
