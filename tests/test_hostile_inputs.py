"""Bad input never crashes a run: each input ends as exactly one row of ``articles`` or
``rejects``, with a clear reason, in bounded time and memory. All hostile material is
generated here at test time."""

from __future__ import annotations

import gzip
import os
import threading
from collections import Counter
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from etl import pipeline
from etl.config import Settings
from etl.parquet_io import read_partition
from etl.sample_site import manifest, render

DAY = date(2026, 11, 20)
N_FEED_URLS = 10_000

BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

NO_ARTICLE = b"""<!doctype html><html lang="en"><head><title>Section index</title></head>
<body><nav><a href="/a">World</a> <a href="/b">Business</a> <a href="/c">Sport</a></nav>
<footer>Copyright</footer></body></html>"""


def _wrong_charset_page() -> bytes:
    para = ("The ferry to Zürich-Höngg and Genève leaves at dawn, and the café owners of "
            "Malmö greet the crossing with crème brûlée. ") * 6
    html = ('<!doctype html><html><head><meta charset="iso-8859-1"><title>Lake ferries '
            "return</title></head><body><article><h1>Lake ferries return</h1>"
            + "".join(f"<p>{para}</p>" for _ in range(3))
            + "</article></body></html>")
    return html.encode("utf-8")  # declared Latin-1, really UTF-8


class _Hostile(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /blocked/\n", "text/plain")
        elif self.path == "/bomb.xml":
            self._send(200, BOMB, "application/rss+xml")
        elif self.path == "/huge-feed.xml":
            port = self.server.server_address[1]
            items = "".join(f"<item><link>http://127.0.0.1:{port}/blocked/{i}.html</link></item>"
                            for i in range(N_FEED_URLS))
            body = f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'
            self._send(200, body.encode(), "application/rss+xml")
        elif self.path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/report.pdf":
            self._send(200, b"%PDF-1.7\n" + os.urandom(2048), "application/pdf")
        else:
            self._send(404, b"not here", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    files = root / "files"
    files.mkdir()
    good = manifest()[0]
    (files / "good.html").write_bytes(render(good.path, "https://sample.example"))
    (files / "copy-of-good.html").write_bytes(render(good.path, "https://sample.example"))
    (files / "binary.html").write_bytes(os.urandom(64 * 1024))
    packed = gzip.compress(b"<html><body>" + os.urandom(60_000).hex().encode())
    (files / "truncated.html.gz").write_bytes(packed[: len(packed) // 2])
    (files / "huge.html").write_bytes(b"<html><body><p>" + b"a " * (25 * 1024 * 1024) + b"</p>")
    (files / "wrong-charset.html").write_bytes(_wrong_charset_page())
    (files / "no-article.html").write_bytes(NO_ARTICLE)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hostile)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    sources = [str(files), f"{base}/bomb.xml", f"{base}/huge-feed.xml", f"{base}/to-metadata",
               f"{base}/report.pdf"]
    settings = Settings.from_env(data_dir=root / "data", allow_loopback=True, batch_size=2000)
    try:
        plan = pipeline.plan(settings, sources, DAY, "hostile", use_interval=False)
        for b in plan.batches:
            pipeline.run_batch(settings, plan, b)
        pipeline.write(settings, plan)
    finally:
        server.shutdown()
    arts = read_partition(settings.data_dir, "articles", DAY).to_pylist()
    rejs = read_partition(settings.data_dir, "rejects", DAY).to_pylist()
    return files, base, plan, arts, rejs


def _reject_for(rejs, fragment):
    hits = [r for r in rejs if fragment in r["url"]]
    assert len(hits) == 1, (fragment, hits)
    return hits[0]


def test_every_input_ends_exactly_once(hostile_run):
    *_, arts, rejs = hostile_run
    urls = [a["url"] for a in arts] + [r["url"] for r in rejs]
    assert len(urls) == len(set(urls)), [u for u, n in Counter(urls).items() if n > 1]
    # 7 files + 10,000 feed items + bomb feed + redirect + pdf
    assert len(urls) == 7 + N_FEED_URLS + 3
    names = {Path(a["url"]).name for a in arts}
    # the same page twice: the first in input order is kept, the other is a duplicate
    assert len(names & {"good.html", "copy-of-good.html"}) == 1
    assert names - {"good.html", "copy-of-good.html"} == {"wrong-charset.html"}


def test_duplicate_page_is_a_reject(hostile_run):
    *_, arts, rejs = hostile_run
    kept = {Path(a["url"]).name for a in arts}
    other = "copy-of-good.html" if "good.html" in kept else "good.html"
    rej = _reject_for(rejs, f"/{other}")
    assert rej["error_type"] == "DuplicateError" and rej["stage"] == "dedupe"


@pytest.mark.parametrize(
    ("fragment", "error_type"),
    [
        ("binary.html", "UnsupportedContentError"),
        ("truncated.html.gz", "InvalidInputError"),
        ("huge.html", "TooLargeError"),
        ("no-article.html", "NoArticleError"),
        ("/bomb.xml", "UnsafeXMLError"),
        ("/to-metadata", "UnsafeURLError"),
        ("/report.pdf", "UnsupportedContentError"),
    ],
)
def test_reasons_are_clear(hostile_run, fragment, error_type):
    *_, rejs = hostile_run
    rej = _reject_for(rejs, fragment)
    assert rej["error_type"] == error_type, rej
    assert rej["error_message"] and rej["stage"] and rej["run_id"] == "hostile"


def test_huge_feed_is_bounded_and_accounted(hostile_run):
    *_, rejs = hostile_run
    blocked = [r for r in rejs if "/blocked/" in r["url"]]
    assert len(blocked) == N_FEED_URLS
    assert {r["error_type"] for r in blocked} == {"RobotsDisallowedError"}


def test_wrong_declared_charset_is_decoded(hostile_run):
    (page,) = [a for a in hostile_run[3] if a["url"].endswith("wrong-charset.html")]
    assert "Zürich" in page["text"] and "crème brûlée" in page["text"]
    assert "Ã" not in page["text"]
