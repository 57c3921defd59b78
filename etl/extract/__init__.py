"""Extract stage: raw HTML page to article text, metadata and images.

Public API::

    extract_article(page, options) -> ExtractedArticle
    decode_html(body, content_type) -> str
    content_hash(text), simhash(text), hamming(a, b)
"""

from etl.extract.article import extract_article, source_domain
from etl.extract.decode import check_html, decode_html
from etl.extract.hashing import content_hash, hamming, normalize_text, simhash
from etl.extract.options import ExtractOptions

__all__ = [
    "ExtractOptions",
    "check_html",
    "content_hash",
    "decode_html",
    "extract_article",
    "hamming",
    "normalize_text",
    "simhash",
    "source_domain",
]
