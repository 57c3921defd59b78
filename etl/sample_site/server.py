"""Serve the sample site (or any directory in its format) over loopback HTTP.

``serve_site`` is for tests and ``make run``: it binds an ephemeral port by
default, substitutes the real base URL into pages and feeds, and shuts down
cleanly when the ``with`` block ends. Run as a module to serve until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from collections.abc import Iterator
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from etl.sample_site import render_file, resolve, site_dir

CONTENT_TYPES = {
    "feed.xml": "application/rss+xml; charset=utf-8",
    "atom.xml": "application/atom+xml; charset=utf-8",
}
SUFFIX_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".gz": "application/gzip",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
}


def content_type(file: Path) -> str:
    """Content-Type for a served file; feeds get their specific media types."""
    return CONTENT_TYPES.get(file.name) or SUFFIX_TYPES.get(
        file.suffix.lower(), "application/octet-stream"
    )


class _Handler(BaseHTTPRequestHandler):
    """GET/HEAD from one directory; the base URL is fixed when the server starts."""

    server_version = "newsetl-sample/1.0"

    def __init__(self, *args: object, directory: Path, base_url: str, **kw: object) -> None:
        self.directory = directory
        self.base_url = base_url
        super().__init__(*args, **kw)  # type: ignore[arg-type]

    def _respond(self, send_body: bool) -> None:
        try:
            file = resolve(self.directory, self.path)
            body = render_file(file, self.base_url)
        except (FileNotFoundError, OSError):
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Type", content_type(file))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        # Quiet: tests and `make run` output should not drown in access logs.
        pass


@contextlib.contextmanager
def serve_site(
    directory: Path | None = None, host: str = "127.0.0.1", port: int = 0
) -> Iterator[str]:
    """Serve ``directory`` (default: the bundled site) in a daemon thread.

    Yields the base URL, e.g. ``http://127.0.0.1:54321`` (no trailing slash).
    Port 0 picks a free port, so parallel test runs never collide.
    """
    root = Path(directory) if directory is not None else site_dir()
    if not root.is_dir():
        raise FileNotFoundError(f"sample site directory not found: {root}")
    # Bind first, then build the handler: the base URL needs the real port.
    httpd = ThreadingHTTPServer((host, port), BaseHTTPRequestHandler)
    httpd.daemon_threads = True
    bound_host, bound_port = httpd.server_address[:2]
    shown_host = "127.0.0.1" if bound_host in ("0.0.0.0", "") else str(bound_host)
    if ":" in shown_host:  # IPv6 literal
        shown_host = f"[{shown_host}]"
    base_url = f"http://{shown_host}:{bound_port}"
    httpd.RequestHandlerClass = partial(  # type: ignore[assignment]
        _Handler, directory=root, base_url=base_url
    )
    thread = threading.Thread(target=httpd.serve_forever, name="sample-site", daemon=True)
    thread.start()
    try:
        yield base_url
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m etl.sample_site.server", description="Serve the bundled sample news site."
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    parser.add_argument("--port", type=int, default=0, help="port (default: a free one)")
    parser.add_argument("--directory", type=Path, default=None, help="serve this directory instead")
    args = parser.parse_args(argv)
    stop = threading.Event()
    with serve_site(args.directory, args.host, args.port) as base:
        print(f"Serving sample site at {base}/", flush=True)
        print(f"  RSS feed:  {base}/feed.xml", flush=True)
        print(f"  Atom feed: {base}/atom.xml", flush=True)
        print(f"  Sitemap:   {base}/sitemap.xml", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        try:
            stop.wait()
        except KeyboardInterrupt:
            print("\nStopped.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
