"""Dashboards saved objects: checked statically against the index mapping.

OpenSearch Dashboards cannot run on the build machines, so these tests prove what can
be proved without it: the NDJSON parses, is what the generator produces, every
reference resolves, every field exists in ``schemas.mappings()`` with a type its use
allows, and the checker really catches broken objects. The import client is tested
against a tiny fake HTTP server (a unit test of our client code, not of Dashboards).
"""

from __future__ import annotations

import copy
import json
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from etl.dashboards import (
    check_against_mapping,
    default_path,
    import_saved_objects,
    load_saved_objects,
    query_fields,
    referenced_fields,
)
from etl.errors import InvalidInputError, ServiceUnavailableError
from schemas import build_dashboards, mappings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def objects() -> list[dict[str, Any]]:
    return load_saved_objects()


def _by_id(objects: list[dict[str, Any]], obj_id: str) -> dict[str, Any]:
    return next(o for o in objects if o["id"] == obj_id)


def _vis_state(obj: dict[str, Any]) -> dict[str, Any]:
    return json.loads(obj["attributes"]["visState"])


# --------------------------------------------------------------------------- the file


def test_default_path_is_the_schemas_file():
    assert default_path() == ROOT / "schemas" / "dashboards.ndjson"


def test_ndjson_parses_into_saved_objects(objects):
    assert objects, "no saved objects"
    kinds = {o["type"] for o in objects}
    assert kinds == {"index-pattern", "search", "visualization", "dashboard"}
    for obj in objects:
        assert obj["id"].startswith("newsetl-"), obj["id"]
        assert obj["attributes"]["title"]
    # Inner JSON strings must parse too: Dashboards reads them with JSON.parse.
    for obj in objects:
        attrs = obj["attributes"]
        for key in ("visState", "uiStateJSON", "panelsJSON", "optionsJSON"):
            if key in attrs:
                json.loads(attrs[key])
        if "kibanaSavedObjectMeta" in attrs:
            json.loads(attrs["kibanaSavedObjectMeta"]["searchSourceJSON"])


def test_index_pattern_is_the_alias_with_published_at(objects):
    (pattern,) = [o for o in objects if o["type"] == "index-pattern"]
    assert pattern["attributes"]["title"] == "news"
    assert pattern["attributes"]["timeFieldName"] == "published_at"
    # No hand-written field list that could drift: Dashboards fetches it.
    assert "fields" not in pattern["attributes"]


