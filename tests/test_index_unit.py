"""The OpenSearch layer without a node: documents, query bodies, connection URLs."""

from __future__ import annotations

import base64
import json
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import pyarrow as pa
import pytest

from etl.index.documents import to_document
from etl.index.search import FACETS, TEXT_FIELDS, SearchRequest, build_body
from etl.sources import url_from_connection_fields
from schemas.arrow import ARTICLES
from schemas.opensearch import DERIVED, index_template, mappings, settings

DAY = date(2026, 11, 20)


def parquet_row(**over: Any) -> dict[str, Any]:
    """A complete ``articles`` row as it comes back from Parquet (through Arrow)."""
    row: dict[str, Any] = {
        "id": "a1",
        "url": "https://news.example/a1",
        "canonical_url": "https://news.example/a1",
        "source_domain": "news.example",
        "site_name": "News",
        "title": "Harbour deal",
        "description": "A deal",
        "authors": ["Ada Quill"],
        "published_at": datetime(2026, 11, 20, 9, 30, 15, 123456, tzinfo=UTC),
        "modified_at": None,
        "language": "en",
        "section": "World",
        "tags": ["ports"],
        "text": "Body text.",
        "word_count": 2,
        "content_hash": "ff",
        "simhash": 2**64 - 1,
        "duplicate_of": None,
        "people": [
            {"name": "Ada Quill", "mentions": 3, "aliases": ["Quill"]},
            {"name": "Bo Lind", "mentions": 1, "aliases": []},
        ],
        "places": [
            {"name": "Lisbon", "mentions": 2, "country_code": "PT", "latitude": 38.72,
             "longitude": -9.14, "kind": "city"},
            {"name": "Null Island", "mentions": 1, "country_code": None, "latitude": 0.0,
             "longitude": 0.0, "kind": "other"},
            {"name": "Atlantis", "mentions": 1, "country_code": None, "latitude": None,
             "longitude": None, "kind": None},
            {"name": "Porto", "mentions": 1, "country_code": "PT", "latitude": 41.15,
             "longitude": None, "kind": "city"},
        ],
        "organizations": [{"name": "Port Authority", "mentions": 1, "aliases": []}],
        "quotes": [
            {"text": "We will build.", "speaker": "Bo Lind", "cue": "said", "start": 0, "end": 14},
            {"text": "Yes.", "speaker": "Ada Quill", "cue": "said", "start": 20, "end": 24},
            {"text": "Again.", "speaker": "Bo Lind", "cue": "added", "start": 30, "end": 36},
            {"text": "Who?", "speaker": None, "cue": None, "start": 40, "end": 44},
            {"text": "Nobody.", "speaker": "", "cue": None, "start": 50, "end": 57},
        ],
        "images": [
            {"url": "https://news.example/1.jpg", "alt": "x", "caption": "Bo Lind and Ada Quill",
             "credit": "AP", "people": ["Bo Lind", "Ada Quill"], "is_lead": True},
            {"url": "https://news.example/2.jpg", "alt": None, "caption": None, "credit": None,
             "people": ["Ada Quill"], "is_lead": False},
        ],
        "fetched_at": datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
        "run_id": "r1",
        "pipeline_version": "0.1",
    }
    row.update(over)
    return pa.Table.from_pylist([row], schema=ARTICLES).to_pylist()[0]


# --------------------------------------------------------------------------- to_document


def test_document_keys_are_exactly_the_mapping_fields():
    doc = to_document(parquet_row(), DAY)
    assert set(doc) == set(mappings()["properties"])
    assert set(doc) - set(ARTICLES.names) == set(DERIVED)


def test_document_is_json_with_iso_instants():
    doc = to_document(parquet_row(), DAY)
    back = json.loads(json.dumps(doc))  # what the client sends
    assert back["published_at"] == "2026-11-20T09:30:15.123456+00:00"
    assert back["fetched_at"] == "2026-11-20T10:00:00+00:00"
    assert back["modified_at"] is None
    assert back["partition_date"] == "2026-11-20"
    assert back["simhash"] == 2**64 - 1


