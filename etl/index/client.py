"""Turn configuration into an OpenSearch client (the only place that does)."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from opensearchpy import OpenSearch

from etl.config import IndexOptions


def resolve_url(options: IndexOptions) -> str:
    """The cluster URL: configured (``OPENSEARCH_URL``) or the project's managed local node.

    Raises:
        ServiceUnavailableError: the managed node could not be started.
    """
    if options.url:
        return options.url
    from etl.services.opensearch_node import ensure_running

    return ensure_running().url


def make_client(options: IndexOptions, url: str | None = None, timeout: float = 60) -> OpenSearch:
    """An ``OpenSearch`` client for ``url`` (or :func:`resolve_url`), credentials from the URL."""
    target = url or resolve_url(options)
    parts = urlsplit(target)
    auth = (unquote(parts.username), unquote(parts.password or "")) if parts.username else None
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if parts.scheme == "https" else 9200)
    return OpenSearch(
        hosts=[{"host": host, "port": port, "scheme": parts.scheme or "http"}],
        http_auth=auth,
        use_ssl=parts.scheme == "https",
        verify_certs=options.verify_certs,
        ca_certs=options.ca_certs,
        ssl_show_warn=False,
        timeout=timeout,
        max_retries=3,
        retry_on_timeout=True,
        http_compress=True,
    )
