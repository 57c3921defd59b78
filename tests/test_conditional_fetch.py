"""A rerun of a day asks the server only for changes (ETag) and reuses the kept raw page;
a page URL given as a source is fetched once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from etl import pipeline
from etl.config import Settings
from etl.parquet_io import read_partition
from etl.sample_site import manifest, render

DAY = date(2026, 11, 20)
PAGE = manifest()[0]


@contextmanager
def page_server(seen: Callable[[BaseHTTPRequestHandler], str | None]) -> Iterator[str]:
    """Serve the sample page on loopback (no robots.txt); ``seen`` is told of every page
    request and may answer ``"304"`` to send Not Modified. Yields the page URL."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if seen(self) == "304":
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            body = render(PAGE.path, f"http://127.0.0.1:{self.server.server_address[1]}")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PAGE.path}"
    finally:
        server.shutdown()


def run_day(settings: Settings, sources: list[str], run_id: str) -> None:
    plan = pipeline.plan(settings, sources, DAY, run_id, use_interval=False)
    for b in plan.batches:
        pipeline.run_batch(settings, plan, b)
    pipeline.write(settings, plan)


def test_rerun_sends_if_none_match_and_reuses_kept_page(tmp_path):
    etags: list[str | None] = []

    def seen(request: BaseHTTPRequestHandler) -> str | None:
        etags.append(request.headers.get("If-None-Match"))
        return "304" if etags[-1] == '"v1"' else None

    settings = Settings.from_env(data_dir=tmp_path / "data", allow_loopback=True)
    runs = []
    with page_server(seen) as url:
        url_list = tmp_path / "urls.txt"  # a URL list: the fetch stage is the only one to ask
        url_list.write_text(url + "\n", encoding="utf-8")
        for run_id in ("first", "second"):
            run_day(settings, [str(url_list)], run_id)
            runs.append(
                read_partition(settings.data_dir, "articles", DAY).select(["id", "title", "text"])
            )
    # in full the first time, only for changes on the rerun
    assert etags == [None, '"v1"'], etags
    assert runs[0].num_rows == 1
    assert runs[1].equals(runs[0])
    assert read_partition(settings.data_dir, "rejects", DAY).num_rows == 0


def test_a_page_url_given_as_source_is_fetched_once(tmp_path):
    """Discovery fetches a source URL to tell a page from a feed; the fetch stage reuses
    that page instead of asking the site again."""
    paths: list[str] = []

    def seen(request: BaseHTTPRequestHandler) -> None:
        paths.append(request.path)

    settings = Settings.from_env(data_dir=tmp_path, allow_loopback=True)
    with page_server(seen) as url:
        run_day(settings, [url], "once")
    assert paths == [PAGE.path]
    rows = read_partition(tmp_path, "articles", DAY).to_pylist()
    assert [r["url"] for r in rows] == [url] and rows[0]["title"]
    raw = tmp_path / "raw" / f"dt={DAY}" / "pages.warc.gz"
    assert raw.is_file()  # the page is kept for re-extraction like any fetched page
