"""Safe and polite HTTP fetching of pages, feeds and sitemaps.

Safe: every URL (including every redirect target) passes :mod:`etl.netsafety`
and the connection goes to the checked IP address; bodies are streamed under a
byte cap (after decompression too) and every request has a total deadline.
Polite: robots.txt is honoured, requests to one host are spaced and limited in
concurrency, and only transient failures are retried, with backoff and jitter.
"""

from __future__ import annotations

import email.utils
import http.client
import logging
import random
import socket
import ssl
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urljoin, urlsplit

from etl import __version__
from etl.errors import (
    ConnectionFailedError,
    FetchTimeoutError,
    HTTPStatusError,
    NewsEtlError,
    RobotsDisallowedError,
    ServerError,
    TooLargeError,
    TooManyRedirectsError,
    TransientError,
    UnsafeURLError,
    UnsupportedContentError,
)
from etl.netsafety import SafeTarget, resolve_safe
from etl.records import RawPage
from etl.robots import RobotsRules

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = f"newsetl/{__version__} (+https://example.invalid/newsetl)"
ROBOTS_AGENT = "newsetl"
ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309: parse at least the first 500 KiB
HTML_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml")
# Feeds and sitemaps arrive under many media types (gzip'd sitemaps often as
# octet-stream); the feed parser sniffs the content itself, safely.
DOCUMENT_TYPES: tuple[str, ...] = (
    *HTML_TYPES,
    "application/xml",
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "text/plain",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
    "+xml",
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_DROPPED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


@dataclass(frozen=True)
class FetchOptions:
    """Fetch behaviour; built once from configuration and passed down.

    Attributes:
        user_agent: sent on every request.
        connect_timeout: seconds to open a TCP/TLS connection.
        read_timeout: seconds to wait for any single read.
        deadline: total seconds for one request (headers and body).
        max_bytes: body cap in bytes, after decompression.
        max_redirects: redirects followed before TooManyRedirectsError.
        retries: extra attempts for transient failures.
        backoff_base: first backoff in seconds; doubles each attempt.
        backoff_max: cap of one backoff sleep.
        retry_after_cap: longest Retry-After honoured; longer ones give up.
        per_host_delay: minimum seconds between request starts to one host.
        per_host_concurrency: requests in flight to one host.
        concurrency: worker threads of :meth:`Fetcher.fetch_many`.
        respect_robots: obey robots.txt.
        max_crawl_delay: cap of a robots.txt Crawl-delay we honour.
        allow_loopback: allow loopback addresses (tests only).
        allow_private: allow private address ranges.
    """

    user_agent: str = DEFAULT_USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 60.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    retry_after_cap: float = 120.0
    per_host_delay: float = 1.0
    per_host_concurrency: int = 2
    concurrency: int = 8
    respect_robots: bool = True
    max_crawl_delay: float = 30.0
    allow_loopback: bool = False
    allow_private: bool = False


@dataclass(slots=True)
class _Response:
    """One HTTP response as seen by the retry and redirect logic."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes = b""


class _HostGate:
    """Per-host politeness: a concurrency limit and spacing of request starts."""

    def __init__(self, concurrency: int, sleep: Callable[[float], None]) -> None:
        self._concurrency = max(1, concurrency)
        self._sleep = sleep
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._next_start: dict[str, float] = {}

    def defer(self, host: str, seconds: float) -> None:
        """Push the next allowed start for ``host`` (e.g. after Retry-After)."""
        with self._lock:
            later = time.monotonic() + seconds
            self._next_start[host] = max(self._next_start.get(host, 0.0), later)

    @contextmanager
    def slot(self, host: str, delay: float) -> Iterator[None]:
        """Hold one of the host's slots, started no sooner than its delay allows."""
        with self._lock:
            sem = self._slots.setdefault(host, threading.BoundedSemaphore(self._concurrency))
        sem.acquire()
        try:
            # Reserve a start time under the lock so concurrent threads get
            # evenly spaced start times instead of all waking together.
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next_start.get(host, 0.0))
                self._next_start[host] = start + delay
            if start > now:
                self._sleep(start - now)
            yield
        finally:
            sem.release()


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _media_ok(media: str, accept: Sequence[str]) -> bool:
    return media in accept or ("+xml" in accept and media.endswith("+xml"))


