"""Article images with alt text, caption and credit, read from the page markup.

trafilatura drops ``<figcaption>`` and most image context, so images are read
from the lxml tree directly: scoped to the article container, lazy-loading
attributes resolved, decorative images (pixels, icons, logos, avatars, promo
banners, anything in navigation or side furniture) left out. Captions and credits come
from :mod:`etl.extract.captions`.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

from etl.extract.captions import caption_and_credit
from etl.extract.markup import tokens as _tokens
from etl.records import Image

# Ancestors that never hold article images.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer", "form", "button", "menu"})
# ARIA landmark roles of the same regions: sidebars, navigation, site header and footer.
_FURNITURE_ROLES = frozenset({"complementary", "navigation", "banner", "contentinfo",
                              "search", "menu", "menubar", "dialog"})
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
    "social", "email", "print", "share", "sharing",
}
# Folders and hosts of site furniture, anywhere in the address ("/logos/small/2687.png",
# "gravatar.com/blavatar/…").
_DECORATIVE_PATH_TOKENS = frozenset({"logo", "logos", "icons", "avatar", "avatars", "blavatar",
                                     "gravatar", "emoji", "badges", "sprites"})
# Class words of containers that hold article pictures: a "gallery-icon" is a gallery cell,
# whatever its other words say.
_CONTENT_TOKENS = frozenset({"gallery", "slideshow", "figure", "attachment"})
_AD_URL_TOKENS = frozenset({"adserver", "adservers", "doubleclick", "adsystem", "adnxs",
                            "pixel", "tracking", "tracker", "beacon", "scorecardresearch",
                            "statcounter", "quantserve", "logger"})
_URL_TOKEN_SPLIT = re.compile(r"[^a-z0-9]+")
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url",
               "data-hi-res-src", "data-full-src", "src")
_SRCSET_ATTRS = ("data-srcset", "data-lazy-srcset", "srcset")

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


# Words of an article header's wrapper, beside "article", "post", "entry" or "story":
# "b-article__header", "entry-header", "article-hero", "post-thumbnail".
_HEADER_TOKENS = frozenset({"header", "head", "hero", "lead", "top", "thumbnail", "featured"})


def _header_image(tree: lxml_html.HtmlElement, scope: lxml_html.HtmlElement
                  ) -> lxml_html.HtmlElement | None:
    """The article header's picture when the header stands before the article container.

    Themes often print the lead picture in a header of their own ("div.entry-header")
    outside the element that holds the text. Only the first such picture counts, and only
    before the container: after it, such wrappers are cards for other stories.
    """
    if scope.tag in ("body", "html"):
        return None
    for el in tree.iter():
        if el is scope:
            return None
        if el.tag != "img":
            continue
        for depth, node in enumerate(el.iterancestors()):
            if depth > 3:
                break
            tokens = _tokens(node)
            if tokens & _ARTICLE_TOKENS and tokens & _HEADER_TOKENS:
                return el
    return None


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
        if tag in _FURNITURE_TAGS or (node.get("role") or "").strip() in _FURNITURE_ROLES:
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
    # An SVG drawn a column wide is a diagram of the article; other SVGs are icons.
    return _decorative_url(url, drawing=width is not None and width >= _DRAWING_WIDTH)


_DRAWING_WIDTH = 300


def _decorative_url(url: str, drawing: bool = False) -> bool:
    parts = urlsplit(url)
    path = parts.path.lower()
    name = path.rsplit("/", 1)[-1]
    name_tokens = set(_URL_TOKEN_SPLIT.split(name))
    if name_tokens & _DECORATIVE_NAME_TOKENS or path.endswith(".ico"):
        return True
    if path.endswith(".svg") and not drawing:
        return True
    if name.startswith("cropped-"):
        return True  # WordPress names its theme's header and site icon "cropped-…"
    # Ad servers and trackers, recognisable anywhere in host or path.
    url_tokens = set(_URL_TOKEN_SPLIT.split(f"{parts.netloc.lower()} {path}"))
    return bool(url_tokens & (_AD_URL_TOKENS | _DECORATIVE_PATH_TOKENS))


_IMAGE_EXT = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")


def _slug_words(path: str) -> set[str]:
    # Figures are left out: every story of a year shares its "/2019/" with this one.
    return {w for w in re.split(r"[^a-z0-9]+", path.lower()) if len(w) >= 4 and not w.isdigit()}


_AFFILIATE = re.compile(r"[?&]utm_medium=[^&#]*affiliate", re.IGNORECASE)


def _sponsored(link: lxml_html.HtmlElement | None) -> bool:
    """A link marked as paid (``rel="sponsored"``) or tagged for an affiliate campaign: an
    advertisement, even inside the article's figure."""
    if link is None:
        return False
    rel = (link.get("rel") or "").lower().split()
    return "sponsored" in rel or bool(_AFFILIATE.search(link.get("href") or ""))


def _links_to_other_story(img: lxml_html.HtmlElement, base: str, page_url: str) -> bool:
    """An image that is a link to another page of the same site: a teaser of another story;
    or a paid link to any site.

    Links to the picture itself (a lightbox), to another site (a shop, an agency) and to a
    page sharing words of this page's address (its gallery) do not count.
    """
    link = next((a for _, a in zip(range(3), img.iterancestors(), strict=False)
                 if a.tag == "a"), None)
    if _sponsored(link):
        return True
    href = (link.get("href") or "").strip() if link is not None else ""
    if not href or href.startswith(("#", "javascript:")):
        return False
    target, page = urlsplit(urljoin(base, href)), urlsplit(page_url)
    if target.scheme not in ("http", "https") or target.path.lower().endswith(_IMAGE_EXT):
        return False
    host = (target.hostname or "").removeprefix("www.")
    if host != (page.hostname or "").removeprefix("www."):
        return False
    if target.path.rstrip("/") == page.path.rstrip("/"):
        return False
    if link is not None and link.xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
        # A story card: picture and headline in one link, whatever words the address shares.
        return True
    shared = _slug_words(target.path) & _slug_words(page.path)
    return len(shared) < 2


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
                   max_images: int = 100) -> list[Image]:
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
    header = _header_image(tree, scope)
    for img in ([header] if header is not None else []) + list(scope.iter("img")):
        raw = best_source(img)
        if not raw:
            continue
        url = urljoin(base, raw.strip())
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        if (_decorative(img, url) or _excluded(img, scope)
                or _links_to_other_story(img, base, page_url)):
            continue
        caption, credit = caption_and_credit(img, scope)
        alt = " ".join((img.get("alt") or "").split()) or None
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
