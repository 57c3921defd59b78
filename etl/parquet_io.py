"""Parquet datasets: ``articles/``, ``rejects/``, ``quality/``, each partitioned ``dt=YYYY-MM-DD``.

A partition is always replaced as a whole: rows are written to a hidden temporary
directory beside it (readers skip names starting with ``.``), then swapped in with
one ``rename``. A crash leaves either the old partition or the new one, never half.
"""

from __future__ import annotations

import ctypes
import dataclasses
import os
import shutil
import uuid
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa
import pyarrow.parquet as pq

from etl.records import Article, Reject
from schemas.arrow import ARTICLES, QUALITY, REJECTS

ROW_GROUP_ROWS = 256
SCHEMAS = {"articles": ARTICLES, "rejects": REJECTS, "quality": QUALITY}

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _is_instance(obj: Any) -> bool:
    return dataclasses.is_dataclass(obj) and not isinstance(obj, type)


def partition_dir(root: Path, dataset: str, day: date) -> Path:
    """``root/dataset/dt=YYYY-MM-DD``."""
    return root / dataset / f"dt={day.isoformat()}"


def to_rows(records: Iterable[Any]) -> list[dict[str, Any]]:
    """Dataclass records (or dicts) to plain row dicts."""
    return [dataclasses.asdict(r) if _is_instance(r) else dict(r) for r in records]


def to_table(dataset: str, records: Iterable[Any]) -> pa.Table:
    """Build a table that conforms exactly to the dataset's schema (extra keys are an error)."""
    schema = SCHEMAS[dataset]
    rows = to_rows(records)
    names = set(schema.names)
    for row in rows:
        extra = set(row) - names
        if extra:
            raise ValueError(f"{dataset}: fields not in schema: {sorted(extra)}")
    return pa.Table.from_pylist(rows, schema=schema)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return rc == 0


T = TypeVar("T")


def chunked(records: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of ``size`` consecutive items of ``records`` (the last may be shorter).

    Args:
        records: any iterable, read once.
        size: items per list, at least 1.

    Returns:
        The lists, in order; nothing for an empty input.
    """
    chunk: list[T] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def write_partition(root: Path, dataset: str, day: date, records: Iterable[Any]) -> Path:
    """Replace ``dataset/dt=day`` with ``records`` atomically.

    Args:
        root: dataset root (``Settings.data_dir``).
        dataset: ``articles``, ``rejects`` or ``quality``.
        day: the partition date.
        records: dataclasses or dicts matching the dataset schema; read once, in
            row groups, so a generator keeps memory flat however many there are.

    Returns:
        The partition directory.

    Raises:
        ValueError: a record has a field the schema lacks.
    """
    final = partition_dir(root, dataset, day)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = final.parent / f".tmp-{final.name}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        # One row group at a time: ``records`` may be a generator over a whole day.
        with pq.ParquetWriter(
            tmp / "part-0.parquet", SCHEMAS[dataset], compression="zstd", write_statistics=True
        ) as writer:
            for chunk in chunked(records, ROW_GROUP_ROWS):
                writer.write_table(to_table(dataset, chunk), row_group_size=ROW_GROUP_ROWS)
        with open(tmp / "part-0.parquet", "rb") as fh:
            os.fsync(fh.fileno())
        if final.exists():
            if _exchange(tmp, final):
                shutil.rmtree(tmp)  # tmp now holds the old partition
                return final
            old = final.parent / f".old-{final.name}-{uuid.uuid4().hex[:8]}"
            os.rename(final, old)
            os.rename(tmp, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def write_part_file(
    root: Path, dataset: str, day: date, name: str, records: Iterable[Any]
) -> Path | None:
    """Replace one named file (``part-<name>.parquet``) inside an existing partition.

    Used for rows that a later stage adds to a partition (load rejects). An empty
    ``records`` removes the file. The partition directory is created if missing.
    """
    table = to_table(dataset, records)
    part = partition_dir(root, dataset, day)
    target = part / f"part-{name}.parquet"
    if table.num_rows == 0:
        target.unlink(missing_ok=True)
        return None
    part.mkdir(parents=True, exist_ok=True)
    tmp = part / f".tmp-{name}-{uuid.uuid4().hex[:8]}.parquet"
    pq.write_table(table, tmp, compression="zstd", row_group_size=ROW_GROUP_ROWS)
    os.replace(tmp, target)
    return target


def read_partition(
    root: Path, dataset: str, day: date, columns: Sequence[str] | None = None
) -> pa.Table:
    """Read one partition (an empty table with the schema when it does not exist).

    Args:
        root: dataset root.
        dataset: ``articles``, ``rejects`` or ``quality``.
        day: the partition date.
        columns: only these columns (the others are never decoded); all when None.

    Returns:
        The partition's rows.
    """
    part = partition_dir(root, dataset, day)
    files = sorted(part.glob("*.parquet")) if part.exists() else []
    wanted = list(columns) if columns is not None else None
    if not files:
        empty = SCHEMAS[dataset].empty_table()
        return empty.select(wanted) if wanted is not None else empty
    return pa.concat_tables(
        pq.read_table(f, schema=SCHEMAS[dataset], columns=wanted) for f in files
    )


def partitions(root: Path, dataset: str) -> list[date]:
    """Dates of the partitions present, oldest first."""
    base = root / dataset
    if not base.exists():
        return []
    out = []
    for d in base.iterdir():
        if d.is_dir() and d.name.startswith("dt="):
            out.append(date.fromisoformat(d.name[3:]))
    return sorted(out)


def iter_batches(
    root: Path, dataset: str, days: Sequence[date] | None = None, batch_rows: int = 500
) -> Iterator[pa.RecordBatch]:
    """Stream record batches of the given partitions (all when ``days`` is None)."""
    for day in days if days is not None else partitions(root, dataset):
        part = partition_dir(root, dataset, day)
        for f in sorted(part.glob("*.parquet")):
            pf = pq.ParquetFile(f)
            yield from pf.iter_batches(batch_size=batch_rows)


def write_articles(root: Path, day: date, articles: Sequence[Article]) -> Path:
    """Typed shortcut for the ``articles`` partition."""
    return write_partition(root, "articles", day, articles)


def write_rejects(root: Path, day: date, rejects: Sequence[Reject]) -> Path:
    """Typed shortcut for the ``rejects`` partition."""
    return write_partition(root, "rejects", day, rejects)