def test_document_flat_fields():
    row = parquet_row()
    doc = to_document(row, DAY)
    assert doc["person_names"] == ["Ada Quill", "Bo Lind"]
    assert doc["place_names"] == ["Lisbon", "Null Island", "Atlantis", "Porto"]
    assert doc["place_country_codes"] == ["PT"]
    # (0, 0) is a real coordinate; a place missing either coordinate has no point
    assert doc["place_points"] == [{"lat": 38.72, "lon": -9.14}, {"lat": 0.0, "lon": 0.0}]
    assert doc["organization_names"] == ["Port Authority"]
    assert doc["quote_speakers"] == ["Ada Quill", "Bo Lind"]  # unique, no empty speakers
    # Only speakers quoted by name make the facet: the article's people, organizations or
    # places (by name or gazetteer name); a description stays on its quote only.
    said = [{"text": "x", "speaker": s, "cue": "said", "start": 0, "end": 1}
            for s in ("the spokeswoman", "Port Authority", "Portugal", "Lisboa", "Ada Quill",
                      "Ada", "quill")]
    places = [{"name": "Lisboa", "geo_name": "Lisbon", "mentions": 1, "country_code": "PT",
               "latitude": 38.72, "longitude": -9.14, "kind": "city"},
              {"name": "Portugal", "mentions": 1, "country_code": "PT", "latitude": 38.72,
               "longitude": -9.14, "kind": "country"}]
    named = to_document(parquet_row(quotes=said, places=places), DAY)
    assert named["quote_speakers"] == ["Ada Quill", "Lisboa", "Port Authority", "Portugal"]
    assert named["quotes"] == said and named["quote_count"] == len(said)
    # A country is an area: named and counted, but no point a radius query could hit.
    country = {"name": "Portugal", "mentions": 1, "country_code": "PT", "latitude": 38.72,
               "longitude": -9.14, "kind": "country"}
    area_doc = to_document(parquet_row(places=[country]), DAY)
    assert area_doc["place_points"] == []
    assert area_doc["place_names"] == ["Portugal"]
    assert area_doc["place_country_codes"] == ["PT"]
    assert doc["image_people"] == ["Ada Quill", "Bo Lind"]
    assert (doc["quote_count"], doc["image_count"]) == (5, 2)
    assert doc["has_quotes"] is True and doc["has_images"] is True
    # the nested quotes stay whole, in order, speakerless ones included
    assert doc["quotes"] == row["quotes"]


def test_document_of_a_bare_row():
    row = parquet_row(people=[], places=None, organizations=None, quotes=[], images=None,
                      authors=[], tags=None, published_at=None)
    doc = to_document(row, DAY)
    for key in ("person_names", "place_names", "place_country_codes", "place_points",
                "organization_names", "quote_speakers", "image_people"):
        assert doc[key] == [], key
    assert (doc["quote_count"], doc["image_count"]) == (0, 0)
    assert doc["has_quotes"] is False and doc["has_images"] is False
    assert doc["published_at"] is None


def test_document_leaves_the_row_alone():
    row = parquet_row()
    before = json.dumps(row, default=str, sort_keys=True)
    to_document(row, DAY)
    assert json.dumps(row, default=str, sort_keys=True) == before


# --------------------------------------------------------------------------- build_body


def _field_exists(path: str) -> bool:
    props: dict[str, Any] = mappings()["properties"]
    node: dict[str, Any] = {}
    parts = path.split(".")
    for i, part in enumerate(parts):
        if part in props:
            node = props[part]
        elif part in node.get("fields", {}):
            node = node["fields"][part]
        else:
            return False
        if i < len(parts) - 1:
            props = node.get("properties", {})
    return True


