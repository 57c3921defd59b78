"""Article images with alt text, caption and credit, read from the page markup.

trafilatura drops ``<figcaption>`` and most image context, so images are read
from the lxml tree directly: scoped to the article container, lazy-loading
attributes resolved, decorative images (pixels, icons, logos, avatars, promo
banners, anything in navigation or side furniture) left out.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from etl.records import Image

# Ancestors that never hold article images.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "form", "button", "menu"})
# class/id tokens of containers holding promos, ads, widgets or other stories.
_EXCLUDED_TOKENS = frozenset({
    "promo", "promotion", "newsletter", "newsletters", "ad", "ads", "advert", "adverts",
    "advertisement", "advertising", "banner", "sponsor", "sponsored", "subscribe",
    "subscription", "paywall", "social", "share", "sharing", "related", "recommended",
    "recommendations", "outbrain", "taboola", "teaser", "teasers", "signup", "cta",
    "logo", "icon", "icons", "avatar", "author", "byline", "profile", "sidebar", "rail",
    "comments", "comment", "nav", "navigation", "menu", "footer", "masthead", "cookie",
})
# Whole class names of sidebar widgets (split into words, "widget" would also hit page
# builders that wrap the article itself in "elementor-widget-container").
_WIDGET_CLASSES = frozenset({"widget", "widgets", "textwidget", "widget_text", "widget-area",
                             "sidebar-widget"})
# Words that mark other stories or promotion even inside a longer class name.
_FURNITURE_WORDS = ("related", "promo", "popular", "trending", "recommend", "sponsor",
                    "advert", "newsletter", "outbrain", "taboola", "latest", "similar",
                    "breaking")
_ARTICLE_TOKENS = frozenset({"article", "post", "entry", "story"})
# Tokens of image file names or classes that mark decoration.
_DECORATIVE_TOKENS = frozenset({
    "logo", "icon", "icons", "favicon", "avatar", "sprite", "spacer", "pixel", "blank",
    "placeholder", "transparent", "1x1", "badge", "emoji", "loader", "gravatar",
})
# In a file name these are spinners and share buttons; as classes of an <img> they are a
# lazy loader's state ("loading") or say nothing, so they count only in file names.
_DECORATIVE_NAME_TOKENS = _DECORATIVE_TOKENS | {
    "loading", "overlay", "facebook", "twitter", "linkedin", "pinterest", "whatsapp",
}
# Class words of containers that hold article pictures: a "gallery-icon" is a gallery cell,
# whatever its other words say.
_CONTENT_TOKENS = frozenset({"gallery", "slideshow", "figure", "attachment"})
_AD_URL_TOKENS = frozenset({"adserver", "adservers", "doubleclick", "adsystem", "adnxs",
                            "pixel", "tracking", "tracker", "beacon", "scorecardresearch",
                            "statcounter", "quantserve"})
_CAPTION_TOKENS = frozenset({"caption", "figcaption", "wp-caption-text", "image-caption",
                             "photo-caption", "media-caption", "img-caption", "cutline"})
_CREDIT_TOKENS = frozenset({"credit", "credits", "copyright", "photo-credit", "image-credit",
                            "attribution", "photographer", "media-credit", "source"})
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_URL_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url",
               "data-hi-res-src", "data-full-src", "src")
_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")
_WS = re.compile(r"\s+")

# "Photo: Jane Doe", "Image credit: Agency", "Photograph: X/Agency".
_LABELLED_CREDIT = re.compile(
    r"(?:^|[\s.,;–—-])\(?(?:photo(?:graph)?s?|images?|pictures?|pic|credit|photo\s+credit|"
    r"image\s+credit|foto|source|graphic|illustration|video)(?:\s+by)?\s*:\s*(?P<credit>[^()]+?)\)?\s*$",
    re.IGNORECASE,
)
# "(Getty Images)", "(Reuters)", "(AP Photo/Jane Doe)" at the end of a caption.
_AGENCY = (r"(?:getty|reuters|afp|ap\b|ap\s+photo|epa|pa\b|pa\s+media|pa\s+wire|shutterstock|"
           r"alamy|bloomberg|xinhua|anadolu|images?\b|photos?\b|©|\bvia\b)")
_PAREN_CREDIT = re.compile(r"\s*\((?P<credit>[^()]*" + _AGENCY + r"[^()]*)\)\s*$", re.IGNORECASE)
_COPYRIGHT = re.compile(r"(?:^|\s)(?P<credit>(?:©|\(c\)|copyright)\s*.+)$", re.IGNORECASE)
# "… [File: Reuters]", "… [AP]": a bracketed tail is a credit.
_BRACKET_CREDIT = re.compile(r"\s*\[(?P<credit>[^\[\]]{2,80})\]\s*$")
# "… Submitted photo", "… Courtesy photo": a credit phrase with no name in it.
_PHRASE_CREDIT = re.compile(
    r"(?:^|\s)(?P<credit>(?:submitted|contributed|courtesy|handout)\s+(?:photo(?:graph)?|image)s?)"
    r"\s*\.?\s*$", re.IGNORECASE)
# "… it. Jane Doe / AFP": after the last sentence, capitalised words naming an agency.
_AGENCY_TAIL = re.compile(
    r"(?<=[.!?”\"])\s+(?P<credit>(?:[A-Z][\w.'’-]*\s*(?:/|via|for|and)?\s*){0,6}"
    r"\b(?:AFP|AP|Reuters|REUTERS|Getty Images|EPA|Xinhua|Anadolu|Bloomberg|PA)\b"
    r"(?:\s*(?:/|via)\s*[A-Z][\w.'’ -]{0,30})?)\s*$")
# Labels before a credit: "Photo: ", "Image credit: ", "Photo by ", "Source: ", "File: ", "©".
_CREDIT_LABEL = re.compile(
    r"^(?:(?:photo(?:graph)?s?|images?|pictures?|credits?|graphic|illustration|source|file|foto)"
    r"(?:\s+credits?)?\s*(?:by)?\s*:\s*|(?:photo(?:graph)?s?|images?|pictures?)\s+by\s+"
    r"|©\s*|\(c\)\s*|copyright\s+)",
    re.IGNORECASE)


def _tokens(el: lxml_html.HtmlElement) -> set[str]:
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


def _text(el: lxml_html.HtmlElement | None) -> str | None:
    if el is None:
        return None
    text = _WS.sub(" ", _joined(el)).strip()
    return text or None


def _int_attr(el: lxml_html.HtmlElement, name: str) -> int | None:
    match = re.match(r"\s*(\d+)", el.get(name) or "")
    return int(match.group(1)) if match else None


def parse_srcset(value: str) -> list[tuple[str, float]]:
    """Candidates of a ``srcset`` attribute with their size.

    Follows the HTML parsing rules closely enough for real pages: a URL runs
    to the next whitespace (so it may contain commas), trailing commas end a
    candidate without descriptor, descriptors run to the next comma.

    Args:
        value: e.g. ``"a.jpg 480w, b.jpg 1024w"`` or ``"a.jpg 1x, b.jpg 2x"``.

    Returns:
        ``(url, size)`` pairs; widths count as-is, densities as 1000 x density
        (so any width-described candidate outranks a bare URL).
    """
    out: list[tuple[str, float]] = []
    pos, n = 0, len(value)
    while pos < n:
        while pos < n and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if not url:
            break
        descriptor = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            end = value.find(",", pos)
            end = n if end == -1 else end
            descriptor, pos = value[pos:end].strip().lower(), end + 1
        size = 1.0
        try:
            if descriptor.endswith("w"):
                size = float(descriptor[:-1])
            elif descriptor.endswith("x"):
                size = float(descriptor[:-1]) * 1000
        except ValueError:
            size = 1.0
        if url:
            out.append((url, size))
    return out


def best_source(img: lxml_html.HtmlElement) -> str | None:
    """The best URL of an ``<img>``: largest srcset candidate (also from
    ``<picture><source>``), else a lazy-loading attribute, else ``src``.

    Args:
        img: the image element.

    Returns:
        A raw (possibly relative) URL, or None; never a ``data:`` URI.
    """
    candidates: list[tuple[str, float]] = []
    # libxml2's HTML parser does not know <source> is void and nests the <img>
    # inside it, so look for the enclosing <picture> a few levels up.
    picture = next((a for _, a in zip(range(4), img.iterancestors(), strict=False)
                    if a.tag == "picture"), None)
    sources = list(picture.iter("source")) if picture is not None else []
    for el in [img, *sources]:
        for attr in _SRCSET_ATTRS:
            if el.get(attr):
                candidates.extend(parse_srcset(el.get(attr)))
    candidates = [(u, s) for u, s in candidates if not u.lower().startswith("data:")]
    if candidates:
        return max(candidates, key=lambda c: c[1])[0]
    for attr in _LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if value and not value.lower().startswith(("data:", "javascript:", "about:")):
            return value
    return None


def clean_credit(credit: str) -> str | None:
    """A credit without its brackets and labels: "(Image: © Agency)" -> "Agency".

    Args:
        credit: credit text as the page shows it.

    Returns:
        The credit, or None when nothing is left.
    """
    text = credit.strip(" .")
    while True:
        stripped = text
        if stripped[:1] in "([" and stripped[-1:] in ")]":
            stripped = stripped[1:-1].strip(" .")
        stripped = _CREDIT_LABEL.sub("", stripped).strip(" .")
        if stripped == text:
            return text or None
        text = stripped


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """Split a trailing credit from a caption.

    Handles "…. Photo: Jane Doe", "… (Getty Images)", "… © Agency".

    Args:
        caption: caption text, possibly with a credit.

    Returns:
        ``(caption, credit)``, each None when empty.
    """
    for pattern in (_LABELLED_CREDIT, _PAREN_CREDIT, _COPYRIGHT, _BRACKET_CREDIT,
                    _PHRASE_CREDIT, _AGENCY_TAIL):
        match = pattern.search(caption)
        if match:
            credit = clean_credit(match.group("credit"))
            rest = caption[: match.start()].strip(" ,;–—-|")
            if credit:
                return rest or None, credit
    return caption.strip() or None, None


def article_scope(tree: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The element holding the article: the ``<article>`` with most paragraph
    text, else ``[itemprop=articleBody]``, ``<main>``, ``[role=main]``, else ``<body>``.

    Args:
        tree: parsed page.

    Returns:
        The container to look for images in.
    """
    def prose(el: lxml_html.HtmlElement) -> int:
        return sum(len(p.text_content()) for p in el.iter("p"))

    # WordPress and others mark each reader comment up as an <article>.
    articles = [a for a in tree.iter("article")
                if prose(a) > 0 and not _in_comments(a)]
    if articles:
        return max(articles, key=prose)
    for xpath in ("//*[@itemprop='articleBody']", "//main", "//*[@role='main']", "//body"):
        found = tree.xpath(xpath)
        if found:
            return found[0]
    return tree


