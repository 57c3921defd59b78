"""Command line: ``python -m etl.services.opensearch_node start|stop|status|url|install``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import asdict
from pathlib import Path

from etl.errors import InvalidInputError, ServiceUnavailableError
from etl.services.opensearch_node._constants import OPENSEARCH_VERSION
from etl.services.opensearch_node._install import ensure_installed
from etl.services.opensearch_node._lifecycle import _external_url, start, status, stop, url


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m etl.services.opensearch_node``."""
    parser = argparse.ArgumentParser(
        prog="python -m etl.services.opensearch_node",
        description=f"Manage a local OpenSearch {OPENSEARCH_VERSION} node "
        "(ignored when OPENSEARCH_URL is set).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_start = sub.add_parser("start", help="start (or reuse) the node; print its URL")
    p_start.add_argument("--port", type=int, default=None, help="HTTP port (default: a free one)")
    p_start.add_argument("--heap", default="512m", help="JVM heap (default: 512m)")
    p_start.add_argument("--wait", type=float, default=180, help="seconds to wait for health")
    p_stop = sub.add_parser("stop", help="stop the node")
    p_stop.add_argument("--timeout", type=float, default=30, help="seconds before SIGKILL")
    p_status = sub.add_parser("status", help="show the node; exit 3 when not running")
    p_status.add_argument("--json", action="store_true", help="print JSON")
    sub.add_parser("url", help="print the URL, starting the node if needed")
    sub.add_parser("install", help="download and unpack only; print the install folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if args.command == "start":
            print(start(port=args.port, heap=args.heap, wait=args.wait).url)
        elif args.command == "stop":
            if not stop(timeout=args.timeout) and not _external_url():
                print("no managed OpenSearch node is running", file=sys.stderr)
        elif args.command == "status":
            info = status()
            if info is None:
                print("OpenSearch is not running", file=sys.stderr)
                return 3
            if args.json:
                print(
                    json.dumps(
                        {k: str(v) if isinstance(v, Path) else v for k, v in asdict(info).items()}
                    )
                )
            else:
                where = (
                    "external (OPENSEARCH_URL)"
                    if info.external
                    else f"pid {info.pid}, data {info.data_dir}"
                )
                print(f"{info.url}  OpenSearch {info.version}  {where}")
        elif args.command == "url":
            print(url())
        elif args.command == "install":
            print(ensure_installed())
    except (InvalidInputError, ServiceUnavailableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 0
