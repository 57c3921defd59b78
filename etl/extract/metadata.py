"""Article metadata from the page head: JSON-LD first, then Open Graph and other meta.

JSON-LD is the most precise (full timestamps, structured authors); Open Graph
and ``article:*`` meta come next; visible markup (``<h1>``, ``<time>``) last.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from etl.extract.dates import pick_datetime
from etl.extract.jsonld import as_text, as_texts, first_value
from etl.language import normalize_language


@dataclass(slots=True)
class PageMetadata:
    """What the page says about itself (all optional)."""

    title: str | None = None
    description: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    modified_at: datetime | None = None
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    canonical_url: str | None = None
    article_body: str | None = None
    image_url: str | None = None


_BY = re.compile(r"^\s*(?:by|von|par|por|di|door)\s+", re.IGNORECASE)
_SPLIT_AUTHORS = re.compile(r"\s*(?:,|;|\||\band\b|&|\bund\b|\bet\b|\by\b)\s*", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def meta_values(tree: lxml_html.HtmlElement, *names: str) -> list[str]:
    """Contents of ``<meta>`` tags whose name/property/itemprop is one of ``names``.

    Args:
        tree: parsed page.
        names: case-insensitive names in priority order.

    Returns:
        Non-empty stripped values, grouped by name in the order given.
    """
    by_name: dict[str, list[str]] = {n.lower(): [] for n in names}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if key in by_name:
                by_name[key].append(_SPACE.sub(" ", content).strip())
                break
    return [v for n in names for v in by_name[n.lower()]]


def _clean(value: str) -> str:
    # Some CMSs escape twice, leaving "&#8216;" in attribute values after parsing.
    return _SPACE.sub(" ", html_lib.unescape(value)).strip()


def _first(*values: str | None) -> str | None:
    for value in values:
        if value and value.strip():
            return _clean(value)
    return None


def _http_url(value: str | None, base: str) -> str | None:
    if not value or not value.strip():
        return None
    parts = urlsplit(urljoin(base, value.strip()))
    if parts.scheme.lower() not in ("http", "https"):
        return None
    # Scheme and host are case-insensitive: lowercase them so ids stay stable.
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def clean_authors(raw: list[str]) -> list[str]:
    """Split and tidy author strings; drop URLs and duplicates.

    Args:
        raw: author values as found ("By Jane Doe and John Roe", profile URLs...).

    Returns:
        Distinct names in order of appearance.
    """
    out: list[str] = []
    seen: set[str] = set()
    for value in raw:
        if "://" in value or value.startswith("/"):
            continue  # article:author is often a profile URL, not a name
        for part in _SPLIT_AUTHORS.split(_BY.sub("", _clean(value))):
            name = _SPACE.sub(" ", part).strip(" .-–—")
            if 1 < len(name) <= 80 and name.lower() not in seen:
                seen.add(name.lower())
                out.append(name)
    return out


def _tags(values: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        for part in _clean(value).split(","):
            tag = part.strip()
            # "@"-prefixed tags are CMS/analytics internals ("@post-id:123"), not topics.
            if tag and not tag.startswith("@") and tag.lower() not in seen:
                seen.add(tag.lower())
                out.append(tag)
    return out


def _time_datetimes(tree: lxml_html.HtmlElement) -> list[str]:
    # <time pubdate> is an explicit publication marker; other <time> elements
    # follow in document order (the first is usually the dateline).
    marked = tree.xpath("//time[@pubdate or @itemprop='datePublished']/@datetime")
    plain = tree.xpath("//time/@datetime")
    return [str(v) for v in [*marked, *plain]]


def _canonical(tree: lxml_html.HtmlElement, url: str, og_url: list[str]) -> str:
    links = tree.xpath("//link[@rel and @href]")
    for link in links:
        is_canonical = "canonical" in (link.get("rel") or "").lower().split()
        if is_canonical and (absolute := _http_url(link.get("href"), url)):
            return absolute
    for value in og_url:
        if absolute := _http_url(value, url):
            return absolute
    return url


def extract_metadata(tree: lxml_html.HtmlElement, url: str,
                     articles: list[dict[str, Any]]) -> PageMetadata:
    """Read the metadata of a page.

    Args:
        tree: parsed page.
        url: page URL (base for relative canonical/image links).
        articles: the page's article-typed JSON-LD objects, strongest first.

    Returns:
        A ``PageMetadata``; fields the page lacks are None/empty.
    """
    title_tag = tree.find(".//title")
    h1 = tree.xpath("//h1")
    title = _first(
        as_text(first_value(articles, "headline", "name")),
        *meta_values(tree, "og:title", "twitter:title"),
        h1[0].text_content() if h1 else None,
        title_tag.text_content() if title_tag is not None else None,
    )
    description = _first(
        *meta_values(tree, "og:description", "description", "twitter:description"),
        as_text(first_value(articles, "description")),
    )
    publisher = first_value(articles, "publisher")
    site_name = _first(
        *meta_values(tree, "og:site_name", "application-name"),
        as_text(publisher) if isinstance(publisher, dict | list) else None,
    )
    authors = clean_authors(
        as_texts(first_value(articles, "author", "creator"))
        or meta_values(tree, "author", "article:author", "parsely-author", "sailthru.author",
                       "dc.creator", "byl")
        or [a.text_content() for a in tree.xpath("//*[@rel='author' or @itemprop='author']")][:5]
    )
    published_at = pick_datetime([
        *[o.get("datePublished") for o in articles],
        *meta_values(tree, "article:published_time", "og:published_time", "datePublished",
                     "pubdate", "publishdate", "publish-date", "parsely-pub-date",
                     "sailthru.date", "dc.date.issued", "dc.date", "dcterms.created",
                     "date", "article.published"),
        *[o.get("dateCreated") for o in articles],
        *_time_datetimes(tree),
    ])
    modified_at = pick_datetime([
        *[o.get("dateModified") for o in articles],
        *meta_values(tree, "article:modified_time", "og:updated_time", "dateModified",
                     "last-modified", "dcterms.modified", "article.updated"),
        *tree.xpath("//time[@itemprop='dateModified']/@datetime"),
    ])
    html_el = tree if tree.tag == "html" else tree.find(".//html")
    language = None
    for declared in [
        html_el.get("lang") if html_el is not None else None,
        html_el.get("{http://www.w3.org/XML/1998/namespace}lang") if html_el is not None else None,
        *meta_values(tree, "content-language", "language", "og:locale", "dc.language"),
        as_text(first_value(articles, "inLanguage")),
    ]:
        if language := normalize_language(declared):
            break
    section = _first(
        *meta_values(tree, "article:section", "section", "parsely-section", "category"),
        as_text(first_value(articles, "articleSection")),
    )
    if section and "," in section:
        # Some CMSs put every category in one comma-joined value: the first is the section.
        section = section.split(",", 1)[0].strip() or None
    keywords = first_value(articles, "keywords")
    tags = _tags([
        *meta_values(tree, "article:tag", "news_keywords", "keywords", "parsely-tags"),
        *(as_texts(keywords) if keywords is not None else []),
    ])
    body = first_value(articles, "articleBody")
    image = first_value(articles, "image", "thumbnailUrl")
    image_url = _first(*meta_values(tree, "og:image", "og:image:url", "og:image:secure_url",
                                    "twitter:image", "twitter:image:src"))
    if image_url is None and image is not None:
        image_url = as_text(image.get("url") if isinstance(image, dict) else image)
    return PageMetadata(
        title=title,
        description=description,
        site_name=site_name,
        authors=authors,
        published_at=published_at,
        modified_at=modified_at,
        language=language,
        section=section,
        tags=tags,
        canonical_url=_canonical(tree, url, meta_values(tree, "og:url")),
        article_body=body if isinstance(body, str) else None,
        image_url=_http_url(image_url, url),
    )
