"""The DAG files load cleanly, are wired as intended, and stay cheap to parse."""

from __future__ import annotations

import subprocess
import sys
import time

from conftest import ROOT


def _bag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(ROOT / "dags"))


def test_no_import_errors_and_expected_dags(airflow_db):
    bag = _bag()
    assert bag.import_errors == {}
    assert "news_nightly" in bag.dag_ids


def test_news_nightly_shape(airflow_db):
    dag = _bag().get_dag("news_nightly")
    assert "newsetl" in dag.tags
    assert type(dag.timetable).__name__ == "CronDataIntervalTimetable"
    ids = set(dag.task_ids)
    assert {"discover", "fetch", "extract", "enrich", "write", "load", "report"} <= ids
    for t in dag.tasks:
        assert t.retries >= 1, t.task_id
        assert t.execution_timeout is not None
    assert dag.get_task("extract").upstream_task_ids == {"fetch"}
    assert dag.get_task("load").upstream_task_ids >= {"write"}
    assert set(dag.params.keys()) >= {"sources", "from_raw", "skip_load", "batch_size"}


def test_dag_files_import_nothing_heavy_at_top_level():
    code = (
        "import sys, time, runpy; t=time.perf_counter();"
        f"runpy.run_path({str(ROOT / 'dags' / 'news_nightly.py')!r});"
        "heavy=[m for m in ('etl.extract','etl.enrich','spacy','trafilatura','pyarrow',"
        "'opensearchpy') if m in sys.modules];"
        "print(repr(heavy), time.perf_counter()-t)"
    )
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    heavy, parse_s = out.stdout.strip().rsplit(" ", 1)
    assert heavy == "[]", f"heavy modules imported at DAG top level: {heavy}"
    print(f"news_nightly parse {float(parse_s):.3f}s (process {time.perf_counter() - t0:.1f}s)")
