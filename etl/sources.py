"""Where a run's inputs and services come from when nobody overrides them."""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import quote


def configured_sources() -> list[str]:
    """Sources from ``NEWSETL_SOURCES`` (separated by whitespace or commas).

    Raises:
        InvalidInputError: nothing is configured, so a nightly run would do nothing.
    """
    from etl.errors import InvalidInputError

    raw = os.environ.get("NEWSETL_SOURCES", "")
    sources = [s for s in re.split(r"[\s,]+", raw) if s]
    if not sources:
        raise InvalidInputError(
            "no sources: set NEWSETL_SOURCES or pass the 'sources' param when triggering"
        )
    return sources


def url_from_connection_fields(
    host: str | None, port: int | None, login: str | None, password: str | None,
    extra: dict[str, Any] | None,
) -> str | None:
    """Build an OpenSearch URL from Airflow Connection fields (same fields the provider uses)."""
    if not host:
        return None
    extra = extra or {}
    if "://" in host:
        scheme, host = host.split("://", 1)
    else:
        use_ssl = str(extra.get("use_ssl", "false")).lower() in {"1", "true", "yes"}
        scheme = "https" if use_ssl else "http"
    # Credentials go into the URL, so characters like @ / : # must be percent-encoded.
    auth = ""
    if login:
        auth = quote(login, safe="")
        if password:
            auth += ":" + quote(password, safe="")
        auth += "@"
    return f"{scheme}://{auth}{host}:{port or 9200}"
