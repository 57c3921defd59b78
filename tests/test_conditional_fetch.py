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
    settings = Settings.from_env(data_dir=tmp_path, allow_loopback=True)
    runs = []
    try:
        for run_id in ("first", "second"):
            plan = pipeline.plan(settings, [url], DAY, run_id, use_interval=False)
            for b in plan.batches:
                pipeline.run_batch(settings, plan, b)
            pipeline.write(settings, plan)
            runs.append(read_partition(tmp_path, "articles", DAY).select(["id", "title", "text"]))
    finally:
        server.shutdown()
    # discovery looks at a page URL once per run to tell page from feed (in full); the fetch
    # stage asks in full the first time, and only for changes on the rerun
    assert seen[-1] == '"v1"' and seen.count('"v1"') == 1, seen
    assert runs[0].num_rows == 1
    assert runs[1].equals(runs[0])
    assert read_partition(tmp_path, "rejects", DAY).num_rows == 0
