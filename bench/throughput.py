"""Extraction throughput on the 181 real pages of ../shared/corpus, as ratios to trafilatura alone.

All figures come from the same run on the same machine:
  * baseline: ``trafilatura.extract`` of every page (one process);
  * extract: our extract stage (trafilatura + metadata + images + JSON-LD checks), one process;
  * extract + enrich: the above plus people/places/organizations/quotes (spaCy), one process;
  * CLI: ``newsetl extract`` over the folder end to end (all cores, Parquet written).
Writes the ``throughput`` section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from bench._report import ROOT, require_shared, update_section


def _pages(limit: int | None) -> list[tuple[str, str, bytes]]:
    corpus = require_shared("corpus", "article-extraction-benchmark")
    truth = json.loads((corpus / "ground-truth.json").read_text())
    out = []
    for pid in sorted(truth)[:limit]:
        body = gzip.decompress((corpus / "html" / f"{pid}.html.gz").read_bytes())
        out.append((pid, truth[pid]["url"], body))
    return out


def _rate(n: int, seconds: float) -> float:
    return n / seconds if seconds else float("inf")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--limit", type=int, help="only the first N pages")
    ap.add_argument("--no-cli", action="store_true", help="skip the end-to-end CLI run")
    args = ap.parse_args()

    import trafilatura

    from etl.enrich import Enricher
    from etl.extract import extract_article
    from etl.records import RawPage

    pages = _pages(args.limit)
    n = len(pages)
    now = datetime.now(UTC)

    t0 = time.perf_counter()
    for _, url, body in pages:
        trafilatura.extract(body, url=url)
    base = _rate(n, time.perf_counter() - t0)

    t0 = time.perf_counter()
    extracted = []
    for _, url, body in pages:
        # a reject is work too: it counts as processed
        with contextlib.suppress(Exception):
            extracted.append(extract_article(RawPage(url=url, body=body, fetched_at=now)))
    ext = _rate(n, time.perf_counter() - t0)

    enricher = Enricher()
    enricher.annotate("Warm-up sentence so that model loading is not timed.")
    t0 = time.perf_counter()
    for _, url, body in pages:
        with contextlib.suppress(Exception):
            extract_article(RawPage(url=url, body=body, fetched_at=now))
    anns = enricher.annotate_many([a.text for a in extracted])
    for a, ann in zip(extracted, anns, strict=True):
        enricher.tag_images(a.images, ann.people)
    full = _rate(n, time.perf_counter() - t0)

    cli_rate = None
    if not args.no_cli:
        corpus = require_shared("corpus", "article-extraction-benchmark", "html")
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            subprocess.run(
                [str(Path(sys.executable).with_name("newsetl")), "extract", str(corpus),
                 "--out", tmp, "--json"],
                check=True, stdout=subprocess.DEVNULL,
            )
            cli_rate = _rate(n, time.perf_counter() - t0)

    cores = os.cpu_count()
    lines = [
        "## Extraction throughput",
        "",
        f"{n} real pages from `../shared/corpus/article-extraction-benchmark`, measured "
        f"{now:%Y-%m-%d} on {cores} cores by `bench/throughput.py`. Ratios are against "
        "trafilatura alone measured in the same run.",
        "",
        "| what | docs/s | ratio to trafilatura alone |",
        "|---|---:|---:|",
        f"| trafilatura.extract alone (1 process) | {base:.1f} | 1.00 |",
        f"| our extract stage (1 process) | {ext:.1f} | {ext / base:.2f} |",
        f"| extract + enrich (1 process) | {full:.1f} | {full / base:.2f} |",
    ]
    if cli_rate is not None:
        lines.append(
            f"| `newsetl extract` end to end ({cores} processes, model load and Parquet "
            f"included) | {cli_rate:.1f} | {cli_rate / base:.2f} |"
        )
    md = "\n".join(lines)
    print(md)
    update_section(ROOT / "docs" / "BENCHMARKS.md", "throughput", md, title="Benchmarks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
