"""news_nightly end to end: real Airflow (dag.test on a migrated SQLite DB, DAG from dags/),
real OpenSearch, the bundled sample site served on loopback."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyarrow.parquet as pq
import pytest
from conftest import ROOT

pytestmark = pytest.mark.integration


def _run_day(dag, day, conf=None):
    """Run the DAG for the data interval [day, day+1): a manual run's interval is inferred
    as the one that ends at the date given, as for `airflow dags test`."""
    end = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
    return dag.test(logical_date=end, run_conf=conf)


def _counts(settings, client, alias, day):
    from etl.index import SearchRequest, search
    from etl.parquet_io import read_partition

    arts = read_partition(settings.data_dir, "articles", day)
    rej = read_partition(settings.data_dir, "rejects", day)
    client.indices.refresh(index=alias)
    res = search(client, alias, SearchRequest(size=0, facet_size=50))
    return {
        "articles": arts.num_rows,
        "rejects": rej.num_rows,
        "ids": sorted(arts.column("id").to_pylist()),
        "count": client.count(index=alias)["count"],
        "facets": res.facets,
        "raw_files": sorted(p.name for p in (settings.data_dir / "raw").rglob("*") if p.is_file()),
    }


def test_nightly_run_over_sample_site(airflow_db, index_env, tmp_path, monkeypatch):
    from airflow.dag_processing.dagbag import DagBag

    from etl.config import Settings
    from etl.index import SearchRequest, make_client, search
    from etl.sample_site import SAMPLE_DAY, manifest
    from etl.sample_site.server import serve_site

    monkeypatch.setenv("NEWSETL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSETL_ALLOW_LOOPBACK", "1")
    dag = DagBag(dag_folder=str(ROOT / "dags")).get_dag("news_nightly")
    pages = manifest()
    with serve_site() as base:
        monkeypatch.setenv("NEWSETL_SOURCES", f"{base}/feed.xml")
        run = _run_day(dag, SAMPLE_DAY)
        assert str(run.state).endswith("success"), f"run ended {run.state}"

        settings = Settings.from_env()
        client = make_client(settings.index)
        alias = settings.index.alias
        parts = list((settings.data_dir / "articles" / f"dt={SAMPLE_DAY}").glob("*.parquet"))
        table = pq.read_table(parts[0])
        rows = {r["url"]: r for r in table.to_pylist()}
        # Parquet rows equal the sample articles: every page once, nothing else.
        assert set(rows) == {p.url(base) for p in pages}
        for p in pages:
            row = rows[p.url(base)]
            assert row["title"] == p.title
            assert row["published_at"] == p.published_at.astimezone(UTC)
            assert p.phrase in row["text"]
        # a phrase from one article finds it first
        for p in pages[:3]:
            res = search(client, alias, SearchRequest(query=f'"{p.phrase}"', size=3))
            assert res.hits and res.hits[0].url == p.url(base), p.phrase

        first = _counts(settings, client, alias, SAMPLE_DAY)
        assert first["count"] == len(pages)
        # the second run of the same day changes no count
        run2 = _run_day(dag, SAMPLE_DAY)
        assert str(run2.state).endswith("success")
        second = _counts(settings, client, alias, SAMPLE_DAY)
        assert second == first
