"""The Arrow schema drives the OpenSearch mapping; the two cannot drift."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pyarrow as pa

from etl.index.documents import to_document
from etl.records import Article, Reject
from schemas import ARTICLES, REJECTS, index_template, mappings
from schemas.opensearch import DERIVED


def test_every_article_record_field_is_a_column_and_back():
    fields = {f.name for f in dataclasses.fields(Article)}
    assert fields == set(ARTICLES.names)


def test_reject_record_matches_schema():
    assert {f.name for f in dataclasses.fields(Reject)} == set(REJECTS.names)


def test_mapping_has_every_column_plus_derived():
    props = mappings()["properties"]
    assert set(props) == set(ARTICLES.names) | set(DERIVED)
    assert mappings()["dynamic"] == "strict"


def test_mapping_types_follow_arrow_types():
    props = mappings()["properties"]
    assert props["published_at"]["type"] == "date"
    assert props["simhash"]["type"] == "unsigned_long"
    assert props["word_count"]["type"] == "integer"
    assert props["text"]["analyzer"] == "english"
    assert props["text"]["fields"]["exact"]["type"] == "text"
    assert props["quotes"]["type"] == "nested"
    assert props["quotes"]["properties"]["speaker"]["normalizer"] == "folding"
    assert props["quote_speakers"]["fields"]["raw"]["type"] == "keyword"
    assert props["place_points"]["type"] == "geo_point"
    assert props["people"]["type"] == "object"


def test_changing_the_arrow_schema_changes_the_mapping():
    extra = ARTICLES.append(pa.field("paywalled", pa.bool_()))
    assert mappings(extra)["properties"]["paywalled"] == {"type": "boolean"}


def test_template_pattern_and_settings():
    t = index_template("news-*")
    assert t["index_patterns"] == ["news-*"]
    assert "folding" in t["template"]["settings"]["analysis"]["normalizer"]


def test_document_keys_are_exactly_mapped_fields():
    row = {name: None for name in ARTICLES.names}
    row.update(
        id="x", url="http://a.example/1", published_at=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        people=[{"name": "Ada Quill", "mentions": 2, "aliases": ["Quill"]}],
        places=[{"name": "Lisbon", "mentions": 1, "country_code": "PT", "latitude": 38.7,
                 "longitude": -9.1, "kind": "city"},
                {"name": "Atlantis", "mentions": 1, "country_code": None, "latitude": None,
                 "longitude": None, "kind": "other"}],
        organizations=[], images=[{"url": "u", "alt": None, "caption": "c", "credit": None,
                                   "people": ["Ada Quill"], "is_lead": True}],
        quotes=[{"text": "we will see it through", "speaker": "Ada Quill", "cue": "said",
                 "start": 0, "end": 22}],
    )
    doc = to_document(row, date(2026, 1, 2))
    assert set(doc) == set(mappings()["properties"])
    assert doc["place_points"] == [{"lat": 38.7, "lon": -9.1}]
    assert doc["place_country_codes"] == ["PT"]
    assert doc["quote_speakers"] == ["Ada Quill"]
    assert doc["image_people"] == ["Ada Quill"]
    assert doc["has_quotes"] is True and doc["quote_count"] == 1
    assert doc["published_at"].startswith("2026-01-02T03:04")
