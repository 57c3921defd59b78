"""Settings of the extract stage, built once and passed down."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExtractOptions:
    """How ``extract_article`` reads a page.

    Attributes:
        max_bytes: bodies larger than this are refused before parsing (TooLargeError).
        min_text_chars: main text shorter than this means "no article" (NoArticleError).
        include_comments: keep reader comments in ``text``.
        favor_precision: run trafilatura in precision mode first (measured better
            on the benchmark corpus: less furniture, rarely less article).
        favor_recall: run trafilatura in recall mode instead (overrides precision).
        precision_fallback_ratio: when the precision text is shorter than this
            fraction of the balanced text, precision mode dropped real article
            text and the balanced result is used instead. Precision mode
            legitimately trims a page to a third when it drops comments and
            reader lists, so only a bigger shrink counts as a lost body.
        use_jsonld_body: consider the JSON-LD ``articleBody`` when trafilatura
            finds too little or clearly only part of it.
        include_tables: keep table text.
        max_images: cap on images kept per article (galleries can be huge).
        detect_language: guess the language from the text when the page declares none.
    """

    max_bytes: int = 5_000_000
    min_text_chars: int = 200
    include_comments: bool = False
    favor_precision: bool = True
    favor_recall: bool = False
    precision_fallback_ratio: float = 0.25
    use_jsonld_body: bool = True
    include_tables: bool = True
    max_images: int = 100
    detect_language: bool = True
