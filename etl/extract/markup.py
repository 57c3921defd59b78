"""Small readers of page markup shared by the image and caption extractors."""

from __future__ import annotations

import re

from lxml import html as lxml_html

_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_WS = re.compile(r"\s+")


def tokens(el: lxml_html.HtmlElement) -> set[str]:
    """Lower-cased class and id words of ``el``: whole names and their parts."""
    value = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    parts = set(value.split())
    return parts | {t for t in _TOKEN_SPLIT.split(value) if t}


_BLOCK_TAGS = frozenset({"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
                         "figcaption", "section", "header", "footer", "dd", "dt", "table",
                         "tr", "td"})


def _joined(el: lxml_html.HtmlElement) -> str:
    # text_content() glues a caption's title and description ("…dreamHome Depot…"): block
    # elements end words here.
    out = [el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and child.tag not in ("script", "style"):
            inner = _joined(child)
            out.append(f" {inner} " if child.tag in _BLOCK_TAGS else inner)
        out.append(child.tail or "")
    return "".join(out)


def text(el: lxml_html.HtmlElement | None) -> str | None:
    """Visible text of ``el`` on one line, blocks kept apart; None when empty."""
    if el is None:
        return None
    joined = _WS.sub(" ", _joined(el)).strip()
    return joined or None
