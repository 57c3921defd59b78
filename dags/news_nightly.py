"""news_nightly: one run per UTC day, discover → fetch → extract → enrich → write → load → report.

Wiring only: each task is one call into ``etl`` (imported inside the task so that
parsing this file stays cheap). Permanent errors fail the task at once; transient
ones raise normally and Airflow retries them with exponential backoff.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, task
from airflow.timetables.interval import CronDataIntervalTimetable

RAW_PAGES = Asset("file://newsetl/raw", extra={"dataset": "raw pages (WARC per day)"})
ARTICLES = Asset("file://newsetl/articles", extra={"dataset": "articles + rejects Parquet"})
INDEX = Asset("opensearch://newsetl/news", extra={"alias": "news"})

DEFAULT_ARGS: dict[str, Any] = {
    "owner": "newsetl",
    "retries": 3,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
    "execution_timeout": timedelta(hours=2),
}


def _settings(**over: Any) -> Any:
    from etl.config import Settings

    params = get_current_context()["params"]
    if params.get("batch_size"):
        over.setdefault("batch_size", int(params["batch_size"]))
    return Settings.from_env(**over)


def _run_id() -> str:
    return str(get_current_context()["run_id"])


def _day() -> Any:
    return get_current_context()["data_interval_start"].date()


def _edge(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call into etl; map permanent errors to AirflowFailException (no retry)."""
    from airflow.sdk.exceptions import AirflowFailException

    from etl.errors import NewsEtlError

    try:
        return fn(*args, **kwargs)
    except NewsEtlError as exc:
        if exc.permanent:
            raise AirflowFailException(f"{exc.error_type}: {exc}") from exc
        raise


def _connection_url(conn_id: str) -> str | None:
    """URL of an Airflow Connection; None when undefined (then OPENSEARCH_URL / local node)."""
    from airflow.sdk import Connection

    from etl.sources import url_from_connection_fields

    try:
        conn = Connection.get(conn_id)
    except Exception:  # AirflowNotFoundException and friends: the connection is optional
        return None
    return url_from_connection_fields(
        conn.host, conn.port, conn.login, conn.password, conn.extra_dejson
    )


@dag(
    dag_id="news_nightly",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    catchup=False,
    max_active_runs=2,
    default_args=DEFAULT_ARGS,
    tags=["newsetl", "nightly"],
    doc_md=__doc__,
    params={
        "sources": Param([], type="array", description="Override the configured sources "
                         "(files, folders, WARCs, URL lists, feeds, sitemaps, URLs)."),
        "from_raw": Param(False, type="boolean",
                          description="Re-extract the raw pages kept for this day; no fetching."),
        "skip_load": Param(False, type="boolean", description="Write Parquet only."),
        "batch_size": Param(50, type="integer", minimum=1, maximum=10000,
                            description="Inputs per mapped task."),
    },
)
def news_nightly() -> None:
    @task
    def discover() -> list[int]:
        from etl import pipeline
        from etl.sources import configured_sources

        ctx = get_current_context()
        params = ctx["params"]
        day = _day()
        sources = list(params.get("sources") or []) or configured_sources()
        p = _edge(pipeline.plan, _settings(), sources, day, ctx["run_id"],
                  from_raw=bool(params.get("from_raw")))
        return list(p.batches)

    @task(max_active_tis_per_dagrun=4)
    def fetch(batch: int) -> int:
        from etl import pipeline

        s = _settings()
        _edge(pipeline.fetch_batch, s, pipeline.load_plan(s, _run_id()), batch)
        return batch

    @task
    def extract(batch: int) -> int:
        from etl import pipeline

        s = _settings()
        _edge(pipeline.extract_batch, s, pipeline.load_plan(s, _run_id()), batch)
        return batch

    @task
    def enrich(batch: int) -> int:
        from etl import pipeline

        s = _settings()
        _edge(pipeline.enrich_batch, s, pipeline.load_plan(s, _run_id()), batch)
        return batch

    @task(trigger_rule="none_failed", outlets=[RAW_PAGES, ARTICLES])
    def write() -> dict[str, Any]:
        from dataclasses import asdict

        from etl import pipeline

        s = _settings()
        return asdict(_edge(pipeline.write, s, pipeline.load_plan(s, _run_id())))

    @task(outlets=[INDEX])
    def load() -> dict[str, Any]:
        from etl import pipeline

        params = get_current_context()["params"]
        if params.get("skip_load"):
            return {"skipped": True}
        url = _connection_url("opensearch_default")
        s = _settings(index={"url": url}) if url else _settings()
        return dict(_edge(pipeline.load, s, _day(), _run_id()))

    @task(trigger_rule="none_failed")
    def report() -> dict[str, Any]:
        import logging

        from etl import pipeline

        s = _settings()
        summary = _edge(pipeline.report, s, pipeline.load_plan(s, _run_id()))
        logging.getLogger("newsetl").info("run summary: %s", summary)
        return dict(summary)

    batches = discover()
    fetched = fetch.expand(batch=batches)
    extracted = extract.expand(batch=fetched)
    enriched = enrich.expand(batch=extracted)
    enriched >> write() >> load() >> report()


news_nightly()
