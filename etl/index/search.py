"""Analyst search: full text, filters, facets, highlights, speaker quotes, radius queries.

``build_body`` is pure (tested without a cluster); ``search`` sends it and shapes the answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opensearchpy import OpenSearch

FACETS = {
    "people": "person_names.raw",
    "places": "place_names.raw",
    "organizations": "organization_names.raw",
    "speakers": "quote_speakers.raw",
    "sources": "source_domain.raw",
}
# Quotes are part of `text`; `quotes.text` is nested and only reachable through a nested
# query (`speaker` / `quote_contains`), so it is not listed here.
TEXT_FIELDS = ["title^3", "description^2", "text"]


@dataclass
class SearchRequest:
    """What an analyst asks for. Empty ``query`` matches everything."""

    query: str = ""
    person: list[str] = field(default_factory=list)
    place: list[str] = field(default_factory=list)
    organization: list[str] = field(default_factory=list)
    speaker: str | None = None
    quote_contains: str | None = None
    source: list[str] = field(default_factory=list)
    language: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    has_quotes: bool | None = None
    has_images: bool | None = None
    near: tuple[float, float, float] | None = None  # lat, lon, km
    size: int = 10
    facet_size: int = 10
    histogram: str = "day"


@dataclass
class Hit:
    id: str
    score: float | None
    title: str | None
    url: str
    published_at: str | None
    source_domain: str | None
    highlights: list[str]
    quotes: list[dict[str, Any]]


@dataclass
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]]
    histogram: list[tuple[str, int]]


def _text_query(q: str) -> dict[str, Any]:
    # simple_query_string: phrases, AND/OR/NOT (+ | -) without raising on bad syntax.
    return {
        "simple_query_string": {
            "query": q,
            "fields": TEXT_FIELDS,
            "default_operator": "and",
            "quote_field_suffix": ".exact",
        }
    }


def build_body(req: SearchRequest) -> dict[str, Any]:
    """Translate a :class:`SearchRequest` into an OpenSearch ``_search`` body."""
    must: list[dict[str, Any]] = [_text_query(req.query)] if req.query.strip() else []
    filters: list[dict[str, Any]] = []
    for fname, values in (
        ("person_names", req.person),
        ("place_names", req.place),
        ("organization_names", req.organization),
        ("source_domain", req.source),
    ):
        filters.extend({"term": {fname: v}} for v in values)
    if req.language:
        filters.append({"term": {"language": req.language}})
    if req.date_from or req.date_to:
        rng = {k: v for k, v in (("gte", req.date_from), ("lte", req.date_to)) if v}
        filters.append({"range": {"published_at": rng}})
    if req.has_quotes is not None:
        filters.append({"term": {"has_quotes": req.has_quotes}})
    if req.has_images is not None:
        filters.append({"term": {"has_images": req.has_images}})
    if req.near:
        lat, lon, km = req.near
        filters.append(
            {"geo_distance": {"distance": f"{km}km", "place_points": {"lat": lat, "lon": lon}}}
        )
    if req.speaker or req.quote_contains:
        inner: list[dict[str, Any]] = []
        if req.speaker:
            inner.append({"term": {"quotes.speaker": req.speaker}})
        if req.quote_contains:
            inner.append(
                {"match": {"quotes.text": {"query": req.quote_contains, "operator": "and"}}}
            )
        must.append(
            {
                "nested": {
                    "path": "quotes",
                    "query": {"bool": {"filter": inner}} if not req.quote_contains
                    else {"bool": {"must": inner}},
                    "inner_hits": {"size": 20, "_source": ["quotes.text", "quotes.speaker",
                                                          "quotes.cue", "quotes.start",
                                                          "quotes.end"]},
                }
            }
        )
    query: dict[str, Any] = {"bool": {"must": must or [{"match_all": {}}], "filter": filters}}
    aggs: dict[str, Any] = {
        name: {"terms": {"field": fname, "size": req.facet_size}} for name, fname in FACETS.items()
    }
    aggs["published"] = {
        "date_histogram": {"field": "published_at", "calendar_interval": req.histogram,
                           "min_doc_count": 1}
    }
    return {
        "query": query,
        "size": req.size,
        "track_total_hits": True,
        "_source": ["title", "url", "published_at", "source_domain"],
        "highlight": {
            # Quoted phrases match the `.exact` sub-fields: highlight those matches too.
            "fields": {
                "text": {"number_of_fragments": 2, "fragment_size": 160,
                         "matched_fields": ["text", "text.exact"]},
                "title": {"matched_fields": ["title", "title.exact"]},
            },
            "pre_tags": ["«"],
            "post_tags": ["»"],
        },
        "aggs": aggs,
        "sort": ["_score", {"published_at": {"order": "desc", "missing": "_last"}}],
    }


def search(client: OpenSearch, alias: str, req: SearchRequest) -> SearchResult:
    """Run ``req`` against ``alias`` and return hits, facets and the date histogram."""
    resp = client.search(index=alias, body=build_body(req))
    hits = []
    for h in resp["hits"]["hits"]:
        src = h.get("_source", {})
        hl = h.get("highlight", {})
        quotes = [
            ih["_source"]
            for ih in h.get("inner_hits", {}).get("quotes", {}).get("hits", {}).get("hits", [])
        ]
        hits.append(
            Hit(
                id=h["_id"],
                score=h.get("_score"),
                title=src.get("title"),
                url=src.get("url", ""),
                published_at=src.get("published_at"),
                source_domain=src.get("source_domain"),
                highlights=hl.get("text", []) or hl.get("title", []),
                quotes=quotes,
            )
        )
    aggs = resp.get("aggregations", {})
    facets = {
        name: [(b["key"], b["doc_count"]) for b in aggs.get(name, {}).get("buckets", [])]
        for name in FACETS
    }
    hist = [
        (b["key_as_string"][:10], b["doc_count"])
        for b in aggs.get("published", {}).get("buckets", [])
    ]
    return SearchResult(
        total=resp["hits"]["total"]["value"], hits=hits, facets=facets, histogram=hist
    )
