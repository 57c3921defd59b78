"""Loopback networking: free ports and the standard-library health probe."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from etl.errors import ServiceUnavailableError
from etl.services.opensearch_node._constants import _LOOPBACK, HOST

# --------------------------------------------------------------------------- ports


def free_port(host: str = HOST, *, exclude: frozenset[int] = frozenset()) -> int:
    """Return a TCP port on ``host`` that is free right now.

    The port is only probed, not held, so a race with another process is
    possible; :func:`start` detects the resulting startup failure.
    """
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            port = int(sock.getsockname()[1])
        if port not in exclude:
            return port
    raise ServiceUnavailableError(f"could not find a free TCP port on {host}")


def port_is_free(port: int, host: str = HOST) -> bool:
    """Tell whether ``port`` can be bound on ``host`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


# --------------------------------------------------------------------------- HTTP


def _http_json(method: str, url: str, body: Any = None, timeout: float = 5.0) -> tuple[int, Any]:
    """Small JSON-over-HTTP call with the standard library (no client needed to boot)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    # A proxy from the environment must never see requests to the local node.
    host = urlsplit(url).hostname or ""
    handlers = [urllib.request.ProxyHandler({})] if host in _LOOPBACK else []
    try:
        with urllib.request.build_opener(*handlers).open(req, timeout=timeout) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def health(base_url: str, *, wait_for_yellow: float = 0, timeout: float = 5.0) -> str | None:
    """Return the cluster health colour, or ``None`` when nothing usable answers.

    With ``wait_for_yellow`` the server itself waits (up to that many seconds)
    for at least yellow, and ``None`` comes back if it never got there.
    """
    query = ""
    if wait_for_yellow:
        query = f"?wait_for_status=yellow&timeout={max(1, int(wait_for_yellow))}s"
    try:
        status, body = _http_json(
            "GET", f"{base_url}/_cluster/health{query}", timeout=timeout + wait_for_yellow
        )
    except (OSError, urllib.error.URLError):
        return None
    if status != 200 or not isinstance(body, dict) or body.get("timed_out"):
        return None
    colour = body.get("status")
    return colour if isinstance(colour, str) else None