def _looks_like_html(body: bytes) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return any(tag in head for tag in (b"<!doctype html", b"<html", b"<head", b"<body"))


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Parse a Retry-After header (seconds or HTTP date) into seconds from now.

    Args:
        value: header value or ``None``.
        now: current time (for tests).

    Returns:
        Non-negative seconds, or ``None`` when absent or unparseable.
    """
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _http_date(value: str | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return email.utils.format_datetime(value.astimezone(UTC), usegmt=True)
    return value


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    # Percent-encode anything http.client would refuse (spaces, non-ASCII),
    # keeping existing escapes and reserved characters as they are.
    return quote(target, safe="/%:@!$&'()*+,;=-._~?[]")


class _BodyReader:
    """Stream a response body under a byte cap and a deadline, decoding gzip/deflate."""

    def __init__(
        self,
        resp: http.client.HTTPResponse,
        sock: socket.socket,
        *,
        max_bytes: int,
        deadline: float,
        read_timeout: float,
        truncate: bool,
    ) -> None:
        self.resp = resp
        self.sock = sock
        self.max_bytes = max_bytes
        self.deadline = deadline
        self.read_timeout = read_timeout
        self.truncate = truncate

    def read(self, url: str) -> bytes:
        encoding = (self.resp.getheader("Content-Encoding") or "identity").strip().lower()
        decoder: zlib._Decompress | None = None
        if encoding in ("gzip", "x-gzip"):
            decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            decoder = zlib.decompressobj()
        elif encoding not in ("identity", ""):
            raise UnsupportedContentError(
                f"unsupported Content-Encoding {encoding!r}: {url}",
                stage="fetch",
                http_status=self.resp.status,
            )
        out = bytearray()
        while True:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise FetchTimeoutError(f"total deadline exceeded reading {url}", stage="fetch")
            self.sock.settimeout(min(self.read_timeout, remaining))
            chunk = self.resp.read1(_CHUNK)
            if not chunk:
                break
            if decoder is not None:
                try:
                    # max_length bounds what one step may inflate: a gzip bomb
                    # stops as soon as the cap is passed.
                    chunk = decoder.decompress(chunk, self.max_bytes - len(out) + 1)
                except zlib.error as exc:
                    raise ConnectionFailedError(
                        f"corrupt compressed body from {url}: {exc}", stage="fetch"
                    ) from exc
                if decoder.unconsumed_tail:
                    chunk += b"\0"  # more output pending: certainly over the cap
            out += chunk
            if len(out) > self.max_bytes:
                if self.truncate:
                    return bytes(out[: self.max_bytes])
                raise TooLargeError(
                    f"body over {self.max_bytes} bytes: {url}",
                    stage="fetch",
                    http_status=self.resp.status,
                )
        if self.resp.length:
            raise ConnectionFailedError(
                f"connection closed before end of body: {url}",
                stage="fetch",
                http_status=self.resp.status,
            )
        return bytes(out)


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
        self._gate = _HostGate(self.options.per_host_concurrency, sleep)
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
        opts = self.options
        fetch_one: Callable[[str], RawPage] = self.fetch_document if document else self.fetch
        held_cap = max(1000, opts.concurrency * 100)
        held: dict[str, deque[str]] = {}
        n_held = 0
        inflight: dict[str, int] = {}
        pending: dict[Future[RawPage], tuple[str, str]] = {}
        source = iter(urls)
        exhausted = False
        n_ok = n_failed = 0
        pool = ThreadPoolExecutor(
            max_workers=max(1, opts.concurrency), thread_name_prefix="newsetl-fetch"
        )
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
                    while (
                        queue
                        and len(pending) < opts.concurrency
                        and inflight.get(host, 0) < opts.per_host_concurrency
                    ):
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
            headers["If-Modified-Since"] = _http_date(last_modified)
        current = url
        for hop in range(opts.max_redirects + 1):
            target = resolve_safe(
                current, allow_loopback=opts.allow_loopback, allow_private=opts.allow_private
            )
            if robots and not self.robots_allowed(current):
                raise RobotsDisallowedError(f"robots.txt disallows {current}", stage="fetch")
            resp = self._with_retries(
                target,
                current,
                headers,
                accept=accept,
                max_bytes=max_bytes or opts.max_bytes,
                truncate=truncate,
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

    def _with_retries(
        self,
        target: SafeTarget,
        url: str,
        headers: dict[str, str],
        *,
        accept: Sequence[str] | None,
        max_bytes: int,
        truncate: bool,
    ) -> _Response:
        opts = self.options
        for attempt in range(opts.retries + 1):
            last = attempt == opts.retries
            try:
                resp = self._request_once(
                    target, url, headers, accept=accept, max_bytes=max_bytes, truncate=truncate
                )
            except TransientError as exc:
                if last:
                    raise
                log.debug("retrying %s after %s", url, exc)
                self._sleep(self._backoff(attempt))
                continue
            if resp.status in (408, 429) or 500 <= resp.status <= 599:
                error = ServerError(
                    f"HTTP {resp.status} for {url}", stage="fetch", http_status=resp.status
                )
                retry_after = parse_retry_after(resp.headers.get("Retry-After"))
                if last or (retry_after is not None and retry_after > opts.retry_after_cap):
                    raise error
                wait_s = max(self._backoff(attempt), retry_after or 0.0)
                if retry_after:
                    self._gate.defer(target.host, retry_after)
                self._sleep(wait_s)
                continue
            return resp
        raise AssertionError("unreachable")  # pragma: no cover

    def _connect(self, target: SafeTarget) -> socket.socket:
        last: OSError | None = None
        for address in target.addresses:
            try:
                # Connect to the checked address itself, never to the name again.
                return socket.create_connection(
                    (address, target.port), timeout=self.options.connect_timeout
                )
            except OSError as exc:
                last = exc
        assert last is not None
        raise last

    def _request_once(
        self,
        target: SafeTarget,
        url: str,
        headers: dict[str, str],
        *,
        accept: Sequence[str] | None,
        max_bytes: int,
        truncate: bool,
    ) -> _Response:
        opts = self.options
        delay = max(opts.per_host_delay, self._host_delay.get(target.host, 0.0))
        with self._gate.slot(target.host, delay):
            deadline = time.monotonic() + opts.deadline
            conn: http.client.HTTPConnection | None = None
            try:
                sock = self._connect(target)
                conn = self._wrap(target, sock)
                conn.putrequest("GET", _request_target(url), skip_accept_encoding=True)
                accept_header = (
                    "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"
                    if accept == HTML_TYPES
                    else "*/*"
                )
                for name, value in (
                    ("User-Agent", opts.user_agent),
                    ("Accept", accept_header),
                    ("Accept-Encoding", "gzip"),
                    ("Connection", "close"),
                    *headers.items(),
                ):
                    conn.putheader(name, value)
                conn.endheaders()
                # Keep our own reference: http.client drops conn.sock once the
                # response says "Connection: close", while we still read from it.
                live = conn.sock
                assert live is not None
                live.settimeout(max(0.001, min(opts.read_timeout, deadline - time.monotonic())))
                resp = conn.getresponse()
                return self._read_response(
                    resp,
                    live,
                    url,
                    accept=accept,
                    max_bytes=max_bytes,
                    deadline=deadline,
                    truncate=truncate,
                )
            except NewsEtlError:
                raise
            except ssl.SSLCertVerificationError as exc:
                raise UnsafeURLError(
                    f"TLS certificate verification failed for {url}: {exc}", stage="fetch"
                ) from exc
            except TimeoutError as exc:
                raise FetchTimeoutError(f"timeout fetching {url}", stage="fetch") from exc
            except (OSError, http.client.HTTPException, ValueError) as exc:
                raise ConnectionFailedError(
                    f"{type(exc).__name__} fetching {url}: {exc}", stage="fetch"
                ) from exc
            finally:
                if conn is not None:
                    conn.close()

    def _wrap(self, target: SafeTarget, sock: socket.socket) -> http.client.HTTPConnection:
        conn: http.client.HTTPConnection
        if target.scheme == "https":
            try:
                # SNI and certificate checks use the host name, not the IP.
                tls = self._ssl.wrap_socket(sock, server_hostname=target.host)
            except BaseException:
                sock.close()
                raise
            conn = http.client.HTTPSConnection(target.host, target.port, context=self._ssl)
            conn.sock = tls
        else:
            conn = http.client.HTTPConnection(target.host, target.port)
            conn.sock = sock
        # After wrap_socket the plain socket is detached: use the live one.
        conn.sock.settimeout(self.options.read_timeout)
        return conn

    def _read_response(
        self,
        resp: http.client.HTTPResponse,
        sock: socket.socket,
        url: str,
        *,
        accept: Sequence[str] | None,
        max_bytes: int,
        deadline: float,
        truncate: bool,
    ) -> _Response:
        headers: dict[str, str] = {}
        for name, value in resp.getheaders():
            key = "-".join(part.capitalize() for part in name.split("-"))
            headers[key] = f"{headers[key]}, {value}" if key in headers else value
        status = resp.status
        if not 200 <= status <= 299:
            # Bodies of redirects and errors are never needed.
            return _Response(url, status, headers)
        content_type = headers.get("Content-Type")
        media = _media_type(content_type)
        if accept is not None and content_type and not _media_ok(media, accept):
            raise UnsupportedContentError(
                f"content type {media!r} not accepted: {url}", stage="fetch", http_status=status
            )
        length = headers.get("Content-Length", "")
        if (
            length.isdigit()
            and int(length) > max_bytes
            and not truncate
            and "Content-Encoding" not in headers
        ):
            raise TooLargeError(
                f"Content-Length {length} over {max_bytes} bytes: {url}",
                stage="fetch",
                http_status=status,
            )
        body = _BodyReader(
            resp,
            sock,
            max_bytes=max_bytes,
            deadline=deadline,
            read_timeout=self.options.read_timeout,
            truncate=truncate,
        ).read(url)
        if accept == HTML_TYPES and not content_type and not _looks_like_html(body):
            raise UnsupportedContentError(
                f"no Content-Type and not HTML: {url}", stage="fetch", http_status=status
            )
        kept = {k: v for k, v in headers.items() if k.lower() not in _DROPPED_HEADERS}
        return _Response(url, status, kept, body)

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


def _host_key(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


__all__ = [
    "DEFAULT_USER_AGENT",
    "DOCUMENT_TYPES",
    "HTML_TYPES",
    "FetchOptions",
    "Fetcher",
    "parse_retry_after",
]
