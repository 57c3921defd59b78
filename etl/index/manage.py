"""Versioned indices behind one alias; template from ``schemas``; atomic rebuilds.

Layout: indices ``<prefix>-v<mapping>-<UTC stamp>``, read and write through the
alias ``<alias>``. ``reindex`` fills a fresh index from every Parquet partition and
swaps the alias in a single ``_aliases`` call, so searches never see a gap.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionTimeout, RequestError

from etl.config import IndexOptions
from etl.errors import ServiceUnavailableError, TransientError
from etl.records import Reject
from schemas.opensearch import (
    MAPPING_VERSION,
    MERGE_AFTER_LOAD,
    MERGE_DURING_LOAD,
    index_template,
    mappings,
)

log = logging.getLogger(__name__)


def _new_index_name(options: IndexOptions) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
    return f"{options.index_prefix}-v{MAPPING_VERSION}-{stamp}"


def put_template(client: OpenSearch, options: IndexOptions) -> None:
    """Install (or update) the index template for ``<prefix>-*``."""
    body = index_template(f"{options.index_prefix}-*", options.shards, options.replicas)
    client.indices.put_index_template(name=f"{options.index_prefix}-template", body=body)


def alias_indices(client: OpenSearch, alias: str) -> list[str]:
    """Concrete indices behind ``alias`` (empty when the alias does not exist)."""
    if not client.indices.exists_alias(name=alias):
        return []
    return sorted(client.indices.get_alias(name=alias).keys())


def create_index(client: OpenSearch, options: IndexOptions) -> str:
    """Create a new, empty versioned index (the template supplies mapping and settings)."""
    put_template(client, options)
    name = _new_index_name(options)
    client.indices.create(index=name)
    return name


def _add_new_fields(client: OpenSearch, index: str, version: object) -> None:
    """Let an index of an older mapping accept the fields added since, in place.

    New columns (a strict mapping refuses unknown fields) are added with a plain
    ``PUT _mapping``; the index keeps its old ``mapping_version`` because analyzers,
    settings and changed fields only come with ``newsetl reindex``.
    """
    body = {k: v for k, v in mappings().items() if k != "_meta"}
    try:
        client.indices.put_mapping(index=index, body=body)
    except RequestError as exc:
        log.warning(
            "index %s has mapping version %s, code has %s, and new fields cannot be added "
            "in place (%s): run `newsetl reindex`", index, version, MAPPING_VERSION, exc.error,
        )
        return
    log.warning(
        "index %s has mapping version %s, code has %s: new fields were added in place; run "
        "`newsetl reindex` to apply the rest", index, version, MAPPING_VERSION,
    )


def ensure_index(client: OpenSearch, options: IndexOptions) -> str:
    """Make sure the alias exists and points at one index; return that index.

    Raises:
        RuntimeError: the alias points at several indices (a broken swap).
    """
    put_template(client, options)
    current = alias_indices(client, options.alias)
    if len(current) > 1:
        raise RuntimeError(f"alias {options.alias} points at several indices: {current}")
    if current:
        mapping = client.indices.get_mapping(index=current[0])[current[0]]["mappings"]
        version = (mapping.get("_meta") or {}).get("mapping_version")
        if version != MAPPING_VERSION:
            _add_new_fields(client, current[0], version)
        return current[0]
    # Two runs loading at once (backfill days) must not each create an index behind the
    # alias: the first index has a fixed name and gets the alias in the same call, so the
    # loser of the race sees "already exists" and reads the alias again.
    first = f"{options.index_prefix}-v{MAPPING_VERSION}-000000"
    try:
        client.indices.create(index=first, body={"aliases": {options.alias: {}}})
        return first
    except RequestError as exc:
        if exc.error != "resource_already_exists_exception":
            raise
    current = alias_indices(client, options.alias)
    if current:
        return current[0]
    # the fixed name is taken by an index the alias left (kept for rollback): start afresh
    name = _new_index_name(options)
    client.indices.create(index=name, body={"aliases": {options.alias: {}}})
    return name


def write_target(client: OpenSearch, options: IndexOptions, wait_s: int = 60) -> str:
    """The concrete index that loads go to (the alias's only index), once it can serve.

    Two loads at once (backfill days) race to create the first index; the one that finds
    it already there must still wait until its primary shards are active, or its first
    request answers 503.

    Args:
        client: the cluster.
        options: alias and prefix.
        wait_s: how long to wait for the index's primary shards.

    Returns:
        The index name.

    Raises:
        ServiceUnavailableError: its primary shards did not start within ``wait_s``.
    """
    index = ensure_index(client, options)
    # Active shards, not a colour: a new index reports yellow while its primaries are
    # still initializing. (A replica is never active before its primary.) request_timeout
    # first: without it the client takes the "timeout" parameter for its socket timeout.
    health = client.cluster.health(
        index=index,
        params={"wait_for_active_shards": str(max(1, options.shards)),
                "request_timeout": wait_s + 10, "timeout": f"{wait_s}s"},
    )
    if health.get("timed_out"):
        raise ServiceUnavailableError(
            f"{index}: primary shards not started after {wait_s} s", stage="load"
        )
    return index


def merge_after_load(client: OpenSearch, index: str, wait_s: float = 600.0) -> None:
    """One regular merge pass under :data:`MERGE_AFTER_LOAD`, then the loading policy again.

    ``_forcemerge`` without ``max_num_segments`` asks the merge policy for its regular pass;
    the merges run in the background, so wait (up to ``wait_s``) until none is running.
    A load of another day running meanwhile merges under the tight policy for that time:
    slower, never wrong.

    Raises:
        opensearchpy.exceptions.TransportError: the settings or the merge were refused.
    """
    client.indices.put_settings(index=index, body=MERGE_AFTER_LOAD)
    try:
        client.indices.forcemerge(index=index, params={"request_timeout": wait_s})
        deadline, quiet = time.monotonic() + wait_s, 0
        while quiet < 2 and time.monotonic() < deadline:
            stats = client.indices.stats(index=index, metric="merge")
            quiet = quiet + 1 if stats["_all"]["primaries"]["merges"]["current"] == 0 else 0
            time.sleep(0.2)
    finally:
        client.indices.put_settings(index=index, body=MERGE_DURING_LOAD)
    # Merged segments reach searches at the next refresh; an idle shard would skip it.
    client.indices.refresh(index=index)


def swap_alias(client: OpenSearch, options: IndexOptions, new_index: str) -> list[str]:
    """Point the alias at ``new_index`` atomically; return the indices it left."""
    old = alias_indices(client, options.alias)
    actions: list[dict[str, dict[str, str]]] = [
        {"remove": {"index": i, "alias": options.alias}} for i in old if i != new_index
    ]
    actions.append({"add": {"index": new_index, "alias": options.alias}})
    client.indices.update_aliases(body={"actions": actions})
    return [i for i in old if i != new_index]


def prune(client: OpenSearch, options: IndexOptions) -> list[str]:
    """Delete versioned indices not behind the alias, keeping the newest ``keep_previous``."""
    live = set(alias_indices(client, options.alias))
    pattern = f"{options.index_prefix}-v*"
    names = sorted(client.indices.get(index=pattern).keys()) if client.indices.exists(
        index=pattern
    ) else []
    spare = [n for n in names if n not in live]
    doomed = spare[: max(0, len(spare) - options.keep_previous)]
    for name in doomed:
        client.indices.delete(index=name)
    return doomed


def _set_refresh(client: OpenSearch, index: str, interval: str | None) -> None:
    """Set ``index.refresh_interval`` (``None``: back to the template's default)."""
    client.indices.put_settings(index=index, body={"index": {"refresh_interval": interval}})


# The tiered merge policy never produces a segment above this (``max_merged_segment``):
# merging into fewer, larger ones would leave segments it never merges again.
_MAX_SEGMENT_BYTES = 5 * 1024**3


def merge_target(primary_bytes: int, shards: int) -> int:
    """Segments per shard that keep every merged segment within ``max_merged_segment``."""
    return max(1, math.ceil(primary_bytes / max(1, shards) / _MAX_SEGMENT_BYTES))


def compact(
    client: OpenSearch,
    index: str,
    shards: int,
    *,
    wait_s: float = IndexOptions.merge_wait_s,
    request_s: float = 600,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Merge a filled index into as few segments as the merge policy would keep.

    Every search pays per segment in each aggregation (OpenSearch 3.x date histograms
    rebuild the query's weight for every segment), so a rebuilt index is merged before
    searches reach it. Nightly loads then add small segments, which the merge pass each
    load ends with (:func:`merge_after_load`) folds in.

    A merge of a large index outlasts any sensible HTTP request. The node goes on
    merging when a request times out, and a new force merge of the same index waits for
    the running one; so a timed-out request is simply sent again until ``wait_s`` runs out.

    Args:
        client: the cluster.
        index: an index nobody writes to while this runs.
        shards: its primary shard count.
        wait_s: how long to wait for the merge in all.
        request_s: how long one request may wait.
        clock: monotonic seconds (a test's clock).

    Returns:
        The segment count per shard asked for.

    Raises:
        TransientError: the merge was still running after ``wait_s``.
    """
    client.indices.refresh(index=index)  # count and merge what is still in the buffer
    stats = client.indices.stats(index=index, metric="store")
    size = stats["_all"]["primaries"]["store"]["size_in_bytes"]
    target = merge_target(size, shards)
    deadline = clock() + wait_s
    while True:
        timeout = max(1.0, min(request_s, deadline - clock()))
        try:
            client.indices.forcemerge(
                index=index, params={"max_num_segments": target, "request_timeout": timeout}
            )
            break
        except ConnectionTimeout as exc:
            if clock() >= deadline:
                raise TransientError(
                    f"{index}: still merging after {wait_s:.0f} s; the merge goes on in the "
                    "cluster, retry later"
                ) from exc
            log.info("%s: still merging into %d segment(s) per shard", index, target)
    client.indices.refresh(index=index)
    return target


def reindex(
    client: OpenSearch,
    options: IndexOptions,
    data_dir: Path,
    progress: Callable[[int], None] | None = None,
    refused: Callable[[date, list[Reject]], None] | None = None,
) -> tuple[str, int]:
    """Rebuild the index from every ``articles`` partition and swap the alias.

    The new index is filled without periodic refresh and merged (:func:`compact`) before
    the alias moves to it.

    Args:
        client: the cluster.
        options: alias, prefix and bulk sizes.
        data_dir: dataset root holding ``articles/dt=*``.
        progress: called with the documents indexed after each partition.
        refused: called once the alias has moved, for every partition, with the
            documents the new index refused (``rejects`` rows of stage ``load``).

    Returns:
        ``(new_index, documents_indexed)``.

    Raises:
        InvalidInputError: there is no partition to build from (the alias stays).
    """
    from etl.errors import InvalidInputError
    from etl.index.loader import load_partition
    from etl.parquet_io import partitions

    days = partitions(data_dir, "articles")
    if not days:
        # Swapping the alias to an empty index would blank every search.
        raise InvalidInputError(f"no articles partitions under {data_dir / 'articles'}",
                                stage="load")
    new_index = create_index(client, options)
    total = 0
    rejects: dict[date, list[Reject]] = {}
    try:
        # Nobody searches the new index before the swap: no periodic refresh while it fills
        # (less indexing work), the template's interval once it is full.
        _set_refresh(client, new_index, "-1")
        for day in days:
            result = load_partition(
                client, options, data_dir, day, index=new_index, delete_stale=False,
                refresh=False,
            )
            total += result.indexed
            rejects[day] = result.rejects
            if progress:
                progress(result.indexed)
        _set_refresh(client, new_index, None)
        compact(client, new_index, options.shards, wait_s=options.merge_wait_s)
    except BaseException:
        # A half-built index must not survive to be kept as the rollback copy.
        client.indices.delete(index=new_index, ignore_unavailable=True)
        raise
    swap_alias(client, options, new_index)
    prune(client, options)
    if refused:
        for day, rows in rejects.items():
            refused(day, rows)
    return new_index, total
