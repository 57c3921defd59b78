"""Discovery of inputs from files, folders, WARCs, URL lists, feeds and sitemaps."""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from warcio.warcwriter import WARCWriter

from etl.discover import DiscoverOptions, discover
from etl.errors import InvalidInputError, UnsafeXMLError, UnsupportedContentError
from etl.fetch import Fetcher, FetchOptions
from etl.rawstore import write_warc
from etl.records import RawPage

DAY = (datetime(2024, 1, 2, tzinfo=UTC), datetime(2024, 1, 3, tzinfo=UTC))
HTML = b"<html><body><p>news</p></body></html>"


def page(url: str, when: datetime, **kw: Any) -> RawPage:
    return RawPage(url=url, body=HTML, fetched_at=when, **kw)


def test_files_and_folders(tmp_path: Path) -> None:
    (tmp_path / "site" / "deep").mkdir(parents=True)
    (tmp_path / "site" / "a.html").write_bytes(HTML)
    (tmp_path / "site" / "deep" / "b.htm").write_bytes(HTML)
    (tmp_path / "site" / "deep" / "c.html.gz").write_bytes(gzip.compress(HTML))
    (tmp_path / "site" / "notes.md").write_text("ignored: not HTML")
    single = tmp_path / "one.html"
    single.write_bytes(HTML)
    found = discover(
        [str(tmp_path / "site"), str(single)],
        interval=None,
        fetcher=None,
        options=DiscoverOptions(),
    )
    assert found.rejects == []
    names = [Path(ref.location).name for ref in found.inputs]
    assert names == ["a.html", "b.htm", "c.html.gz", "one.html"]
    for ref in found.inputs:
        assert ref.kind == "file"
        assert Path(ref.location).is_absolute()
        assert ref.url == Path(ref.location).as_uri()


def test_broken_inputs_become_rejects(tmp_path: Path) -> None:
    truncated = tmp_path / "t.html.gz"
    truncated.write_bytes(gzip.compress(HTML * 50)[:-30])
    unknown = tmp_path / "x.pdf"
    unknown.write_bytes(b"%PDF")
    found = discover(
        [
            str(truncated),
            str(tmp_path / "missing.html"),
            str(unknown),
            "ftp://example.com/x",
            "https://example.com/feed",
        ],
        interval=None,
        fetcher=None,
        options=DiscoverOptions(),
    )
    assert found.inputs == []
    assert len(found.rejects) == 5
    for location, error in found.rejects:
        assert location
        assert error.stage == "discover"
        assert isinstance(error, InvalidInputError)


def test_url_list(tmp_path: Path) -> None:
    urls = tmp_path / "list.urls"
    urls.write_text(
        "# morning batch\n"
        "https://news.example.com/a\n"
        "\n"
        "  http://news.example.com/b  \n"
        "https://news.example.com/a\n"
        "not a url\n"
        "javascript:alert(1)\n"
    )
    found = discover([str(urls)], interval=None, fetcher=None, options=DiscoverOptions())
    assert [r.url for r in found.inputs] == [
        "https://news.example.com/a",
        "http://news.example.com/b",
    ]
    assert all(r.kind == "url" for r in found.inputs)
    assert found.duplicates == 1
    assert [loc for loc, _ in found.rejects] == ["not a url", "javascript:alert(1)"]


def write_mixed_warc(path: Path) -> None:
    """A WARC with a request record, HTML responses, a PDF and a redirect."""
    write_warc(
        path,
        [
            page("https://news.example.com/day1", datetime(2024, 1, 1, 23, 0, tzinfo=UTC)),
            page("https://news.example.com/day2", datetime(2024, 1, 2, 8, 0, tzinfo=UTC)),
            page("https://news.example.com/day2b", datetime(2024, 1, 2, 23, 59, 59, tzinfo=UTC)),
            page("https://news.example.com/day2", datetime(2024, 1, 2, 9, 0, tzinfo=UTC)),
            page(
                "https://news.example.com/doc.pdf",
                datetime(2024, 1, 2, tzinfo=UTC),
                content_type="application/pdf",
            ),
            page(
                "https://news.example.com/moved", datetime(2024, 1, 2, tzinfo=UTC), http_status=301
            ),
            page("https://news.example.com/day3", datetime(2024, 1, 3, 0, 0, tzinfo=UTC)),
        ],
    )
    # Prepend a request record, as real crawls have.
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(
        writer.create_warc_record(
            "https://news.example.com/day1",
            "request",
            payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"),
        )
    )
    path.write_bytes(buf.getvalue() + path.read_bytes())


