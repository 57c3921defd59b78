"""Read schema.org JSON-LD blocks: flatten ``@graph`` arrays and nested lists.

Pages embed one or several ``<script type="application/ld+json">`` blocks; the
article object may sit at the top level, in a list, or inside ``@graph``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lxml import html as lxml_html

ARTICLE_TYPES = frozenset({
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle",
    "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
    "blogposting", "liveblogposting", "socialmediaposting", "scholarlyarticle",
    "techarticle", "report", "webpage", "medicalwebpage",
})
# WebPage is a weaker match than any *Article: ranked below them in ``article_objects``.
_WEAK_TYPES = frozenset({"webpage", "medicalwebpage"})


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", ())
    values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    # Depth cap: hostile or broken pages must not recurse without bound.
    if depth > 12:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in node:
                yield from _walk(node[key], depth + 1)


def _loads(raw: str) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        # Common breakage: raw newlines/tabs inside strings, trailing semicolon.
        try:
            return json.loads(raw.strip().rstrip(";"), strict=False)
        except ValueError:
            return None


def jsonld_objects(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    """All JSON-LD objects of a page, flattened.

    Args:
        tree: parsed page.

    Returns:
        Every dict found (top level, lists, ``@graph``), in document order;
        malformed blocks are skipped.
    """
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]'):
        data = _loads(script.text_content() or "")
        if data is not None:
            found.extend(_walk(data))
    return found


def article_objects(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The objects describing an article, strongest match first.

    Args:
        objects: output of ``jsonld_objects``.

    Returns:
        Article-typed objects first (NewsArticle, BlogPosting...), then WebPage ones.
    """
    strong = [o for o in objects if _types(o) & (ARTICLE_TYPES - _WEAK_TYPES)]
    weak = [o for o in objects if o not in strong and _types(o) & _WEAK_TYPES]
    return strong + weak


def first_value(objects: list[dict[str, Any]], *keys: str) -> Any:
    """The first non-empty value of any of ``keys`` across ``objects``.

    Args:
        objects: JSON-LD objects in priority order.
        keys: property names in priority order.

    Returns:
        The raw JSON value, or None.
    """
    for obj in objects:
        for key in keys:
            value = obj.get(key)
            if value not in (None, "", [], {}):
                return value
    return None


def as_text(value: Any) -> str | None:
    """A JSON-LD value as a single string (``name`` of an object, first of a list).

    Args:
        value: raw JSON value.

    Returns:
        A stripped string or None.
    """
    if isinstance(value, list):
        for item in value:
            text = as_text(item)
            if text:
                return text
        return None
    if isinstance(value, dict):
        return as_text(value.get("name") or value.get("@value"))
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def as_texts(value: Any) -> list[str]:
    """A JSON-LD value as a list of strings (names of objects in a list).

    Args:
        value: raw JSON value.

    Returns:
        Stripped non-empty strings, in order.
    """
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = as_text(item)
        if text:
            out.append(text)
    return out
