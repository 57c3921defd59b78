"""`make run`: one nightly run of news_nightly over the bundled sample site, then a search.

Serves the sample site on loopback, runs the real DAG from dags/ with dag.test() on the
local SQLite metadata DB for the sample site's day, checks the run succeeded, and prints
a search with hits and facets from OpenSearch.
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    # Task logs go to the log files under airflow_home/; the terminal shows the outcome.
    os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    # Two warnings raised inside Airflow's own dag.test() machinery; nothing a user can act on.
    warnings.filterwarnings("ignore", message="Multiple rows returned with uselist=False")
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from etl.sample_site import SAMPLE_DAY
    from etl.sample_site.server import serve_site
    from etl.services.opensearch_node import url as opensearch_url

    os.environ["OPENSEARCH_URL"] = opensearch_url()
    os.environ["NEWSETL_ALLOW_LOOPBACK"] = "1"  # the sample site lives on 127.0.0.1
    with serve_site() as base:
        os.environ["NEWSETL_SOURCES"] = f"{base}/feed.xml"
        from airflow.dag_processing.dagbag import DagBag

        bag = DagBag(dag_folder=str(ROOT / "dags"))
        if bag.import_errors:
            for path, err in bag.import_errors.items():
                print(f"DAG import error in {path}:\n{err}", file=sys.stderr)
            return 1
        dag = bag.get_dag("news_nightly")
        # A manual run covers the daily interval that ends at the date given (as with
        # `airflow dags test`), so the sample day's run is dated the day after.
        end = datetime(SAMPLE_DAY.year, SAMPLE_DAY.month, SAMPLE_DAY.day, tzinfo=UTC)
        end += timedelta(days=1)
        print(f"news_nightly for {SAMPLE_DAY} over {base}/feed.xml ...", flush=True)
        t0 = time.monotonic()
        run = dag.test(logical_date=end)
        state = str(getattr(run, "state", ""))
        print(f"run {run.run_id}: {state} in {time.monotonic() - t0:.0f}s", flush=True)
        if not state.endswith("success"):
            return 1
    from etl.config import Settings
    from etl.parquet_io import partition_dir, read_partition

    settings = Settings.from_env()
    for dataset in ("articles", "rejects"):
        rows = read_partition(settings.data_dir, dataset, SAMPLE_DAY).num_rows
        print(
            f"  {dataset:<8} {rows:>3} rows in "
            f"{partition_dir(settings.data_dir, dataset, SAMPLE_DAY)}"
        )
    from etl.cli import main as cli

    query = ["minister", "--has-quotes", "--size", "5"]
    print(f"\n$ newsetl search {' '.join(query)}\n", flush=True)
    return cli(["search", *query])


if __name__ == "__main__":
    sys.exit(main())
