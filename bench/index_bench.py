"""OpenSearch load throughput and faceted-search latency, as ratios to plain baselines.

* Load: our loader (Parquet row groups streamed into bulk requests, documents built from
  rows, stale-document cleanup) against ``opensearchpy.helpers.bulk`` of the very same
  documents, prebuilt in memory, into an index with the same template, same node, same run.
* Search: at ``--docs`` documents (default 100,000), the analyst query (text + five facets +
  date histogram + highlights) against a plain ``match`` query on ``text``; median and p95.

Documents are the rows of an ``articles`` dataset (``--data``, e.g. the output of
``newsetl extract`` over ../shared/corpus) cloned with new ids/URLs to reach the sizes.
Writes the ``index`` section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._report import ROOT, update_section

DAY = date(2026, 1, 1)
QUERIES = ["minister said", "election campaign", "market prices", "police officials",
           "government spokesman", "climate", "court ruling", "company shares",
           "health officials", "football club"]


def _rows(data: Path) -> list[dict[str, Any]]:
    from etl.parquet_io import iter_batches

    rows = [r for b in iter_batches(data, "articles") for r in b.to_pylist()]
    if not rows:
        raise SystemExit(f"no articles under {data}/articles: run `newsetl extract` first")
    return rows


def _clone(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        r = copy.copy(rows[i % len(rows)])
        r["id"] = uuid.uuid4().hex
        r["url"] = f"{r['url']}#c{i}"
        out.append(r)
    return out


def _percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, required=True, help="dataset root with articles/")
    ap.add_argument("--load-docs", type=int, default=20_000)
    ap.add_argument("--docs", type=int, default=100_000, help="index size for search latency")
    ap.add_argument("--repeat", type=int, default=5, help="rounds over the query list")
    args = ap.parse_args()

    from opensearchpy import helpers

    from etl.config import IndexOptions, Settings
    from etl.index import SearchRequest, make_client
    from etl.index.documents import to_document
    from etl.index.loader import load_partition
    from etl.index.manage import create_index
    from etl.index.search import build_body
    from etl.parquet_io import write_partition

    base = _rows(args.data)
    prefix = f"bench{uuid.uuid4().hex[:6]}"
    opts = IndexOptions(url=Settings.from_env().index.url, alias=prefix, index_prefix=prefix)
    client = make_client(opts, timeout=300)
    results: dict[str, float] = {}
    try:
        rows = _clone(base, args.load_docs)
        with tempfile.TemporaryDirectory() as tmp:
            from etl.records import Article  # noqa: F401  (schema check happens in write)

            write_partition(Path(tmp), "articles", DAY, rows)
            ours_index = create_index(client, opts)
            t0 = time.perf_counter()
            res = load_partition(client, opts, Path(tmp), DAY, index=ours_index)
            ours = res.indexed / (time.perf_counter() - t0)
        plain_index = create_index(client, opts)
        docs = [to_document(r, DAY) for r in rows]
        actions = ({"_index": plain_index, "_id": d["id"], "_source": d} for d in docs)
        t0 = time.perf_counter()
        helpers.bulk(client, actions, chunk_size=opts.bulk_docs, max_chunk_bytes=opts.bulk_bytes)
        client.indices.refresh(index=plain_index)
        plain = len(docs) / (time.perf_counter() - t0)
        results.update(ours=ours, plain=plain)
        for idx in (ours_index, plain_index):
            client.indices.delete(index=idx)

        # search latency at args.docs
        big = create_index(client, opts)
        step = 20_000
        for start in range(0, args.docs, step):
            chunk = _clone(base, min(step, args.docs - start))
            helpers.bulk(client, ({"_index": big, "_id": r["id"], "_source": to_document(r, DAY)}
                                  for r in chunk), chunk_size=1000, request_timeout=300)
        client.indices.refresh(index=big)
        client.indices.forcemerge(index=big, max_num_segments=1, request_timeout=600)
        count = client.count(index=big)["count"]
        faceted, plain_t = [], []
        for q in QUERIES[:2]:  # warm caches for both shapes
            client.search(index=big, body=build_body(SearchRequest(query=q)))
            client.search(index=big, body={"query": {"match": {"text": q}}, "size": 10})
        for _ in range(args.repeat):
            for q in QUERIES:
                t0 = time.perf_counter()
                client.search(index=big, body=build_body(SearchRequest(query=q)))
                faceted.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                client.search(index=big, body={"query": {"match": {"text": q}}, "size": 10})
                plain_t.append(time.perf_counter() - t0)
        client.indices.delete(index=big)
    finally:
        client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True)
        client.indices.delete_index_template(name=f"{prefix}-template", ignore=[404])

    f50, p50 = statistics.median(faceted) * 1000, statistics.median(plain_t) * 1000
    f95, p95 = _percentile(faceted, 0.95) * 1000, _percentile(plain_t, 0.95) * 1000
    md = "\n".join([
        "## OpenSearch load and search",
        "",
        f"Measured by `bench/index_bench.py` on one local node; documents cloned from "
        f"{len(base)} extracted articles. Baselines run in the same process on the same node.",
        "",
        "| load | docs/s | ratio |",
        "|---|---:|---:|",
        f"| `opensearchpy.helpers.bulk`, prebuilt documents | {results['plain']:.0f} | 1.00 |",
        f"| `newsetl` loader from Parquet ({args.load_docs} docs) | {results['ours']:.0f} | "
        f"{results['ours'] / results['plain']:.2f} |",
        "",
        f"| search at {count} docs | median ms | p95 ms | ratio (median) |",
        "|---|---:|---:|---:|",
        f"| plain `match` on text | {p50:.1f} | {p95:.1f} | 1.00 |",
        f"| text + 5 facets + histogram + highlights | {f50:.1f} | {f95:.1f} | {f50 / p50:.2f} |",
    ])
    print(md)
    update_section(ROOT / "docs" / "BENCHMARKS.md", "index", md, title="Benchmarks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