def _fields_in(obj: Any) -> set[str]:
    """Field names used by term/range/match/geo_distance clauses and aggregations."""
    out: set[str] = set()
    if isinstance(obj, dict):
        for key, val in obj.items():
            if key in {"term", "range", "match"} and isinstance(val, dict):
                out.update(val)
            elif key == "geo_distance":
                out.update(k for k in val if k != "distance")
            elif key in {"terms", "date_histogram"} and isinstance(val, dict) and "field" in val:
                out.add(val["field"])
            elif key == "nested":
                out.add(val["path"])
            out |= _fields_in(val)
    elif isinstance(obj, list):
        for val in obj:
            out |= _fields_in(val)
    return out


def test_every_field_a_body_uses_is_in_the_mapping():
    req = SearchRequest(query="port", person=["a"], place=["b"], organization=["c"],
                        source=["d"], speaker="e", quote_contains="f", language="en",
                        date_from="2026-01-01", date_to="2026-12-31", has_quotes=True,
                        has_images=False, near=(1.0, 2.0, 3.0))
    body = build_body(req)
    used = _fields_in(body) | {f.split("^")[0] for f in TEXT_FIELDS}
    used |= {f.split("^")[0] + ".exact" for f in TEXT_FIELDS}  # quote_field_suffix
    used |= set(body["highlight"]["fields"]) | set(body["_source"])
    missing = sorted(f for f in used if not _field_exists(f))
    assert not missing, f"fields not in the mapping: {missing}"
    assert set(FACETS.values()) <= used


@pytest.mark.parametrize("query", ["", "   ", "\t\n"])
def test_empty_query_matches_everything(query):
    body = build_body(SearchRequest(query=query))
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["query"]["bool"]["filter"] == []
    assert body["track_total_hits"] is True


def test_one_sided_date_ranges():
    to_only = build_body(SearchRequest(date_to="2026-11-20"))["query"]["bool"]["filter"]
    assert to_only == [{"range": {"published_at": {"lte": "2026-11-20"}}}]
    from_only = build_body(SearchRequest(date_from="2026-11-01"))["query"]["bool"]["filter"]
    assert from_only == [{"range": {"published_at": {"gte": "2026-11-01"}}}]
    both = build_body(SearchRequest(date_from="2026-11-01", date_to="2026-11-20"))
    assert both["query"]["bool"]["filter"] == [
        {"range": {"published_at": {"gte": "2026-11-01", "lte": "2026-11-20"}}}
    ]


def test_speaker_only_is_a_nested_filter():
    body = build_body(SearchRequest(speaker="Ada Quill"))
    must = body["query"]["bool"]["must"]
    assert len(must) == 1 and "match_all" not in must[0]
    nested = must[0]["nested"]
    assert nested["path"] == "quotes"
    assert nested["query"] == {"bool": {"filter": [{"term": {"quotes.speaker": "Ada Quill"}}]}}
    assert "quotes.text" in nested["inner_hits"]["_source"]
    assert "quotes.speaker" in nested["inner_hits"]["_source"]


def test_quote_contains_only_scores_on_the_quote_text():
    body = build_body(SearchRequest(quote_contains="harbour walls"))
    nested = body["query"]["bool"]["must"][0]["nested"]
    assert nested["query"] == {
        "bool": {"must": [{"match": {"quotes.text": {"query": "harbour walls",
                                                     "operator": "and"}}}]}
    }
    assert "quotes.speaker" not in json.dumps(nested["query"])


def test_speaker_and_words_go_in_one_nested_clause():
    """Both conditions must hold for the same quote, not for two quotes of one article."""
    body = build_body(SearchRequest(query="port", speaker="Bo Lind", quote_contains="build"))
    must = body["query"]["bool"]["must"]
    nested = [m for m in must if "nested" in m]
    assert len(nested) == 1 and len(must) == 2
    inner = nested[0]["nested"]["query"]["bool"]["must"]
    assert {"term": {"quotes.speaker": "Bo Lind"}} in inner
    assert {"match": {"quotes.text": {"query": "build", "operator": "and"}}} in inner


