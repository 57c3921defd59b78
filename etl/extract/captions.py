"""Captions and credits of article images, read from the markup around each image."""

from __future__ import annotations

import re
from itertools import chain, islice

from lxml import html as lxml_html

from etl.extract.markup import text as _text
from etl.extract.markup import tokens as _tokens

# Class words of captions, also inside longer words, in the languages of the usual CMSs:
# "cutline" (US newsrooms), "legend"/"légende", "Bildunterschrift", "didascalia", "pie de foto".
_CAPTION_WORDS = ("caption", "cutline", "legend", "legende", "légende", "bildunterschrift",
                  "didascalia", "piefoto", "pie-foto", "pie-de-foto")
# Class words of credit elements ("credit" also inside a longer word: "imageCredit").
_CREDIT_TOKENS = frozenset({"copyright", "attribution", "photographer", "source"})
# Class words of a wrapper made for one picture and its caption.
_IMAGE_BOX_WORDS = frozenset({"image", "img", "photo", "picture", "figure", "media-image",
                              "image-wrap", "photo-wrap", "imagewrap", "photowrap"})
# schema.org ImageObject properties written as microdata inside the image's wrapper.
_CAPTION_PROPS = frozenset({"caption", "description"})
# ("author" and "creator" are left out: inside a wide wrapper they name the article's writer.)
_CREDIT_PROPS = frozenset({"copyrightHolder", "creditText", "copyrightNotice"})
# "Photo: Jane Doe", "Image credit: Agency", "Photograph: X/Agency".
_LABELLED_CREDIT = re.compile(
    r"(?:^|[\s.,;–—-])\(?(?:photo(?:graph)?s?|images?|pictures?|pic|credit|photo\s+credit|"
    r"image\s+credit|foto|source|graphic|illustration|video)(?:\s+by)?\s*:\s*(?P<credit>[^()]+?)\)?\s*$",
    re.IGNORECASE,
)
# "… at dawn. Photo by Jane Doe", "… at dawn – Photograph by Jane Doe/Agency".
_BY_CREDIT = re.compile(
    r"(?:^|(?<=[.!?”\"])\s+|\s+[–—|-]\s+)(?P<credit>(?i:photo(?:graph)?s?|images?|pictures?)\s+by\s+"
    r"[A-Z][\w.'’/&-]*(?:\s+(?:[A-Z&/][\w.'’/&-]*|of|for|via))*)\s*\.?\s*$")
# "(Getty Images)", "(Reuters)", "(AP Photo/Jane Doe)" at the end of a caption.
_AGENCY = (r"(?:\b(?:getty|reuters|afp|ap|ap\s+photo|epa|pa|pa\s+media|pa\s+wire|shutterstock|"
           r"alamy|bloomberg|xinhua|anadolu|associated\s+press|images?|photos?|via)\b|©)")
_PAREN_CREDIT = re.compile(r"\s*\((?P<credit>[^()]*" + _AGENCY + r"[^()]*)\)\s*$", re.IGNORECASE)
# "… (example.com)": a site named alone in brackets at the end.
_DOMAIN_CREDIT = re.compile(
    r"\s*\((?P<credit>[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|gov|edu|io|co\.uk))\)\s*$", re.I)
# "… © Agency", "… photos © Agency": the label word before the sign goes with the credit.
_COPYRIGHT = re.compile(
    r"(?:^|[\s,;])(?:(?:photo(?:graph)?s?|images?|pictures?)\s*)?"
    r"(?P<credit>(?:©|\(c\)|copyright)\s*.+)$", re.IGNORECASE)
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
_INLINE = frozenset({"span", "b", "i", "em", "strong", "small", "a"})
# Labels before a credit: "Photo: ", "Image credit: ", "Photo by ", "Source: ", "File: ", "©".
_CREDIT_LABEL = re.compile(
    r"^(?:(?:photo(?:graph)?s?|images?|pictures?|credits?|graphic|illustration|source|file|foto)"
    r"(?:\s+credits?)?\s*(?:by)?\s*:\s*|(?:photo(?:graph)?s?|images?|pictures?)\s+by\s+"
    r"|©\s*|\(c\)\s*|copyright\s+"
    r"|(?:image\s+|photo\s+)?(?:credits?|source)\s*(?:\.{3}|…|,)\s*)",
    re.IGNORECASE)
# Labels that open an element written for screen readers or in small print: "Credit...Jane
# Doe", "Image source, Agency" (a credit), "Image caption, The pier" (a caption).
_CREDIT_LEAD = re.compile(
    r"^(?:(?:image|photo|picture)\s+)?(?:credits?|source)\s*(?:\.{3}|…|:|,)\s*\S"
    r"|^(?:photo(?:graph)?|image|picture)\s*(?:credit)?\s*:\s*\S", re.IGNORECASE)
