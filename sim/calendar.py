"""Calendar months: the model's clock.

A step is one calendar month. Months are written ``"YYYY-MM"`` in configs and handled
internally as absolute month numbers (``year * 12 + month - 1``) so that date arithmetic is
integer arithmetic; the output tables date a month by the timestamp of its first day.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> int:
    """Absolute month number of ``"YYYY-MM"``; raises ValueError naming the format."""
    match = _MONTH.fullmatch(str(text))
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2025-01")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


TREND_ORIGIN = parse_month("2022-01")
"""Month 0 of the hardware and chip trends (``capability.hardware_cost``, domestic chips)."""


def format_month(number: int) -> str:
    """``"YYYY-MM"`` of an absolute month number."""
    year, month0 = divmod(int(number), 12)
    return f"{year:04d}-{month0 + 1:02d}"


def month_timestamps(months) -> pd.DatetimeIndex:
    """First-of-month timestamps of absolute month numbers: how the output tables date months."""
    numbers = np.asarray(months, dtype=np.int64)
    return pd.DatetimeIndex(
        pd.to_datetime({"year": numbers // 12, "month": numbers % 12 + 1, "day": np.ones(len(numbers), int)})
    )


def month_timestamp(text: str) -> pd.Timestamp:
    """The first-of-month timestamp of ``"YYYY-MM"`` (the date of that month in the tables)."""
    return month_timestamps([parse_month(text)])[0]
