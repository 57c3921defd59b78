"""Regenerate the checked-in sample site from ``articles.py`` and ``markup.py``.

The files under ``site/`` and ``manifest.json`` are committed so the package
works without a build step; this module exists so they can be re-rendered
after editing an article or a template, and so a test can prove they are
current. Run ``python -m etl.sample_site.build`` (or ``--check``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from etl.sample_site.articles import ARTICLES, PHRASES
from etl.sample_site.markup import PLACEHOLDER, SITES, Page, local_iso, render_page

HERE = Path(__file__).resolve().parent
SITE = HERE / "site"
B = PLACEHOLDER


def _newest_first() -> list[Page]:
    return sorted(ARTICLES, key=lambda a: a.published, reverse=True)


def _z(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rss() -> str:
    items = []
    for a in _newest_first():
        url = xml_escape(B + a.path)
        cats = "".join(f"\n      <category>{xml_escape(t)}</category>" for t in a.tags)
        items.append(
            f"""    <item>
      <title>{xml_escape(a.title)}</title>
      <link>{url}</link>
      <guid isPermaLink="true">{url}</guid>
      <pubDate>{format_datetime(a.published.astimezone(UTC))}</pubDate>
      <dc:creator>{xml_escape(", ".join(a.authors))}</dc:creator>
      <description>{xml_escape(a.description)}</description>{cats}
    </item>"""
        )
    last = max(a.modified for a in ARTICLES).astimezone(UTC)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Sample news: all stories</title>
    <link>{B}/</link>
    <description>Latest stories from The Harbour Gazette, The Northbridge Ledger and Meridian Science Review</description>
    <language>en</language>
    <lastBuildDate>{format_datetime(last)}</lastBuildDate>
    <atom:link href="{B}/feed.xml" rel="self" type="application/rss+xml"/>
{chr(10).join(items)}
  </channel>
</rss>
"""


def _atom() -> str:
    entries = []
    for a in _newest_first():
        url = xml_escape(B + a.path)
        authors = "".join(f"\n    <author><name>{xml_escape(n)}</name></author>" for n in a.authors)
        entries.append(
            f"""  <entry>
    <title>{xml_escape(a.title)}</title>
    <link rel="alternate" type="text/html" href="{url}"/>
    <id>{url}</id>
    <published>{_z(a.published)}</published>
    <updated>{_z(a.modified)}</updated>{authors}
    <category term="{xml_escape(a.section)}"/>
    <summary>{xml_escape(a.description)}</summary>
  </entry>"""
        )
    last = max(a.modified for a in ARTICLES)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Sample news: all stories</title>
  <id>{B}/atom.xml</id>
  <link rel="self" type="application/atom+xml" href="{B}/atom.xml"/>
  <link rel="alternate" type="text/html" href="{B}/"/>
  <updated>{_z(last)}</updated>
{chr(10).join(entries)}
</feed>
"""


def _sitemap() -> str:
    urls = []
    for a in _newest_first():
        site = SITES[a.site]
        lang = site.language.split("-")[0]
        # Publication date in the publisher's own offset, as real sitemaps do.
        pub = local_iso(site, a.published)
        urls.append(
            f"""  <url>
    <loc>{xml_escape(B + a.path)}</loc>
    <lastmod>{_z(a.modified)}</lastmod>
    <news:news>
      <news:publication>
        <news:name>{xml_escape(site.name)}</news:name>
        <news:language>{lang}</news:language>
      </news:publication>
      <news:publication_date>{pub}</news:publication_date>
      <news:title>{xml_escape(a.title)}</news:title>
    </news:news>
  </url>"""
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{chr(10).join(urls)}
</urlset>
"""


def _robots() -> str:
    return f"""# Sample news site: everything may be crawled except drafts.
User-agent: *
Disallow: /private/
Allow: /

Sitemap: {B}/sitemap.xml
"""


def _index() -> str:
    items = "\n".join(
        f'<li><a href="{B}{a.path}">{escape(a.title)}</a> '
        f'<span class="meta">{escape(SITES[a.site].name)} &middot; {escape(a.section)}</span></li>'
        for a in _newest_first()
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Sample news: front page</title>
<link rel="alternate" type="application/rss+xml" title="All stories" href="{B}/feed.xml">
<link rel="alternate" type="application/atom+xml" title="All stories" href="{B}/atom.xml">
</head>
<body>
<header><h1>Sample news</h1><nav><a href="{B}/feed.xml">RSS</a> | <a href="{B}/atom.xml">Atom</a> | <a href="{B}/sitemap.xml">Sitemap</a></nav></header>
<main><h2>Latest stories</h2>
<ul class="story-list">
{items}
</ul></main>
</body>
</html>
"""


def _manifest() -> str:
    rows = [
        {
            "path": a.path,
            "title": a.title,
            "published_at": _z(a.published),
            "phrase": PHRASES[a.path],
            "modified_at": _z(a.modified),
            "site_name": SITES[a.site].name,
            "section": a.section,
            "authors": list(a.authors),
        }
        for a in sorted(ARTICLES, key=lambda a: a.published)
    ]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def outputs() -> dict[Path, str]:
    """Every generated file and its content, keyed by absolute path."""
    files = {SITE / a.path.lstrip("/"): render_page(a) for a in ARTICLES}
    files[SITE / "feed.xml"] = _rss()
    files[SITE / "atom.xml"] = _atom()
    files[SITE / "sitemap.xml"] = _sitemap()
    files[SITE / "robots.txt"] = _robots()
    files[SITE / "index.html"] = _index()
    files[HERE / "manifest.json"] = _manifest()
    return files


def stale() -> list[Path]:
    """Generated files whose checked-in content differs from a fresh render."""
    return [
        p
        for p, text in outputs().items()
        if not p.exists() or p.read_text(encoding="utf-8") != text
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="exit 1 if any file is stale")
    args = parser.parse_args(argv)
    if args.check:
        bad = stale()
        for p in bad:
            print(f"stale: {p.relative_to(HERE)}", file=sys.stderr)
        return 1 if bad else 0
    for path, text in outputs().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path.relative_to(HERE))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
