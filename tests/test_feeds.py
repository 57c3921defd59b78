"""Feed and sitemap parsing: formats, dates, limits and XML attacks."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime

import pytest

from etl.errors import InvalidInputError, TooLargeError, UnsafeXMLError
from etl.feeds import parse_date, parse_feed, sniff

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Example News</title>
    <link>https://news.example.com/</link>
    <item>
      <title>One</title>
      <link>https://news.example.com/2024/01/02/one</link>
      <pubDate>Tue, 02 Jan 2024 10:30:00 +0100</pubDate>
    </item>
    <item>
      <title>Two (guid only)</title>
      <guid isPermaLink="true">https://news.example.com/two</guid>
      <dc:date>2024-01-03T08:00:00Z</dc:date>
    </item>
    <item>
      <title>No usable link</title>
      <guid isPermaLink="false">tag:news.example.com,2024:3</guid>
    </item>
    <item><link>javascript:alert(1)</link></item>
  </channel>
</rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example</title>
  <entry>
    <title>First</title>
    <link rel="self" href="https://news.example.com/api/1"/>
    <link rel="alternate" type="text/html" href="/articles/first"/>
    <published>2024-01-02T23:59:59-05:00</published>
    <updated>2024-01-05T00:00:00Z</updated>
  </entry>
  <entry>
    <title>Second</title>
    <link href="https://news.example.com/articles/second"/>
    <updated>2024-01-04</updated>
  </entry>
</feed>"""

SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://news.example.com/a</loc><lastmod>2024-01-02T10:00:00+00:00</lastmod></url>
  <url><loc>https://news.example.com/b</loc></url>
</urlset>"""

SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://news.example.com/sitemap-1.xml</loc><lastmod>2024-01-02</lastmod></sitemap>
  <sitemap><loc>https://news.example.com/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>https://news.example.com/business/article55.html</loc>
    <lastmod>2024-01-10</lastmod>
    <news:news>
      <news:publication><news:name>Example Times</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2024-01-02T12:00:00+02:00</news:publication_date>
      <news:title>Companies A, B in Merger Talks</news:title>
    </news:news>
  </url>
</urlset>"""


def test_rss_entries_and_dates() -> None:
    doc = parse_feed(RSS)
    assert doc.kind == "rss"
    assert [e.url for e in doc.entries] == [
        "https://news.example.com/2024/01/02/one",
        "https://news.example.com/two",
    ]
    assert doc.entries[0].date == datetime(2024, 1, 2, 9, 30, tzinfo=UTC)
    assert doc.entries[1].date == datetime(2024, 1, 3, 8, 0, tzinfo=UTC)
    assert doc.invalid == 2  # non-permalink guid and javascript: link
    url, date = doc.entries[0]  # entries are (url, date) tuples
    assert url.startswith("https://") and date is not None


def test_atom_prefers_alternate_link_and_published_date() -> None:
    doc = parse_feed(ATOM, base_url="https://news.example.com/feed.atom")
    assert doc.kind == "atom"
    assert doc.entries[0].url == "https://news.example.com/articles/first"
    assert doc.entries[0].date == datetime(2024, 1, 3, 4, 59, 59, tzinfo=UTC)
    assert doc.entries[1].url == "https://news.example.com/articles/second"
    assert doc.entries[1].date == datetime(2024, 1, 4, tzinfo=UTC)


def test_sitemap_and_lastmod() -> None:
    doc = parse_feed(SITEMAP)
    assert doc.kind == "sitemap" and not doc.news
    assert doc.entries[0] == ("https://news.example.com/a", datetime(2024, 1, 2, 10, tzinfo=UTC))
    assert doc.entries[1] == ("https://news.example.com/b", None)


def test_sitemap_index() -> None:
    doc = parse_feed(SITEMAP_INDEX)
    assert doc.kind == "sitemapindex"
    assert [e.url for e in doc.entries] == [
        "https://news.example.com/sitemap-1.xml",
        "https://news.example.com/sitemap-2.xml.gz",
    ]
    assert doc.entries[0].date == datetime(2024, 1, 2, tzinfo=UTC)


def test_news_sitemap_publication_date_beats_lastmod() -> None:
    doc = parse_feed(NEWS_SITEMAP)
    assert doc.kind == "sitemap" and doc.news
    assert doc.entries == [
        ("https://news.example.com/business/article55.html", datetime(2024, 1, 2, 10, tzinfo=UTC))
    ]


def test_gzipped_sitemap() -> None:
    doc = parse_feed(gzip.compress(SITEMAP))
    assert len(doc.entries) == 2