def test_repeated_filters_all_apply():
    body = build_body(SearchRequest(person=["A", "B"], place=["X"], organization=["O"]))
    f = body["query"]["bool"]["filter"]
    assert {"term": {"person_names": "A"}} in f and {"term": {"person_names": "B"}} in f
    assert {"term": {"place_names": "X"}} in f
    assert {"term": {"organization_names": "O"}} in f
    assert len(f) == 4


def test_false_flags_are_filters_too():
    f = build_body(SearchRequest(has_quotes=False, has_images=False))["query"]["bool"]["filter"]
    assert {"term": {"has_quotes": False}} in f and {"term": {"has_images": False}} in f
    assert build_body(SearchRequest())["query"]["bool"]["filter"] == []


def test_sizes_and_histogram_interval():
    body = build_body(SearchRequest(size=0, facet_size=3, histogram="month"))
    assert body["size"] == 0
    assert all(body["aggs"][name]["terms"]["size"] == 3 for name in FACETS)
    assert body["aggs"]["published"]["date_histogram"]["calendar_interval"] == "month"
    assert {name: body["aggs"][name]["terms"]["field"] for name in FACETS} == FACETS
    assert all(f.endswith(".raw") for f in FACETS.values())


def test_radius_units_and_point():
    f = build_body(SearchRequest(near=(-33.9, 18.4, 12.5)))["query"]["bool"]["filter"]
    assert f == [{"geo_distance": {"distance": "12.5km",
                                   "place_points": {"lat": -33.9, "lon": 18.4}}}]


def test_text_query_is_and_with_exact_phrases():
    q = build_body(SearchRequest(query="harbour deal"))["query"]["bool"]["must"][0]
    sqs = q["simple_query_string"]
    assert sqs["default_operator"] == "and"
    assert sqs["fields"] == TEXT_FIELDS


def test_facets_are_exact_terms_counts_on_one_shard_and_one_slice():
    """Facet counts are compared with Parquet counts: nothing may trade them for speed.

    Terms aggregations are exact only when one collector sees every document: several shards
    or concurrent segment slices each keep their top ``shard_size`` buckets and the merged
    counts can be wrong, and a sampler counts a sample.
    """
    body = build_body(SearchRequest(query="harbour deal"))
    assert all(set(body["aggs"][name]) == {"terms"} for name in FACETS)  # top level, no sampler
    assert "sampler" not in json.dumps(body)
    st = settings()
    assert st["number_of_shards"] == 1
    assert st["search.concurrent_segment_search.mode"] == "none"
    template = index_template("news-*")["template"]["settings"]
    assert template["search.concurrent_segment_search.mode"] == "none"


# --------------------------------------------------------------------------- connection URLs


def test_no_host_no_url():
    assert url_from_connection_fields(None, 9200, "u", "p", {}) is None
    assert url_from_connection_fields("", 9200, None, None, None) is None


def test_plain_host_defaults():
    assert url_from_connection_fields("os.example", None, None, None, None) == (
        "http://os.example:9200"
    )
    assert url_from_connection_fields("os.example", 9300, None, None, {}) == (
        "http://os.example:9300"
    )


@pytest.mark.parametrize("flag", [True, "true", "True", "1", "yes"])
def test_use_ssl_means_https(flag):
    assert url_from_connection_fields("os.example", 9243, None, None, {"use_ssl": flag}) == (
        "https://os.example:9243"
    )


@pytest.mark.parametrize("flag", [False, "false", "0", "no"])
def test_no_ssl_means_http(flag):
    url = url_from_connection_fields("os.example", 9243, None, None, {"use_ssl": flag})
    assert url == "http://os.example:9243"


def test_scheme_in_host_wins():
    url = url_from_connection_fields("https://os.example", 443, "admin", "secret",
                                     {"use_ssl": False})
    assert url == "https://admin:secret@os.example:443"


def test_credentials_survive_the_url_and_reach_the_client():
    from etl.config import IndexOptions
    from etl.index import make_client

    url = url_from_connection_fields("os.example", 9200, "admin", "s3cret", {})
    assert url is not None
    parts = urlsplit(url)
    assert (parts.hostname, parts.port, parts.username, parts.password) == (
        "os.example", 9200, "admin", "s3cret"
    )
    conn = make_client(IndexOptions(url=url)).transport.connection_pool.connections[0]
    assert base64.b64decode(conn.headers["authorization"].split()[1]).decode() == "admin:s3cret"


