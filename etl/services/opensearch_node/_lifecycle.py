"""Start, stop and query the managed node, or the cluster ``OPENSEARCH_URL`` names."""

from __future__ import annotations

import logging
import os
from typing import Any
from urllib.parse import urlsplit

from etl.errors import InvalidInputError, ServiceUnavailableError
from etl.services.opensearch_node._boot import _launch, _wait_healthy
from etl.services.opensearch_node._config import validate_heap
from etl.services.opensearch_node._install import ensure_installed
from etl.services.opensearch_node._net import health
from etl.services.opensearch_node._paths import _locked, cache_dir, state_path
from etl.services.opensearch_node._process import _is_our_node, _terminate
from etl.services.opensearch_node._state import (
    NodeInfo,
    read_state,
    remove_state,
    state_to_info,
)

# The package's logger, so records carry the public module's name.
log = logging.getLogger(__package__)


def _external_url() -> str | None:
    value = os.environ.get("OPENSEARCH_URL", "").strip()
    return value.rstrip("/") or None


def _external_info(base_url: str) -> NodeInfo:
    parts = urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 9200)
    return NodeInfo(url=base_url, pid=None, port=port, home=None, data_dir=None, external=True)


def _live_state() -> dict[str, Any] | None:
    """Return the state of a managed node whose process still runs; drop stale state."""
    path = state_path()
    data = read_state(path)
    if data is None:
        return None
    if _is_our_node(int(data["pid"]), data.get("home")):
        return data
    remove_state(path)
    return None


def start(*, port: int | None = None, heap: str = "512m", wait: float = 180) -> NodeInfo:
    """Start (or reuse) the managed OpenSearch node and wait until it is at least yellow.

    Args:
        port: HTTP port; a free one is picked when ``None``.
        heap: JVM heap (``-Xms``/``-Xmx``), e.g. ``512m`` or ``2g``.
        wait: seconds to wait for ``yellow`` health.

    Returns:
        The node's :class:`NodeInfo`. With ``OPENSEARCH_URL`` set, nothing is
        started and that cluster is returned (``external=True``).

    Raises:
        ServiceUnavailableError: download failed, or the node did not become
            healthy in time (the message ends with the tail of its log).
        InvalidInputError: bad arguments, no Java 21+, no Maven, port taken.
    """
    external = _external_url()
    if external:
        log.warning(
            "OPENSEARCH_URL is set (%s): using that cluster, not starting a local node", external
        )
        return _external_info(external)
    validate_heap(heap)
    if port is not None and not 0 < port < 65536:
        raise InvalidInputError(f"invalid port {port}")
    home = ensure_installed()
    with _locked("node"):
        running = _live_state()
        if running is not None:
            info = state_to_info(running)
            if port is not None and port != info.port:
                raise InvalidInputError(
                    f"a managed OpenSearch node already runs on port {info.port} (pid {info.pid}); "
                    "stop it first to use another port"
                )
            log.info("reusing OpenSearch node %s (pid %s)", info.url, info.pid)
            _wait_healthy(info, wait)
            return info
        return _launch(home, port=port, heap=heap, wait=wait)


def stop(timeout: float = 30) -> bool:
    """Stop the managed node: SIGTERM, then SIGKILL after ``timeout`` seconds.

    Returns ``True`` when a node was stopped, ``False`` when none ran (or when
    ``OPENSEARCH_URL`` names an external cluster, which is never touched).
    """
    external = _external_url()
    if external:
        log.warning("OPENSEARCH_URL is set (%s): an external cluster is not stopped", external)
        return False
    if not cache_dir().exists():
        return False
    with _locked("node"):
        data = _live_state()
        if data is None:
            return False
        _terminate(int(data["pid"]), timeout)
        remove_state(state_path())
        log.info("stopped OpenSearch pid %s", data["pid"])
        return True


def status() -> NodeInfo | None:
    """Return the running, answering node (managed or ``OPENSEARCH_URL``), else ``None``."""
    external = _external_url()
    if external:
        return _external_info(external) if health(external) else None
    data = _live_state() if cache_dir().exists() else None
    if data is None:
        return None
    info = state_to_info(data)
    return info if health(info.url) else None


def ensure_running(*, wait: float = 180) -> NodeInfo:
    """Return the running node, starting the managed one if needed.

    Raises:
        ServiceUnavailableError: ``OPENSEARCH_URL`` is set but does not answer,
            or the managed node could not be started.
    """
    running = status()
    if running is not None:
        return running
    external = _external_url()
    if external:
        raise ServiceUnavailableError(f"OpenSearch at OPENSEARCH_URL={external} does not answer")
    return start(wait=wait)


def url() -> str:
    """Return the OpenSearch base URL: ``OPENSEARCH_URL`` or the managed node (started if
    needed)."""
    return _external_url() or ensure_running().url
