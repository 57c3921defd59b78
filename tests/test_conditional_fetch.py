"""A rerun of a day asks the server only for changes (ETag) and reuses the kept raw page."""

from __future__ import annotations

import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from etl import pipeline
from etl.config import Settings
from etl.parquet_io import read_partition
from etl.sample_site import manifest, render

DAY = date(2026, 11, 20)


def test_rerun_sends_if_none_match_and_reuses_kept_page(tmp_path):
    page = manifest()[0]
    seen: list[str | None] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/robots.txt":
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            seen.append(self.headers.get("If-None-Match"))
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.send_header("ETag", '"v1"')
                self.end_headers()
                return
            body = render(page.path, f"http://127.0.0.1:{self.server.server_address[1]}")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("ETag", '"v1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{page.path}"
    url_list = tmp_path / "urls.txt"  # a URL list: the fetch stage is the only one to ask
    url_list.write_text(url + "\n", encoding="utf-8")
    settings = Settings.from_env(data_dir=tmp_path / "data", allow_loopback=True)
    runs = []
    try:
        for run_id in ("first", "second"):
            plan = pipeline.plan(settings, [str(url_list)], DAY, run_id, use_interval=False)
            for b in plan.batches:
                pipeline.run_batch(settings, plan, b)
            pipeline.write(settings, plan)
            runs.append(
                read_partition(settings.data_dir, "articles", DAY).select(["id", "title", "text"])
            )
    finally:
        server.shutdown()
    # in full the first time, only for changes on the rerun
    assert seen == [None, '"v1"'], seen
    assert runs[0].num_rows == 1
    assert runs[1].equals(runs[0])
    assert read_partition(settings.data_dir, "rejects", DAY).num_rows == 0


def test_a_page_url_given_as_source_is_fetched_once(tmp_path):
    """Discovery fetches a source URL to tell a page from a feed; the fetch stage reuses
    that page instead of asking the site again."""
    page = manifest()[0]
    paths: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            paths.append(self.path)
            if self.path == "/robots.txt":
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = render(page.path, f"http://127.0.0.1:{self.server.server_address[1]}")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{page.path}"
    settings = Settings.from_env(data_dir=tmp_path, allow_loopback=True)
    try:
        plan = pipeline.plan(settings, [url], DAY, "once", use_interval=False)
        for b in plan.batches:
            pipeline.run_batch(settings, plan, b)
        pipeline.write(settings, plan)
    finally:
        server.shutdown()
    assert [p for p in paths if p != "/robots.txt"] == [page.path]
    rows = read_partition(tmp_path, "articles", DAY).to_pylist()
    assert [r["url"] for r in rows] == [url] and rows[0]["title"]
    raw = tmp_path / "raw" / f"dt={DAY}" / "pages.warc.gz"
    assert raw.is_file()  # the page is kept for re-extraction like any fetched page
