"""news_nightly under real Airflow (``dag.test`` on the migrated SQLite DB, DAG from dags/) and
the real OpenSearch node: consecutive days, reruns, Param overrides, re-extraction from the
kept raw pages, and how task failures map to retries.

Inputs of each day are known exactly: day 1 is the bundled sample site (RSS feed served on
loopback, every article on SAMPLE_DAY); later days are WARC files written here from the sample
site's pages under other hosts, with WARC-Date on that day, plus one page without an article.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ROOT

pytestmark = pytest.mark.integration

DAY1 = date(2026, 11, 20)  # etl.sample_site.SAMPLE_DAY
DAY2 = DAY1 + timedelta(days=1)
DAY3 = DAY1 + timedelta(days=2)

NO_ARTICLE_HTML = b"<html><head><title>Menu</title></head><body><nav>Home</nav></body></html>"


def day_warc(path: Path, day: date, host: str, n_articles: int, junk: int = 1) -> int:
    """A WARC of ``n_articles`` sample pages served from ``https://<host>`` plus ``junk`` pages
    with no article, all fetched at noon of ``day``. Returns the number of records (inputs)."""
    from etl.rawstore import write_warc
    from etl.records import RawPage
    from etl.sample_site import manifest, render

    base = f"https://{host}"
    when = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    pages = [
        RawPage(url=p.url(base), body=render(p.path, base), fetched_at=when + timedelta(minutes=i))
        for i, p in enumerate(manifest()[:n_articles])
    ]
    pages += [
        RawPage(url=f"{base}/menu-{i}.html", body=NO_ARTICLE_HTML, fetched_at=when)
        for i in range(junk)
    ]
    return write_warc(path, pages)


def run_day(day: date, conf=None, fast_retries: bool = False):
    """``dag.test`` for the data interval [day, day+1): a manual run's interval is the one
    that ends at the logical date given (as for ``airflow dags test``).

    The DAG is parsed afresh for every run: in-process, Airflow merges a run's conf into the
    DAG's own Param objects, so a reused DAG object would carry Params into the next run."""
    dag = nightly_dag()
    if fast_retries:  # same semantics, one retry after a second
        for t in dag.tasks:
            t.retries = 1
            t.retry_delay = timedelta(seconds=1)
            t.retry_exponential_backoff = False
    end = datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
    return dag.test(logical_date=end, run_conf=conf)


def nightly_dag(dag_id: str = "news_nightly"):
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags"))
    assert bag.import_errors == {}
    return bag.get_dag(dag_id)


def task_instances(run, task_id: str) -> list:
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        tis = session.scalars(
            select(TaskInstance).where(
                TaskInstance.dag_id == run.dag_id,
                TaskInstance.run_id == run.run_id,
                TaskInstance.task_id == task_id,
            )
        ).all()
        session.expunge_all()
    return sorted(tis, key=lambda ti: ti.map_index)


def xcom(run, task_id: str):
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        row = session.execute(
            select(XComModel.value).where(
                XComModel.dag_id == run.dag_id, XComModel.run_id == run.run_id,
                XComModel.task_id == task_id, XComModel.key == "return_value",
            )
        ).first()
    assert row is not None, f"no return value of {task_id}"
    return XComModel.deserialize_value(row)


def partition(settings, day: date) -> dict:
    from etl.parquet_io import read_partition

    arts = read_partition(settings.data_dir, "articles", day)
    rej = read_partition(settings.data_dir, "rejects", day)
    return {"articles": arts.num_rows, "rejects": rej.num_rows,
            "ids": sorted(arts.column("id").to_pylist())}


def os_count(client, alias: str) -> int:
    client.indices.refresh(index=alias)
    return int(client.count(index=alias)["count"])


def succeeded(run) -> bool:
    return str(run.state).endswith("success")