def test_gzip_bomb_refused() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (5 * 1024 * 1024) + b"</urlset>")
    with pytest.raises(TooLargeError):
        parse_feed(bomb, max_bytes=1024 * 1024)


def test_byte_limit() -> None:
    with pytest.raises(TooLargeError):
        parse_feed(SITEMAP, max_bytes=100)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (RSS, "rss"),
        (ATOM, "atom"),
        (SITEMAP, "sitemap"),
        (SITEMAP_INDEX, "sitemapindex"),
        (b"\xef\xbb\xbf<!-- hi --><?xml-stylesheet href='x'?><urlset/>", "sitemap"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"  <html lang='en'><head></head></html>", "html"),
        (b"%PDF-1.7", "unknown"),
    ],
)
def test_sniff(data: bytes, kind: str) -> None:
    assert sniff(data) == kind


def test_html_is_not_a_feed() -> None:
    with pytest.raises(InvalidInputError):
        parse_feed(b"<!DOCTYPE html><html><body>hello</body></html>")


def test_malformed_xml_is_invalid_input() -> None:
    with pytest.raises(InvalidInputError):
        parse_feed(b"<rss><channel><item><link>https://x.example/</link></channel>")


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><item><link>https://x.example/&lol9;</link></item></channel></rss>"""


@pytest.mark.parametrize("padding", [b"", b"<!--" + b"x" * 20000 + b"-->"])
def test_billion_laughs_refused_quickly(padding: bytes) -> None:
    # The padded variant pushes the DTD past the cheap prolog check so that the
    # defusedxml parser itself has to refuse it.
    data = BILLION_LAUGHS.replace(b"<!DOCTYPE", padding + b"<!DOCTYPE", 1)
    started = time.monotonic()
    with pytest.raises(UnsafeXMLError):
        parse_feed(data)
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("padding", [b"", b"<!--" + b"x" * 20000 + b"-->"])
def test_external_entity_refused(padding: bytes) -> None:
    xxe = (
        b'<?xml version="1.0"?>'
        + padding
        + b'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><link>https://x.example/&xxe;</link></item></channel></rss>"
    )
    with pytest.raises(UnsafeXMLError):
        parse_feed(xxe)


def _big_feed(n: int) -> bytes:
    items = b"".join(
        b"<item><link>https://news.example.com/a/%d</link>"
        b"<pubDate>Tue, 02 Jan 2024 10:30:00 GMT</pubDate></item>" % i
        for i in range(n)
    )
    return b"<rss version='2.0'><channel>" + items + b"</channel></rss>"


def test_feed_with_10000_urls_within_bounds() -> None:
    started = time.monotonic()
    doc = parse_feed(_big_feed(10_000))
    assert len(doc.entries) == 10_000
    assert len({e.url for e in doc.entries}) == 10_000
    assert doc.skipped == 0
    assert time.monotonic() - started < 10.0


def test_entry_limit_counts_the_rest() -> None:
    doc = parse_feed(_big_feed(10_000), max_entries=2_500)
    assert len(doc.entries) == 2_500
    assert doc.skipped == 7_500
    assert doc.entries[-1].url == "https://news.example.com/a/2499"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-02", datetime(2024, 1, 2, tzinfo=UTC)),
        ("2024-01", datetime(2024, 1, 1, tzinfo=UTC)),
        ("2024-01-02T10:00:00.123Z", datetime(2024, 1, 2, 10, 0, 0, 123000, tzinfo=UTC)),
        ("2024-01-02T10:00:00+02:00", datetime(2024, 1, 2, 8, tzinfo=UTC)),
        ("Tue, 02 Jan 2024 10:30:00 GMT", datetime(2024, 1, 2, 10, 30, tzinfo=UTC)),
        ("Tue, 02 Jan 2024 10:30:00 EST", datetime(2024, 1, 2, 15, 30, tzinfo=UTC)),
        ("yesterday", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: datetime | None) -> None:
    parsed = parse_date(text)
    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo is not None


def test_rss_item_with_atom_link_and_rss1() -> None:
    rss = (
        b'<rss xmlns:atom="http://www.w3.org/2005/Atom"><channel><item>'
        b'<atom:link href="https://news.example.com/x"/></item></channel></rss>'
    )
    assert [e.url for e in parse_feed(rss).entries] == ["https://news.example.com/x"]
    rdf = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://n.example/"/>'
        b'<item rdf:about="https://n.example/1"><link>https://n.example/1</link></item>'
        b"</rdf:RDF>"
    )
    assert [e.url for e in parse_feed(rdf).entries] == ["https://n.example/1"]
