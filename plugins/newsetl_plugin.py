"""Airflow plugin: links from the Airflow UI to OpenSearch Dashboards, and a macro.

``NEWSETL_DASHBOARDS_URL`` (default ``http://localhost:5601``) tells where Dashboards runs.
The links are plain hrefs: Airflow fills ``{DAG_ID}``/``{RUN_ID}`` where it renders them.
"""

from __future__ import annotations

import os

from airflow.plugins_manager import AirflowPlugin

DASHBOARDS = os.environ.get("NEWSETL_DASHBOARDS_URL", "http://localhost:5601").rstrip("/")
DASHBOARD_ID = "newsetl-dashboard"


def dashboards_day_url(ds: str, base: str = DASHBOARDS) -> str:
    """Discover view of Dashboards filtered to one partition day (``partition_date``).

    Args:
        ds: the run's day, ``YYYY-MM-DD`` (Airflow's ``{{ ds }}``).
        base: Dashboards base URL.

    Returns:
        A URL that opens the articles search for that day.
    """
    query = f"partition_date:{ds}"
    return (
        f"{base}/app/data-explorer/discover#?_a=(discover:(columns:!(title,source_domain)),"
        f"metadata:(indexPattern:newsetl-index-pattern,view:discover))"
        f"&_q=(query:(language:kuery,query:'{query}'))"
        f"&_g=(time:(from:now-10y,to:now))"
    )


class NewsetlPlugin(AirflowPlugin):
    name = "newsetl"
    macros = [dashboards_day_url]  # noqa: RUF012
    external_views = [  # noqa: RUF012 (AirflowPlugin reads class attributes)
        {
            "name": "News dashboard",
            "href": f"{DASHBOARDS}/app/dashboards#/view/{DASHBOARD_ID}",
            "destination": "nav",
            "category": "browse",
        },
        {
            "name": "Articles in OpenSearch Dashboards",
            "href": f"{DASHBOARDS}/app/data-explorer/discover",
            "destination": "dag",
        },
    ]
