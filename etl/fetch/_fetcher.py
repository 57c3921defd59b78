"""The :class:`Fetcher`: redirects, retries with backoff, robots.txt, per-host politeness."""

from __future__ import annotations

import logging
import random
import ssl
import threading
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from etl.errors import (
    HTTPStatusError,
    NewsEtlError,
    RobotsDisallowedError,
    ServerError,
    TooManyRedirectsError,
    TransientError,
)
from etl.fetch._gate import HostGate
from etl.fetch._many import fetch_concurrently
from etl.fetch._options import (
    DOCUMENT_TYPES,
    HTML_TYPES,
    ROBOTS_AGENT,
    ROBOTS_MAX_BYTES,
    FetchOptions,
)
from etl.fetch._wire import Get, Response, exchange, http_date, parse_retry_after
from etl.netsafety import resolve_safe
from etl.records import RawPage
from etl.robots import RobotsRules

# The package's historical logger name, kept so log configuration keeps working.
log = logging.getLogger("etl.fetch")

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


class Fetcher:
    """Fetch pages safely and politely; safe to share between threads.

    Args:
        options: fetch behaviour.
        sleep: sleep function (injectable so tests need not wait).
        ssl_context: TLS settings, e.g. trusting a private CA; the default
            context verifies certificates and host names against system CAs.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.options = options or FetchOptions()
        self._sleep = sleep
        self._gate = HostGate(self.options.per_host_concurrency, sleep)
        self._ssl = ssl_context or ssl.create_default_context()
        self._lock = threading.Lock()
        self._robots: dict[str, RobotsRules | NewsEtlError] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._host_delay: dict[str, float] = {}

    # ------------------------------------------------------------------ public

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | datetime | None = None
    ) -> RawPage:
        """Fetch an article page (HTML only).

        Args:
            url: absolute http(s) URL.
            etag: ETag of a previous fetch, sent as If-None-Match.
            last_modified: Last-Modified of a previous fetch, sent as If-Modified-Since.

        Returns:
            The page; ``http_status`` 304 with an empty body when unchanged.

        Raises:
            UnsafeURLError: the URL or a redirect target is not safe to fetch.
            RobotsDisallowedError: robots.txt forbids the URL.
            TooManyRedirectsError, TooLargeError, UnsupportedContentError,
            HTTPStatusError: permanent failures.
            FetchTimeoutError, ConnectionFailedError, ServerError: transient
            failures, after the configured retries.
        """
        return self._fetch(url, accept=HTML_TYPES, etag=etag, last_modified=last_modified)

    def fetch_document(
        self, url: str, *, accept: Sequence[str] = DOCUMENT_TYPES, max_bytes: int | None = None
    ) -> RawPage:
        """Fetch a feed, sitemap or page whose media type is in ``accept``.

        Args:
            url: absolute http(s) URL.
            accept: accepted media types (``"+xml"`` accepts any ``*/*+xml``).
            max_bytes: body cap overriding ``options.max_bytes`` (sitemaps may
                be up to 50 MB).

        Returns:
            The fetched document.

        Raises:
            The same errors as :meth:`fetch`.
        """
        return self._fetch(url, accept=accept, max_bytes=max_bytes)

    def fetch_many(
        self, urls: Iterable[str], *, document: bool = False
    ) -> Generator[tuple[str, RawPage | NewsEtlError], None, None]:
        """Fetch many URLs concurrently, politely, yielding results as they finish.

        At most ``options.concurrency`` requests run at once and at most
        ``options.per_host_concurrency`` per host; URLs of a busy host wait in
        a bounded queue so that other hosts keep going.

        Args:
            urls: URLs to fetch (any iterable; read lazily).
            document: use :meth:`fetch_document` instead of :meth:`fetch`.

        Returns:
            Iterator of ``(url, page or error)`` in completion order; every URL
            appears exactly once.
        """
        fetch_one: Callable[[str], RawPage] = self.fetch_document if document else self.fetch
        return fetch_concurrently(
            fetch_one,
            urls,
            concurrency=self.options.concurrency,
            per_host=self.options.per_host_concurrency,
        )

    def robots_allowed(self, url: str) -> bool:
        """Tell whether robots.txt of the URL's origin allows fetching it.

        Args:
            url: absolute http(s) URL.

        Returns:
            ``True`` when allowed (or when robots are not respected).

        Raises:
            ServerError: robots.txt is unreachable (5xx or network failure);
                RFC 9309 says to assume full disallow, so the fetch is retried later.
        """
        if not self.options.respect_robots:
            return True
        parser = self._robots_for(url)
        return parser.allowed(ROBOTS_AGENT, url)

    # ---------------------------------------------------------------- internal

    def _fetch(
        self,
        url: str,
        *,
        accept: Sequence[str] | None,
        etag: str | None = None,
        last_modified: str | datetime | None = None,
        max_bytes: int | None = None,
        robots: bool = True,
        truncate: bool = False,
    ) -> RawPage:
        opts = self.options
        fetched_at = datetime.now(UTC)
        headers: dict[str, str] = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = http_date(last_modified)
        current = url
        for hop in range(opts.max_redirects + 1):
            target = resolve_safe(
                current, allow_loopback=opts.allow_loopback, allow_private=opts.allow_private
            )
            if robots and not self.robots_allowed(current):
                raise RobotsDisallowedError(f"robots.txt disallows {current}", stage="fetch")
            resp = self._with_retries(
                Get(target, current, headers, accept, max_bytes or opts.max_bytes, truncate)
            )
            if resp.status in REDIRECT_STATUSES:
                location = resp.headers.get("Location")
                if not location:
                    raise HTTPStatusError(
                        f"redirect without Location from {current}",
                        stage="fetch",
                        http_status=resp.status,
                    )
                if hop == opts.max_redirects:
                    raise TooManyRedirectsError(
                        f"more than {opts.max_redirects} redirects starting at {url}",
                        stage="fetch",
                        http_status=resp.status,
                    )
                current = urljoin(current, location.strip())
                # Validators belong to the original URL only.
                headers = {}
                continue
            if resp.status == 304:
                return RawPage(
                    url=url,
                    body=b"",
                    fetched_at=fetched_at,
                    http_status=304,
                    content_type=resp.headers.get("Content-Type"),
                    headers=resp.headers,
                    final_url=current,
                )
            if not 200 <= resp.status <= 299:
                # 4xx, and odd statuses such as 300 or 305 that we do not follow.
                raise HTTPStatusError(
                    f"HTTP {resp.status} for {current}", stage="fetch", http_status=resp.status
                )
            return RawPage(
                url=url,
                body=resp.body,
                fetched_at=fetched_at,
                http_status=resp.status,
                content_type=resp.headers.get("Content-Type"),
                headers=resp.headers,
                final_url=current,
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def _backoff(self, attempt: int) -> float:
        base = min(self.options.backoff_max, self.options.backoff_base * (2**attempt))
        # "Equal jitter" in [base/2, base] keeps many workers from retrying in step.
        return base / 2 + random.uniform(0, base / 2)

    def _with_retries(self, get: Get) -> Response:
        opts = self.options
        for attempt in range(opts.retries + 1):
            last = attempt == opts.retries
            try:
                resp = self._request_once(get)
            except TransientError as exc:
                if last:
                    raise
                log.debug("retrying %s after %s", get.url, exc)
                self._sleep(self._backoff(attempt))
                continue
            if resp.status in (408, 429) or 500 <= resp.status <= 599:
                error = ServerError(
                    f"HTTP {resp.status} for {get.url}", stage="fetch", http_status=resp.status
                )
                retry_after = parse_retry_after(resp.headers.get("Retry-After"))
                if last or (retry_after is not None and retry_after > opts.retry_after_cap):
                    raise error
                wait_s = max(self._backoff(attempt), retry_after or 0.0)
                if retry_after:
                    self._gate.defer(get.target.host, retry_after)
                self._sleep(wait_s)
                continue
            return resp
        raise AssertionError("unreachable")  # pragma: no cover

    def _request_once(self, get: Get) -> Response:
        host = get.target.host
        delay = max(self.options.per_host_delay, self._host_delay.get(host, 0.0))
        with self._gate.slot(host, delay):
            return exchange(get, opts=self.options, ssl_context=self._ssl)

    def _robots_for(self, url: str) -> RobotsRules:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"
        with self._lock:
            cached = self._robots.get(origin)
            origin_lock = self._robots_locks.setdefault(origin, threading.Lock())
        if cached is None:
            # One fetch per origin even when many threads ask at once.
            with origin_lock:
                with self._lock:
                    cached = self._robots.get(origin)
                if cached is None:
                    cached = self._load_robots(origin, parts.hostname or "")
                    with self._lock:
                        self._robots[origin] = cached
        if isinstance(cached, NewsEtlError):
            raise ServerError(
                f"robots.txt of {origin} unavailable ({cached}); assuming disallow per RFC 9309",
                stage="fetch",
                http_status=cached.http_status,
            )
        return cached

    def _load_robots(self, origin: str, host: str) -> RobotsRules | NewsEtlError:
        try:
            page = self._fetch(
                origin + "/robots.txt",
                accept=None,
                robots=False,
                max_bytes=ROBOTS_MAX_BYTES,
                truncate=True,
            )
        except HTTPStatusError:
            return RobotsRules.parse("")  # 4xx: no robots.txt, everything allowed
        except TransientError as exc:
            log.warning("robots.txt of %s unreachable: %s", origin, exc)
            return exc
        except NewsEtlError as exc:
            # An unsafe redirect or similar: treat as "no usable robots.txt".
            log.warning("robots.txt of %s unusable (%s); allowing", origin, exc)
            return RobotsRules.parse("")
        parser = RobotsRules.parse(page.body.decode("utf-8", errors="replace"))
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay is not None:
            with self._lock:
                self._host_delay[host.lower()] = min(float(delay), self.options.max_crawl_delay)
        return parser
