"""Arrow schemas of the Parquet datasets.

Field metadata key ``search`` tells the OpenSearch mapping generator how to index
a column: ``text`` (English full text with an exact sub-field), ``facet`` (keyword
normalized for matching, ``.raw`` kept as written for display), ``keyword``,
``nested`` (list of structs queried together), ``object``, ``none`` (stored in
Parquet only). Columns without the key get the natural mapping of their type.
"""

from __future__ import annotations

import pyarrow as pa


def _f(name: str, typ: pa.DataType, search: str | None = None, nullable: bool = True) -> pa.Field:
    meta = {b"search": search.encode()} if search else None
    return pa.field(name, typ, nullable=nullable, metadata=meta)


TS = pa.timestamp("us", tz="UTC")

PERSON = pa.struct(
    [
        _f("name", pa.string(), "facet"),
        _f("mentions", pa.int32()),
        _f("aliases", pa.list_(pa.string()), "keyword"),
    ]
)
PLACE = pa.struct(
    [
        _f("name", pa.string(), "facet"),
        _f("mentions", pa.int32()),
        _f("country_code", pa.string(), "keyword"),
        _f("latitude", pa.float64()),
        _f("longitude", pa.float64()),
        _f("kind", pa.string(), "keyword"),
        _f("geo_name", pa.string(), "facet"),
        _f("aliases", pa.list_(pa.string()), "keyword"),
    ]
)
ORGANIZATION = pa.struct(
    [
        _f("name", pa.string(), "facet"),
        _f("mentions", pa.int32()),
        _f("aliases", pa.list_(pa.string()), "keyword"),
    ]
)
QUOTE = pa.struct(
    [
        _f("text", pa.string(), "text"),
        _f("speaker", pa.string(), "facet"),
        _f("cue", pa.string(), "keyword"),
        _f("start", pa.int32()),
        _f("end", pa.int32()),
    ]
)
IMAGE = pa.struct(
    [
        _f("url", pa.string(), "keyword"),
        _f("alt", pa.string(), "text"),
        _f("caption", pa.string(), "text"),
        _f("credit", pa.string(), "facet"),
        _f("people", pa.list_(pa.string()), "facet"),
        _f("is_lead", pa.bool_()),
    ]
)

ARTICLES = pa.schema(
    [
        _f("id", pa.string(), "keyword", nullable=False),
        _f("url", pa.string(), "keyword", nullable=False),
        _f("canonical_url", pa.string(), "keyword"),
        _f("source_domain", pa.string(), "facet"),
        _f("site_name", pa.string(), "facet"),
        _f("title", pa.string(), "text"),
        _f("description", pa.string(), "text"),
        _f("authors", pa.list_(pa.string()), "facet"),
        _f("published_at", TS),
        _f("modified_at", TS),
        _f("language", pa.string(), "keyword"),
        _f("section", pa.string(), "facet"),
        _f("tags", pa.list_(pa.string()), "facet"),
        _f("text", pa.string(), "text"),
        _f("word_count", pa.int32()),
        _f("content_hash", pa.string(), "keyword"),
        _f("simhash", pa.uint64()),
        _f("duplicate_of", pa.string(), "keyword"),
        _f("people", pa.list_(PERSON), "object"),
        _f("places", pa.list_(PLACE), "object"),
        _f("organizations", pa.list_(ORGANIZATION), "object"),
        _f("quotes", pa.list_(QUOTE), "nested"),
        _f("images", pa.list_(IMAGE), "object"),
        _f("fetched_at", TS),
        _f("run_id", pa.string(), "keyword"),
        _f("pipeline_version", pa.string(), "keyword"),
    ]
)

REJECTS = pa.schema(
    [
        pa.field("url", pa.string(), nullable=False),
        pa.field("stage", pa.string(), nullable=False),
        pa.field("error_type", pa.string(), nullable=False),
        pa.field("error_message", pa.string()),
        pa.field("http_status", pa.int32()),
        pa.field("run_id", pa.string()),
        pa.field("seen_at", TS),
    ]
)

# One row per (run, source_domain): extraction health for the run report.
QUALITY = pa.schema(
    [
        pa.field("dt", pa.string(), nullable=False),
        pa.field("run_id", pa.string()),
        pa.field("source_domain", pa.string(), nullable=False),
        pa.field("articles", pa.int32()),
        pa.field("rejects", pa.int32()),
        pa.field("empty_text_share", pa.float64()),
        pa.field("missing_date_share", pa.float64()),
        pa.field("missing_author_share", pa.float64()),
        pa.field("degraded", pa.bool_()),
        pa.field("computed_at", TS),
    ]
)
