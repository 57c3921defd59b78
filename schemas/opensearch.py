"""OpenSearch index template generated from the Arrow ``articles`` schema.

The mapping is derived column by column from ``schemas.arrow.ARTICLES`` and its
``search`` field metadata, plus a few flat fields (``DERIVED``) that exist only in
the search document because Dashboards cannot aggregate nested or object arrays
well (speakers, place points). ``etl.index.documents`` builds exactly these.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from schemas.arrow import ARTICLES

MAPPING_VERSION = 3

# Merge policies (dynamic settings). A load runs under Lucene's defaults: tiers of 10,
# segments under 16 MB counted as 16 MB. Tighter ones (tiers of 4, a 256 MB floor) while
# loading took the core the loader's second bulk request uses (0.82-1.00x helpers.bulk
# against 1.19x), so they are applied only for one merge pass after a load: a faceted
# search pays a set-up cost per segment, and a nightly index keeps 3-5 segments instead of
# 9-17 (docs/BENCHMARKS.md).
MERGE_DURING_LOAD: dict[str, Any] = {
    "index.merge.policy.floor_segment": "16mb",
    "index.merge.policy.segments_per_tier": 10,
}
MERGE_AFTER_LOAD: dict[str, Any] = {
    "index.merge.policy.floor_segment": "256mb",
    "index.merge.policy.segments_per_tier": 4,
}

SETTINGS: dict[str, Any] = {
    # Facet counts must be exact. OpenSearch 3.x runs requests with aggregations over several
    # segment slices by default (mode "auto", max(1, min(cores / 2, 4)) slices) and trims
    # each slice's terms buckets to `shard_size`, so on a node with 4+ cores top-N facet
    # counts come back wrong (2 slices: 24 of 72 facet lists differed on the bench index).
    # Sequential search keeps them exact; it was no slower on the bench. Several shards
    # trim the same way: keep one.
    "search.concurrent_segment_search.mode": "none",
    "analysis": {
        "normalizer": {
            "folding": {"type": "custom", "filter": ["lowercase", "asciifolding"]},
        },
        "analyzer": {
            # Phrases are matched on unstemmed words; "english" stems for recall.
            "exact": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase"]},
        },
    },
}

# Offsets in the postings let the unified highlighter skip re-analysing long texts.
TEXT = {
    "type": "text",
    "analyzer": "english",
    "index_options": "offsets",
    "fields": {"exact": {"type": "text", "analyzer": "exact", "index_options": "offsets"}},
}
# Facets aggregate on `.raw`; eager ordinals move their cost from query time to refresh.
FACET = {
    "type": "keyword",
    "normalizer": "folding",
    "fields": {"raw": {"type": "keyword", "ignore_above": 512, "eager_global_ordinals": True}},
}
KEYWORD = {"type": "keyword", "ignore_above": 2048}

DERIVED: dict[str, dict[str, Any]] = {
    "partition_date": {"type": "date", "format": "strict_date"},
    "person_names": FACET,
    "place_names": FACET,
    "place_country_codes": KEYWORD,
    "place_points": {"type": "geo_point"},
    "organization_names": FACET,
    "quote_speakers": FACET,
    "image_people": FACET,
    "quote_count": {"type": "integer"},
    "image_count": {"type": "integer"},
    "has_quotes": {"type": "boolean"},
    "has_images": {"type": "boolean"},
}


def _scalar(typ: pa.DataType, search: str | None) -> dict[str, Any]:
    if search == "text":
        return dict(TEXT)
    if search == "facet":
        return dict(FACET)
    if search == "keyword" or pa.types.is_string(typ):
        return dict(KEYWORD)
    if pa.types.is_timestamp(typ):
        return {"type": "date"}
    if pa.types.is_boolean(typ):
        return {"type": "boolean"}
    if pa.types.is_uint64(typ):
        return {"type": "unsigned_long"}
    if pa.types.is_integer(typ):
        return {"type": "long" if typ.bit_width > 32 else "integer"}
    if pa.types.is_floating(typ):
        return {"type": "double"}
    raise TypeError(f"no OpenSearch mapping for Arrow type {typ}")


def field_mapping(field: pa.Field) -> dict[str, Any]:
    """Map one Arrow field (recursing into lists and structs) to an OpenSearch property."""
    meta = field.metadata or {}
    search = meta.get(b"search", b"").decode() or None
    typ = field.type
    if search == "none":
        return {"type": "object", "enabled": False}
    if pa.types.is_list(typ):
        inner = typ.value_field
        if pa.types.is_struct(inner.type):
            props = {sub.name: field_mapping(sub) for sub in inner.type}
            kind = "nested" if search == "nested" else "object"
            return {"type": kind, "properties": props}
        return _scalar(inner.type, search)
    if pa.types.is_struct(typ):
        return {"type": "object", "properties": {sub.name: field_mapping(sub) for sub in typ}}
    return _scalar(typ, search)


def mappings(schema: pa.Schema = ARTICLES) -> dict[str, Any]:
    """The ``mappings`` body: strict, so a document with an unknown field is refused."""
    props = {f.name: field_mapping(f) for f in schema}
    overlap = set(props) & set(DERIVED)
    if overlap:
        raise ValueError(f"derived search fields shadow columns: {sorted(overlap)}")
    props.update(DERIVED)
    return {
        "dynamic": "strict",
        "_meta": {"mapping_version": MAPPING_VERSION},
        "properties": props,
    }


def settings(shards: int = 1, replicas: int = 0) -> dict[str, Any]:
    """Index settings: analyzers and normalizers plus shard layout."""
    return {"number_of_shards": shards, "number_of_replicas": replicas, **SETTINGS}


def index_template(pattern: str = "news-*", shards: int = 1, replicas: int = 0) -> dict[str, Any]:
    """A composable index template body for ``PUT _index_template/<name>``."""
    return {
        "index_patterns": [pattern],
        "priority": 100,
        "template": {"settings": settings(shards, replicas), "mappings": mappings()},
        "_meta": {"generated_from": "schemas.arrow.ARTICLES", "mapping_version": MAPPING_VERSION},
    }
