"""Typed records passed between stages.

Stages are pure functions from one record type to the next; only the edges
(fetch, Parquet, OpenSearch) do I/O. Datetimes are always timezone-aware UTC.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime


def url_id(url: str) -> str:
    """Stable document id: the first 32 hex digits of SHA-256 of the URL."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class InputRef:
    """One thing to process, as found by discovery.

    Attributes:
        kind: ``file`` (a local HTML/HTML.gz file), ``url`` (to fetch) or
            ``warc`` (one response record inside a local WARC).
        location: file path or URL.
        url: the page URL when known (for files: derived or ``file://``).
        warc_offset: byte offset of the record inside the WARC (``warc`` only).
        source: which configured source produced it (for reports).
        hinted_date: date the source attaches (feed item, sitemap lastmod, WARC-Date).
    """

    kind: str
    location: str
    url: str
    warc_offset: int | None = None
    source: str = ""
    hinted_date: datetime | None = None


@dataclass(slots=True)
class RawPage:
    """A page as fetched or read: bytes plus transport metadata."""

    url: str
    body: bytes
    fetched_at: datetime
    http_status: int | None = 200
    content_type: str | None = "text/html"
    headers: dict[str, str] = field(default_factory=dict)
    final_url: str | None = None
    source: str = ""


@dataclass(slots=True)
class Image:
    """An article image with its caption and credit."""

    url: str
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None
    people: list[str] = field(default_factory=list)
    is_lead: bool = False


@dataclass(slots=True)
class Person:
    name: str
    mentions: int = 1
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Place:
    name: str
    mentions: int = 1
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    kind: str | None = None  # country, region, city, continent, other
    # The gazetteer's standard name ("United States" for "U.S."); `name` keeps the
    # article's own form. Search facets use this one so that articles agree.
    geo_name: str | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Organization:
    name: str
    mentions: int = 1
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Quote:
    """A direct quote; ``start``/``end`` are character offsets into the article text."""

    text: str
    speaker: str | None
    cue: str | None
    start: int
    end: int


@dataclass(slots=True)
class Annotation:
    """What enrichment finds in a plain text."""

    people: list[Person] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass(slots=True)
class ExtractedArticle:
    """Output of the extract stage (before enrichment)."""

    url: str
    canonical_url: str
    source_domain: str
    text: str
    title: str | None = None
    description: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    modified_at: datetime | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)


@dataclass(slots=True)
class Article:
    """One row of the ``articles`` dataset."""

    id: str
    url: str
    canonical_url: str
    source_domain: str
    site_name: str | None
    title: str | None
    description: str | None
    authors: list[str]
    published_at: datetime | None
    modified_at: datetime | None
    language: str | None
    section: str | None
    tags: list[str]
    text: str
    word_count: int
    content_hash: str
    simhash: int
    people: list[Person]
    places: list[Place]
    organizations: list[Organization]
    quotes: list[Quote]
    images: list[Image]
    fetched_at: datetime
    run_id: str
    pipeline_version: str
    duplicate_of: str | None = None


@dataclass(slots=True)
class Reject:
    """One row of the ``rejects`` dataset: an input that did not become an article."""

    url: str
    stage: str
    error_type: str
    error_message: str
    http_status: int | None
    run_id: str
    seen_at: datetime
