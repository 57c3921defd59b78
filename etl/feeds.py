"""Safe parsing of RSS, Atom, sitemaps, sitemap indexes and Google News sitemaps.

Feeds come from the open web, so XML is parsed with :mod:`defusedxml` with
DTDs, entities and external references refused (billion laughs, XXE), under a
byte cap and an entry cap, streaming with ``iterparse`` so memory stays bounded.
"""

from __future__ import annotations

import email.utils
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element, ParseError

import defusedxml
from defusedxml.ElementTree import iterparse

from etl.errors import InvalidInputError, TooLargeError, UnsafeXMLError

DEFAULT_MAX_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit
DEFAULT_MAX_ENTRIES = 50_000  # likewise

KIND_RSS = "rss"
KIND_ATOM = "atom"
KIND_SITEMAP = "sitemap"
KIND_SITEMAP_INDEX = "sitemapindex"
KIND_HTML = "html"
KIND_UNKNOWN = "unknown"

_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*\?>", re.DOTALL)
_SKIP = re.compile(rb"^\s*(<!--.*?-->|<\?.*?\?>)", re.DOTALL)
_ROOT = re.compile(rb"^\s*<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_ROOT_KINDS = {
    "rss": KIND_RSS,
    "rdf": KIND_RSS,
    "feed": KIND_ATOM,
    "urlset": KIND_SITEMAP,
    "sitemapindex": KIND_SITEMAP_INDEX,
    "html": KIND_HTML,
}
_W3C_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


class FeedEntry(NamedTuple):
    """One URL listed by a feed or sitemap, with the date it carries (aware UTC)."""

    url: str
    date: datetime | None


@dataclass(slots=True)
class FeedDocument:
    """A parsed feed or sitemap.

    Attributes:
        kind: ``rss``, ``atom``, ``sitemap`` or ``sitemapindex``.
        entries: listed URLs with dates (child sitemaps for an index).
        news: the sitemap uses the Google News extension.
        skipped: entries beyond ``max_entries``, counted but not kept.
        invalid: entries without a usable http(s) URL.
    """

    kind: str
    entries: list[FeedEntry] = field(default_factory=list)
    news: bool = False
    skipped: int = 0
    invalid: int = 0


def gunzip_bounded(data: bytes, max_bytes: int) -> bytes:
    """Decompress gzip data, refusing output above ``max_bytes`` (gzip bombs).

    Args:
        data: gzip bytes (one or more members).
        max_bytes: largest decompressed size accepted.

    Returns:
        The decompressed bytes.

    Raises:
        TooLargeError: decompressed size over ``max_bytes``.
        InvalidInputError: corrupt or truncated gzip data.
    """
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise InvalidInputError(f"broken gzip data: {exc}", stage="discover") from exc
    if len(out) > max_bytes:
        raise TooLargeError(f"decompressed document over {max_bytes} bytes", stage="discover")
    return out


def sniff(data: bytes) -> str:
    """Tell what a document is from its first bytes.

    Args:
        data: document bytes (gzip is not looked into).

    Returns:
        One of ``rss``, ``atom``, ``sitemap``, ``sitemapindex``, ``html``, ``unknown``.
    """
    head = data[:8192].lstrip(b"\xef\xbb\xbf")
    match = _XML_DECL.match(head)
    if match:
        head = head[match.end() :]
    while True:
        skip = _SKIP.match(head)
        if not skip:
            break
        head = head[skip.end() :]
    stripped = head.lstrip()
    lower = stripped[:64].lower()
    if lower.startswith(b"<!doctype html") or lower.startswith(b"<html"):
        return KIND_HTML
    if lower.startswith(b"<!doctype"):
        # Some other DTD: let the parser refuse it (UnsafeXMLError) by naming
        # the element the DOCTYPE declares.
        name = re.match(rb"<!doctype\s+([\w:.\-]+)", lower)
        root = (name.group(1).split(b":")[-1] if name else b"").decode("ascii", "replace")
    else:
        root_match = _ROOT.match(stripped)
        root = root_match.group(2).decode("ascii").lower() if root_match else ""
    return _ROOT_KINDS.get(root, KIND_HTML if b"<html" in data[:4096].lower() else KIND_UNKNOWN)


def parse_date(value: str | None) -> datetime | None:
    """Parse a feed/sitemap date (RFC 822, ISO 8601 / W3C datetime) to aware UTC.

    Args:
        value: the date text.

    Returns:
        The instant in UTC (naive values are taken as UTC), or ``None``.
    """
    if not value:
        return None
    text = value.strip()
    when: datetime | None = None
    try:
        when = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        partial = _W3C_PARTIAL.match(text)
        if partial:
            when = datetime(int(partial.group(1)), int(partial.group(2) or 1), 1)
        else:
            try:
                when = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _child_text(elem: Element, *names: str) -> str | None:
    """Text of the first direct or nested child whose local name is in ``names``."""
    for name in names:
        for child in elem.iter():
            if child is not elem and _local(child.tag) == name and child.text:
                return child.text.strip()
    return None


