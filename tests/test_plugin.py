"""The Airflow plugin (plugins/newsetl_plugin.py) and the DAG helpers (plugins/newsetl_airflow.py).

Loaded the way Airflow loads them: the plugins manager of this process (plugins folder set by
conftest), and ``airflow`` CLI subprocesses with the test's AIRFLOW_HOME.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

AIRFLOW = str(Path(sys.executable).with_name("airflow"))


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([AIRFLOW, *args], env=env or os.environ.copy(), text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _json_from(out: str) -> list:
    """The JSON list the command printed (log lines before it are skipped)."""
    lines = out.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("["):
            try:
                return list(json.loads("\n".join(lines[i:])))
            except json.JSONDecodeError:
                continue
    raise AssertionError(f"no JSON list in:\n{out}")


# --------------------------------------------------------------------------- the plugin


def test_plugin_loaded_by_plugins_manager(airflow_db):
    from airflow import plugins_manager
    from airflow.api_fastapi.core_api.datamodels.plugins import PluginResponse

    info = {p["name"]: p for p in plugins_manager.get_plugin_info()}
    assert "newsetl" in info, (
        f"plugins loaded: {sorted(info)}; errors: {plugins_manager.get_import_errors()}"
    )
    assert plugins_manager.get_import_errors() == {}
    # what GET /api/v2/plugins returns for it
    resp = PluginResponse.model_validate(info["newsetl"])
    views = {v.name: v for v in resp.external_views}
    assert views["News dashboard"].destination == "nav"
    assert views["News dashboard"].href.endswith("/app/dashboards#/view/newsetl-dashboard")
    assert views["Articles in OpenSearch Dashboards"].destination == "dag"
    assert resp.macros == ["newsetl_plugin.dashboards_day_url"]


def test_plugin_macro_is_callable_from_templates(airflow_db):
    from airflow import plugins_manager
    from airflow.sdk.execution_time import macros

    plugins_manager.integrate_macros_plugins()
    url = macros.newsetl.dashboards_day_url("2026-11-20")
    assert url.startswith(os.environ.get("NEWSETL_DASHBOARDS_URL", "http://localhost:5601"))
    assert "partition_date:2026-11-20" in url


def test_cli_sees_plugin_and_no_dag_import_errors(airflow_db, tmp_path):
    # a copy of dags/ plus one broken file: the same command must report that one, only
    broken = tmp_path / "dags"
    shutil.copytree(ROOT / "dags", broken, ignore=shutil.ignore_patterns("__pycache__"))
    (broken / "broken_dag.py").write_text("from airflow.sdk import dag\nraise RuntimeError('x')\n")
    env_broken = {**os.environ, "AIRFLOW__CORE__DAGS_FOLDER": str(broken)}

    procs = {
        "errors": _cli("dags", "list-import-errors", "--local", "-o", "json"),
        "errors_broken": _cli("dags", "list-import-errors", "--local", "-o", "json",
                              env=env_broken),
        "plugins": _cli("plugins", "-o", "json"),
    }
    outs = {k: (*p.communicate(timeout=300), p.returncode) for k, p in procs.items()}

    out, err, rc = outs["errors"]
    assert rc == 0, (
        f"import errors reported (the command exits 1 when there are any):\n{out}\n{err}"
    )
    assert "news_" not in out and "Traceback" not in out, out
    assert out.strip().endswith(("[]", "No data found")), out

    out, err, rc = outs["errors_broken"]
    assert rc == 1, (out, err)
    reported = _json_from(out)
    assert [Path(r["filepath"]).name for r in reported] == ["broken_dag.py"], reported

    out, err, rc = outs["plugins"]
    assert rc == 0, err
    plugins = _json_from(out)
    (ours,) = [p for p in plugins if p["name"] == "newsetl"]
    assert {v["name"] for v in ours["external_views"]} == {
        "News dashboard", "Articles in OpenSearch Dashboards"}


# --------------------------------------------------------------------------- DAG helpers


def test_batch_size_for_keeps_mapped_tasks_within_max_map_length():
    from etl.pipeline import batch_size_for

    assert batch_size_for(0, 50, 1024) == 50
    assert batch_size_for(120, 50, 1024) == 50  # fits: unchanged
    assert batch_size_for(50 * 1024, 50, 1024) == 50  # exactly at the limit
    assert batch_size_for(50 * 1024 + 1, 50, 1024) == 51
    assert batch_size_for(100_000, 10, 1024) == 98  # ceil(100000 / 1024)
    assert batch_size_for(7, 0, 0) == 7  # nonsense limits count as 1
    for n in (1, 999, 1025, 52_000, 1_000_003):
        for bs in (1, 7, 50):
            for limit in (1, 3, 1024):
                size = batch_size_for(n, bs, limit)
                assert size >= bs
                assert -(-n // size) <= limit  # number of batches within the limit
                assert size == bs or -(-n // (size - 1)) > limit  # and the smallest such size


def test_max_map_length_reads_airflow_config(monkeypatch):
    from newsetl_airflow import max_map_length

    assert max_map_length() == 1024
    monkeypatch.setenv("AIRFLOW__CORE__MAX_MAP_LENGTH", "7")
    assert max_map_length() == 7


def test_edge_maps_permanent_errors_to_fail_and_keeps_transient_ones():
    from airflow.sdk.exceptions import AirflowFailException
    from newsetl_airflow import edge

    from etl.errors import InvalidInputError, ServiceUnavailableError

    def boom(exc: Exception) -> None:
        raise exc

    assert edge(lambda a, b=0: a + b, 1, b=2) == 3
    with pytest.raises(AirflowFailException, match="InvalidInputError: bad"):
        edge(boom, InvalidInputError("bad"))
    with pytest.raises(ServiceUnavailableError):  # not AirflowFailException: retried
        edge(boom, ServiceUnavailableError("down"))
    with pytest.raises(KeyError):  # unexpected errors stay ordinary failures too
        edge(boom, KeyError("k"))


@pytest.mark.parametrize(
    ("uri", "expected"),
    [
        ("http://admin:secret@search.internal:9201", "http://admin:secret@search.internal:9201"),
        ("https://search.internal:9200", "https://search.internal:9200"),
        ("opensearch://u:p@os1:9200?use_ssl=true", "https://u:p@os1:9200"),
    ],
)
def test_connection_url_from_airflow_connection(monkeypatch, uri, expected):
    from newsetl_airflow import connection_url, index_overrides

    monkeypatch.setenv("AIRFLOW_CONN_OPENSEARCH_TEST", uri)
    assert connection_url("opensearch_test") == expected
    assert index_overrides("opensearch_test") == {"index": {"url": expected}}


def test_connection_url_absent_connection(monkeypatch):
    from newsetl_airflow import connection_url, index_overrides

    monkeypatch.delenv("AIRFLOW_CONN_NEWSETL_NOPE", raising=False)
    assert connection_url("newsetl_nope") is None
    assert index_overrides("newsetl_nope") == {}
