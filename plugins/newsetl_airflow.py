"""The small Airflow-side helpers the newsetl DAG files share (not a plugin: no AirflowPlugin).

Airflow puts ``plugins/`` on ``sys.path`` for the dag-processor, the scheduler, workers,
``dag.test`` and ``DagBag``, so DAG files import this module by name. It must stay cheap to
import: only the standard library at the top, Airflow and ``etl`` inside the functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

DEFAULT_MAX_MAP_LENGTH = 1024


def max_map_length() -> int:
    """``[core] max_map_length`` of the running Airflow (1024 unless configured)."""
    try:
        from airflow.sdk.configuration import conf
    except ImportError:  # pragma: no cover - older Airflow: core's configuration
        from airflow.configuration import conf  # type: ignore[no-redef]
    return conf.getint("core", "max_map_length", fallback=DEFAULT_MAX_MAP_LENGTH)


def edge(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call into ``etl``; a permanent ``NewsEtlError`` becomes ``AirflowFailException``.

    ``AirflowFailException`` fails the task instance at once, without the retries left;
    a transient error (and anything unexpected) is raised unchanged, so Airflow retries it
    with the task's backoff.
    """
    from airflow.sdk.exceptions import AirflowFailException

    from etl.errors import NewsEtlError

    try:
        return fn(*args, **kwargs)
    except NewsEtlError as exc:
        if exc.permanent:
            raise AirflowFailException(f"{exc.error_type}: {exc}") from exc
        raise


def connection_url(conn_id: str) -> str | None:
    """URL built from an Airflow Connection; None when it is not defined.

    None lets ``etl`` fall back to ``OPENSEARCH_URL`` and then to the managed local node.
    ``AIRFLOW_CONN_OPENSEARCH_DEFAULT='http://user:pass@host:9200'`` (or ``https://...``)
    defines it from the environment.
    """
    from airflow.sdk import Connection

    from etl.sources import url_from_connection_fields

    try:
        conn = Connection.get(conn_id)
    except Exception:  # AirflowNotFoundException and friends: the connection is optional
        return None
    extra = conn.extra_dejson
    host = conn.host
    if (
        host
        and "://" not in host
        and conn.conn_type in {"http", "https"}
        and "use_ssl" not in extra
    ):
        extra = {**extra, "use_ssl": conn.conn_type == "https"}
    return url_from_connection_fields(host, conn.port, conn.login, conn.password, extra)


def index_overrides(conn_id: str = "opensearch_default") -> dict[str, Any]:
    """``Settings.from_env`` overrides pointing the index at the Connection, if defined."""
    url = connection_url(conn_id)
    return {"index": {"url": url}} if url else {}
