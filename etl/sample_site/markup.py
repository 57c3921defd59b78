"""Publisher-style HTML templates for the bundled sample site and test pages.

Three fictional publishers share one loopback host but use different markup
(class names, where related links and promos sit, lazy-loading tricks,
JSON-LD shape), so an extractor tuned to one template shows its gaps on the
others. Every page carries the furniture real pages carry (cookie banner,
navigation, related links, newsletter promo, tracking pixel) because the
pipeline's job is to keep that furniture *out* of the article text.

Absolute URLs are built from ``base_url``; the checked-in files use the
``{{BASE_URL}}`` placeholder which the server replaces at request time.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from html import escape

PLACEHOLDER = "{{BASE_URL}}"


@dataclass(frozen=True)
class Figure:
    """An article image; ``src`` may be absolute or start with ``/`` (site-relative)."""

    src: str
    alt: str
    caption: str = ""
    credit: str = ""
    width: int = 1200
    height: int = 800


@dataclass(frozen=True)
class RelatedLink:
    """A "Read more" entry; ``age`` is furniture text such as ``2 days ago``."""

    title: str
    href: str
    age: str


@dataclass(frozen=True)
class Promo:
    """A newsletter sign-up box with a banner image."""

    newsletter: str
    image_src: str
    image_alt: str
    text: str


Block = str | Figure
"""A body block: a paragraph of plain text, or a figure."""


@dataclass(frozen=True)
class Page:
    """Everything a template needs to render one article page."""

    site: str  # key of SITES
    path: str  # site-relative, starts with "/"
    title: str
    description: str
    section: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    published: datetime  # aware
    modified: datetime  # aware
    body: tuple[Block, ...]
    related: tuple[RelatedLink, ...] = ()
    related_after: int = 4  # paragraphs before the inline related list (templates that inline it)
    promo: Promo | None = None

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.body if isinstance(b, Figure)]

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.body if isinstance(b, str)]


@dataclass(frozen=True)
class Site:
    """A fictional publisher: name, home time zone (as a fixed offset) and style."""

    key: str
    name: str
    utc_offset_hours: int
    tz_label: str
    language: str
    sections: tuple[str, ...]


SITES: dict[str, Site] = {
    "harbour": Site(
        "harbour", "The Harbour Gazette", 0, "GMT", "en-GB", ("World", "Politics", "Business")
    ),
    # New York in November is UTC-5: early-UTC stories show the previous local day.
    "ledger": Site(
        "ledger", "The Northbridge Ledger", -5, "ET", "en-US", ("Business", "Markets", "Tech")
    ),
    # Tokyo is UTC+9: late-UTC stories show the next local day.
    "meridian": Site(
        "meridian", "Meridian Science Review", 9, "JST", "en", ("Science", "Health", "Space")
    ),
}


def _abs(base_url: str, href: str) -> str:
    return base_url + href if href.startswith("/") else href


def _local(site: Site, when: datetime) -> datetime:
    return when.astimezone(timezone(timedelta(hours=site.utc_offset_hours)))


def local_iso(site: Site, when: datetime) -> str:
    """ISO 8601 timestamp in the publisher's own UTC offset."""
    return _local(site, when).isoformat(timespec="seconds")


def _human(site: Site, when: datetime) -> str:
    local = _local(site, when)
    if site.key == "ledger":
        hour = local.hour % 12 or 12
        ampm = "a.m." if local.hour < 12 else "p.m."
        return f"{local:%b}. {local.day}, {local.year} {hour}:{local:%M} {ampm} {site.tz_label}"
    return f"{local.day} {local:%B %Y}, {local:%H:%M} {site.tz_label}"