_COMMENT_TOKENS = frozenset({"comment", "comments", "comment-body", "respond"})


def _in_comments(el: lxml_html.HtmlElement) -> bool:
    return any(_tokens(node) & _COMMENT_TOKENS
               for node in (el, *el.iterancestors()) if node.tag != "body")


def _excluded(img: lxml_html.HtmlElement, scope: lxml_html.HtmlElement) -> bool:
    """True when the image or a container up to the scope marks it as furniture."""
    if _tokens(img) & _DECORATIVE_TOKENS:
        return True
    node = img.getparent()
    while node is not None and node is not scope:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _FURNITURE_TAGS:
            return True
        # A <header> inside an <article>, or named for one, is the article header (lead
        # image); any other <header> is the site masthead.
        if (tag == "header" and not any(a.tag == "article" for a in node.iterancestors())
                and not _tokens(node) & _ARTICLE_TOKENS):
            return True
        # An <article> inside the article is a card for another story.
        if tag == "article" and scope.tag == "article":
            return True
        # A <noscript> straight under <body> holds a tracking pixel.
        if tag == "noscript" and node.getparent() is not None and node.getparent().tag == "body":
            return True
        if tag not in ("figure", "picture") and _furniture_container(node):
            return True
        node = node.getparent()
    return False


def _furniture_container(node: lxml_html.HtmlElement) -> bool:
    tokens = _tokens(node)
    if tokens & _CONTENT_TOKENS:
        return False
    classes = set((node.get("class") or "").lower().split())
    if tokens & _EXCLUDED_TOKENS or classes & _WIDGET_CLASSES:
        return True
    # Compound class names: "relatedContent", "MostPopular-list", "PromoSmall".
    return any(word in token for token in tokens for word in _FURNITURE_WORDS)


