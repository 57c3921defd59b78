"""Safe and polite HTTP fetching of pages, feeds and sitemaps.

Safe: every URL (including every redirect target) passes :mod:`etl.netsafety`
and the connection goes to the checked IP address; bodies are streamed under a
byte cap (after decompression too) and every request has a total deadline.
Polite: robots.txt is honoured, requests to one host are spaced and limited in
concurrency, and only transient failures are retried, with backoff and jitter.

Modules: ``_options`` (what can be configured), ``_wire`` (one HTTP exchange on a
checked address), ``_gate`` (per-host politeness), ``_many`` (concurrent fetching of many
URLs), ``_fetcher`` (redirects, retries, robots.txt: the :class:`Fetcher`).
"""

from etl.fetch._fetcher import Fetcher
from etl.fetch._options import DEFAULT_USER_AGENT, DOCUMENT_TYPES, HTML_TYPES, FetchOptions
from etl.fetch._wire import parse_retry_after

__all__ = [
    "DEFAULT_USER_AGENT",
    "DOCUMENT_TYPES",
    "HTML_TYPES",
    "FetchOptions",
    "Fetcher",
    "parse_retry_after",
]
