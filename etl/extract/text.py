"""Main article text: trafilatura, checked against the JSON-LD ``articleBody``.

trafilatura removes most furniture (navigation, cookie notices, related links);
``favor_precision`` removes more of it, at the cost of occasionally dropping a
whole article on unusual markup, which the balanced run catches. A short
post-filter drops the furniture lines that survive both (relative "Published 2
days ago" stamps, newsletter sign-up lines, "Advertisement").
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter

import trafilatura
from lxml import html as lxml_html

from etl.extract.options import ExtractOptions

# Whole lines that are page furniture, never article prose. Anchored and
# short so that a sentence merely mentioning a newsletter is kept.
_FURNITURE = re.compile(
    r"""^(?:
        (?:published|updated|posted|last\ updated)?\s*:?\s*
            (?:\d+|an?|one)\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago
      | (?:published|updated|posted)\s*:?
      | advertisement|advertisements|sponsored(?:\ content)?
      | skip\ (?:to\ )?(?:main\ )?content|skip\ advert(?:isement)?
      | share(?:\ this)?(?:\ (?:article|story|page))?
      | share\ on\ (?:facebook|twitter|x|linkedin|whatsapp)
      | (?:sign\ up|subscribe|register)\b.{0,160}\bnewsletters?\b.{0,160}
      | (?:get|receive)\b.{0,80}\b(?:delivered|straight)\ to\ your\ inbox.{0,80}
      | read\ more:?|related:?|related\ (?:articles|stories|topics|content):?
      | more\ on\ this\ story:?
    )[.!]?$""",
    re.IGNORECASE | re.VERBOSE,
)
_WS = re.compile(r"[ \t\u00a0]+")


def _trafilatura(html: str, url: str | None, options: ExtractOptions, *, precision: bool,
                 recall: bool) -> str:
    text = trafilatura.extract(
        html,
        url=url,
        favor_precision=precision,
        favor_recall=recall,
        include_comments=options.include_comments,
        include_tables=options.include_tables,
        include_images=False,
        include_links=False,
        output_format="txt",
        with_metadata=False,
    )
    return text or ""


def clean_text(text: str) -> str:
    """Normalize whitespace and drop furniture lines.

    Args:
        text: extracted text, one paragraph per line.

    Returns:
        Paragraphs separated by single newlines, without empty or furniture lines.
    """
    lines = []
    for raw in text.splitlines():
        line = _WS.sub(" ", raw).strip()
        if line and not _FURNITURE.match(line):
            lines.append(line)
    return "\n".join(lines)


# Sentence ends, Latin and CJK (full stops, closing quotes and brackets).
_PROSE_END = tuple('.!?:;"\'”’»)。！？」』）…')


def prose_chars(text: str) -> int:
    """Characters in lines that read as prose rather than link lists or menus.

    A line counts when it ends like a sentence or has at least ten words;
    navigation and teaser lists are short, unpunctuated lines.

    Args:
        text: extracted text, one paragraph per line.

    Returns:
        The number of characters in prose lines.
    """
    return sum(len(line) for line in text.splitlines()
               if line.rstrip().endswith(_PROSE_END) or len(line.split()) >= 10)


def word_overlap(a: str, b: str) -> tuple[float, float]:
    """Bag-of-words containment of ``a`` in ``b`` and of ``b`` in ``a``.

    Args:
        a: first text.
        b: second text.

    Returns:
        (share of ``a``'s words found in ``b``, share of ``b``'s words found in ``a``).
    """
    wa, wb = Counter(a.lower().split()), Counter(b.lower().split())
    common = sum((wa & wb).values())
    return (common / max(1, sum(wa.values())), common / max(1, sum(wb.values())))


def body_to_text(body: str) -> str:
    """Plain text of a JSON-LD ``articleBody`` (some sites put HTML in it).

    Args:
        body: the raw ``articleBody`` string.

    Returns:
        Text with paragraphs on separate lines.
    """
    if "<" in body and ">" in body:
        try:
            fragment = lxml_html.fragment_fromstring(body, create_parent="div")
            for br in fragment.iter("br", "p", "div", "li", "h2", "h3"):
                br.tail = "\n" + (br.tail or "")
            body = fragment.text_content()
        except (ValueError, lxml_html.etree.ParserError):
            body = re.sub(r"<[^>]+>", " ", body)
    return clean_text(html_lib.unescape(body))


def choose_text(extracted: str, jsonld_body: str | None, min_chars: int) -> str:
    """Pick between trafilatura's text and the JSON-LD ``articleBody``.

    The JSON-LD body is often a teaser, truncated, or stripped of paragraph
    breaks, so trafilatura wins by default. The body is used when trafilatura
    found too little; when nearly all of trafilatura's words are in the body
    and the body is much longer (trafilatura kept only part of the article);
    or when both hold the same words and only the body has paragraph breaks.

    Args:
        extracted: cleaned trafilatura text.
        jsonld_body: cleaned ``articleBody`` text, if the page has one.
        min_chars: minimum article length.

    Returns:
        The chosen text.
    """
    if not jsonld_body or len(jsonld_body) < min_chars:
        return extracted
    if len(extracted) < min_chars:
        return jsonld_body
    contained, covered = word_overlap(extracted, jsonld_body)
    if contained >= 0.9 and len(jsonld_body) >= 1.5 * len(extracted):
        return jsonld_body
    if min(contained, covered) >= 0.98 and jsonld_body.count("\n") > extracted.count("\n"):
        # Same words, but the body keeps the paragraph breaks trafilatura lost
        # (its fallback reads the JSON-LD script as one run of text).
        return jsonld_body
    return extracted


# Text nodes whose words never reach an extraction (JSON-LD scripts do: trafilatura's
# fallback reads them).
_NOT_TEXT = frozenset({"script", "style", "template"})
# An extraction can exceed the page's own text by the marks txt output adds ("- " before a
# list item, table separators); on the 181 benchmark pages it stayed under 0.96 of it.
_MARKS_SLACK = 1.2


def page_text_chars(tree: lxml_html.HtmlElement) -> int:
    """An upper bound on the characters any extraction of the page can return.

    Args:
        tree: the parsed page.

    Returns:
        Characters of every text node but scripts and styles (JSON-LD kept), joined by
        single spaces, whitespace collapsed.
    """
    parts: list[str] = []
    for el in tree.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        skip = tag in _NOT_TEXT and not (tag == "script" and "ld+json" in (el.get("type") or ""))
        if el.text and tag and not skip:
            parts.append(el.text)
        if el.tail:
            parts.append(el.tail)
    return len(" ".join(" ".join(parts).split()))


def extract_main_text(html: str, url: str | None, options: ExtractOptions,
                      jsonld_body: str | None = None, page_chars: int | None = None) -> str:
    """Main text of a page without boilerplate.

    Args:
        html: decoded page.
        url: page URL (helps trafilatura resolve and filter).
        options: extraction settings.
        jsonld_body: the page's JSON-LD ``articleBody``, raw, if any.
        page_chars: :func:`page_text_chars` of the page, when the caller has the tree;
            lets a long precision result skip the balanced run it could not lose to.

    Returns:
        The article text (may be empty; the caller decides what is too short).
    """
    if options.favor_recall:
        text = clean_text(_trafilatura(html, url, options, precision=False, recall=True))
    elif options.favor_precision:
        text = clean_text(_trafilatura(html, url, options, precision=True, recall=False))
        # Precision mode sometimes discards the article body itself on unusual
        # markup; a much longer balanced result means it did. That second run (~20 ms a
        # page) is skipped when the page holds too little text for it to be that much
        # longer: the outcome is the same.
        ceiling = options.precision_fallback_ratio * _MARKS_SLACK * (page_chars or 0)
        if page_chars is None or len(text) < ceiling:
            balanced = clean_text(_trafilatura(html, url, options, precision=False,
                                               recall=False))
            if len(text) < options.precision_fallback_ratio * len(balanced):
                text = balanced
    else:
        text = clean_text(_trafilatura(html, url, options, precision=False, recall=False))
    if options.use_jsonld_body and jsonld_body:
        text = choose_text(text, body_to_text(jsonld_body), options.min_text_chars)
    return text
