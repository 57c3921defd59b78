"""Fetching against in-process loopback HTTP servers."""

from __future__ import annotations

import gzip
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from etl.errors import (
    FetchTimeoutError,
    HTTPStatusError,
    RobotsDisallowedError,
    ServerError,
    TooLargeError,
    TooManyRedirectsError,
    UnsafeURLError,
    UnsupportedContentError,
)
from etl.fetch import DEFAULT_USER_AGENT, Fetcher, FetchOptions, parse_retry_after
from etl.records import RawPage

HTML = b"<!DOCTYPE html><html><head><title>t</title></head><body><p>Hello</p></body></html>"

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class Site:
    """A loopback HTTP server with per-path handlers and a request log."""

    routes: dict[str, Route] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)
    active: int = 0
    max_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    port: int = 0

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for s in self.seen if s.path == path)


def reply(
    status: int = 200,
    body: bytes = HTML,
    content_type: str | None = "text/html",
    headers: dict[str, str] | None = None,
    delay: float = 0.0,
) -> Route:
    def route(h: BaseHTTPRequestHandler) -> None:
        if delay:
            time.sleep(delay)
        h.send_response(status)
        if content_type:
            h.send_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    return route


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            with state.lock:
                state.seen.append(Seen(self.path, dict(self.headers.items()), time.monotonic()))
                state.active += 1
                state.max_active = max(state.max_active, state.active)
            try:
                route = state.routes.get(self.path)
                if route is None:
                    reply(404, b"not found", "text/plain")(self)
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                with state.lock:
                    state.active -= 1

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def fast(**overrides: Any) -> FetchOptions:
    base: dict[str, Any] = dict(
        allow_loopback=True,
        per_host_delay=0.0,
        backoff_base=0.01,
        backoff_max=0.05,
        connect_timeout=2.0,
        read_timeout=2.0,
        deadline=5.0,
        per_host_concurrency=4,
        concurrency=4,
    )
    base.update(overrides)
    return FetchOptions(**base)


def test_fetch_html_sends_user_agent(site: Site) -> None:
    site.routes["/a"] = reply(content_type="text/html; charset=utf-8", headers={"ETag": '"v1"'})
    page = Fetcher(fast()).fetch(site.url("/a"))
    assert page.body == HTML
    assert page.http_status == 200
    assert page.content_type == "text/html; charset=utf-8"
    assert page.headers["Etag"] == '"v1"'
    assert page.fetched_at.tzinfo is not None
    request = next(s for s in site.seen if s.path == "/a")
    assert request.headers["User-Agent"] == DEFAULT_USER_AGENT
    assert DEFAULT_USER_AGENT.startswith("newsetl/")


def test_loopback_refused_by_default(site: Site) -> None:
    site.routes["/a"] = reply()
    with pytest.raises(UnsafeURLError):
        Fetcher(FetchOptions()).fetch(site.url("/a"))
    assert site.hits("/a") == 0


def test_redirects_followed_within_limit(site: Site) -> None:
    for i in range(3):
        site.routes[f"/r{i}"] = reply(302, b"", None, {"Location": f"/r{i + 1}"})
    site.routes["/r3"] = reply()
    page = Fetcher(fast()).fetch(site.url("/r0"))
    assert page.url == site.url("/r0")
    assert page.final_url == site.url("/r3")


def test_redirect_limit(site: Site) -> None:
    for i in range(10):
        site.routes[f"/r{i}"] = reply(301, b"", None, {"Location": site.url(f"/r{i + 1}")})
    with pytest.raises(TooManyRedirectsError):
        Fetcher(fast(max_redirects=5)).fetch(site.url("/r0"))
    assert site.hits("/r5") == 1
    assert site.hits("/r6") == 0


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:169.254.169.254]/",
        "http://10.0.0.5/",
        "file:///etc/passwd",
        "http://2852039166/",
    ],
)
def test_redirect_to_internal_address_refused(site: Site, target: str) -> None:
    site.routes["/go"] = reply(302, b"", None, {"Location": target})
    with pytest.raises(UnsafeURLError):
        Fetcher(fast()).fetch(site.url("/go"))


