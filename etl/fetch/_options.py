"""What fetching can be told to do: limits, politeness, retries, address policy."""

from __future__ import annotations

from dataclasses import dataclass

from etl import __version__

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
