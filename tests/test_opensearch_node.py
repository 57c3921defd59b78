"""Tests for etl.services.opensearch_node.

Unit tests cover the pure parts (ports, config rendering, state file, Java
discovery, unzip). The integration test starts the real local node (or uses
``OPENSEARCH_URL``) and checks what the project relies on: health, the English
analyzer, ``geo_point`` with ``geo_distance`` and grid aggregations, and
``nested`` queries.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from etl.errors import InvalidInputError, ServiceUnavailableError
from etl.services import opensearch_node as osn
from etl.services.opensearch_node import _install

# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the cache at a temp dir and forget any external cluster."""
    monkeypatch.setenv("NEWSETL_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("OPENSEARCH_URL", raising=False)
    return tmp_path / "cache"


def _fake_jdk(root: Path, name: str, version: str) -> Path:
    home = root / name
    (home / "bin").mkdir(parents=True)
    (home / "bin" / "java").write_text("#!/bin/sh\n")
    (home / "release").write_text(f'IMPLEMENTOR="x"\nJAVA_VERSION="{version}"\n')
    return home


# --------------------------------------------------------------------------- ports


def test_free_port_is_bindable_and_respects_exclude() -> None:
    port = osn.free_port()
    assert 0 < port < 65536
    assert osn.port_is_free(port)
    other = osn.free_port(exclude=frozenset({port}))
    assert other != port


def test_port_is_free_detects_a_listening_socket() -> None:
    with socket.socket() as sock:
        sock.bind((osn.HOST, 0))
        sock.listen()
        assert not osn.port_is_free(sock.getsockname()[1])


@pytest.mark.parametrize("heap", ["512m", "2g", "1024M", "65536k"])
def test_validate_heap_accepts(heap: str) -> None:
    assert osn.validate_heap(heap) == heap


@pytest.mark.parametrize("heap", ["", "512", "0m", "1.5g", "512mb", "-Xmx1g"])
def test_validate_heap_rejects(heap: str) -> None:
    with pytest.raises(InvalidInputError):
        osn.validate_heap(heap)


# --------------------------------------------------------------------------- config rendering


def test_render_config_single_node_loopback(tmp_path: Path) -> None:
    data = tmp_path / "with space" / "data:x"
    text = osn.render_config(
        http_port=9301, transport_port=9401, data_dir=data, logs_dir=tmp_path / "logs"
    )
    cfg = yaml.safe_load(text)
    assert cfg["discovery.type"] == "single-node"
    assert cfg["network.host"] == "127.0.0.1"
    assert cfg["http.port"] == 9301
    assert cfg["transport.port"] == 9401
    assert cfg["path.data"] == str(data)  # odd characters survive quoting
    assert cfg["path.logs"] == str(tmp_path / "logs")
    # A nearly full disk must not turn indices read-only.
    assert cfg["cluster.routing.allocation.disk.threshold_enabled"] is False
    assert cfg["cluster.routing.allocation.disk.watermark.flood_stage"] == "99%"
    # auto_create_index stays at OpenSearch's default.
    assert "action.auto_create_index" not in cfg


def test_render_jvm_options_redirects_paths_and_drops_heap(tmp_path: Path) -> None:
    original = "\n".join(
        [
            "-Xms1g",
            "-Xmx1g",
            "11-:-XX:+UseG1GC",
            "-XX:HeapDumpPath=data",
            "-XX:ErrorFile=logs/hs_err_pid%p.log",
            "9-:-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,pid,tags:filecount=32",
            "21-:-javaagent:agent/opensearch-agent.jar",
        ]
    )
    out = osn.render_jvm_options(original, node_home=tmp_path)
    assert "-Xms1g" not in out and "-Xmx1g" not in out
    assert f"file={tmp_path}/logs/gc.log" in out
    assert f"-XX:HeapDumpPath={tmp_path}/tmp" in out
    assert f"-XX:ErrorFile={tmp_path}/logs/hs_err_pid%p.log" in out
    # The agent path is relative to the distribution, where the launcher runs.
    assert "21-:-javaagent:agent/opensearch-agent.jar" in out
    assert "11-:-XX:+UseG1GC" in out


# --------------------------------------------------------------------------- java discovery


def test_find_java_home_prefers_newest_jdk_21_plus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("NEWSETL_JAVA_HOME", "OPENSEARCH_JAVA_HOME", "JAVA_HOME"):
        monkeypatch.delenv(var, raising=False)
    _fake_jdk(tmp_path, "java-17", "17.0.12")
    _fake_jdk(tmp_path, "java-8", "1.8.0_402")
    _fake_jdk(tmp_path, "jdk-21", "21.0.4")
    newest = _fake_jdk(tmp_path, "temurin-25", "25")
    assert osn.java_version(tmp_path / "java-8") == 8
    assert osn.find_java_home((tmp_path,)) == newest


def test_find_java_home_override_and_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("OPENSEARCH_JAVA_HOME", "JAVA_HOME"):
        monkeypatch.delenv(var, raising=False)
    old = _fake_jdk(tmp_path, "java-17", "17")
    monkeypatch.delenv("NEWSETL_JAVA_HOME", raising=False)
    with pytest.raises(InvalidInputError, match="Java 21"):
        osn.find_java_home((tmp_path,))
    # The override is trusted as given (the launcher checks the version).
    monkeypatch.setenv("NEWSETL_JAVA_HOME", str(old))
    assert osn.find_java_home((tmp_path,)) == old
    monkeypatch.setenv("NEWSETL_JAVA_HOME", str(tmp_path / "missing"))
    with pytest.raises(InvalidInputError, match="bin/java"):
        osn.find_java_home((tmp_path,))


# --------------------------------------------------------------------------- state file


def _info(tmp_path: Path, pid: int = 12345) -> osn.NodeInfo:
    return osn.NodeInfo(
        url="http://127.0.0.1:9299",
        pid=pid,
        port=9299,
        home=tmp_path / "dist",
        data_dir=tmp_path / "nodes" / "local" / "data",
    )


def test_state_roundtrip(tmp_path: Path) -> None:
    path = tmp_path / "node.json"
    info = _info(tmp_path)
    osn.write_state(path, info, transport_port=9399)
    raw = json.loads(path.read_text())
    assert raw["pid"] == 12345 and raw["version"] == osn.OPENSEARCH_VERSION
    assert raw["transport_port"] == 9399 and raw["home"] == str(tmp_path / "dist")
    data = osn.read_state(path)
    assert data is not None
    assert osn.state_to_info(data) == info
    assert not list(tmp_path.glob(".node.json.*"))  # temp file renamed away
    osn.remove_state(path)
    osn.remove_state(path)  # idempotent
    assert osn.read_state(path) is None


@pytest.mark.parametrize("content", ["", "{not json", "[]", '{"pid": "1", "port": 1, "url": "x"}'])
def test_read_state_rejects_garbage(tmp_path: Path, content: str) -> None:
    path = tmp_path / "node.json"
    path.write_text(content)
    assert osn.read_state(path) is None


def test_pid_alive() -> None:
    assert osn.pid_alive(os.getpid())
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not osn.pid_alive(proc.pid)
    assert not osn.pid_alive(0)


def test_stale_state_is_dropped(isolated: Path, tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    osn.write_state(osn.state_path(), _info(tmp_path, pid=proc.pid))
    assert osn.status() is None
    assert not osn.state_path().exists()


def test_state_pointing_at_foreign_process_is_ignored(isolated: Path, tmp_path: Path) -> None:
    # Our own pid is alive but is not an OpenSearch from this cache: a
    # recycled pid must never be signalled by stop().
    osn.write_state(osn.state_path(), _info(tmp_path, pid=os.getpid()))
    assert osn.stop() is False
    assert not osn.state_path().exists()


def test_cache_dir_honours_env(isolated: Path) -> None:
    assert osn.cache_dir() == isolated.resolve() / f"opensearch-{osn.OPENSEARCH_VERSION}"
    assert osn.state_path().parent == osn.cache_dir()
    assert osn.node_dir().is_relative_to(osn.cache_dir())


# --------------------------------------------------------------------------- external cluster


def test_external_url_short_circuits(monkeypatch: pytest.MonkeyPatch, isolated: Path) -> None:
    monkeypatch.setenv("OPENSEARCH_URL", "https://search.example.org:9243/")
    assert osn.url() == "https://search.example.org:9243"
    info = osn.start()
    assert info.external and info.pid is None and info.port == 9243
    assert osn.stop() is False
    assert not isolated.exists()  # nothing downloaded, nothing written


def test_cli_status_not_running(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert osn.main(["status"]) == 3
    assert "not running" in capsys.readouterr().err


def test_cli_url_with_external(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OPENSEARCH_URL", "http://db.internal:9200")
    assert osn.main(["url"]) == 0
    assert capsys.readouterr().out.strip() == "http://db.internal:9200"


def test_cli_bad_heap_is_clear_error(isolated: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert osn.main(["start", "--heap", "lots"]) == 1
    assert "invalid heap size" in capsys.readouterr().err


# --------------------------------------------------------------------------- unzip


def test_extract_keeps_exec_bits_and_makes_readable(tmp_path: Path) -> None:
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        script = zipfile.ZipInfo("opensearch-x/bin/opensearch")
        script.external_attr = (stat.S_IFREG | 0o700) << 16
        zf.writestr(script, "#!/bin/sh\n")
        jar = zipfile.ZipInfo("opensearch-x/lib/a.jar")
        jar.external_attr = (stat.S_IFREG | 0o600) << 16
        zf.writestr(jar, "jar")
    home = _install._extract(archive, tmp_path / "out")
    assert home == tmp_path / "out" / "opensearch-x"
    assert stat.S_IMODE((home / "bin" / "opensearch").stat().st_mode) == 0o755
    assert stat.S_IMODE((home / "lib" / "a.jar").stat().st_mode) == 0o644


def test_extract_rejects_several_top_folders(tmp_path: Path) -> None:
    archive = tmp_path / "d.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a/x", "1")
        zf.writestr("b/y", "2")
    with pytest.raises(InvalidInputError, match="top-level"):
        _install._extract(archive, tmp_path / "out")


# --------------------------------------------------------------------------- integration


@pytest.fixture(scope="module")
def node() -> Iterator[osn.NodeInfo]:
    """The real node: ``OPENSEARCH_URL`` or the managed one.

    A node this fixture started is stopped afterwards (set
    ``NEWSETL_KEEP_OPENSEARCH=1`` to keep it for faster reruns); one that
    already ran is left alone.
    """
    already = osn.status()
    info = already or osn.start(wait=300)
    yield info
    if already is None and not info.external and not os.environ.get("NEWSETL_KEEP_OPENSEARCH"):
        osn.stop()


@pytest.mark.integration
@pytest.mark.timeout(600)
def test_real_node_analyzer_geo_and_nested(node: osn.NodeInfo) -> None:
    from opensearchpy import OpenSearch

    client = OpenSearch(hosts=[node.url], timeout=30)
    assert client.cluster.health(wait_for_status="yellow")["status"] in {
        "green",
        "yellow",
    }
    if not node.external:
        assert client.info()["version"]["number"] == osn.OPENSEARCH_VERSION

    tokens = client.indices.analyze(body={"analyzer": "english", "text": "running"})["tokens"]
    assert [t["token"] for t in tokens] == ["run"]

    index = f"newsetl-test-{uuid.uuid4().hex[:12]}"
    client.indices.create(
        index=index,
        body={
            "settings": {"number_of_shards": 1, "number_of_replicas": 0},
            "mappings": {
                "properties": {
                    "title": {"type": "text", "analyzer": "english"},
                    "location": {"type": "geo_point"},
                    "quotes": {
                        "type": "nested",
                        "properties": {
                            "speaker": {"type": "keyword"},
                            "text": {"type": "text", "analyzer": "english"},
                        },
                    },
                }
            },
        },
    )
    try:
        docs = {
            "london": {
                "title": "Ministers running late",
                "location": {"lat": 51.5074, "lon": -0.1278},
                "quotes": [
                    {"speaker": "Keir Starmer", "text": "We are running the country"},
                    {"speaker": "Rishi Sunak", "text": "No comment"},
                ],
            },
            "paris": {
                "title": "Summit in Paris",
                "location": {"lat": 48.8566, "lon": 2.3522},
                "quotes": [{"speaker": "Keir Starmer", "text": "Merci"}],
            },
        }
        for doc_id, doc in docs.items():
            client.index(index=index, id=doc_id, body=doc)
        client.indices.refresh(index=index)

        near_london = client.search(
            index=index,
            body={
                "size": 10,
                "query": {
                    "geo_distance": {"distance": "50km", "location": {"lat": 51.5, "lon": -0.12}}
                },
                "aggs": {
                    "tiles": {"geotile_grid": {"field": "location", "precision": 6}},
                    "hashes": {"geohash_grid": {"field": "location", "precision": 3}},
                },
            },
        )
        assert [h["_id"] for h in near_london["hits"]["hits"]] == ["london"]
        assert near_london["aggregations"]["hashes"]["buckets"][0]["key"] == "gcp"
        assert near_london["aggregations"]["tiles"]["buckets"][0]["doc_count"] == 1

        # Speaker and text must match inside the same quote: only nested can say that.
        nested = client.search(
            index=index,
            body={
                "query": {
                    "nested": {
                        "path": "quotes",
                        "query": {
                            "bool": {
                                "must": [
                                    {"term": {"quotes.speaker": "Keir Starmer"}},
                                    {"match": {"quotes.text": "runs"}},  # stemmed
                                ]
                            }
                        },
                    }
                }
            },
        )
        assert [h["_id"] for h in nested["hits"]["hits"]] == ["london"]
    finally:
        client.indices.delete(index=index, ignore_unavailable=True)
    assert not client.indices.exists(index=index)


def test_ensure_running_reports_dead_external_cluster(
    monkeypatch: pytest.MonkeyPatch, isolated: Path
) -> None:
    monkeypatch.setenv("OPENSEARCH_URL", f"http://127.0.0.1:{osn.free_port()}")
    assert osn.status() is None
    with pytest.raises(ServiceUnavailableError, match="does not answer"):
        osn.ensure_running()