def test_days_reruns_params_and_from_raw(airflow_db, index_env, tmp_path, monkeypatch):
    from etl.config import Settings
    from etl.index import make_client
    from etl.sample_site import SAMPLE_DAY, manifest
    from etl.sample_site.server import serve_site

    assert SAMPLE_DAY == DAY1
    monkeypatch.setenv("NEWSETL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("NEWSETL_ALLOW_LOOPBACK", "1")
    monkeypatch.delenv("NEWSETL_BATCH_SIZE", raising=False)
    n1 = len(manifest())
    n2 = day_warc(tmp_path / "day2.warc.gz", DAY2, "day2.example.org", 3)  # 3 articles + 1 junk
    n3 = day_warc(tmp_path / "day3.warc.gz", DAY3, "day3.example.org", 4)  # 4 articles + 1 junk
    assert (n2, n3) == (4, 5)
    settings = Settings.from_env()
    client = make_client(settings.index)
    alias = settings.index.alias

    with serve_site() as base:
        # Both sources every night: the interval keeps the feed's entries on day 1 and the
        # WARC's records on day 2.
        monkeypatch.setenv("NEWSETL_SOURCES", f"{base}/feed.xml {tmp_path / 'day2.warc.gz'}")

        run1 = run_day(DAY1)
        assert succeeded(run1), f"day 1 ended {run1.state}"
        d1 = partition(settings, DAY1)
        assert (d1["articles"], d1["rejects"]) == (n1, 0)
        assert os_count(client, alias) == n1
        # one mapped task per default batch of 50 (a later run of the day replaces this one)
        assert [ti.map_index for ti in task_instances(run1, "fetch")] == [0]

        run2 = run_day(DAY2)
        assert succeeded(run2), f"day 2 ended {run2.state}"
        d2 = partition(settings, DAY2)
        assert (d2["articles"], d2["rejects"]) == (3, 1)
        assert d2["articles"] + d2["rejects"] == n2
        assert set(d2["ids"]).isdisjoint(d1["ids"])
        assert os_count(client, alias) == n1 + 3

        # Rerun of day 1: same partitions, same documents, nothing added.
        rerun = run_day(DAY1)
        assert succeeded(rerun), f"rerun of day 1 ended {rerun.state}"
        assert partition(settings, DAY1) == d1
        assert partition(settings, DAY2) == d2
        assert os_count(client, alias) == n1 + 3

        # Param overrides: other sources, small batches, Parquet only.
        run3 = run_day(DAY3, {"sources": [str(tmp_path / "day3.warc.gz")],
                                   "batch_size": 2, "skip_load": True})
        assert succeeded(run3), f"day 3 ended {run3.state}"
        fetch_tis = task_instances(run3, "fetch")
        assert [ti.map_index for ti in fetch_tis] == [0, 1, 2]  # 5 inputs in batches of 2
        assert all(str(ti.state).endswith("success") for ti in fetch_tis)
        assert len(task_instances(run3, "enrich")) == 3
        d3 = partition(settings, DAY3)
        assert (d3["articles"], d3["rejects"]) == (4, 1)
        assert os_count(client, alias) == n1 + 3  # skip_load: nothing indexed
        assert xcom(run3, "load") == {"skipped": True}

    # The site is gone: re-extract day 1 from the kept raw pages only.
    raw = settings.data_dir / "raw" / f"dt={DAY1}" / "pages.warc.gz"
    assert raw.is_file()
    raw_bytes = raw.read_bytes()
    again = run_day(DAY1, {"from_raw": True})
    assert succeeded(again), f"from_raw rerun ended {again.state}"
    assert partition(settings, DAY1) == d1  # same article ids, nothing lost
    assert raw.read_bytes() == raw_bytes  # raw pages are not rewritten by a re-extraction
    loaded = xcom(again, "load")
    assert (loaded["indexed"], loaded["deleted"]) == (n1, 0)
    assert os_count(client, alias) == n1 + 3
    assert not any((settings.data_dir / "_staging").iterdir())  # report cleaned up every run

    # news_reindex rebuilds from every partition (day 3 was never loaded) behind the alias.
    from etl.index.manage import alias_indices

    before = alias_indices(client, alias)
    rebuild = nightly_dag("news_reindex").test()
    assert succeeded(rebuild), f"news_reindex ended {rebuild.state}"
    assert os_count(client, alias) == n1 + 3 + 4
    assert alias_indices(client, alias) not in ([], before)
    out = xcom(rebuild, "rebuild")
    assert (out["documents"], out["refused"]) == (n1 + 3 + 4, 0)


def test_permanent_error_fails_at_once_transient_error_is_retried(
    airflow_db, index_env, tmp_path, monkeypatch
):
    """A permanent NewsEtlError → AirflowFailException: one try although retries are left.
    A transient one → an ordinary failure that Airflow retries."""
    import socket

    monkeypatch.setenv("NEWSETL_DATA_DIR", str(tmp_path / "data"))
    day = date(2026, 11, 24)
    warc = tmp_path / "one.warc.gz"
    day_warc(warc, day, "retry.example.org", 1, junk=0)

    # Permanent: re-extracting a day that has no raw pages (InvalidInputError in discover).
    run = run_day(day, {"from_raw": True}, fast_retries=True)
    assert str(run.state).endswith("failed")
    (discover,) = task_instances(run, "discover")
    assert str(discover.state).endswith("failed")
    assert discover.try_number == 1, "a permanent error must not be retried"

    # Transient: OpenSearch unreachable during load (ServiceUnavailableError).
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    monkeypatch.setenv("AIRFLOW_CONN_OPENSEARCH_DEFAULT", f"http://127.0.0.1:{closed_port}")
    run = run_day(day, {"sources": [str(warc)]}, fast_retries=True)
    assert str(run.state).endswith("failed")
    (write,) = task_instances(run, "write")
    assert str(write.state).endswith("success") and write.try_number == 1
    (load,) = task_instances(run, "load")
    assert str(load.state).endswith("failed")
    assert load.try_number == 2, "a transient error must be retried"