def test_byte_limit_streaming(site: Site) -> None:
    big = b"<html><body>" + b"x" * 300_000 + b"</body></html>"

    def no_length(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        h.wfile.write(big)

    site.routes["/declared"] = reply(body=big)
    site.routes["/streamed"] = no_length
    fetcher = Fetcher(fast(max_bytes=100_000))
    with pytest.raises(TooLargeError):
        fetcher.fetch(site.url("/declared"))
    with pytest.raises(TooLargeError):
        fetcher.fetch(site.url("/streamed"))


def test_gzip_bomb_stopped_at_limit(site: Site) -> None:
    bomb = gzip.compress(b"<html>" + b" " * 20_000_000)
    site.routes["/bomb"] = reply(body=bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(TooLargeError):
        Fetcher(fast(max_bytes=1_000_000)).fetch(site.url("/bomb"))


def test_gzip_body_decoded(site: Site) -> None:
    site.routes["/gz"] = reply(body=gzip.compress(HTML), headers={"Content-Encoding": "gzip"})
    page = Fetcher(fast()).fetch(site.url("/gz"))
    assert page.body == HTML
    assert "Content-Encoding" not in page.headers


def test_timeout_is_transient_after_retries(site: Site) -> None:
    site.routes["/slow"] = reply(delay=1.5)
    fetcher = Fetcher(fast(read_timeout=0.3, retries=1))
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError) as info:
        fetcher.fetch(site.url("/slow"))
    assert not info.value.permanent
    assert site.hits("/slow") == 2
    assert time.monotonic() - started < 3.0


def test_total_deadline_bounds_slow_drip(site: Site) -> None:
    def drip(h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", "1000")
        h.end_headers()
        for _ in range(100):
            h.wfile.write(b"x")
            h.wfile.flush()
            time.sleep(0.1)

    site.routes["/drip"] = drip
    started = time.monotonic()
    with pytest.raises(FetchTimeoutError):
        Fetcher(fast(read_timeout=1.0, deadline=0.5, retries=0)).fetch(site.url("/drip"))
    assert time.monotonic() - started < 2.0


def test_404_is_permanent_and_not_retried(site: Site) -> None:
    with pytest.raises(HTTPStatusError) as info:
        Fetcher(fast()).fetch(site.url("/missing"))
    assert info.value.http_status == 404
    assert info.value.permanent
    assert info.value.stage == "fetch"
    assert site.hits("/missing") == 1


def test_503_retried_then_server_error(site: Site) -> None:
    site.routes["/down"] = reply(503, b"busy", "text/plain")
    with pytest.raises(ServerError) as info:
        Fetcher(fast(retries=3)).fetch(site.url("/down"))
    assert info.value.http_status == 503
    assert not info.value.permanent
    assert site.hits("/down") == 4


def test_503_then_success(site: Site) -> None:
    calls: list[int] = []

    def flaky(h: BaseHTTPRequestHandler) -> None:
        calls.append(1)
        (reply(503, b"", "text/plain") if len(calls) < 3 else reply())(h)

    site.routes["/flaky"] = flaky
    assert Fetcher(fast(retries=3)).fetch(site.url("/flaky")).body == HTML


def test_429_honours_retry_after_and_gives_up_beyond_cap(site: Site) -> None:
    slept: list[float] = []
    site.routes["/soon"] = reply(429, b"", "text/plain", {"Retry-After": "2"})
    site.routes["/later"] = reply(429, b"", "text/plain", {"Retry-After": "3600"})
    fetcher = Fetcher(fast(retries=2, retry_after_cap=10), sleep=slept.append)
    with pytest.raises(ServerError):
        fetcher.fetch(site.url("/soon"))
    assert site.hits("/soon") == 3
    assert sum(1 for s in slept if s >= 1.9) >= 2  # both retries waited Retry-After
    with pytest.raises(ServerError):
        fetcher.fetch(site.url("/later"))
    assert site.hits("/later") == 1


def test_parse_retry_after_http_date() -> None:
    now = datetime(2024, 1, 2, 10, 0, tzinfo=UTC)
    assert parse_retry_after("Tue, 02 Jan 2024 10:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None


def test_robots_disallow(site: Site) -> None:
    site.routes["/robots.txt"] = reply(
        body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    site.routes["/private/a"] = reply()
    site.routes["/public/a"] = reply()
    fetcher = Fetcher(fast())
    with pytest.raises(RobotsDisallowedError):
        fetcher.fetch(site.url("/private/a"))
    assert fetcher.fetch(site.url("/public/a")).body == HTML
    assert site.hits("/private/a") == 0
    assert site.hits("/robots.txt") == 1  # cached per host


def test_robots_agent_specific_group(site: Site) -> None:
    site.routes["/robots.txt"] = reply(
        body=b"User-agent: newsetl\nDisallow: /\n\nUser-agent: *\nAllow: /\n",
        content_type="text/plain",
    )
    site.routes["/a"] = reply()
    with pytest.raises(RobotsDisallowedError):
        Fetcher(fast()).fetch(site.url("/a"))


def test_missing_robots_allows_all(site: Site) -> None:
    site.routes["/a"] = reply()
    assert Fetcher(fast()).fetch(site.url("/a")).body == HTML
    assert site.hits("/robots.txt") == 1


def test_robots_5xx_means_disallow_transient(site: Site) -> None:
    site.routes["/robots.txt"] = reply(500, b"", "text/plain")
    site.routes["/a"] = reply()
    with pytest.raises(ServerError):
        Fetcher(fast(retries=1)).fetch(site.url("/a"))
    assert site.hits("/a") == 0


def test_robots_can_be_ignored(site: Site) -> None:
    site.routes["/robots.txt"] = reply(
        body=b"User-agent: *\nDisallow: /\n", content_type="text/plain"
    )
    site.routes["/a"] = reply()
    assert Fetcher(fast(respect_robots=False)).fetch(site.url("/a")).body == HTML
    assert site.hits("/robots.txt") == 0


def test_conditional_get_304(site: Site) -> None:
    def conditional(h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            h.send_response(304)
            h.send_header("ETag", '"v1"')
            h.end_headers()
        else:
            reply(headers={"ETag": '"v1"'})(h)

    site.routes["/c"] = conditional
    fetcher = Fetcher(fast())
    page = fetcher.fetch(
        site.url("/c"), etag='"v1"', last_modified=datetime(2024, 1, 2, tzinfo=UTC)
    )
    assert page.http_status == 304
    assert page.body == b""
    request = [s for s in site.seen if s.path == "/c"][-1]
    assert request.headers["If-Modified-Since"] == "Tue, 02 Jan 2024 00:00:00 GMT"
    assert fetcher.fetch(site.url("/c")).http_status == 200


@pytest.mark.parametrize(
    "content_type",
    ["application/pdf", "image/png", "application/octet-stream", "application/rss+xml"],
)
def test_non_html_refused_for_articles(site: Site, content_type: str) -> None:
    site.routes["/x"] = reply(body=b"%PDF-1.7 ...", content_type=content_type)
    with pytest.raises(UnsupportedContentError):
        Fetcher(fast()).fetch(site.url("/x"))


def test_missing_content_type_sniffed(site: Site) -> None:
    site.routes["/html"] = reply(content_type=None)
    site.routes["/bin"] = reply(body=b"\x00\x01binary", content_type=None)
    fetcher = Fetcher(fast())
    assert fetcher.fetch(site.url("/html")).body == HTML
    with pytest.raises(UnsupportedContentError):
        fetcher.fetch(site.url("/bin"))


def test_fetch_document_accepts_feeds(site: Site) -> None:
    feed = b"<rss version='2.0'><channel></channel></rss>"
    site.routes["/feed"] = reply(body=feed, content_type="application/rss+xml")
    site.routes["/pdf"] = reply(body=b"%PDF", content_type="application/pdf")
    fetcher = Fetcher(fast())
    assert fetcher.fetch_document(site.url("/feed")).body == feed
    with pytest.raises(UnsupportedContentError):
        fetcher.fetch_document(site.url("/pdf"))


def test_fetch_many_per_host_politeness(site: Site) -> None:
    for i in range(5):
        site.routes[f"/p{i}"] = reply(delay=0.05)
    fetcher = Fetcher(
        fast(per_host_concurrency=1, per_host_delay=0.2, concurrency=4, respect_robots=False)
    )
    urls = [site.url(f"/p{i}") for i in range(5)] + ["http://10.0.0.1/blocked"]
    results = dict(fetcher.fetch_many(urls))
    assert set(results) == set(urls)
    assert isinstance(results["http://10.0.0.1/blocked"], UnsafeURLError)
    assert all(isinstance(results[u], RawPage) for u in urls[:5])
    assert site.max_active == 1
    starts = sorted(s.at for s in site.seen)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.18


def test_fetch_many_concurrency_across_hosts(site: Site) -> None:
    # "127.0.0.1" and "localhost" count as two hosts: they proceed in parallel.
    for i in range(4):
        site.routes[f"/q{i}"] = reply(delay=0.3)
    fetcher = Fetcher(fast(per_host_concurrency=1, concurrency=4, respect_robots=False))
    urls = [site.url(f"/q{i}") for i in range(2)]
    urls += [f"http://localhost:{site.port}/q{i}" for i in range(2, 4)]
    started = time.monotonic()
    results = list(fetcher.fetch_many(urls))
    assert len(results) == 4
    assert all(isinstance(r, RawPage) for _, r in results)
    assert time.monotonic() - started < 1.1  # two hosts x two sequential 0.3 s requests


@pytest.fixture
def tls_site(tmp_path: Any, site: Site) -> Iterator[tuple[Site, str, int]]:
    """The same routes served over HTTPS with a throwaway certificate for localhost."""
    import shutil
    import ssl
    import subprocess

    if shutil.which("openssl") is None:
        pytest.fail("openssl is needed to make a test certificate (Debian package openssl)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-addext",
            "subjectAltName=DNS:localhost",
        ],
        check=True,
        capture_output=True,
    )

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            site.seen.append(Seen(self.path, dict(self.headers.items()), time.monotonic()))
            site.routes.get(self.path, reply(404, b"", "text/plain"))(self)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(cert), str(key))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    yield site, str(cert), server.server_address[1]
    server.shutdown()
    server.server_close()


def test_https_verifies_certificate_by_host_name(tls_site: tuple[Site, str, int]) -> None:
    import ssl

    site, cert, port = tls_site
    site.routes["/s"] = reply()
    with pytest.raises(UnsafeURLError, match="certificate"):
        Fetcher(fast(retries=0)).fetch(f"https://localhost:{port}/s")
    trusting = ssl.create_default_context(cafile=cert)
    fetcher = Fetcher(fast(), ssl_context=trusting)
    page = fetcher.fetch(f"https://localhost:{port}/s")
    assert page.body == HTML
    # The certificate names "localhost", not the IP: connecting by IP must fail.
    with pytest.raises(UnsafeURLError, match="certificate"):
        fetcher.fetch(f"https://127.0.0.1:{port}/s")


def test_fetch_many_closes_early_without_fetching_the_rest(site: Site) -> None:
    for i in range(50):
        site.routes[f"/e{i}"] = reply(delay=0.02)
    fetcher = Fetcher(fast(per_host_concurrency=2, concurrency=2, respect_robots=False))

    def urls() -> Iterator[str]:
        for i in range(50):
            yield site.url(f"/e{i}")

    results = fetcher.fetch_many(urls())
    first = next(results)
    assert isinstance(first[1], RawPage)
    results.close()  # cancels queued work and returns once running requests end
    assert len(site.seen) <= 4
