"""Fetching many URLs at once without letting one busy host hold up the others."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Generator, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from urllib.parse import urlsplit

from etl.errors import NewsEtlError
from etl.records import RawPage

log = logging.getLogger("etl.fetch")


def fetch_concurrently(
    fetch_one: Callable[[str], RawPage],
    urls: Iterable[str],
    *,
    concurrency: int,
    per_host: int,
) -> Generator[tuple[str, RawPage | NewsEtlError], None, None]:
    """Run ``fetch_one`` over ``urls``, at most ``concurrency`` at once and ``per_host`` per host.

    URLs of a busy host wait in a bounded queue so that other hosts keep going.

    Args:
        fetch_one: fetches one URL; its :class:`~etl.errors.NewsEtlError` is yielded, not raised.
        urls: URLs to fetch (any iterable; read lazily).
        concurrency: worker threads.
        per_host: requests in flight to one host.

    Returns:
        Iterator of ``(url, page or error)`` in completion order; every URL appears once.
    """
    held_cap = max(1000, concurrency * 100)
    held: dict[str, deque[str]] = {}
    n_held = 0
    inflight: dict[str, int] = {}
    pending: dict[Future[RawPage], tuple[str, str]] = {}
    source = iter(urls)
    exhausted = False
    n_ok = n_failed = 0
    pool = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="newsetl-fetch")
    try:
        while True:
            while not exhausted and n_held < held_cap:
                try:
                    url = next(source)
                except StopIteration:
                    exhausted = True
                    break
                held.setdefault(_host_key(url), deque()).append(url)
                n_held += 1
            for host in list(held):
                queue = held[host]
                while queue and len(pending) < concurrency and inflight.get(host, 0) < per_host:
                    url = queue.popleft()
                    n_held -= 1
                    inflight[host] = inflight.get(host, 0) + 1
                    pending[pool.submit(fetch_one, url)] = (url, host)
                if not queue:
                    del held[host]
            if not pending:
                if exhausted and not held:
                    break
                continue
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                url, host = pending.pop(future)
                inflight[host] -= 1
                result: RawPage | NewsEtlError
                try:
                    result = future.result()
                    n_ok += 1
                except NewsEtlError as exc:
                    result = exc
                    n_failed += 1
                yield url, result
    finally:
        for future in pending:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        log.info(
            "fetch_many closed: %d fetched, %d failed, %d not started",
            n_ok,
            n_failed,
            len(pending) + n_held,
        )


def _host_key(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