def _decorative(img: lxml_html.HtmlElement, url: str) -> bool:
    width, height = _int_attr(img, "width"), _int_attr(img, "height")
    if (width is not None and width <= 2) or (height is not None and height <= 2):
        return True  # tracking pixel
    if width is not None and height is not None and max(width, height) <= 48:
        return True  # icon-sized
    return _decorative_url(url)


def _decorative_url(url: str) -> bool:
    parts = urlsplit(url)
    path = parts.path.lower()
    name_tokens = set(_URL_TOKEN_SPLIT.split(path.rsplit("/", 1)[-1]))
    if name_tokens & _DECORATIVE_NAME_TOKENS or path.endswith((".svg", ".ico")):
        return True
    # Ad servers and trackers, recognisable anywhere in host or path.
    url_tokens = set(_URL_TOKEN_SPLIT.split(f"{parts.netloc.lower()} {path}"))
    return bool(url_tokens & _AD_URL_TOKENS)


def _has_tokens(el: lxml_html.HtmlElement, tokens: frozenset[str]) -> bool:
    return bool(_tokens(el) & tokens)


def _is_caption(el: lxml_html.HtmlElement) -> bool:
    # Substrings too: "newsCaption", "storyCaption".
    return any(word in token for token in _tokens(el) for word in ("caption", "cutline"))