def slugify(text: str) -> str:
    """Lower-case ASCII slug for profile links and file names."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "page"


def _json_ld(page: Page, site: Site, base_url: str) -> str:
    url = base_url + page.path
    images = [_abs(base_url, f.src) for f in page.figures]
    publisher = {
        "@type": "NewsMediaOrganization",
        "name": site.name,
        "url": base_url + "/",
        "logo": {"@type": "ImageObject", "url": f"{base_url}/static/{site.key}-logo.png"},
    }
    people = [
        {"@type": "Person", "name": a, "url": f"{base_url}/profiles/{slugify(a)}"}
        for a in page.authors
    ]
    article: dict[str, object] = {
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": local_iso(site, page.published),
        "dateModified": local_iso(site, page.modified),
        "articleSection": page.section,
        "keywords": ", ".join(page.tags) if site.key == "harbour" else list(page.tags),
        "inLanguage": site.language,
        "publisher": publisher,
    }
    # Vary the shapes real sites use: author as a list or a lone object,
    # image as URL strings or ImageObjects, a plain object or a Yoast-style @graph.
    if site.key == "ledger" and len(people) == 1:
        article["author"] = people[0]
    elif people:
        article["author"] = people
    if site.key == "ledger":
        article["image"] = [
            {"@type": "ImageObject", "url": _abs(base_url, f.src), "caption": f.caption}
            for f in page.figures
        ]
    else:
        article["image"] = images
    doc: dict[str, object]
    if site.key == "meridian":
        webpage = {"@type": "WebPage", "@id": url, "url": url, "name": page.title}
        doc = {"@context": "https://schema.org", "@graph": [webpage, article]}
    else:
        doc = {"@context": "https://schema.org", **article}
    # "</" inside a script element would end it early.
    return json.dumps(doc, ensure_ascii=False, indent=2).replace("</", "<\\/")


def _head(page: Page, site: Site, base_url: str) -> str:
    url = base_url + page.path
    figs = page.figures
    lines = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(page.title)} | {escape(site.name)}</title>",
        f'<meta name="description" content="{escape(page.description)}">',
        f'<link rel="canonical" href="{escape(url)}">',
        f'<meta property="og:title" content="{escape(page.title)}">',
        f'<meta property="og:description" content="{escape(page.description)}">',
        f'<meta property="og:url" content="{escape(url)}">',
    ]
    if figs:
        lines.append(f'<meta property="og:image" content="{escape(_abs(base_url, figs[0].src))}">')
    lines += [
        f'<meta property="og:site_name" content="{escape(site.name)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:locale" content="{site.language.replace("-", "_")}">',
        f'<meta property="article:published_time" content="{local_iso(site, page.published)}">',
        f'<meta property="article:modified_time" content="{local_iso(site, page.modified)}">',
        f'<meta property="article:section" content="{escape(page.section)}">',
    ]
    lines += [f'<meta property="article:tag" content="{escape(t)}">' for t in page.tags]
    if page.authors:
        lines.append(f'<meta name="author" content="{escape(", ".join(page.authors))}">')
    lines += [
        '<meta name="twitter:card" content="summary_large_image">',
        f'<link rel="alternate" type="application/rss+xml" title="{escape(site.name)}" '
        f'href="{base_url}/feed.xml">',
        f'<link rel="stylesheet" href="{base_url}/static/{site.key}.css">',
        f'<script type="application/ld+json">\n{_json_ld(page, site, base_url)}\n</script>',
        "<script>window.dataLayer = window.dataLayer || [];"
        " dataLayer.push({'event': 'pageview', 'contentType': 'article'});</script>",
    ]
    return "\n".join(lines)


def _srcset(src: str) -> str:
    # Width variants as query parameters work for any image URL, ours or external.
    return f"{src}?width=480 480w, {src}?width=976 976w, {src}?width=1600 1600w"


_PIXEL_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="


def _img(site: Site, fig: Figure, base_url: str, index: int) -> str:
    """The ``<img>`` (or ``<picture>``) for a figure; the style varies by position.

    The lead image is a ``<picture>`` with a WebP ``<source>``; the second is
    lazy-loaded, each publisher in its own way; later ones are plain.
    """
    src = escape(_abs(base_url, fig.src))
    alt = escape(fig.alt)
    size = f'width="{fig.width}" height="{fig.height}"'
    if index == 0:
        return (
            "<picture>\n"
            f'<source type="image/webp" srcset="{_srcset(src)}" '
            'sizes="(min-width: 1024px) 976px, 100vw">\n'
            f'<img src="{src}" alt="{alt}" {size}>\n'
            "</picture>"
        )
    if index == 1 and site.key == "harbour":
        return (
            f'<img src="{src}" srcset="{_srcset(src)}" sizes="100vw" loading="lazy" '
            f'alt="{alt}" {size}>'
        )
    if index == 1 and site.key == "ledger":
        return (
            f'<img class="lazy" src="{_PIXEL_GIF}" data-src="{src}" alt="{alt}" {size}>\n'
            f'<noscript><img src="{src}" alt="{alt}" {size}></noscript>'
        )
    if index == 1:
        return (
            f'<img class="lazyload" src="{_PIXEL_GIF}" data-src="{src}" '
            f'data-srcset="{_srcset(src)}" alt="{alt}" {size}>'
        )
    return f'<img src="{src}" alt="{alt}" {size}>'


def _nl(fragment: str) -> str:
    return "\n" + fragment if fragment else ""


def _figure(site: Site, fig: Figure, base_url: str, index: int) -> str:
    img = _img(site, fig, base_url, index)
    cap = escape(fig.caption)
    credit = escape(fig.credit)
    lead = " lead" if index == 0 else ""
    if site.key == "harbour":
        parts = [f'<span class="hg-caption">{cap}</span>'] if cap else []
        if credit:
            parts.append(f'<span class="credit">Photo: {credit}</span>')
        caption = f"<figcaption>{' '.join(parts)}</figcaption>" if parts else ""
        return f'<figure class="hg-figure{lead}">\n{img}{_nl(caption)}\n</figure>'
    if site.key == "ledger":
        parts = [cap] if cap else []
        if credit:
            parts.append(f'<span class="credit">Photograph: {credit}</span>')
        caption = (
            f'<figcaption class="media-caption">{" ".join(parts)}</figcaption>' if parts else ""
        )
        return f'<figure class="ledger-media{lead}">\n{img}{_nl(caption)}\n</figure>'
    parts = [cap] if cap else []
    if credit:
        parts.append(f'<small class="photo-credit">Credit: {credit}</small>')
    caption = (
        f'<figcaption class="wp-element-caption">{" ".join(parts)}</figcaption>' if parts else ""
    )
    return f'<figure class="wp-block-image size-large{lead}">\n{img}{_nl(caption)}\n</figure>'


def _related(site: Site, page: Page, base_url: str) -> str:
    if not page.related:
        return ""
    items = "\n".join(
        f'<li><a href="{escape(_abs(base_url, r.href))}">{escape(r.title)}</a> '
        f'<span class="meta">Published {escape(r.age)}</span></li>'
        for r in page.related
    )
    if site.key == "harbour":
        return (
            '<section class="hg-related" aria-label="Related stories">\n'
            f'<h2 class="hg-related__title">Read more</h2>\n<ul>\n{items}\n</ul>\n</section>'
        )
    if site.key == "ledger":
        return (
            '<aside class="story-related">\n<h3>Read more</h3>\n'
            f'<ul class="related-list">\n{items}\n</ul>\n</aside>'
        )
    return (
        '<div id="jp-relatedposts" class="jp-relatedposts">\n'
        f'<h3 class="jp-relatedposts-headline">Related</h3>\n<ul>\n{items}\n</ul>\n</div>'
    )


def _promo(site: Site, page: Page, base_url: str) -> str:
    p = page.promo
    if p is None:
        return ""
    img = (
        f'<img class="promo-banner" src="{escape(_abs(base_url, p.image_src))}" '
        f'alt="{escape(p.image_alt)}" width="976" height="120">'
    )
    signup = f"{base_url}/newsletters/{slugify(p.newsletter)}"
    cls = {"harbour": "hg-newsletter-promo", "ledger": "newsletter-signup"}.get(
        site.key, "widget newsletter-box"
    )
    return (
        f'<aside class="{cls}" data-component="newsletter-promo">\n{img}\n'
        f"<p>{escape(p.text)}</p>\n"
        f'<a class="button" href="{signup}">Sign up to {escape(p.newsletter)}</a>\n</aside>'
    )


def _byline(site: Site, page: Page, base_url: str) -> str:
    links = [
        f'<a rel="author" class="author-name" href="{base_url}/profiles/{slugify(a)}">'
        f"{escape(a)}</a>"
        for a in page.authors
    ]
    if not links:
        return ""
    names = ", ".join(links[:-1]) + " and " + links[-1] if len(links) > 1 else links[0]
    return f"By {names}" if site.key != "meridian" else f"by {names}"


def _times(site: Site, page: Page) -> str:
    pub = (
        f'<time datetime="{local_iso(site, page.published)}">{_human(site, page.published)}</time>'
    )
    if page.modified <= page.published:
        return f"Published {pub}"
    mod = f'<time datetime="{local_iso(site, page.modified)}">{_human(site, page.modified)}</time>'
    return f'Published {pub} <span class="updated">Updated {mod}</span>'


def _body(site: Site, page: Page, base_url: str, inline_related: bool) -> str:
    out: list[str] = []
    n_par = n_fig = 0
    for block in page.body:
        if isinstance(block, Figure):
            out.append(_figure(site, block, base_url, n_fig))
            n_fig += 1
            continue
        out.append(f"<p>{escape(block, quote=False)}</p>")
        n_par += 1
        if inline_related and n_par == page.related_after:
            out.append(_related(site, page, base_url))
    if inline_related and n_par < page.related_after:
        out.append(_related(site, page, base_url))
    return "\n".join(x for x in out if x)


def _nav(site: Site, base_url: str, cls: str) -> str:
    items = [f'<li><a href="{base_url}/">Home</a></li>']
    items += [
        f'<li><a href="{base_url}/{slugify(s)}/">{escape(s)}</a></li>'
        for s in (*site.sections, "Opinion", "Video")
    ]
    return f'<nav class="{cls}" aria-label="Main">\n<ul>\n' + "\n".join(items) + "\n</ul>\n</nav>"


def _pixel(site: Site, page: Page) -> str:
    # .example hosts are reserved, so nothing ever resolves if a crawler follows it.
    return (
        f'<img src="https://pixel.{site.key}-metrics.example/collect?page={escape(page.path)}" '
        'width="1" height="1" alt="" style="display:none">'
    )


def render_page(page: Page, base_url: str = PLACEHOLDER) -> str:
    """Render ``page`` as a complete HTML document in its publisher's template."""
    site = SITES[page.site]
    head = _head(page, site, base_url)
    section_href = f"{base_url}/{slugify(page.section)}/"
    if site.key == "harbour":
        body = f"""<body class="hg-body">
<div id="cookie-consent" class="cookie-banner" role="dialog" aria-label="Cookie consent">
<p>We use cookies and similar technologies to personalise content and adverts, to provide social media features and to analyse our traffic. You can change your choices at any time in Privacy settings.</p>
<button class="btn-accept">Accept all cookies</button> <button class="btn-settings">Manage settings</button>
</div>
<header class="site-header">
<a class="logo" href="{base_url}/"><img src="{base_url}/static/harbour-logo.svg" alt="{escape(site.name)}" width="240" height="40"></a>
{_nav(site, base_url, "primary-nav")}
<a class="subscribe" href="{base_url}/subscribe">Subscribe</a> <a class="signin" href="{base_url}/account">Sign in</a>
</header>
<main id="main-content">
<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="{base_url}/">Home</a></li><li><a href="{section_href}">{escape(page.section)}</a></li></ol></nav>
<article class="hg-article">
<header class="hg-article__header">
<span class="hg-kicker">{escape(page.section)}</span>
<h1 class="hg-headline">{escape(page.title)}</h1>
<p class="hg-standfirst">{escape(page.description)}</p>
<div class="hg-byline">{_byline(site, page, base_url)}</div>
<div class="hg-dateline">{_times(site, page)}</div>
</header>
<ul class="hg-share"><li><a href="#share-x">Share on X</a></li><li><a href="#share-email">Email</a></li><li><a href="#save">Save</a></li></ul>
<div class="hg-article__body">
{_body(site, page, base_url, inline_related=True)}
{_promo(site, page, base_url)}
</div>
</article>
<aside class="most-read"><h2>Most read</h2><ol><li><a href="{base_url}/world/">Live: latest news from around the world</a></li><li><a href="{base_url}/business/">Markets at a glance</a></li></ol></aside>
</main>
<footer class="site-footer">
<ul><li><a href="{base_url}/about">About us</a></li><li><a href="{base_url}/terms">Terms of use</a></li><li><a href="{base_url}/privacy">Privacy policy</a></li><li><a href="{base_url}/cookies">Cookies</a></li><li><a href="{base_url}/contact">Contact</a></li></ul>
<p>&copy; 2026 {escape(site.name)}. All rights reserved.</p>
</footer>
{_pixel(site, page)}
</body>"""
    elif site.key == "ledger":
        body = f"""<body class="ledger article-page">
<div class="ldg-topbar"><a href="{base_url}/markets/">Markets</a> <span class="ticker">S&amp;P 500 &#9650; 0.4%</span> <span class="ticker">EUR/USD 1.12</span></div>
<div class="gdpr-notice" id="consent">
<p>This site uses cookies to improve your experience and to show you relevant advertising. By continuing you agree to our use of cookies.</p>
<a class="gdpr-accept" href="#accept">OK</a> <a href="{base_url}/cookies">Learn more</a>
</div>
<div class="ldg-masthead">
<a class="ldg-logo" href="{base_url}/">{escape(site.name)}</a>
{_nav(site, base_url, "ldg-menu")}
</div>
<div class="ldg-crumbs"><a href="{base_url}/">Home</a> &rsaquo; <a href="{section_href}">{escape(page.section)}</a></div>
<div class="ldg-wrap">
<article class="story" itemscope itemtype="https://schema.org/NewsArticle">
<h1 class="story-headline" itemprop="headline">{escape(page.title)}</h1>
<p class="story-dek">{escape(page.description)}</p>
<p class="story-byline">{_byline(site, page, base_url)}</p>
<p class="story-timestamp">{_times(site, page)}</p>
<div class="ad-slot" data-ad="leaderboard">Advertisement</div>
<div class="story-body" itemprop="articleBody">
{_body(site, page, base_url, inline_related=False)}
</div>
<div class="story-tags">Topics: {", ".join(f'<a href="{base_url}/topics/{slugify(t)}">{escape(t)}</a>' for t in page.tags)}</div>
</article>
{_related(site, page, base_url)}
{_promo(site, page, base_url)}
</div>
<footer class="ldg-footer">
<p><a href="{base_url}/about">About</a> | <a href="{base_url}/advertise">Advertise</a> | <a href="{base_url}/privacy">Privacy</a> | <a href="{base_url}/terms">Terms</a></p>
<p>Copyright 2026 {escape(site.name)}. Market data delayed at least 15 minutes.</p>
</footer>
{_pixel(site, page)}
</body>"""
    else:
        body = f"""<body class="post-template-default single single-post">
<div class="cc-window cc-banner" role="dialog" aria-label="cookieconsent">
<span class="cc-message">This website uses cookies to ensure you get the best experience on our website.</span>
<a class="cc-btn cc-dismiss" href="#dismiss">Got it!</a>
</div>
<header id="masthead" class="site-header">
<p class="site-title"><a href="{base_url}/" rel="home">{escape(site.name)}</a></p>
<p class="site-description">Research, explained</p>
{_nav(site, base_url, "main-navigation")}
</header>
<div id="content" class="site-content">
<div class="crumbs"><a href="{base_url}/">Home</a> &raquo; <a href="{section_href}">{escape(page.section)}</a></div>
<main id="primary" class="site-main">
<article id="post-{zlib.crc32(page.path.encode()) % 100000}" class="post type-post status-publish format-standard">
<header class="entry-header">
<h1 class="entry-title">{escape(page.title)}</h1>
<div class="entry-meta"><span class="byline">{_byline(site, page, base_url)}</span> <span class="posted-on">{_times(site, page)}</span></div>
</header>
<div class="entry-content">
<p class="lead"><em>{escape(page.description)}</em></p>
{_body(site, page, base_url, inline_related=False)}
{_related(site, page, base_url)}
</div>
<footer class="entry-footer"><span class="cat-links">Posted in <a href="{section_href}">{escape(page.section)}</a></span> <span class="tags-links">Tagged {", ".join(escape(t) for t in page.tags)}</span></footer>
</article>
<div id="comments" class="comments-area"><h2 class="comments-title">Comments are closed.</h2></div>
</main>
<aside id="secondary" class="widget-area">
{_promo(site, page, base_url)}
<section class="widget widget_recent_entries"><h2 class="widget-title">Recent posts</h2><ul><li><a href="{base_url}/science/">All science stories</a></li></ul></section>
</aside>
</div>
<footer id="colophon" class="site-footer"><div class="site-info">&copy; 2026 {escape(site.name)} &middot; <a href="{base_url}/privacy">Privacy</a></div></footer>
{_pixel(site, page)}
</body>"""
    return f'<!DOCTYPE html>\n<html lang="{site.language}">\n<head>\n{head}\n</head>\n{body}\n</html>\n'