def _http_url(raw: str | None, base: str | None) -> str | None:
    if not raw:
        return None
    url = urljoin(base, raw.strip()) if base else raw.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _atom_link(entry: Element) -> str | None:
    fallback = None
    for child in entry:
        if _local(child.tag) != "link":
            continue
        rel = (child.get("rel") or "alternate").lower()
        href = child.get("href")
        if rel == "alternate" and href:
            return href
        fallback = fallback or href
    return fallback


def _rss_link(item: Element) -> str | None:
    for child in item:
        if _local(child.tag) != "link":
            continue
        if child.text and child.text.strip():
            return child.text
        if child.get("href"):  # an atom:link inside an RSS item
            return child.get("href")
    for child in item:
        if _local(child.tag) == "guid" and (child.get("isPermaLink") or "true") != "false":
            return child.text
    return None


def _entry_of(kind: str, elem: Element, base: str | None) -> tuple[str | None, datetime | None]:
    """Extract (url, date) from one item/entry/url/sitemap element."""
    if kind == KIND_ATOM:
        raw = _atom_link(elem)
        date = parse_date(_child_text(elem, "published", "updated"))
    elif kind == KIND_RSS:
        raw = _rss_link(elem)
        if raw is None and elem.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"):
            raw = elem.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        date = parse_date(_child_text(elem, "pubdate", "date", "published", "updated"))
    else:
        raw = None
        for child in elem:
            if _local(child.tag) == "loc":
                raw = child.text
                break
        # A news article's own publication date beats the sitemap lastmod.
        date = parse_date(_child_text(elem, "publication_date")) or parse_date(
            _child_text(elem, "lastmod")
        )
    return _http_url(raw, base), date


_ENTRY_TAGS = {
    KIND_RSS: "item",
    KIND_ATOM: "entry",
    KIND_SITEMAP: "url",
    KIND_SITEMAP_INDEX: "sitemap",
}


def _events(data: bytes) -> Iterator[tuple[str, Element]]:
    """Stream parse events, turning defusedxml refusals into UnsafeXMLError."""
    try:
        yield from iterparse(
            io.BytesIO(data),
            events=("start", "end"),
            forbid_dtd=True,
            forbid_entities=True,
            forbid_external=True,
        )
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeXMLError(f"refused XML construct: {exc!r}", stage="discover") from exc
    except ParseError as exc:
        raise InvalidInputError(f"malformed XML: {exc}", stage="discover") from exc


def parse_feed(
    data: bytes,
    *,
    base_url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_entries: int = DEFAULT_MAX_ENTRIES,
) -> FeedDocument:
    """Parse a feed or sitemap into its listed URLs and dates.

    Args:
        data: document bytes; gzip (``.xml.gz`` sitemaps) is decompressed under the cap.
        base_url: URL of the document, to resolve relative links.
        max_bytes: largest (decompressed) document accepted.
        max_entries: entries kept; more are counted in ``skipped``.

    Returns:
        The parsed document.

    Raises:
        TooLargeError: the document is over ``max_bytes``.
        UnsafeXMLError: DTD, entity or external reference found.
        InvalidInputError: not a feed or sitemap, or malformed XML.
    """
    if len(data) > max_bytes:
        raise TooLargeError(f"document over {max_bytes} bytes", stage="discover")
    if data[:2] == b"\x1f\x8b":
        data = gunzip_bounded(data, max_bytes)
    kind = sniff(data)
    if kind != KIND_HTML and b"<!doctype" in data[:8192].lower():
        # Any DTD in a feed is refused before parsing: entity expansion
        # (billion laughs) and external entities (XXE) both need one.
        raise UnsafeXMLError("DTD in feed or sitemap refused", stage="discover")
    if kind == KIND_HTML:
        raise InvalidInputError("not a feed or sitemap (looks like HTML)", stage="discover")
    # The sniffed kind is a guess from the first bytes; the root element the
    # parser reports decides (a long leading comment can hide it from sniff).
    entry_tag = ""
    doc = FeedDocument(kind=kind)
    root: Element | None = None
    stack: list[Element] = []
    for event, elem in _events(data):
        if event == "start":
            if root is None:
                root = elem
                doc.kind = _ROOT_KINDS.get(_local(elem.tag), KIND_UNKNOWN)
                if doc.kind not in _ENTRY_TAGS:
                    raise InvalidInputError(
                        f"not a feed or sitemap (root element {_local(elem.tag)!r})",
                        stage="discover",
                    )
                entry_tag = _ENTRY_TAGS[doc.kind]
                kind = doc.kind
            stack.append(elem)
            continue
        stack.pop()
        name = _local(elem.tag)
        if name == "news" and kind == KIND_SITEMAP:
            doc.news = True
        if name != entry_tag:
            continue
        if len(doc.entries) >= max_entries:
            doc.skipped += 1
        else:
            url, date = _entry_of(kind, elem, base_url)
            if url is None:
                doc.invalid += 1
            else:
                doc.entries.append(FeedEntry(url, date))
        # Drop the finished entry so memory does not grow with the document;
        # while streaming it is always its parent's last child.
        elem.clear()
        if stack and len(stack[-1]) and stack[-1][-1] is elem:
            del stack[-1][-1]
    if root is None:
        raise InvalidInputError("empty XML document", stage="discover")
    return doc


__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ENTRIES",
    "FeedDocument",
    "FeedEntry",
    "gunzip_bounded",
    "parse_date",
    "parse_feed",
    "sniff",
]
