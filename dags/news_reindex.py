"""news_reindex: rebuild the search index from every Parquet partition, merge it, swap the alias.

Manual only. Searches keep hitting the old index until the single alias swap; the
previous index is kept for rollback (``IndexOptions.keep_previous``). The cluster is the
``opensearch_default`` Connection when defined, else ``OPENSEARCH_URL``, else the local node.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pendulum
from airflow.sdk import dag, task
from newsetl_airflow import edge, index_overrides
from newsetl_assets import ARTICLES, INDEX


@dag(
    dag_id="news_reindex",
    schedule=None,
    start_date=pendulum.datetime(2026, 11, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["newsetl", "maintenance"],
    doc_md=__doc__,
    default_args={"owner": "newsetl", "retries": 2, "retry_delay": timedelta(minutes=1),
                  "retry_exponential_backoff": True, "execution_timeout": timedelta(hours=6)},
)
def news_reindex() -> None:
    @task(pool="newsetl_opensearch", inlets=[ARTICLES], outlets=[INDEX])
    def rebuild() -> dict[str, Any]:
        from etl import pipeline
        from etl.config import Settings

        settings = Settings.from_env(**index_overrides("opensearch_default"))
        return dict(edge(pipeline.reindex, settings))

    rebuild()


news_reindex()