_CAPTION_LEAD = re.compile(r"^(?:(?:image|photo|picture)\s+)?caption\s*(?:\.{3}|…|:|,)\s*",
                           re.IGNORECASE)
# Attributes in which galleries and lazy loaders keep an image's caption and credit.
_CAPTION_ATTRS = ("data-caption", "data-image-caption", "data-photo-caption")
_CREDIT_ATTRS = ("data-credit", "data-image-credit", "data-photo-credit")


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
    for pattern in (_LABELLED_CREDIT, _PAREN_CREDIT, _DOMAIN_CREDIT, _COPYRIGHT, _BRACKET_CREDIT,
                    _PHRASE_CREDIT, _AGENCY_TAIL, _BY_CREDIT):
        match = pattern.search(caption)
        if match:
            credit = clean_credit(match.group("credit"))
            rest = caption[: match.start()].strip(" ,;–—-|")
            if credit:
                return rest or None, credit
    return caption.strip() or None, None


def _is_caption(el: lxml_html.HtmlElement) -> bool:
    # Substrings too: "newsCaption", "storyCaption", "image-legende".
    return el.get("itemprop") in _CAPTION_PROPS or any(
        word in token for token in _tokens(el) for word in _CAPTION_WORDS)


def _is_credit(el: lxml_html.HtmlElement) -> bool:
    tokens = _tokens(el)
    return (el.get("itemprop") in _CREDIT_PROPS or bool(tokens & _CREDIT_TOKENS)
            or any("credit" in token for token in tokens) or _copyright_line(el)
            or _labelled_credit_line(el) or _cited_in_caption(el))


def _cited_in_caption(el: lxml_html.HtmlElement) -> bool:
    """A ``<cite>`` or ``<small>`` ending a caption: its source ("… at dawn <cite>Jane
    Doe</cite>")."""
    if el.tag not in ("cite", "small") or (el.tail or "").strip():
        return False
    parent = el.getparent()
    if parent is None or not (parent.tag == "figcaption" or _is_caption(parent)):
        return False
    text = _text(el) or ""
    return 0 < len(text) <= 100 and el is parent[-1]


def _labelled_credit_line(el: lxml_html.HtmlElement) -> bool:
    """A short line of text opened by a credit label ("Credit...Jane Doe", "Image source,
    Agency"), whatever its class: the label is often there for screen readers only."""
    if any(isinstance(c.tag, str) and c.tag not in _INLINE for c in el):
        return False
    text = _text(el) or ""
    return len(text) <= 120 and bool(_CREDIT_LEAD.match(text))


def _copyright_line(el: lxml_html.HtmlElement) -> bool:
    """A short line of text that opens with "©" ("© Agency / Pool"), whatever its class."""
    if any(isinstance(c.tag, str) and c.tag not in _INLINE for c in el):
        return False
    text = _text(el) or ""
    return text.startswith("©") and 2 < len(text) <= 80


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
    depth, wrapper, bare, credited = -1, None, True, None
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
            inner = [d for d in node.iterdescendants() if isinstance(d.tag, str)]
            if any(_is_caption(d) for d in inner):
                return node, False
            if credited is None and any(_is_credit(d) for d in inner):
                # A credit over the picture; its caption may sit further out, in a figure.
                credited = node
            # The largest wrapper holding the image and no text ("<p><a><img></a></p>").
            bare = bare and not _text(node)
            if bare:
                wrapper = node
    if credited is not None:
        return credited, False
    if wrapper is not None:
        after = _next_past_pictures(wrapper)
        if after is not None and (_is_caption(after) or _emphasised_line(after)):
            return after, True
    box = _image_box(img, scope)
    return (box, True) if box is not None else (None, False)


