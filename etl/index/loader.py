"""Stream a Parquet partition into OpenSearch with bounded memory; idempotent by ``_id``."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from opensearchpy import OpenSearch, helpers
from opensearchpy.exceptions import ConnectionError as OSConnectionError
from opensearchpy.exceptions import TransportError

from etl.config import IndexOptions
from etl.errors import InvalidInputError, ServiceUnavailableError
from etl.index.documents import to_document
from etl.parquet_io import iter_batches, partition_dir
from etl.records import Reject

log = logging.getLogger(__name__)


@dataclass
class LoadResult:
    """Outcome of loading one partition."""

    day: date
    index: str
    indexed: int = 0
    deleted: int = 0
    rejects: list[Reject] = field(default_factory=list)


def _actions(
    data_dir: Path, day: date, index: str, batch_rows: int, ids: dict[str, str]
) -> Iterator[dict[str, Any]]:
    for batch in iter_batches(data_dir, "articles", [day], batch_rows=batch_rows):
        for row in batch.to_pylist():
            ids[row["id"]] = row["url"]
            yield {"_op_type": "index", "_index": index, "_id": row["id"], "_source": to_document(row, day)}


def load_partition(
    client: OpenSearch,
    options: IndexOptions,
    data_dir: Path,
    day: date,
    *,
    index: str | None = None,
    run_id: str = "",
    delete_stale: bool = True,
    refresh: bool = True,
) -> LoadResult:
    """Index every article of ``articles/dt=day``; delete that day's documents no longer present.

    Args:
        client: OpenSearch client.
        options: index options (alias, bulk sizes).
        data_dir: dataset root.
        day: partition date.
        index: concrete index (default: the alias's write index).
        run_id: recorded on load rejects.
        delete_stale: remove documents of this partition date whose id is gone.
        refresh: make the result searchable before returning.

    Returns:
        Counts plus one ``Reject`` (stage ``load``) per document OpenSearch refused.

    Raises:
        InvalidInputError: the day has no ``articles`` partition at all (permanent).
        ServiceUnavailableError: the cluster is unreachable or kept failing (transient).
    """
    from etl.index.manage import write_target

    if not partition_dir(data_dir, "articles", day).is_dir():
        # An empty partition is a day with no articles; a missing one is a wrong folder or
        # date, and loading it as empty would delete every document of that day.
        raise InvalidInputError(
            f"no articles partition for {day} under {data_dir}/articles", stage="load"
        )

    target = index or write_target(client, options)
    result = LoadResult(day=day, index=target)
    ids: dict[str, str] = {}
    try:
        for ok, item in helpers.streaming_bulk(
            client,
            _actions(data_dir, day, target, options.bulk_docs, ids),
            chunk_size=options.bulk_docs,
            max_chunk_bytes=options.bulk_bytes,
            raise_on_error=False,
            raise_on_exception=True,
            max_retries=5,
            initial_backoff=1,
            max_backoff=30,
        ):
            if ok:
                result.indexed += 1
                continue
            info = next(iter(item.values()))
            status = int(info.get("status") or 0)
            if status == 429 or status >= 500:
                raise ServiceUnavailableError(
                    f"bulk item kept failing with {status}", stage="load", http_status=status
                )
            err = info.get("error") or {}
            reason = err.get("reason", str(err)) if isinstance(err, dict) else str(err)
            result.rejects.append(
                Reject(
                    url=ids.get(str(info.get("_id")), str(info.get("_id"))),
                    stage="load",
                    error_type=err.get("type", "DocumentLoadError") if isinstance(err, dict) else "DocumentLoadError",
                    error_message=reason[:2000],
                    http_status=status or None,
                    run_id=run_id,
                    seen_at=datetime.now(UTC),
                )
            )
        if delete_stale:
            query = {
                "bool": {
                    "filter": [{"term": {"partition_date": day.isoformat()}}],
                    "must_not": [{"ids": {"values": list(ids)}}],
                }
            }
            resp = client.delete_by_query(
                index=target, body={"query": query}, refresh=True, conflicts="proceed"
            )
            result.deleted = int(resp.get("deleted") or 0)
        if refresh:
            client.indices.refresh(index=target)
    except (OSConnectionError, TransportError) as exc:
        code = getattr(exc, "status_code", None)
        if isinstance(code, int) and 400 <= code < 500 and code != 429:
            raise
        raise ServiceUnavailableError(f"OpenSearch failed during load: {exc}", stage="load") from exc
    log.info("loaded %s: %d indexed, %d deleted, %d refused", day, result.indexed, result.deleted, len(result.rejects))
    return result
