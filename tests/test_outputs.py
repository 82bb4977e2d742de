"""Writing results: Parquet round trip, atomic writes, nothing half-written left behind."""

from __future__ import annotations

import pandas as pd
import pytest

import sim
from sim.outputs import TABLES, write_atomically


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