def test_warc_records_and_interval(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_mixed_warc(path)
    everything = discover([str(path)], interval=None, fetcher=None, options=DiscoverOptions())
    assert [r.url.rsplit("/", 1)[1] for r in everything.inputs] == ["day1", "day2", "day2b", "day3"]
    assert everything.duplicates == 1
    assert {type(e) for _, e in everything.rejects} == {UnsupportedContentError}
    assert len(everything.rejects) == 2  # the PDF and the redirect are accounted for
    ref = everything.inputs[1]
    assert ref.kind == "warc" and ref.warc_offset and ref.warc_offset > 0
    assert ref.hinted_date == datetime(2024, 1, 2, 8, 0, tzinfo=UTC)

    day = discover([str(path)], interval=DAY, fetcher=None, options=DiscoverOptions())
    assert [r.url.rsplit("/", 1)[1] for r in day.inputs] == ["day2", "day2b"]
    assert day.out_of_interval == 2

    from etl.rawstore import read_input

    assert read_input(day.inputs[0], None).url == "https://news.example.com/day2"


def test_truncated_warc_keeps_good_records_and_rejects_rest(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path, [page(f"https://x.example/{i}", datetime(2024, 1, 2, tzinfo=UTC)) for i in range(3)]
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 60])
    found = discover([str(path)], interval=None, fetcher=None, options=DiscoverOptions())
    assert [r.url for r in found.inputs] == ["https://x.example/0", "https://x.example/1"]
    assert len(found.rejects) == 1
    assert isinstance(found.rejects[0][1], InvalidInputError)
    assert found.rejects[0][1].stage == "discover"


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(b"hello world this is text\n" * 10)
    found = discover([str(path)], interval=None, fetcher=None, options=DiscoverOptions())
    assert found.inputs == [] and len(found.rejects) == 1


# ---------------------------------------------------------------- remote sources

RSS = """<?xml version="1.0"?><rss version="2.0"><channel>
<item><link>{base}/a1</link><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate></item>
<item><link>{base}/a2</link><pubDate>Mon, 01 Jan 2024 10:00:00 GMT</pubDate></item>
<item><link>{base}/a3</link></item>
</channel></rss>"""

INDEX = """<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sm-new.xml</loc><lastmod>2024-01-02</lastmod></sitemap>
<sitemap><loc>{base}/sm-old.xml</loc><lastmod>2023-06-01</lastmod></sitemap>
<sitemap><loc>{base}/index.xml</loc></sitemap>
</sitemapindex>"""

NEWS = """<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{base}/n1</loc><news:news>
<news:publication_date>2024-01-02T05:00:00Z</news:publication_date></news:news></url>
<url><loc>{base}/a1</loc><lastmod>2024-01-02T11:00:00Z</lastmod></url>
</urlset>"""

OLD = """<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/old</loc></url></urlset>"""

BOMB = """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><item><link>&b;</link></item>
</channel></rss>"""


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, tuple[str, bytes]], list[str]]]:
    routes: dict[str, tuple[str, bytes]] = {}
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            hits.append(self.path)
            content_type, body = routes.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in routes else 404)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", routes, hits
    httpd.shutdown()
    httpd.server_close()


def fetcher() -> Fetcher:
    return Fetcher(FetchOptions(allow_loopback=True, per_host_delay=0.0, retries=0, deadline=5.0))