def _is_credit(el: lxml_html.HtmlElement) -> bool:
    tokens = _tokens(el)
    return bool(tokens & _CREDIT_TOKENS) or any("credit" in token for token in tokens)


def _emphasised_line(el: lxml_html.HtmlElement) -> bool:
    """A short paragraph written wholly in italics: a caption in the classic blog style."""
    if el.tag != "p" or (el.text or "").strip() or not len(el):
        return False
    text = _text(el) or ""
    return 0 < len(text) <= 200 and all(
        isinstance(c.tag, str) and c.tag in ("em", "i") and not (c.tail or "").strip()
        for c in el)


def _caption_holder(img: lxml_html.HtmlElement, scope: lxml_html.HtmlElement
                    ) -> tuple[lxml_html.HtmlElement | None, bool]:
    """The element holding the image's caption, and whether it is the caption itself.

    The image's ``<figure>``; else its nearest small wrapper holding a caption-like element;
    else the element right after the wrapper that holds only the image, when that element
    is a caption ("<p><img></p><p><em>The pier at dawn</em></p>").
    """
    depth, wrapper = -1, None
    for node in img.iterancestors():
        # libxml2 nests an <img> inside each <source> before it (it does not know <source>
        # is void), and lazy loaders wrap it in <noscript>: those levels are not the page's.
        if node.tag in ("source", "picture", "noscript"):
            continue
        depth += 1
        if node is scope or depth > 5:
            break
        if node.tag == "figure":
            return node, False
        if depth > 3:
            continue
        if len(list(node.iter("img"))) == 1:
            if any(_is_caption(d) or _is_credit(d) for d in node.iterdescendants()
                   if isinstance(d.tag, str)):
                return node, False
            if wrapper is None or not (_text(node) or "").strip():
                wrapper = node
    if wrapper is not None:
        after = wrapper.getnext()
        if after is not None and isinstance(after.tag, str) and (
                _is_caption(after) or _emphasised_line(after)):
            return after, True
    return None, False