def test_generator_check_passes():
    proc = subprocess.run(
        [sys.executable, "-m", "schemas.build_dashboards", "--check"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 0, proc.stderr


def test_generator_check_fails_on_a_stale_file(tmp_path):
    stale = tmp_path / "dashboards.ndjson"
    stale.write_text(build_dashboards.render().replace("News: top people", "Old title"))
    assert build_dashboards.main(["--check", "--output", str(stale)]) == 1
    assert build_dashboards.main(["--output", str(stale)]) == 0
    assert build_dashboards.main(["--check", "--output", str(stale)]) == 0


def test_committed_file_equals_generator_output():
    assert default_path().read_text(encoding="utf-8") == build_dashboards.render()


# --------------------------------------------------------------------------- content


def test_every_reference_resolves(objects):
    known = {(o["type"], o["id"]) for o in objects}
    for obj in objects:
        for ref in obj["references"]:
            assert (ref["type"], ref["id"]) in known, (obj["id"], ref)


def test_no_problems_against_the_real_mapping(objects):
    assert check_against_mapping(objects, mappings()) == []


def test_every_referenced_field_is_in_the_mapping(objects):
    props = mappings()["properties"]

    def exists(name: str) -> bool:
        head, _, sub = name.partition(".")
        spec = props.get(head)
        return spec is not None and (not sub or sub in spec.get("fields", {})
                                     or sub in spec.get("properties", {}))

    fields = referenced_fields(objects)
    assert {"published_at", "person_names.raw", "place_points", "has_quotes"} <= fields
    assert [f for f in fields if not exists(f)] == []


def test_required_visualizations_use_the_right_fields(objects):
    aggs: dict[str, tuple[str, str]] = {}
    for obj in objects:
        if obj["type"] != "visualization":
            continue
        state = _vis_state(obj)
        bucket = next(a for a in state["aggs"] if a["schema"] == "segment")
        aggs[state["type"] + ":" + bucket["params"]["field"]] = (bucket["type"], obj["id"])
    for field in ("person_names.raw", "place_names.raw", "organization_names.raw",
                  "quote_speakers.raw", "source_domain.raw"):
        assert aggs[f"horizontal_bar:{field}"][0] == "terms"
    assert aggs["histogram:published_at"][0] == "date_histogram"
    assert aggs["tile_map:place_points"][0] == "geohash_grid"


def test_saved_searches_columns_and_query(objects):
    articles = _by_id(objects, "newsetl-search-articles")["attributes"]
    assert articles["columns"] == ["title", "source_domain", "person_names", "place_names"]
    quotes = _by_id(objects, "newsetl-search-quotes")
    assert quotes["attributes"]["columns"] == ["quote_speakers", "title"]
    source = json.loads(quotes["attributes"]["kibanaSavedObjectMeta"]["searchSourceJSON"])
    assert source["query"] == {"query": "has_quotes:true", "language": "kuery"}


def test_dashboard_shows_every_visualization_and_search(objects):
    (board,) = [o for o in objects if o["type"] == "dashboard"]
    panels = json.loads(board["attributes"]["panelsJSON"])
    ref_names = {r["name"] for r in board["references"]}
    assert {p["panelRefName"] for p in panels} == ref_names
    shown = {r["id"] for r in board["references"]}
    assert shown == {o["id"] for o in objects if o["type"] in {"visualization", "search"}}
    for p in panels:  # inside the 48-column grid
        grid = p["gridData"]
        assert grid["x"] >= 0 and grid["x"] + grid["w"] <= 48


# --------------------------------------------------------------------------- the checker


def test_broken_field_and_dangling_reference_are_reported(objects):
    broken = copy.deepcopy(objects)
    vis = _by_id(broken, "newsetl-vis-top-people")
    state = _vis_state(vis)
    state["aggs"][1]["params"]["field"] = "no_such_field.raw"
    vis["attributes"]["visState"] = json.dumps(state)
    search = _by_id(broken, "newsetl-search-articles")
    search["references"][0]["id"] = "newsetl-index-pattern-gone"

    problems = check_against_mapping(broken, mappings())
    assert any("no_such_field.raw" in p and "not in the index mapping" in p for p in problems)
    assert any("newsetl-index-pattern-gone" in p and "newsetl-search-articles" in p
               for p in problems)
    assert len(problems) == 2, problems


def test_aggregating_on_text_is_reported(objects):
    broken = copy.deepcopy(objects)
    vis = _by_id(broken, "newsetl-vis-top-sources")
    state = _vis_state(vis)
    state["aggs"][1]["params"]["field"] = "title"
    vis["attributes"]["visState"] = json.dumps(state)
    problems = check_against_mapping(broken, mappings())
    assert len(problems) == 1 and "text field" in problems[0], problems


@pytest.mark.parametrize(
    ("field", "expect"),
    [
        ("quotes.speaker.raw", "inside nested 'quotes'"),  # Dashboards aggs are not nested
        ("people", "is an object"),
        ("people.name.raw", None),  # object properties resolve (and are aggregatable)
    ],
)
def test_nested_and_object_fields_resolve(objects, field, expect):
    broken = copy.deepcopy(objects)
    vis = _by_id(broken, "newsetl-vis-top-people")
    state = _vis_state(vis)
    state["aggs"][1]["params"]["field"] = field
    vis["attributes"]["visState"] = json.dumps(state)
    problems = check_against_mapping(broken, mappings())
    if expect is None:
        assert problems == []
    else:
        assert len(problems) == 1 and expect in problems[0], problems


def test_wrong_types_for_map_histogram_and_time_field(objects):
    broken = copy.deepcopy(objects)
    for vis_id, field in (("newsetl-vis-places-map", "place_names.raw"),
                          ("newsetl-vis-articles-over-time", "source_domain")):
        vis = _by_id(broken, vis_id)
        state = _vis_state(vis)
        state["aggs"][1]["params"]["field"] = field
        vis["attributes"]["visState"] = json.dumps(state)
    broken[0]["attributes"]["timeFieldName"] = "word_count"
    problems = check_against_mapping(broken, mappings())
    assert any("geohash_grid" in p and "keyword" in p for p in problems), problems
    assert any("date_histogram" in p for p in problems), problems
    assert any("time field must be a date" in p for p in problems), problems
    assert len(problems) == 3, problems


def test_missing_reference_name_and_duplicate_ids_are_reported(objects):
    broken = copy.deepcopy(objects)
    board = next(o for o in broken if o["type"] == "dashboard")
    board["references"] = board["references"][1:]
    broken.append(copy.deepcopy(broken[1]))
    problems = check_against_mapping(broken, mappings())
    assert any("'panel_0'" in p and "not in its references" in p for p in problems), problems
    assert any("duplicate" in p for p in problems), problems


def test_query_fields_understand_kql():
    assert query_fields('has_quotes:true and title:"a: b" and word_count >= 10') == [
        "has_quotes", "title", "word_count"]
    assert query_fields('quotes:{ speaker: "Keir Starmer" } or place_names: Paris') == [
        "quotes.speaker", "place_names"]


def test_nested_query_must_use_kql_group(objects):
    broken = copy.deepcopy(objects)
    search = _by_id(broken, "newsetl-search-quotes")
    meta = search["attributes"]["kibanaSavedObjectMeta"]
    for query, n in (('quotes.speaker:"Keir Starmer"', 1), ('quotes:{ speaker:"Keir" }', 0)):
        meta["searchSourceJSON"] = json.dumps(
            {"query": {"query": query, "language": "kuery"}, "filter": [],
             "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"})
        assert len(check_against_mapping(broken, mappings())) == n, query


def test_load_rejects_broken_ndjson(tmp_path):
    bad = tmp_path / "bad.ndjson"
    bad.write_text('{"type": "search", "id": "a", "attributes": {}}\n{not json\n')
    with pytest.raises(InvalidInputError, match=":2:"):
        load_saved_objects(bad)
    with pytest.raises(InvalidInputError):
        load_saved_objects(tmp_path / "missing.ndjson")


# --------------------------------------------------------------------------- import client
# Unit tests of our HTTP client code against a fake server on 127.0.0.1. They say
# nothing about whether Dashboards accepts the objects; the mapping checks above do
# what can be done statically.


class _FakeDashboards(BaseHTTPRequestHandler):
    """Records each request and answers with the class's canned (status, body)."""

    requests: ClassVar[list[dict[str, Any]]] = []
    answer: ClassVar[tuple[int, bytes]] = (200, b"{}")

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        type(self).requests.append(
            {"path": self.path, "headers": dict(self.headers.items()), "body": body})
        status, payload = type(self).answer
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
        pass


@pytest.fixture()
def fake_dashboards() -> Iterator[tuple[str, type[_FakeDashboards]]]:
    handler = type("Handler", (_FakeDashboards,), {"requests": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _multipart_file(request: dict[str, Any]) -> bytes:
    """The ``file`` part of a recorded multipart request."""
    from email.parser import BytesParser
    from email.policy import HTTP

    raw = (f"Content-Type: {request['headers']['Content-Type']}\r\n\r\n").encode()
    message = BytesParser(policy=HTTP).parsebytes(raw + request["body"])
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == "file":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload
    raise AssertionError("no 'file' part in the multipart body")


def test_import_client_unit_sends_multipart_with_xsrf_and_returns_count(fake_dashboards):
    url, handler = fake_dashboards
    handler.answer = (200, json.dumps({"success": True, "successCount": 11}).encode())
    n = import_saved_objects(url + "/", user="admin", password="s3cret")
    assert n == 11
    (req,) = handler.requests
    assert req["path"] == "/api/saved_objects/_import?overwrite=true"
    headers = {k.lower(): v for k, v in req["headers"].items()}
    assert headers["osd-xsrf"] == "true"
    assert headers["content-type"].startswith("multipart/form-data; boundary=")
    assert headers["authorization"] == "Basic YWRtaW46czNjcmV0"  # admin:s3cret
    assert _multipart_file(req) == default_path().read_bytes()


def test_import_client_unit_no_overwrite_no_auth(fake_dashboards, tmp_path):
    url, handler = fake_dashboards
    handler.answer = (200, b'{"success": true, "successCount": 1}')
    one = tmp_path / "one.ndjson"
    one.write_text('{"type":"index-pattern","id":"x","attributes":{"title":"news"}}\n')
    assert import_saved_objects(url, overwrite=False, path=one) == 1
    (req,) = handler.requests
    assert req["path"] == "/api/saved_objects/_import"
    assert "authorization" not in {k.lower() for k in req["headers"]}


def test_import_client_unit_maps_success_false_to_invalid_input(fake_dashboards):
    url, handler = fake_dashboards
    answer = {
        "success": False,
        "successCount": 3,
        "errors": [{
            "id": "newsetl-vis-top-people", "type": "visualization", "title": "Top people",
            "error": {"type": "missing_references",
                      "references": [{"type": "index-pattern", "id": "gone"}]},
        }],
    }
    handler.answer = (200, json.dumps(answer).encode())
    with pytest.raises(InvalidInputError) as info:
        import_saved_objects(url)
    message = str(info.value)
    assert "visualization/newsetl-vis-top-people" in message
    assert "missing_references" in message and "index-pattern/gone" in message


def test_import_client_unit_maps_5xx_and_refused_connection_to_unavailable(fake_dashboards):
    url, handler = fake_dashboards
    handler.answer = (503, b'{"message": "OpenSearch Dashboards server is not ready yet"}')
    with pytest.raises(ServiceUnavailableError) as info:
        import_saved_objects(url)
    assert info.value.http_status == 503
    with socket.socket() as sock:  # a loopback port that was free a moment ago
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    with pytest.raises(ServiceUnavailableError):
        import_saved_objects(f"http://127.0.0.1:{closed_port}", timeout=2)


def test_import_client_unit_maps_4xx_to_invalid_input(fake_dashboards):
    url, handler = fake_dashboards
    handler.answer = (401, b'{"message": "Unauthorized"}')
    with pytest.raises(InvalidInputError, match="credentials"):
        import_saved_objects(url, user="admin", password="wrong")
    handler.answer = (415, b'{"message": "Unsupported Media Type"}')
    with pytest.raises(InvalidInputError, match="415"):
        import_saved_objects(url)


def test_import_client_unit_refuses_a_url_without_scheme():
    with pytest.raises(InvalidInputError, match="http"):
        import_saved_objects("localhost:5601")