def test_remote_feed_with_interval(server: Any) -> None:
    base, routes, _ = server
    routes["/rss"] = ("application/rss+xml", RSS.format(base=base).encode())
    found = discover([f"{base}/rss"], interval=DAY, fetcher=fetcher(), options=DiscoverOptions())
    assert [r.url for r in found.inputs] == [f"{base}/a1", f"{base}/a3"]
    assert found.inputs[0].hinted_date == datetime(2024, 1, 2, 10, tzinfo=UTC)
    assert found.out_of_interval == 1
    assert found.rejects == []


def test_sitemap_index_recursion_depth_and_dedup(server: Any) -> None:
    base, routes, hits = server
    routes["/index.xml"] = ("application/xml", INDEX.format(base=base).encode())
    routes["/sm-new.xml"] = ("application/xml", gzip.compress(NEWS.format(base=base).encode()))
    routes["/sm-old.xml"] = ("application/xml", OLD.format(base=base).encode())
    routes["/rss"] = ("application/rss+xml", RSS.format(base=base).encode())
    found = discover(
        [f"{base}/index.xml", f"{base}/rss"],
        interval=DAY,
        fetcher=fetcher(),
        options=DiscoverOptions(max_sitemap_depth=2),
    )
    assert [r.url for r in found.inputs] == [f"{base}/n1", f"{base}/a1", f"{base}/a3"]
    assert found.inputs[0].hinted_date == datetime(2024, 1, 2, 5, tzinfo=UTC)
    assert found.duplicates == 1  # a1 listed by the sitemap and the feed
    assert "/sm-old.xml" not in hits  # unchanged since before the interval
    assert hits.count("/index.xml") == 1  # the self-reference is not followed again


def test_sitemap_depth_limit(server: Any) -> None:
    base, routes, _ = server
    for level in range(4):
        routes[f"/idx{level}.xml"] = (
            "application/xml",
            (
                '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<sitemap><loc>{base}/idx{level + 1}.xml</loc></sitemap></sitemapindex>"
            ).encode(),
        )
    found = discover(
        [f"{base}/idx0.xml"],
        interval=None,
        fetcher=fetcher(),
        options=DiscoverOptions(max_sitemap_depth=2),
    )
    assert found.inputs == []
    assert [loc for loc, _ in found.rejects] == [f"{base}/idx3.xml"]


def test_article_page_source_and_unsafe_feed(server: Any) -> None:
    base, routes, _ = server
    routes["/story"] = ("text/html; charset=utf-8", HTML)
    routes["/bomb"] = ("application/xml", BOMB.encode())
    found = discover(
        [f"{base}/story", f"{base}/bomb", f"{base}/missing", "http://169.254.169.254/latest/"],
        interval=DAY,
        fetcher=fetcher(),
        options=DiscoverOptions(),
    )
    assert [(r.kind, r.url) for r in found.inputs] == [("url", f"{base}/story")]
    errors = {loc: err for loc, err in found.rejects}
    assert isinstance(errors[f"{base}/bomb"], UnsafeXMLError)
    assert errors[f"{base}/missing"].http_status == 404
    assert errors["http://169.254.169.254/latest/"].error_type == "UnsafeURLError"
    assert all(err.stage == "discover" for err in errors.values())


def test_entry_limit_reported(server: Any) -> None:
    base, routes, _ = server
    items = "".join(f"<item><link>{base}/p{i}</link></item>" for i in range(10_000))
    routes["/big"] = ("application/rss+xml", f"<rss><channel>{items}</channel></rss>".encode())
    found = discover(
        [f"{base}/big"],
        interval=None,
        fetcher=fetcher(),
        options=DiscoverOptions(max_entries_per_document=1000),
    )
    assert len(found.inputs) == 1000
    assert len(found.rejects) == 1 and "9000" in str(found.rejects[0][1])


def test_local_feed_file(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS.format(base="https://news.example.com"))
    found = discover([str(feed)], interval=None, fetcher=None, options=DiscoverOptions())
    assert len(found.inputs) == 3


def test_naive_interval_taken_as_utc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_mixed_warc(path)
    naive = (datetime(2024, 1, 2), datetime(2024, 1, 3))
    found = discover([str(path)], interval=naive, fetcher=None, options=DiscoverOptions())
    assert [r.url.rsplit("/", 1)[1] for r in found.inputs] == ["day2", "day2b"]