@pytest.mark.parametrize("password", ["p@ss/w:rd", "a#b?c", "100%sure"])
def test_special_characters_in_passwords(password):
    from etl.config import IndexOptions
    from etl.index import make_client

    url = url_from_connection_fields("os.example", 9200, "admin", password, {})
    assert url is not None
    parts = urlsplit(url)
    assert parts.netloc.rpartition("@")[2] == "os.example:9200", (
        f"BUG etl/sources.py url_from_connection_fields: credentials are not percent-encoded, "
        f"so password {password!r} breaks the URL {url!r}"
    )
    assert unquote(parts.password or "") == password
    conn = make_client(IndexOptions(url=url)).transport.connection_pool.connections[0]
    sent = base64.b64decode(conn.headers["authorization"].split()[1]).decode()
    assert sent == f"admin:{password}", (
        "BUG etl/index/client.py make_client: user and password taken from the URL are not "
        f"percent-decoded (sent {sent!r})"
    )


def test_login_without_password():
    url = url_from_connection_fields("os.example", 9200, "reader", None, {})
    assert url is not None
    assert "None" not in url, (
        f"BUG etl/sources.py url_from_connection_fields: a login without password gives {url!r}"
    )
    assert urlsplit(url).username == "reader"


def test_read_ahead_keeps_order_and_raises_what_the_reader_raised():
    from etl.index.loader import _read_ahead

    assert list(_read_ahead(iter([[1], [2], [3]]), depth=1)) == [[1], [2], [3]]

    def broken():
        yield [1]
        raise ValueError("corrupt row group")

    got = []
    with pytest.raises(ValueError, match="corrupt row group"):
        for batch in _read_ahead(broken()):
            got.append(batch)
    assert got == [[1]]


def test_read_ahead_stops_its_thread_when_the_consumer_stops():
    import threading

    from etl.index.loader import _read_ahead

    def endless():
        n = 0
        while True:
            n += 1
            yield [n]

    reader = _read_ahead(endless(), depth=2)
    assert next(reader) == [1]
    reader.close()
    assert not [t for t in threading.enumerate() if t.name == "newsetl-parquet-read"]


class _FakeBulkClient:
    """Answers ``bulk`` like a node would, records how many requests overlap."""

    def __init__(self, fail_on: str | None = None, delay: float = 0.02) -> None:
        import threading

        from opensearchpy.serializer import JSONSerializer

        self.transport = type("T", (), {"serializer": JSONSerializer()})()
        self.fail_on, self.delay = fail_on, delay
        self.lock = threading.Lock()
        self.active = self.most = self.calls = 0

    def bulk(self, body: str, **_: Any) -> dict[str, Any]:
        import time

        with self.lock:
            self.active += 1
            self.calls += 1
            self.most = max(self.most, self.active)
        try:
            time.sleep(self.delay)
            lines = [json.loads(x) for x in body.splitlines() if x]
            ids = [line["index"]["_id"] for line in lines[::2]]
            if self.fail_on in ids:
                from opensearchpy.exceptions import ConnectionError as OSConnectionError

                raise OSConnectionError("N/A", "node went away", None)
            items = [{"index": {"_id": i, "status": 400 if i.endswith("bad") else 201,
                                **({"error": {"type": "mapper_parsing_exception",
                                              "reason": "x"}} if i.endswith("bad") else {})}}
                     for i in ids]
            return {"errors": any(i.endswith("bad") for i in ids), "items": items}
        finally:
            with self.lock:
                self.active -= 1


def _index_actions(n: int) -> list[dict[str, Any]]:
    return [{"_op_type": "index", "_index": "x", "_id": f"d{i}" + ("bad" if i % 7 == 3 else ""),
             "_source": {"n": i}} for i in range(n)]


