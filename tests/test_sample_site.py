"""The bundled sample site, its loopback server and the seed-page renderer."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from lxml import etree
from seedpage import DEFAULT_PUBLISHED_AT, parse_seed_text, render_seed_page

from etl.sample_site import SAMPLE_DAY, SamplePage, manifest, render, site_dir
from etl.sample_site.build import stale
from etl.sample_site.markup import SITES
from etl.sample_site.server import serve_site

BASE = "http://127.0.0.1:54321"
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "starmer-ukraine-nato.txt"

PAGES = manifest()


def _doc(page: SamplePage) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(render(page.path, BASE))


def _news_article(doc: lxml.html.HtmlElement) -> dict:
    """The NewsArticle object from a page's JSON-LD, plain or inside an @graph."""
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        data = json.loads(script.text)
        candidates = data.get("@graph", [data]) if isinstance(data, dict) else data
        for item in candidates:
            if item.get("@type") == "NewsArticle":
                return item
    raise AssertionError("no NewsArticle in JSON-LD")


def _article_text(doc: lxml.html.HtmlElement) -> str:
    """Body paragraphs only: <p> in <article> outside figures, asides and lists."""
    paras = doc.xpath(
        "//article//p[not(ancestor::figure) and not(ancestor::aside) and not(ancestor::header)"
        " and not(ancestor::footer) and not(@class)]"
    )
    return "\n".join(p.text_content() for p in paras)


def _seed_text() -> str:
    if not SEED.is_file():
        pytest.fail(
            f"seed article not found at {SEED}: these tests need the shared folder "
            "checked out beside the repository root (../shared)"
        )
    return SEED.read_text(encoding="utf-8")


# --- the manifest and the pages ------------------------------------------------


def test_manifest_shape() -> None:
    assert 10 <= len(PAGES) <= 12
    assert len({p.path for p in PAGES}) == len(PAGES)
    assert len({p.published_at for p in PAGES}) == len(PAGES), "publication times should vary"
    for p in PAGES:
        assert p.path.startswith("/") and p.path.endswith(".html")
        assert p.published_at.tzinfo is not None
        assert p.published_at.astimezone(UTC).date() == SAMPLE_DAY
        assert p.site_name in {s.name for s in SITES.values()}
    assert len({p.site_name for p in PAGES}) >= 2, "several templates keep extraction honest"


def test_generated_files_are_current() -> None:
    """The checked-in files match a fresh render of articles.py
    (python -m etl.sample_site.build)."""
    assert stale() == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path.rsplit("/", 1)[-1])
def test_page_parses_with_metadata(page: SamplePage) -> None:
    assert (site_dir() / page.path.lstrip("/")).is_file()
    raw = render(page.path, BASE).decode("utf-8")
    assert "{{BASE_URL}}" not in raw
    doc = lxml.html.fromstring(raw)
    url = BASE + page.path

    assert doc.xpath("string(//h1)").strip() == page.title
    assert doc.xpath('string(//link[@rel="canonical"]/@href)') == url
    assert doc.xpath('string(//meta[@property="og:url"]/@content)') == url
    assert doc.xpath('string(//meta[@property="og:type"]/@content)') == "article"
    assert doc.xpath('string(//meta[@property="og:site_name"]/@content)') == page.site_name
    assert doc.xpath('//meta[@property="article:tag"]')
    og_pub = datetime.fromisoformat(
        doc.xpath('string(//meta[@property="article:published_time"]/@content)')
    )
    assert og_pub == page.published_at

    ld = _news_article(doc)
    published = datetime.fromisoformat(ld["datePublished"])
    modified = datetime.fromisoformat(ld["dateModified"])
    assert published.tzinfo is not None, "full timestamps with offsets, not bare dates"
    assert published == page.published_at
    assert published.astimezone(UTC).date() == SAMPLE_DAY
    assert modified >= published
    assert ld["headline"] == page.title
    assert ld["url"] == url
    assert ld["articleSection"] == page.section
    assert ld["keywords"] and ld["image"] and ld["publisher"]["name"] == page.site_name
    authors = ld["author"] if isinstance(ld["author"], list) else [ld["author"]]
    assert [a["name"] for a in authors] == list(page.authors)

    # <time> elements agree with JSON-LD.
    times = [datetime.fromisoformat(t) for t in doc.xpath("//article//time/@datetime")]
    assert times[0] == page.published_at


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.path.rsplit("/", 1)[-1])
def test_page_furniture(page: SamplePage) -> None:
    """Each page carries the clutter an extractor must leave out."""
    doc = _doc(page)
    figures = doc.xpath("//article//figure")
    assert 1 <= len(figures) <= 3
    captioned = [f for f in figures if f.xpath(".//figcaption")]
    assert captioned, "at least one figcaption"
    for fig in captioned:
        cap = fig.xpath("string(.//figcaption)").strip()
        assert cap and fig.xpath(".//*[contains(@class, 'credit')]")
    assert doc.xpath("//article//picture/source[@srcset]")
    assert doc.xpath("//article//img[@data-src or @loading='lazy']")
    assert doc.xpath("//img[@width='1' and @height='1']"), "tracking pixel"
    assert doc.xpath("//nav") and doc.xpath("//footer")
    assert doc.xpath(
        "//*[contains(@class,'cookie') or contains(@class,'gdpr') or contains(@class,'cc-')]"
    )
    related = doc.xpath("//*[contains(@class,'related')]//li")
    assert related and all("Published" in li.text_content() for li in related)
    promo = doc.xpath("//*[@data-component='newsletter-promo']")
    assert promo and promo[0].xpath(".//img") and "newsletter" in promo[0].text_content().lower()