def _undouble(caption: str) -> str:
    """One copy of a caption the page prints twice (a short and a full one behind "more")."""
    words = caption.split()
    for k in range(8, len(words) - 7):
        if words[k : k + 8] == words[:8]:
            return " ".join(words[k:])
    return caption


def _caption_and_credit(img: lxml_html.HtmlElement,
                        scope: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    """Caption and credit of an image (see :func:`_caption_holder` for where they are)."""
    holder, is_caption = _caption_holder(img, scope)
    if holder is None:
        return None, None
    credit_els = [d for d in holder.iterdescendants()
                  if isinstance(d.tag, str) and _is_credit(d) and not _is_caption(d)]
    credit = _text(credit_els[0]) if credit_els else None
    caption_el = holder if is_caption else holder.find(".//figcaption")
    if caption_el is None:
        caption_els = [d for d in holder.iterdescendants()
                       if isinstance(d.tag, str) and _is_caption(d) and _text(d)]
        caption_el = caption_els[0] if caption_els else None
    caption = _text(caption_el)
    if caption and credit:
        # The credit element often sits inside the caption: remove its text.
        caption = caption.replace(credit, "").strip(" ,;–—-|") or None
    if caption:
        caption = _undouble(caption)
    if caption and not credit:
        caption, credit = split_credit(caption)
    return caption, clean_credit(credit) if credit else None


_SIZE_SUFFIX = re.compile(r"-\d{2,5}x\d{2,5}(?=\.\w+$)")


def _image_key(url: str) -> str:
    # Sites serve one picture under several sizes; the file name identifies it,
    # minus the "-1024x683" size suffix image CMSs append.
    return _SIZE_SUFFIX.sub("", urlsplit(url).path.rsplit("/", 1)[-1].lower())


def _same_image(a: str, b: str) -> bool:
    if a == b:
        return True
    key = _image_key(a)
    return bool(key) and key == _image_key(b)


def extract_images(tree: lxml_html.HtmlElement, page_url: str, lead_url: str | None = None,
                   max_images: int = 50) -> list[Image]:
    """Article images of a page.

    Args:
        tree: parsed page.
        page_url: base for relative URLs (a ``<base href>`` overrides it).
        lead_url: absolute og:image URL, if the page has one.
        max_images: cap on images returned.

    Returns:
        Distinct images in document order; the og:image (added first when the
        markup does not show it) or else the first figure image has ``is_lead``.
    """
    base_el = tree.xpath("//base[@href]")
    base = urljoin(page_url, base_el[0].get("href")) if base_el else page_url
    scope = article_scope(tree)
    images: list[Image] = []
    in_figure: list[bool] = []
    for img in scope.iter("img"):
        raw = best_source(img)
        if not raw:
            continue
        url = urljoin(base, raw.strip())
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        if _decorative(img, url) or _excluded(img, scope):
            continue
        caption, credit = _caption_and_credit(img, scope)
        alt = _WS.sub(" ", img.get("alt") or "").strip() or None
        duplicate = next((im for im in images if _same_image(im.url, url)), None)
        if duplicate is not None:
            # <noscript> copies and responsive duplicates: keep the first, fill gaps.
            duplicate.alt = duplicate.alt or alt
            duplicate.caption = duplicate.caption or caption
            duplicate.credit = duplicate.credit or credit
            continue
        images.append(Image(url=url, alt=alt, caption=caption, credit=credit))
        in_figure.append(any(a.tag == "figure" for a in img.iterancestors()))
        if len(images) >= max_images:
            break
    if lead_url and not _decorative_url(lead_url):
        lead = next((im for im in images if _same_image(im.url, lead_url)), None)
        if lead is None:
            images.insert(0, Image(url=lead_url, is_lead=True))
        else:
            lead.is_lead = True
    elif images:
        index = in_figure.index(True) if True in in_figure else 0
        images[index].is_lead = True
    return images[:max_images]