@pytest.mark.parametrize("width", [1, 2, 3])
def test_pipelined_bulk_reports_every_document_once_with_bounded_overlap(width):
    from etl.config import IndexOptions
    from etl.index.loader import _pipelined

    client = _FakeBulkClient()
    opts = IndexOptions(bulk_docs=10, bulk_concurrency=width)
    actions = _index_actions(95)
    out = list(_pipelined(client, iter(actions), opts))  # type: ignore[arg-type]
    seen = [next(iter(item.values()))["_id"] for _, item in out]
    assert sorted(seen) == sorted(a["_id"] for a in actions), "a document was lost or doubled"
    refused = {next(iter(item.values()))["_id"] for ok, item in out if not ok}
    assert refused == {a["_id"] for a in actions if a["_id"].endswith("bad")}
    assert client.calls == 10
    assert client.most <= width, f"{client.most} requests overlapped with width {width}"
    if width > 1:
        assert client.most > 1, "requests never overlapped: the loader is not pipelined"


def test_pipelined_bulk_raises_a_failed_request_and_leaves_no_thread():
    import threading

    from opensearchpy.exceptions import ConnectionError as OSConnectionError

    from etl.config import IndexOptions
    from etl.index.loader import _pipelined

    client = _FakeBulkClient(fail_on="d42")
    opts = IndexOptions(bulk_docs=10, bulk_concurrency=2)
    with pytest.raises(OSConnectionError):
        list(_pipelined(client, iter(_index_actions(200)), opts))  # type: ignore[arg-type]
    assert client.calls < 20, "chunks after the failure kept being sent"
    assert not [t for t in threading.enumerate() if t.name.startswith("newsetl-bulk")]


def test_merge_target_keeps_segments_within_the_merge_policy_limit():
    from etl.index.manage import merge_target

    gib = 1024**3
    assert merge_target(0, 1) == 1
    assert merge_target(1_300_000_000, 1) == 1
    assert merge_target(5 * gib, 1) == 1
    assert merge_target(5 * gib + 1, 1) == 2
    assert merge_target(23 * gib, 1) == 5
    assert merge_target(23 * gib, 2) == 3  # per shard
    assert merge_target(10 * gib, 0) == 2  # a bad shard count is not a division by zero


class _MergingNode:
    """A cluster stand-in whose force merge outlasts ``slow`` requests."""

    def __init__(self, slow: int, clock: list[float]):
        from types import SimpleNamespace

        self.slow, self.clock, self.calls = slow, clock, []
        self.indices = SimpleNamespace(
            refresh=lambda index: None,
            stats=lambda index, metric: {"_all": {"primaries": {"store": {"size_in_bytes": 1}}}},
            forcemerge=self._forcemerge,
        )

    def _forcemerge(self, index, params):
        from opensearchpy.exceptions import ConnectionTimeout

        self.calls.append(params)
        self.clock[0] += params["request_timeout"]  # the request waited that long
        if len(self.calls) <= self.slow:
            raise ConnectionTimeout("TIMEOUT", "read timed out", None)


def test_compact_asks_again_while_the_node_is_still_merging():
    from etl.index.manage import compact

    clock = [0.0]
    node = _MergingNode(slow=2, clock=clock)
    assert compact(node, "news-x", 1, wait_s=3600, request_s=600, clock=lambda: clock[0]) == 1
    assert [c["request_timeout"] for c in node.calls] == [600, 600, 600]
    assert all(c["max_num_segments"] == 1 for c in node.calls)


def test_compact_gives_up_with_a_transient_error_after_its_wait():
    from etl.errors import TransientError
    from etl.index.manage import compact

    clock = [0.0]
    node = _MergingNode(slow=100, clock=clock)
    with pytest.raises(TransientError, match="still merging after 1500 s"):
        compact(node, "news-x", 1, wait_s=1500, request_s=600, clock=lambda: clock[0])
    # the last request waits only for what is left of the budget
    assert [c["request_timeout"] for c in node.calls] == [600, 600, 300]