def test_offsets_straddle_midnight() -> None:
    """Some JSON-LD dates show another local day; only the UTC instant is on SAMPLE_DAY.

    This is deliberate: a pipeline that takes the date part of the string
    instead of converting to UTC gets these wrong.
    """
    local_days = {
        datetime.fromisoformat(_news_article(_doc(p))["datePublished"]).date() for p in PAGES
    }
    assert local_days - {SAMPLE_DAY}


def test_phrases_unique_to_their_article() -> None:
    texts = {p.path: _article_text(_doc(p)) for p in PAGES}
    raws = {p.path: render(p.path, BASE).decode() for p in PAGES}
    for p in PAGES:
        assert p.phrase in texts[p.path], f"{p.phrase!r} not in body of {p.path}"
        others = [path for path, raw in raws.items() if path != p.path and p.phrase in raw]
        assert others == [], f"{p.phrase!r} also in {others}"
        assert 350 <= len(texts[p.path].split()) <= 700


# --- feeds, sitemap, robots ------------------------------------------------------


def _paths(urls: list[str]) -> list[str]:
    assert all(u.startswith(BASE + "/") for u in urls)
    return sorted(urlsplit(u).path for u in urls)


def test_rss_lists_every_article() -> None:
    root = etree.fromstring(render("/feed.xml", BASE))
    items = root.findall("./channel/item")
    assert _paths([i.findtext("link") for i in items]) == sorted(p.path for p in PAGES)
    by_path = {p.path: p for p in PAGES}
    for item in items:
        when = parsedate_to_datetime(item.findtext("pubDate"))
        assert when == by_path[urlsplit(item.findtext("link")).path].published_at


def test_atom_lists_every_article() -> None:
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = etree.fromstring(render("/atom.xml", BASE))
    entries = root.findall("a:entry", ns)
    hrefs = [e.find("a:link[@rel='alternate']", ns).get("href") for e in entries]
    assert _paths(hrefs) == sorted(p.path for p in PAGES)
    by_path = {p.path: p for p in PAGES}
    for e, href in zip(entries, hrefs, strict=True):
        published = datetime.fromisoformat(e.findtext("a:published", namespaces=ns))
        assert published == by_path[urlsplit(href).path].published_at


def test_news_sitemap_lists_every_article() -> None:
    ns = {
        "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
        "n": "http://www.google.com/schemas/sitemap-news/0.9",
    }
    root = etree.fromstring(render("/sitemap.xml", BASE))
    urls = root.findall("s:url", ns)
    locs = [u.findtext("s:loc", namespaces=ns) for u in urls]
    assert _paths(locs) == sorted(p.path for p in PAGES)
    by_path = {p.path: p for p in PAGES}
    for u, loc in zip(urls, locs, strict=True):
        assert u.findtext("s:lastmod", namespaces=ns)
        pub = u.findtext("n:news/n:publication_date", namespaces=ns)
        assert datetime.fromisoformat(pub) == by_path[urlsplit(loc).path].published_at


def test_robots() -> None:
    robots = render("/robots.txt", BASE).decode()
    assert "Disallow: /private/" in robots
    assert f"Sitemap: {BASE}/sitemap.xml" in robots


def test_render_missing_and_traversal() -> None:
    with pytest.raises(FileNotFoundError):
        render("/world/no-such-story.html", BASE)
    with pytest.raises(FileNotFoundError):
        render("/../__init__.py", BASE)


# --- the server ---------------------------------------------------------------------


def _get(url: str, method: str = "GET") -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.headers["Content-Type"], resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), b""


