"""Analyst search: full text, filters, facets, highlights, speaker quotes, radius queries.

``build_body`` is pure (tested without a cluster). ``search`` sends it as one ``_msearch`` of
two halves (``split_body``): the top hits with highlights, which need no exact total and so
stop scoring early, and the total with the facets, which need no scores. The node runs the
halves side by side and the answer is the one the whole body gives (an integration test
compares them); the facets half, being ``size`` 0, can also be served by the shard request
cache when an analyst pages or repeats a search. The halves are two searches: a refresh (or
an alias swap) landing between them can make the total disagree with the hits by the
documents it brought, which one ``_search`` would not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import HTTP_EXCEPTIONS, TransportError

from etl.errors import InvalidInputError

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
# Orders of the hits: by score (newest first among equals), or by publication date.
SORTS = ("relevance", "newest", "oldest")
# OpenSearch's default `index.max_result_window`: hits past it take a scroll or PIT.
MAX_RESULT_WINDOW = 10_000
# Longest highlighted fragment returned; fragments are whole sentences, most far shorter.
FRAGMENT_CHARS = 300
# Marks around highlighted words: plain characters, so fragments print as they come.
PRE_TAG, POST_TAG = "«", "»"


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
    offset: int = 0  # hits to skip: page p of n hits is offset (p - 1) * n
    sort: str = "relevance"  # one of SORTS
    facet_size: int = 10
    histogram: str | None = "day"  # calendar interval; None: no date histogram
    highlight: bool = True  # False: no highlighted fragments, a faster search


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
    took_ms: int = 0  # server time of the whole _msearch


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
    """Translate a :class:`SearchRequest` into an OpenSearch ``_search`` body.

    Raises:
        InvalidInputError: an unknown sort, or paging past :data:`MAX_RESULT_WINDOW`.
    """
    if req.sort not in SORTS:
        raise InvalidInputError(f"unknown sort {req.sort!r}: one of {', '.join(SORTS)}",
                                stage="search")
    if req.offset < 0 or req.offset + req.size > MAX_RESULT_WINDOW:
        raise InvalidInputError(
            f"hits {req.offset + 1}-{req.offset + req.size} asked: a search pages through "
            f"the first {MAX_RESULT_WINDOW:,} hits only; narrow it with filters or dates",
            stage="search")
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
    if req.histogram:
        aggs["published"] = {
            "date_histogram": {"field": "published_at", "calendar_interval": req.histogram,
                               "min_doc_count": 1}
        }
    highlight = {
        # Quoted phrases match the `.exact` sub-fields: highlight those matches too.
        # `fragment_size` 0: whole sentences. Bounding them to a size drives the JDK's
        # sentence break iterator several more times around every matched sentence, a third
        # of the hits half's time; long sentences are clipped here instead (`clip_fragment`).
        "fields": {
            "text": {"number_of_fragments": 2, "fragment_size": 0,
                     "matched_fields": ["text", "text.exact"]},
            "title": {"matched_fields": ["title", "title.exact"]},
        },
        "pre_tags": [PRE_TAG],
        "post_tags": [POST_TAG],
    }
    return {
        "query": query,
        "size": req.size,
        "track_total_hits": True,
        "_source": ["title", "url", "published_at", "source_domain"],
        **({"highlight": highlight} if req.highlight else {}),
        "aggs": aggs,
        "sort": _sort(req.sort),
        **({"from": req.offset} if req.offset else {}),
    }


def clip_fragment(fragment: str, limit: int = FRAGMENT_CHARS) -> str:
    """Cut a highlighted sentence longer than ``limit`` to a window around its first match.

    The window starts a third of ``limit`` before the first ``«``, ends on a space, never
    splits a ``«…»`` pair, and is marked with ``…`` where the sentence was cut.

    Args:
        fragment: a highlight fragment as OpenSearch returns it (``«`` ``»`` tags).
        limit: the longest fragment kept whole, and the window's size.

    Returns:
        ``fragment`` itself when short enough, else the clipped window.
    """
    if len(fragment) <= limit:
        return fragment
    mark = max(fragment.find(PRE_TAG), 0)
    start = max(0, min(mark - limit // 3, len(fragment) - limit))
    if start:
        space = fragment.find(" ", start, mark)
        start = space + 1 if space >= 0 else start
    end = min(len(fragment), start + limit)
    if end < len(fragment):
        space = fragment.rfind(" ", mark, end)
        end = space if space > mark else end
        if fragment.rfind(PRE_TAG, start, end) > fragment.rfind(POST_TAG, start, end):
            end = fragment.find(POST_TAG, end) + 1 or len(fragment)
    head = "…" if start else ""
    tail = "…" if end < len(fragment) else ""
    return head + fragment[start:end].strip() + tail


def _sort(order: str) -> list[Any]:
    if order == "relevance":
        return ["_score", {"published_at": {"order": "desc", "missing": "_last"}}]
    # Undated articles last either way; relevance breaks ties between the same instant.
    return [{"published_at": {"order": "desc" if order == "newest" else "asc",
                              "missing": "_last"}}, "_score"]


def split_body(body: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """Split a :func:`build_body` body into (hits half, totals-and-facets half).

    Paging and order concern the hits half only; the facets count every match.

    The hits half is ``None`` when no hits are asked for (``size`` 0).
    """
    hits: dict[str, Any] | None = None
    if body.get("size", 10):
        hits = {k: v for k, v in body.items() if k not in ("aggs", "track_total_hits")}
        hits["track_total_hits"] = False
    facets = {"query": body["query"], "size": 0, "track_total_hits": True,
              "aggs": body.get("aggs", {})}
    return hits, facets


def search(
    client: OpenSearch, alias: str, req: SearchRequest, *, request_cache: bool | None = None
) -> SearchResult:
    """Run ``req`` against ``alias`` and return hits, facets and the date histogram.

    Args:
        client: OpenSearch client.
        alias: index or alias to search.
        req: the analyst's request.
        request_cache: force the shard request cache on or off (``None``: the index
            setting decides); benchmarks turn it off.

    Returns:
        The exact total, the top hits with highlights and speaker quotes, the facets and
        the date histogram.

    Raises:
        InvalidInputError: the request cannot be sent (see :func:`build_body`).
        opensearchpy.exceptions.TransportError: the search failed (bad syntax, no index).
    """
    hits_body, facets_body = split_body(build_body(req))
    head: dict[str, Any] = {"index": alias}
    if request_cache is not None:
        head["request_cache"] = request_cache
    lines = [head, facets_body] + ([head, hits_body] if hits_body else [])
    resp = client.msearch(body=lines)
    parts = resp["responses"]
    for part in parts:
        if "error" in part:
            status = int(part.get("status") or 500)
            error = part["error"]
            kind = HTTP_EXCEPTIONS.get(status, TransportError)
            raise kind(status, error.get("type", "") if isinstance(error, dict) else str(error),
                       part)
    counted, top = parts[0], (parts[1]["hits"]["hits"] if hits_body else [])
    hits = []
    for h in top:
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
                highlights=[clip_fragment(f) for f in hl.get("text", []) or hl.get("title", [])],
                quotes=quotes,
            )
        )
    aggs = counted.get("aggregations", {})
    facets = {
        name: [(b["key"], b["doc_count"]) for b in aggs.get(name, {}).get("buckets", [])]
        for name in FACETS
    }
    hist = [
        (b["key_as_string"][:10], b["doc_count"])
        for b in aggs.get("published", {}).get("buckets", [])
    ]
    return SearchResult(
        total=counted["hits"]["total"]["value"], hits=hits, facets=facets, histogram=hist,
        took_ms=int(resp.get("took") or 0),
    )
