"""The extract stage: a ``RawPage`` in, an ``ExtractedArticle`` out."""

from __future__ import annotations

from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from etl.errors import NewsEtlError, NoArticleError, TooLargeError
from etl.extract.decode import check_html, decode_html
from etl.extract.images import extract_images
from etl.extract.jsonld import article_objects, jsonld_objects
from etl.extract.metadata import extract_metadata
from etl.extract.options import ExtractOptions
from etl.extract.text import extract_main_text, page_text_chars, prose_chars
from etl.language import detect_language
from etl.mojibake import fix_image_text, fix_mojibake
from etl.records import ExtractedArticle, RawPage

_XML_DECL = "<?xml"


def source_domain(url: str) -> str:
    """Host of a URL, lowercased, without ``www.`` and port.

    Args:
        url: absolute URL.

    Returns:
        The host name (``""`` when the URL has none).
    """
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def parse_html(text: str) -> lxml_html.HtmlElement:
    """Parse decoded HTML leniently.

    Args:
        text: decoded page.

    Returns:
        The root element.

    Raises:
        NoArticleError: nothing parseable (empty or whitespace-only page).
    """
    if text.lstrip().startswith(_XML_DECL):
        # lxml refuses str input with an encoding declaration.
        text = text.split("?>", 1)[-1]
    if not text.strip():
        raise NoArticleError("empty page", stage="extract")
    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise NoArticleError(f"unparseable HTML: {exc}", stage="extract") from exc


def extract_article(page: RawPage, options: ExtractOptions | None = None) -> ExtractedArticle:
    """Extract the article of a page: text, metadata, images.

    Args:
        page: the fetched page.
        options: extraction settings (defaults when None).

    Returns:
        The extracted article.

    Raises:
        TooLargeError: body over ``options.max_bytes`` (checked before any parsing).
        UnsupportedContentError: not HTML by content type or by its bytes.
        InvalidInputError: the body cannot be decoded.
        NoArticleError: no article text of at least ``options.min_text_chars``.
    """
    options = options or ExtractOptions()
    body = page.body or b""
    if len(body) > options.max_bytes:
        raise TooLargeError(f"body is {len(body)} bytes, limit {options.max_bytes}",
                            stage="extract")
    try:
        check_html(body, page.content_type)
        html = decode_html(body, page.content_type)
    except NewsEtlError as exc:
        exc.stage = exc.stage or "extract"  # rejects rows need the stage
        raise
    url = page.final_url or page.url
    tree = parse_html(html)
    articles = article_objects(jsonld_objects(tree))
    meta = extract_metadata(tree, url, articles)
    text = fix_mojibake(
        extract_main_text(html, url, options, meta.article_body, page_text_chars(tree))) or ""
    if len(text) < options.min_text_chars:
        raise NoArticleError(
            f"main text is {len(text)} characters, fewer than {options.min_text_chars}",
            stage="extract",
        )
    if prose_chars(text) < min(options.min_text_chars, len(text) // 4):
        # Enough characters, but they are menu or link-list lines, not sentences.
        raise NoArticleError("main text has no prose (navigation or link lists only)",
                             stage="extract")
    canonical = meta.canonical_url or url
    language = meta.language
    if language is None and options.detect_language:
        language = detect_language(text)
    return ExtractedArticle(
        url=url,
        canonical_url=canonical,
        source_domain=source_domain(canonical) or source_domain(url),
        text=text,
        title=fix_mojibake(meta.title),
        description=fix_mojibake(meta.description),
        site_name=fix_mojibake(meta.site_name),
        authors=[fix_mojibake(a) or a for a in meta.authors],
        published_at=meta.published_at,
        modified_at=meta.modified_at,
        language=language,
        section=meta.section,
        tags=meta.tags,
        images=fix_image_text(extract_images(tree, url, meta.image_url, options.max_images)),
    )