def test_server_serves_with_base_url() -> None:
    page = PAGES[0]
    with serve_site() as base:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", base)
        status, ctype, body = _get(base + page.path)
        assert status == 200 and ctype == "text/html; charset=utf-8"
        text = body.decode()
        assert "{{BASE_URL}}" not in text and f'href="{base}{page.path}"' in text

        for path, expected in [
            ("/feed.xml", "application/rss+xml"),
            ("/atom.xml", "application/atom+xml"),
            ("/sitemap.xml", "application/xml"),
            ("/robots.txt", "text/plain"),
        ]:
            status, ctype, body = _get(base + path)
            assert status == 200 and ctype.split(";")[0] == expected
            assert b"{{BASE_URL}}" not in body and base.encode() in body

        status, ctype, body = _get(base + page.path, method="HEAD")
        assert status == 200 and body == b""
        assert _get(base + "/")[0] == 200
        assert _get(base + "/world/no-such-story.html")[0] == 404
        assert _get(base + "/%2e%2e/__init__.py")[0] == 404
    with pytest.raises(OSError):
        urllib.request.urlopen(base + "/feed.xml", timeout=2)


def test_server_serves_another_directory(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<a href="{{BASE_URL}}/b.html">b</a>', encoding="utf-8")
    with serve_site(tmp_path) as base:
        status, _, body = _get(base + "/a.html")
        assert status == 200 and body.decode() == f'<a href="{base}/b.html">b</a>'
        assert _get(base + "/feed.xml")[0] == 404


# --- the seed-page renderer ---------------------------------------------------------------


def _caption_lines(txt: str) -> dict[str, str]:
    """Image URL -> the caption line that follows it, straight from the text."""
    lines = [ln.strip() for ln in txt.splitlines() if ln.strip()]
    out = {}
    for line, nxt in zip(lines, [*lines[1:], ""], strict=True):
        m = re.match(r"^!\[[^\]]*\]\(([^)]+)\)$", line)
        if m and nxt and not nxt.startswith(("-", "!", '"')) and not nxt.endswith((".", '"')):
            out[m.group(1)] = nxt
    return out


@pytest.mark.parametrize("site", sorted(SITES))
def test_seed_page_figures_and_furniture(site: str) -> None:
    txt = _seed_text()
    html = render_seed_page(txt, BASE, site=site)
    doc = lxml.html.fromstring(html)
    title = txt.splitlines()[0].strip()
    assert doc.xpath("string(//h1)").strip() == title

    expected = _caption_lines(txt)
    assert expected, "the seed has at least one captioned image"
    figures = doc.xpath("//article//figure")
    seen = {}
    for fig in figures:
        src = fig.xpath("string(.//noscript/img/@src | .//img[not(@data-src)]/@src)") or fig.xpath(
            "string(.//img/@data-src)"
        )
        seen[src] = fig.xpath("string(.//figcaption)").strip()
    for url, caption in expected.items():
        assert seen.get(url) == caption

    ld = _news_article(doc)
    assert datetime.fromisoformat(ld["datePublished"]) == DEFAULT_PUBLISHED_AT
    assert ld["headline"] == title

    related = doc.xpath("//*[contains(@class,'related')]//li")
    assert [li.xpath("string(.//span)") for li in related] == [
        f"Published {age}" for age in parse_seed_text(txt).related_ages
    ]
    promo = doc.xpath("//*[@data-component='newsletter-promo']")
    assert promo and promo[0].xpath(".//img/@src")
    promo_text = promo[0].xpath("string(.//p)")
    assert promo_text and promo_text not in _article_text(doc)
    # Every body line of the seed is a paragraph in the page.
    body = _article_text(doc)
    assert all(p in body for p in parse_seed_text(txt).paragraphs)


def test_seed_page_published_at_parameter() -> None:
    when = datetime(2026, 11, 20, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    doc = lxml.html.fromstring(render_seed_page(_seed_text(), BASE, when, site="ledger"))
    assert datetime.fromisoformat(_news_article(doc)["datePublished"]) == when
    with pytest.raises(ValueError):
        render_seed_page(_seed_text(), BASE, datetime(2026, 11, 20, 9, 0))


def test_seed_renderer_is_generic() -> None:
    """The renderer must not embed the seed's words (no fixture special-casing)."""
    source = (Path(__file__).parent / "seedpage.py").read_text(encoding="utf-8").lower()
    words = re.findall(r"[a-z']+", _seed_text().lower())
    common = {"published", "sign", "there", "these", "speaking", "earlier", "afterwards"}
    names = {w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", _seed_text()) if w.lower() not in common}
    assert not [n for n in names if re.search(rf"\b{n.lower()}\b", source)]
    for i in range(len(words) - 5):
        assert " ".join(words[i : i + 6]) not in source
