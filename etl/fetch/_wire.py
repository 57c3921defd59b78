"""One HTTP exchange on an address that has already been checked.

Everything here works on a :class:`~etl.netsafety.SafeTarget`: the socket goes to the
checked IP address, the body is read under a byte cap and a total deadline, and every
low-level failure comes out as one of the typed errors of :mod:`etl.errors`.
"""

from __future__ import annotations

import email.utils
import http.client
import socket
import ssl
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

from etl.errors import (
    ConnectionFailedError,
    FetchTimeoutError,
    NewsEtlError,
    TooLargeError,
    UnsafeURLError,
    UnsupportedContentError,
)
from etl.fetch._options import HTML_TYPES, FetchOptions
from etl.netsafety import SafeTarget

_CHUNK = 64 * 1024
_DROPPED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


@dataclass(slots=True)
class Response:
    """One HTTP response as seen by the retry and redirect logic."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes = b""


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


def http_date(value: str | datetime) -> str:
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


@dataclass(frozen=True, slots=True)
class Get:
    """One GET as the retry loop repeats it.

    Attributes:
        target: the checked address to connect to (never resolved again).
        url: the URL asked for; its path and query form the request target.
        headers: extra request headers (validators).
        accept: media types accepted for a 2xx body (``None``: anything).
        max_bytes: body cap after decompression.
        truncate: cut the body at the cap instead of failing (robots.txt).
    """

    target: SafeTarget
    url: str
    headers: dict[str, str]
    accept: Sequence[str] | None
    max_bytes: int
    truncate: bool = False


def exchange(get: Get, *, opts: FetchOptions, ssl_context: ssl.SSLContext) -> Response:
    """Send one GET to its checked address and read the answer.

    Args:
        get: what to ask, where, and what the answer may be.
        opts: timeouts, deadline and user agent.
        ssl_context: TLS settings for https.

    Returns:
        Status, headers and, for a 2xx answer, the body.

    Raises:
        TooLargeError, UnsupportedContentError, UnsafeURLError: permanent failures.
        FetchTimeoutError, ConnectionFailedError: transient failures.
    """
    target, url, accept = get.target, get.url, get.accept
    deadline = time.monotonic() + opts.deadline
    conn: http.client.HTTPConnection | None = None
    try:
        sock = _connect(target, opts.connect_timeout)
        conn = _wrap(target, sock, ssl_context, opts.read_timeout)
        conn.putrequest("GET", _request_target(url), skip_accept_encoding=True)
        accept_header = (
            "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1" if accept == HTML_TYPES else "*/*"
        )
        for name, value in (
            ("User-Agent", opts.user_agent),
            ("Accept", accept_header),
            ("Accept-Encoding", "gzip"),
            ("Connection", "close"),
            *get.headers.items(),
        ):
            conn.putheader(name, value)
        conn.endheaders()
        # Keep our own reference: http.client drops conn.sock once the
        # response says "Connection: close", while we still read from it.
        live = conn.sock
        assert live is not None
        live.settimeout(max(0.001, min(opts.read_timeout, deadline - time.monotonic())))
        resp = conn.getresponse()
        return _read_response(
            resp,
            live,
            url,
            accept=accept,
            max_bytes=get.max_bytes,
            deadline=deadline,
            read_timeout=opts.read_timeout,
            truncate=get.truncate,
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


def _connect(target: SafeTarget, timeout: float) -> socket.socket:
    last: OSError | None = None
    for address in target.addresses:
        try:
            # Connect to the checked address itself, never to the name again.
            return socket.create_connection((address, target.port), timeout=timeout)
        except OSError as exc:
            last = exc
    assert last is not None
    raise last


def _wrap(
    target: SafeTarget, sock: socket.socket, context: ssl.SSLContext, read_timeout: float
) -> http.client.HTTPConnection:
    conn: http.client.HTTPConnection
    if target.scheme == "https":
        try:
            # SNI and certificate checks use the host name, not the IP.
            tls = context.wrap_socket(sock, server_hostname=target.host)
        except BaseException:
            sock.close()
            raise
        conn = http.client.HTTPSConnection(target.host, target.port, context=context)
        conn.sock = tls
    else:
        conn = http.client.HTTPConnection(target.host, target.port)
        conn.sock = sock
    # After wrap_socket the plain socket is detached: use the live one.
    conn.sock.settimeout(read_timeout)
    return conn


def _read_response(
    resp: http.client.HTTPResponse,
    sock: socket.socket,
    url: str,
    *,
    accept: Sequence[str] | None,
    max_bytes: int,
    deadline: float,
    read_timeout: float,
    truncate: bool,
) -> Response:
    headers: dict[str, str] = {}
    for name, value in resp.getheaders():
        key = "-".join(part.capitalize() for part in name.split("-"))
        headers[key] = f"{headers[key]}, {value}" if key in headers else value
    status = resp.status
    if not 200 <= status <= 299:
        # Bodies of redirects and errors are never needed.
        return Response(url, status, headers)
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
        read_timeout=read_timeout,
        truncate=truncate,
    ).read(url)
    if accept == HTML_TYPES and not content_type and not _looks_like_html(body):
        raise UnsupportedContentError(
            f"no Content-Type and not HTML: {url}", stage="fetch", http_status=status
        )
    kept = {k: v for k, v in headers.items() if k.lower() not in _DROPPED_HEADERS}
    return Response(url, status, kept, body)
