"""news_nightly: one run per UTC day, discover → fetch → extract → enrich → write → load → report.

Wiring only: each task is one call into ``etl`` (imported inside the task so that parsing
this file stays cheap); the shared Airflow-side helpers live in ``plugins/newsetl_airflow.py``.
Permanent errors fail the task at once; transient ones raise normally and Airflow retries
them with exponential backoff.

* A run processes its data interval ``[data_interval_start, data_interval_end)``, one UTC day,
  and replaces the partitions ``dt=<data_interval_start date>``: reruns and overlapping
  backfills are safe (staging is per run id, partitions are swapped in whole, documents
  have stable ids).
* ``fetch`` runs in the pool ``newsetl_fetch``, ``load`` in ``newsetl_opensearch``.
* The number of mapped batches never exceeds ``[core] max_map_length``: ``discover`` raises
  the batch size when it has to.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import Param, dag, get_current_context, task
from airflow.timetables.interval import CronDataIntervalTimetable
from newsetl_airflow import edge, index_overrides, max_map_length
from newsetl_assets import ARTICLES, INDEX, RAW_PAGES

FETCH_POOL = "newsetl_fetch"
OPENSEARCH_POOL = "newsetl_opensearch"

DEFAULT_ARGS: dict[str, Any] = {
    "owner": "newsetl",
    "retries": 3,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
    "execution_timeout": timedelta(hours=1),
}


def _settings(**over: Any) -> Any:
    """Settings from the environment; the ``batch_size`` Param (when set) overrides it."""
    from etl.config import Settings

    params = get_current_context()["params"]
    if params.get("batch_size"):
        over.setdefault("batch_size", int(params["batch_size"]))
    return Settings.from_env(**over)


def _run_id() -> str:
    return str(get_current_context()["run_id"])


def _day() -> Any:
    return get_current_context()["data_interval_start"].date()


@dag(
    dag_id="news_nightly",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    catchup=False,
    # Runs of different days share nothing (staging by run id, partitions by day), so two
    # may overlap; more would only compete for the same cores.
    max_active_runs=2,
    dagrun_timeout=timedelta(hours=12),
    default_args=DEFAULT_ARGS,
    tags=["newsetl", "nightly"],
    doc_md=__doc__,
    params={
        "sources": Param([], type="array", description="Override the configured sources "
                         "(files, folders, WARCs, URL lists, feeds, sitemaps, URLs)."),
        "from_raw": Param(False, type="boolean",
                          description="Re-extract the raw pages kept for this day; no fetching."),
        "skip_load": Param(False, type="boolean", description="Write Parquet only."),
        "batch_size": Param(None, type=["null", "integer"], minimum=1, maximum=10000,
                            description="Inputs per mapped task (empty: NEWSETL_BATCH_SIZE, "
                            "default 50). Raised when needed to stay within max_map_length."),
    },
)
def news_nightly() -> None:
    @task(execution_timeout=timedelta(minutes=30))
    def discover() -> list[dict[str, int]]:
        """Plan the run; one ``{"batch", "batch_size"}`` per mapped task instance."""
        from etl import pipeline
        from etl.sources import configured_sources

        ctx = get_current_context()
        params = ctx["params"]
        from_raw = bool(params.get("from_raw"))
        # a re-extraction reads the kept raw pages only: it needs no configured sources
        sources = [] if from_raw else list(params.get("sources") or []) or edge(configured_sources)
        p = edge(pipeline.plan, _settings(), sources, _day(), ctx["run_id"],
                 from_raw=from_raw, max_batches=max_map_length())
        return [{"batch": b, "batch_size": p.batch_size} for b in p.batches]

    @task(pool=FETCH_POOL, max_active_tis_per_dagrun=4)
    def fetch(batch: int, batch_size: int) -> dict[str, int]:
        from etl import pipeline

        s = _settings(batch_size=batch_size)
        edge(pipeline.fetch_batch, s, pipeline.load_plan(s, _run_id()), batch)
        return {"batch": batch, "batch_size": batch_size}

    @task
    def extract(batch: int, batch_size: int) -> dict[str, int]:
        from etl import pipeline

        s = _settings(batch_size=batch_size)
        edge(pipeline.extract_batch, s, pipeline.load_plan(s, _run_id()), batch)
        return {"batch": batch, "batch_size": batch_size}

    @task(execution_timeout=timedelta(hours=2))
    def enrich(batch: int, batch_size: int) -> dict[str, int]:
        from etl import pipeline

        s = _settings(batch_size=batch_size)
        edge(pipeline.enrich_batch, s, pipeline.load_plan(s, _run_id()), batch)
        return {"batch": batch, "batch_size": batch_size}

    @task(trigger_rule="none_failed", outlets=[RAW_PAGES, ARTICLES])
    def write() -> dict[str, Any]:
        from dataclasses import asdict

        from etl import pipeline

        s = _settings()
        return asdict(edge(pipeline.write, s, pipeline.load_plan(s, _run_id())))

    # Concurrent loads (backfill days) share the pool; the first index of an alias is
    # created atomically with it (etl.index.manage.ensure_index), so they cannot race, and
    # write_target waits for its primary shard before the first request.
    @task(pool=OPENSEARCH_POOL, outlets=[INDEX])
    def load() -> dict[str, Any]:
        from etl import pipeline

        params = get_current_context()["params"]
        if params.get("skip_load"):
            return {"skipped": True}
        s = _settings(**index_overrides("opensearch_default"))
        return dict(edge(pipeline.load, s, _day(), _run_id()))

    @task(trigger_rule="none_failed", execution_timeout=timedelta(minutes=15))
    def report() -> dict[str, Any]:
        import logging

        from etl import pipeline

        s = _settings()
        summary = edge(pipeline.report, s, pipeline.load_plan(s, _run_id()))
        logging.getLogger("newsetl").info("run summary: %s", summary)
        return dict(summary)

    fetched = fetch.expand_kwargs(discover())
    extracted = extract.expand_kwargs(fetched)
    enriched = enrich.expand_kwargs(extracted)
    enriched >> write() >> load() >> report()


news_nightly()