def _next_past_pictures(wrapper: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """The element after ``wrapper``, past empty ones and up to five more bare pictures: a
    line after a run of pictures ("<p><img></p><p> </p><p><img></p><p><em>…</em></p>")
    captions each of them."""
    node, pictures = wrapper.getnext(), 0
    while node is not None and isinstance(node.tag, str):
        if _text(node):
            return node
        pictures += node.tag == "img" or node.find(".//img") is not None
        if pictures > 5:
            return None
        node = node.getnext()
    return None


def _image_box(img: lxml_html.HtmlElement, scope: lxml_html.HtmlElement
               ) -> lxml_html.HtmlElement | None:
    """A wrapper named for the picture ("div.image", "photo-wrap") that holds only this
    image and a short text: the text is its caption, whatever the text's element is called."""
    for depth, node in enumerate(n for n in img.iterancestors()
                                 if n.tag not in ("source", "picture", "noscript", "a")):
        if node is scope or depth > 1:
            return None
        if not _IMAGE_BOX_WORDS & _tokens(node) or len(list(node.iter("img"))) != 1:
            continue
        text = _text(node) or ""
        if 10 <= len(text) <= 400 and len(node.findall(".//a[@href]")) <= 1:
            return node
    return None


_TOGGLES = frozenset({"less", "more", "[+]", "[-]"})


def _undouble(caption: str) -> str:
    """One copy of a caption the page prints twice: a full one and a short one behind
    "more" ("Full text. less Full te... more Photo: Jane Doe" -> "Full text. Photo: Jane
    Doe"), or the same text twice."""
    words = caption.split()
    for k in range(8, len(words) - 7):
        if words[k : k + 8] != words[:8]:
            continue
        first, second = words[:k], words[k:]
        if first[-1].casefold() in _TOGGLES:
            first = first[:-1]
        cut = next((i for i, w in enumerate(second) if w.endswith(("...", "…"))), None)
        if cut is None:
            return " ".join(second)
        rest = second[cut + 1 :]  # after the shortened copy: its toggle, then the credit
        if rest and rest[0].casefold() in _TOGGLES:
            rest = rest[1:]
        return " ".join(first + rest)
    return caption


def caption_and_credit(img: lxml_html.HtmlElement,
                        scope: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    """Caption and credit of an image (see :func:`_caption_holder` for where they are)."""
    holder, is_caption = _caption_holder(img, scope)
    if holder is None:
        return _from_attributes(img)
    credit_els = [d for d in holder.iterdescendants()
                  if isinstance(d.tag, str) and _is_credit(d) and not _is_caption(d)]
    # The innermost one: a wrapper named for the credit ("image-and-copyright-container")
    # also holds its screen-reader label ("Image copyright").
    inner = [c for c in credit_els if not any(d in credit_els for d in c.iterdescendants())]
    credit = _text(inner[0]) if inner else None
    caption_el = holder if is_caption else holder.find(".//figcaption")
    if caption_el is None:
        caption_els = [d for d in holder.iterdescendants()
                       if isinstance(d.tag, str) and _is_caption(d) and _text(d)]
        caption_el = caption_els[0] if caption_els else None
    caption = _text(caption_el)
    if caption:
        caption = _CAPTION_LEAD.sub("", caption) or None
    if caption and credit:
        # The credit element often sits inside the caption: remove its text.
        caption = caption.replace(credit, "").strip(" ,;–—-|") or None
    if caption:
        caption = _undouble(caption)
    if caption:
        # A credit at the end of the caption goes, even beside a credit element ("… (AP
        # Photo/Jane Doe)" beside "Photo: Jane Doe"); the fuller of the two is kept.
        rest, tail = split_credit(caption)
        if tail:
            known = clean_credit(credit) if credit else None
            caption, credit = rest, tail if known is None or known in tail else credit
    if caption is None and credit is None:
        return _from_attributes(img)
    return caption, clean_credit(credit) if credit else None


def _from_attributes(img: lxml_html.HtmlElement) -> tuple[str | None, str | None]:
    """Caption and credit the image points at (``aria-describedby``) or that are kept in
    ``data-`` attributes of the image or of the link or figure around it (galleries and
    lightboxes show them when the picture is opened)."""
    caption = _described_by(img)
    credit = None
    for node in chain([img], islice(img.iterancestors(), 2)):
        caption = caption or _attribute_text(node, _CAPTION_ATTRS)
        credit = credit or _attribute_text(node, _CREDIT_ATTRS)
    if caption and not credit:
        caption, credit = split_credit(caption)
    return caption, clean_credit(credit) if credit else None


def _described_by(img: lxml_html.HtmlElement) -> str | None:
    """The short text of the element ``aria-describedby`` points at, for screen readers."""
    ids = (img.get("aria-describedby") or "").split()
    if not ids or not ids[0].replace("-", "").replace("_", "").isalnum():
        return None
    found = img.getroottree().xpath("//*[@id=$id]", id=ids[0])
    text = _text(found[0]) if found else None
    return text if text and len(text) <= 400 else None


def _attribute_text(el: lxml_html.HtmlElement, names: tuple[str, ...]) -> str | None:
    for name in names:
        value = (el.get(name) or "").strip()
        if "<" in value:  # some galleries keep the caption's markup
            value = _text(lxml_html.fragment_fromstring(value, create_parent="div")) or ""
        if value:
            return " ".join(value.split())
    return None
