"""Turn reader-view article text (the ``shared/seed`` format) into a publisher page.

The seed file is what a reader sees of a news page: a title line, body
paragraphs, images as ``![alt](url)`` lines (often followed by a short
caption line), site furniture such as ``- Published`` / ``- Published2 days
ago`` lines, and a newsletter promo (banner image plus a sign-up paragraph)
at the end. ``render_seed_page`` rebuilds realistic HTML around it with the
sample site's templates, so tests can run the real pipeline on a page whose
article text is known exactly.

Nothing here knows the seed's content: the rules below are about the
format only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from etl.sample_site.markup import Figure, Page, Promo, RelatedLink, render_page, slugify

DEFAULT_PUBLISHED_AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)

_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<url>[^)\s]+)\)\s*$")
_FURNITURE = re.compile(r"^-\s*(?P<rest>.*)$")
_PUBLISHED = re.compile(r"^Published\s*(?P<age>.*)$", re.IGNORECASE)
# Captions are short labels, not sentences: no closing punctuation, no quote.
_SENTENCE_END = tuple(".!?\"”’'")
_MAX_CAPTION_WORDS = 30
_PROMO_WORDS = re.compile(r"newsletter|sign up|subscribe", re.IGNORECASE)


@dataclass
class SeedDoc:
    """The seed text split into the parts a page template needs."""

    title: str
    blocks: list[str | Figure] = field(default_factory=list)
    related_ages: list[str] = field(default_factory=list)
    related_after: int = 0  # paragraphs before the first related line
    promo: Promo | None = None

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]


def _is_caption(line: str) -> bool:
    return (
        bool(line)
        and not _IMAGE.match(line)
        and not _FURNITURE.match(line)
        and not line.startswith(('"', "“", "'"))
        and not line.endswith(_SENTENCE_END)
        and len(line.split()) <= _MAX_CAPTION_WORDS
    )


def parse_seed_text(txt: str) -> SeedDoc:
    """Split seed-format text into title, body blocks, related-link ages and promo."""
    lines = [ln.strip() for ln in txt.splitlines()]
    lines = [ln for ln in lines if ln]
    if not lines:
        raise ValueError("seed text is empty")
    doc = SeedDoc(title=lines[0])
    i = 1
    while i < len(lines):
        line = lines[i]
        img = _IMAGE.match(line)
        furniture = _FURNITURE.match(line)
        if img:
            caption = ""
            if i + 1 < len(lines) and _is_caption(lines[i + 1]):
                caption = lines[i + 1]
                i += 1
            doc.blocks.append(Figure(src=img["url"], alt=img["alt"], caption=caption))
        elif furniture:
            published = _PUBLISHED.match(furniture["rest"])
            if published and not published["age"]:
                pass  # the page's own dateline: the template renders a <time> instead
            else:
                if not doc.related_ages:
                    doc.related_after = len(doc.paragraphs)
                age = published["age"] if published else furniture["rest"]
                doc.related_ages.append(age)
        else:
            doc.blocks.append(line)
        i += 1
    _split_off_promo(doc)
    return doc


def _split_off_promo(doc: SeedDoc) -> None:
    """A trailing image followed by at most one sign-up paragraph is a promo, not content."""
    for k in range(len(doc.blocks) - 1, -1, -1):
        if isinstance(doc.blocks[k], Figure):
            break
    else:
        return
    fig = doc.blocks[k]
    tail = doc.blocks[k + 1 :]
    assert isinstance(fig, Figure)
    text = " ".join(b for b in tail if isinstance(b, str))
    if len(tail) <= 1 and _PROMO_WORDS.search(fig.alt + " " + text):
        doc.promo = Promo("our newsletter", fig.src, fig.alt, text)
        del doc.blocks[k:]


def _description(paragraphs: list[str], limit: int = 200) -> str:
    first = paragraphs[0] if paragraphs else ""
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def seed_to_page(
    txt: str,
    published_at: datetime = DEFAULT_PUBLISHED_AT,
    *,
    site: str = "harbour",
    section: str = "World",
    authors: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    path: str | None = None,
) -> Page:
    """Build the template input for seed-format text (see ``render_seed_page``)."""
    if published_at.tzinfo is None:
        raise ValueError("published_at must be timezone-aware")
    doc = parse_seed_text(txt)
    if path is None:
        day = published_at.astimezone(UTC)
        path = f"/{slugify(section)}/{day:%Y/%m/%d}/{slugify(doc.title)[:80]}.html"
    related = tuple(
        RelatedLink(f"Related story {n}", f"/{slugify(section)}/related-{n}.html", age)
        for n, age in enumerate(doc.related_ages, start=1)
    )
    return Page(
        site=site,
        path=path,
        title=doc.title,
        description=_description(doc.paragraphs),
        section=section,
        tags=tags,
        authors=authors,
        published=published_at,
        modified=published_at,
        body=tuple(doc.blocks),
        related=related,
        related_after=doc.related_after,
        promo=doc.promo,
    )


def render_seed_page(
    txt: str,
    base_url: str,
    published_at: datetime = DEFAULT_PUBLISHED_AT,
    *,
    site: str = "harbour",
    section: str = "World",
    authors: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
    path: str | None = None,
) -> str:
    """Render seed-format text as a full publisher page under ``base_url``.

    Images keep their original URLs; an image followed by a short caption
    line becomes a ``<figure>`` whose ``<figcaption>`` is that line;
    ``- PublishedN days ago`` lines become a "Read more" list; a closing
    newsletter banner and paragraph become a promo box. ``site`` picks one of
    the sample site's templates (``harbour``, ``ledger``, ``meridian``).
    """
    page = seed_to_page(
        txt, published_at, site=site, section=section, authors=authors, tags=tags, path=path
    )
    return render_page(page, base_url.rstrip("/"))
