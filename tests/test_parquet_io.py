from __future__ import annotations

from datetime import UTC, date, datetime

import pyarrow.parquet as pq
import pytest

from etl.parquet_io import partitions, read_partition, write_part_file, write_partition
from etl.records import Reject

DAY = date(2026, 3, 4)


def _reject(url: str) -> Reject:
    return Reject(
        url, "fetch", "ServerError", "boom", 503, "run-1", datetime(2026, 3, 4, tzinfo=UTC)
    )


def test_partition_is_replaced_whole(tmp_path):
    write_partition(tmp_path, "rejects", DAY, [_reject("a"), _reject("b")])
    write_partition(tmp_path, "rejects", DAY, [_reject("c")])
    table = read_partition(tmp_path, "rejects", DAY)
    assert table.column("url").to_pylist() == ["c"]
    # no temporary or old directories left behind
    assert [p.name for p in (tmp_path / "rejects").iterdir()] == [f"dt={DAY}"]


def test_failed_write_keeps_the_old_partition(tmp_path):
    write_partition(tmp_path, "rejects", DAY, [_reject("a")])
    with pytest.raises(ValueError):
        write_partition(tmp_path, "rejects", DAY, [{"url": "x", "bogus": 1}])
    assert read_partition(tmp_path, "rejects", DAY).column("url").to_pylist() == ["a"]
    assert [p.name for p in (tmp_path / "rejects").iterdir()] == [f"dt={DAY}"]


def test_zstd_and_schema(tmp_path):
    part = write_partition(tmp_path, "rejects", DAY, [_reject("a")])
    meta = pq.ParquetFile(next(part.glob("*.parquet"))).metadata
    assert meta.row_group(0).column(0).compression == "ZSTD"
    assert (
        str(read_partition(tmp_path, "rejects", DAY).schema.field("seen_at").type)
        == "timestamp[us, tz=UTC]"
    )


def test_part_file_added_and_removed(tmp_path):
    write_partition(tmp_path, "rejects", DAY, [_reject("a")])
    write_part_file(tmp_path, "rejects", DAY, "load", [_reject("z")])
    assert sorted(read_partition(tmp_path, "rejects", DAY).column("url").to_pylist()) == ["a", "z"]
    write_part_file(tmp_path, "rejects", DAY, "load", [])
    assert read_partition(tmp_path, "rejects", DAY).column("url").to_pylist() == ["a"]


def test_missing_partition_reads_empty(tmp_path):
    assert read_partition(tmp_path, "articles", DAY).num_rows == 0
    assert partitions(tmp_path, "articles") == []


def test_a_generator_is_written_in_row_groups(tmp_path):
    from etl.parquet_io import ROW_GROUP_ROWS

    consumed = []

    def rows():
        for i in range(ROW_GROUP_ROWS * 2 + 5):
            consumed.append(i)
            yield _reject(f"u{i}")

    part = write_partition(tmp_path, "rejects", DAY, rows())
    meta = pq.ParquetFile(next(part.glob("*.parquet"))).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [
        ROW_GROUP_ROWS, ROW_GROUP_ROWS, 5]
    assert read_partition(tmp_path, "rejects", DAY).column("url").to_pylist() == [
        f"u{i}" for i in consumed]


def test_an_empty_generator_writes_an_empty_partition(tmp_path):
    write_partition(tmp_path, "rejects", DAY, [_reject("a")])
    write_partition(tmp_path, "rejects", DAY, iter(()))
    assert read_partition(tmp_path, "rejects", DAY).num_rows == 0


def test_read_only_some_columns(tmp_path):
    write_partition(tmp_path, "rejects", DAY, [_reject("a")])
    table = read_partition(tmp_path, "rejects", DAY, columns=["url", "stage"])
    assert table.column_names == ["url", "stage"] and table.to_pylist() == [
        {"url": "a", "stage": "fetch"}]
    assert read_partition(tmp_path, "rejects", date(2020, 1, 1), columns=["url"]).column_names == [
        "url"]
