"""Stream a Parquet partition into OpenSearch with bounded memory; idempotent by ``_id``."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
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
from etl.parquet_io import chunked, iter_batches, partition_dir
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


class _Failed:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


_DONE = object()


def _read_ahead(
    batches: Iterator[list[dict[str, Any]]], depth: int = 2
) -> Iterator[list[dict[str, Any]]]:
    """Decode the next row groups on a thread while a bulk request is in flight.

    Decoding Parquet into Python rows is most of the loader's own work; the bulk request
    mostly waits on the cluster, so the two overlap. At most ``depth`` batches wait.
    """
    slots: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            for batch in batches:
                if not put(batch):
                    return
            put(_DONE)
        except BaseException as exc:  # handed to the consumer, which raises it
            put(_Failed(exc))

    worker = threading.Thread(target=produce, name="newsetl-parquet-read", daemon=True)
    worker.start()
    try:
        while True:
            item = slots.get()
            if item is _DONE:
                return
            if isinstance(item, _Failed):
                raise item.exc
            yield item
    finally:
        stop.set()
        worker.join(timeout=10)


def _actions(
    data_dir: Path, day: date, index: str, batch_rows: int, ids: dict[str, str]
) -> Iterator[dict[str, Any]]:
    rows = (b.to_pylist() for b in iter_batches(data_dir, "articles", [day], batch_rows=batch_rows))
    for batch in _read_ahead(rows):
        for row in batch:
            ids[row["id"]] = row["url"]
            yield {
                "_op_type": "index",
                "_index": index,
                "_id": row["id"],
                "_source": to_document(row, day),
            }


def _bulk(
    client: OpenSearch, actions: Iterable[dict[str, Any]], options: IndexOptions
) -> Iterator[tuple[bool, dict[str, Any]]]:
    return helpers.streaming_bulk(
        client,
        actions,
        chunk_size=options.bulk_docs,
        max_chunk_bytes=options.bulk_bytes,
        raise_on_error=False,
        raise_on_exception=True,
        max_retries=5,
        initial_backoff=1,
        max_backoff=30,
    )


def _pipelined(
    client: OpenSearch, actions: Iterator[dict[str, Any]], options: IndexOptions
) -> Iterator[tuple[bool, dict[str, Any]]]:
    """Per-document outcomes of ``actions``, with up to ``bulk_concurrency`` requests in flight.

    Each chunk goes through ``streaming_bulk`` (byte limit, 429 retries with backoff) on a
    worker thread; at most ``bulk_concurrency`` chunks are built ahead of the answers, so
    memory stays bounded. A failed request re-raises here and cancels the chunks not yet sent.
    """
    width = max(1, options.bulk_concurrency)
    if width == 1:
        yield from _bulk(client, actions, options)
        return
    pool = ThreadPoolExecutor(max_workers=width, thread_name_prefix="newsetl-bulk")
    pending: set[Future[list[tuple[bool, dict[str, Any]]]]] = set()

    def answers(until: int) -> Iterator[tuple[bool, dict[str, Any]]]:
        nonlocal pending  # outcomes of finished requests until at most `until` are in flight
        while len(pending) > until:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield from fut.result()

    try:
        for chunk in chunked(actions, options.bulk_docs):
            yield from answers(width - 1)
            pending.add(pool.submit(lambda c: list(_bulk(client, c, options)), chunk))
        yield from answers(0)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
    day_filter = {"term": {"partition_date": day.isoformat()}}
    try:
        # A day loaded for the first time has nothing stale: skip the cleanup query then.
        had_docs = delete_stale and bool(
            client.count(index=target, body={"query": day_filter})["count"]
        )
        actions = _actions(data_dir, day, target, options.bulk_docs, ids)
        for ok, item in _pipelined(client, actions, options):
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
                    error_type=(
                        err.get("type", "DocumentLoadError")
                        if isinstance(err, dict)
                        else "DocumentLoadError"
                    ),
                    error_message=reason[:2000],
                    http_status=status or None,
                    run_id=run_id,
                    seen_at=datetime.now(UTC),
                )
            )
        if had_docs:
            query = {
                "bool": {
                    "filter": [day_filter],
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
        raise ServiceUnavailableError(
            f"OpenSearch failed during load: {exc}", stage="load"
        ) from exc
    log.info(
        "loaded %s: %d indexed, %d deleted, %d refused",
        day,
        result.indexed,
        result.deleted,
        len(result.rejects),
    )
    return result
