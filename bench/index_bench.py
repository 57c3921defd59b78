"""OpenSearch load throughput and faceted-search latency, as ratios to plain baselines.

* Load: our loader (Parquet row groups streamed into bulk requests, documents built from
  rows, stale-document cleanup) against ``opensearchpy.helpers.bulk`` of the very same
  documents, prebuilt in memory, into an index with the same template, same node, same run;
  ``--load-rounds`` rounds per side into fresh indices, rotating which side goes first
  (a single round moves by ±0.1 with the node's state), medians reported.
* Search: at ``--docs`` documents (default 100,000), the analyst query through ``search``,
  as ``newsetl search`` runs it (text + five facets + date histogram + highlights, sent as one
  ``_msearch`` of two halves), and the same ``build_body`` as one ``_search``, against a
  plain ``match`` query on ``text`` for the same words, size 10, same index, interleaved
  query by query; median and p95 of the client-side latency, plus the
  median server ``took``. Every search is sent with ``request_cache=false`` so no answer
  comes from the shard request cache. Untimed rounds of every shape run first for
  ``--warmup-s`` seconds (default 60), since a node's JIT compiles search code for thousands
  of searches after it starts; on the local node the compiler threads' CPU during the timed
  rounds is reported. Measured twice: on the layout bulk loading and the
  tiered merge policy leave (several segments, as nightly loads leave), then on the same
  index merged by ``compact``, as ``newsetl reindex`` leaves a rebuilt index; the report
  states shards and segments.

Documents are the rows of an ``articles`` dataset (``--data``, e.g. the output of
``newsetl extract`` over ../shared/corpus) cloned with new ids/URLs to reach the sizes.
Writes the ``index`` section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import copy
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

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


NO_CACHE = {"request_cache": "false"}


def _settle(client: Any, index: str, timeout: float = 600.0) -> dict[str, Any]:
    """Wait for background merges to finish; return the layout searches will see."""
    client.indices.flush(index=index)  # commit now rather than on idle mid-measurement
    deadline, quiet = time.monotonic() + timeout, 0
    while time.monotonic() < deadline and quiet < 3:
        stats = client.indices.stats(index=index, metric="merge")
        quiet = quiet + 1 if stats["_all"]["primaries"]["merges"]["current"] == 0 else 0
        time.sleep(1)
    # Merged segments reach searches only at the next refresh, and an idle shard skips its
    # scheduled ones: without this the layout counted below is the one before the merges,
    # and which one the timed searches see depends on when a scheduled refresh comes.
    client.indices.refresh(index=index)
    segs = [s for s in client.cat.segments(index=index, format="json")
            if s.get("searchable") == "true"]
    key = "search.concurrent_segment_search.mode"
    own = client.indices.get_settings(index=index, name=f"index.{key}", flat_settings=True)
    mode = own.get(index, {}).get("settings", {}).get(f"index.{key}")
    if mode is None:  # the index does not set it: the cluster's mode applies
        cluster = client.cluster.get_settings(include_defaults=True, flat_settings=True)
        found = [cluster[k][key] for k in ("transient", "persistent", "defaults")
                 if key in cluster.get(k, {})]
        mode = f"{found[0] if found else 'auto'} (cluster)"
    os_info = next(iter(client.nodes.info(metric="os")["nodes"].values()))["os"]
    return {
        "shards": len({s["shard"] for s in segs}),
        "segments": len(segs),
        "concurrent": mode,
        "processors": os_info.get("allocated_processors", os_info.get("available_processors")),
    }


def _percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p * (len(xs) - 1)))]


class Timings(NamedTuple):
    lat: dict[str, list[float]]  # client latency (s) per shape
    took: dict[str, list[int]]  # server `took` (ms) per shape
    error: int  # largest facet doc_count_error_upper_bound seen
    warmup_rounds: int
    jit_ms: float | None  # JIT compiler CPU per timed search (None: node not local)


def _cpu_ticks(stat: Path) -> int:
    """User + system CPU of a process or thread, in clock ticks, from its /proc stat file."""
    fields = stat.read_text().rsplit(")", 1)[1].split()  # the name may hold spaces
    return int(fields[11]) + int(fields[12])


def _jit_clock(url: str | None) -> Callable[[], float] | None:
    """CPU seconds used so far by the JIT compiler threads of the node at ``url``.

    ``None`` unless that node (``None``: the managed one) is the local one ``newsetl
    opensearch start`` runs and its threads can be read from /proc (a remote node's
    compilers are not observable).
    """
    from etl.services.opensearch_node import read_state, state_path

    data = read_state(state_path())
    if data is None or (url and data["url"].rstrip("/") != url.rstrip("/")):
        return None
    tasks = Path(f"/proc/{data['pid']}/task")
    tick = os.sysconf("SC_CLK_TCK")

    def clock() -> float:
        ticks, seen = 0, False
        for task in tasks.iterdir():
            try:
                if "CompilerThre" not in (task / "comm").read_text():
                    continue
                ticks += _cpu_ticks(task / "stat")
            except OSError:  # the thread ended meanwhile
                continue
            seen = True
        if not seen:
            raise OSError("no JIT compiler thread found")
        return ticks / tick

    try:
        clock()
    except OSError:
        return None
    return clock


def _measure(shapes: dict[str, Any], repeat: int, warmup_s: float,
             jit: Callable[[], float] | None) -> Timings:
    """Client latencies and server ``took`` per shape, interleaved query by query.

    Rounds of every shape run untimed for ``warmup_s`` seconds first: a node's JIT keeps
    compiling search code for thousands of searches after it starts (on 2 cores its
    compiler threads took 5-30 ms of CPU per search in the first thousand), and the
    steady state is what analysts meet on a node that has been up. Also returns the
    largest facet ``doc_count_error_upper_bound`` a raw response showed (> 0: its counts
    may be inexact) and, when ``jit`` can read them, the compiler CPU during the timed
    rounds.
    """
    from etl.index import SearchResult

    lat: dict[str, list[float]] = {k: [] for k in shapes}
    took: dict[str, list[int]] = {k: [] for k in shapes}
    error = 0
    start, rounds = time.monotonic(), 0
    while rounds == 0 or time.monotonic() - start < warmup_s:
        for q in QUERIES:
            for run in shapes.values():
                run(q)
        rounds += 1
    jit0 = jit() if jit else 0.0
    for _ in range(repeat):
        for q in QUERIES:
            for name, run in shapes.items():
                t0 = time.perf_counter()
                resp = run(q)
                lat[name].append(time.perf_counter() - t0)
                if isinstance(resp, SearchResult):
                    took[name].append(resp.took_ms)
                    continue
                took[name].append(resp["took"])
                for agg in resp.get("aggregations", {}).values():
                    error = max(error, agg.get("doc_count_error_upper_bound", 0))
    searches = sum(len(v) for v in lat.values())
    jit_ms = (jit() - jit0) * 1000 / searches if jit else None
    return Timings(lat, took, error, rounds, jit_ms)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, required=True, help="dataset root with articles/")
    ap.add_argument("--load-docs", type=int, default=20_000)
    ap.add_argument("--load-rounds", type=int, default=3,
                    help="load rounds per side, rotating which goes first")
    ap.add_argument("--docs", type=int, default=100_000, help="index size for search latency")
    ap.add_argument("--repeat", type=int, default=20, help="rounds over the query list")
    ap.add_argument("--warmup-s", type=float, default=60.0,
                    help="untimed rounds of every search shape before each layout's timed "
                         "ones, for at least this many seconds (JIT warm-up)")
    args = ap.parse_args()

    from opensearchpy import helpers

    from etl.config import IndexOptions, Settings
    from etl.index import SearchRequest, make_client, search
    from etl.index.documents import to_document
    from etl.index.loader import load_partition
    from etl.index.manage import compact, create_index, merge_after_load
    from etl.index.search import build_body
    from etl.parquet_io import write_partition

    base = _rows(args.data)
    prefix = f"bench{uuid.uuid4().hex[:6]}"
    opts = IndexOptions(url=Settings.from_env().index.url, alias=prefix, index_prefix=prefix)
    client = make_client(opts, timeout=300)
    results: dict[str, float] = {}
    try:
        rows = _clone(base, args.load_docs)
        docs = [to_document(r, DAY) for r in rows]
        rates: dict[str, list[float]] = {"ours": [], "serial": [], "plain": []}
        serial = replace(opts, bulk_concurrency=1)
        with tempfile.TemporaryDirectory() as tmp:
            write_partition(Path(tmp), "articles", DAY, rows)

            def run_ours(o: IndexOptions) -> float:
                index = create_index(client, o)
                t0 = time.perf_counter()
                res = load_partition(client, o, Path(tmp), DAY, index=index)
                rate = res.indexed / (time.perf_counter() - t0)
                client.indices.delete(index=index)
                return rate

            def run_plain() -> float:
                index = create_index(client, opts)
                actions = ({"_index": index, "_id": d["id"], "_source": d} for d in docs)
                t0 = time.perf_counter()
                helpers.bulk(client, actions, chunk_size=opts.bulk_docs,
                             max_chunk_bytes=opts.bulk_bytes)
                client.indices.refresh(index=index)
                rate = len(docs) / (time.perf_counter() - t0)
                client.indices.delete(index=index)
                return rate

            # Rotate which side goes first, so none always meets a warmer node.
            sides = [("ours", lambda: run_ours(opts)), ("serial", lambda: run_ours(serial)),
                     ("plain", run_plain)]
            for i in range(args.load_rounds):
                k = i % len(sides)
                for name, run in sides[k:] + sides[:k]:
                    rates[name].append(run())
        ratios = {side: sorted(o / p for o, p in zip(rates[side], rates["plain"], strict=True))
                  for side in ("ours", "serial")}
        results.update({side: statistics.median(r) for side, r in rates.items()})

        # search latency at args.docs
        big = create_index(client, opts)
        step = 20_000
        for start in range(0, args.docs, step):
            chunk = _clone(base, min(step, args.docs - start))
            helpers.bulk(client, ({"_index": big, "_id": r["id"], "_source": to_document(r, DAY)}
                                  for r in chunk), chunk_size=1000, request_timeout=300)
        client.indices.refresh(index=big)
        _settle(client, big)
        # What a nightly load does after loading (etl.pipeline.load); not in the load figures.
        t_merge = time.perf_counter()
        merge_after_load(client, big)
        merge_s = time.perf_counter() - t_merge
        layout = _settle(client, big)
        count = client.count(index=big)["count"]
        # What the analyst waits for: `search` (one _msearch of two halves, answer shaped),
        # the single body it replaced, and the baseline.
        shapes: dict[str, Any] = {
            "plain": lambda q: client.search(
                index=big, body={"query": {"match": {"text": q}}, "size": 10}, params=NO_CACHE),
            "faceted": lambda q: search(client, big, SearchRequest(query=q), request_cache=False),
            "five": lambda q: search(client, big, SearchRequest(query=q, histogram=None),
                                     request_cache=False),
            "light": lambda q: search(
                client, big, SearchRequest(query=q, histogram=None, highlight=False),
                request_cache=False),
            "whole": lambda q: client.search(
                index=big, body=build_body(SearchRequest(query=q)), params=NO_CACHE),
        }
        jit = _jit_clock(opts.url)
        nightly = _measure(shapes, args.repeat, args.warmup_s, jit)
        # `newsetl reindex` merges the index it builds before searches reach it.
        compact(client, big, opts.shards)
        merged = _settle(client, big)
        rebuilt = _measure(shapes, args.repeat, args.warmup_s, jit)
        client.indices.delete(index=big)
    finally:
        client.indices.delete(index=f"{prefix}-*", ignore_unavailable=True)
        client.indices.delete_index_template(name=f"{prefix}-template", ignore=[404])

    def row(label: str, name: str, timings: Timings) -> str:
        lat, took = timings.lat, timings.took
        med = statistics.median(lat[name]) * 1000
        base = statistics.median(lat["plain"]) * 1000
        return (f"| {label} | {med:.1f} | {_percentile(lat[name], 0.95) * 1000:.1f} | "
                f"{statistics.median(took[name]):.1f} | {med / base:.2f} |")

    def table(timings: Timings) -> list[str]:
        return [
            row("plain `match` on text", "plain", timings),
            row("`newsetl search`: text + 5 facets + histogram + highlights (one `_msearch`: "
                "hits half and facets half)", "faceted", timings),
            row("the same body as one `_search` (before the split)", "whole", timings),
            row("`newsetl search --by none`: text + 5 facets + highlights, no histogram (the "
                "shape the goal of #5 names)", "five", timings),
            row("`newsetl search --by none --no-highlight`: text + 5 facets, no histogram, no "
                "highlights", "light", timings),
        ]

    def _jit_text(a: Timings, b: Timings) -> str:
        if a.jit_ms is None or b.jit_ms is None:
            return "the JIT was not observed (the node is not the local one)."
        return (f"its compiler threads then used {a.jit_ms:.2f} and {b.jit_ms:.2f} ms of CPU "
                "per timed search (node-wide; up to 30 ms on a node that just started).")

    error = max(nightly.error, rebuilt.error)
    searches = len(nightly.lat["plain"])

    md = "\n".join([
        "## OpenSearch load and search",
        "",
        f"Measured by `bench/index_bench.py` on one local node; documents cloned from "
        f"{len(base)} extracted articles. Baselines run in the same process on the same node. "
        f"Load: {args.load_rounds} rounds of {args.load_docs} documents per side, each into a "
        "fresh index, rotating which side goes first; medians, and the range of the "
        "per-round ratios. `helpers.bulk` sends one request at a time.",
        "",
        "| load | docs/s (median) | ratio |",
        "|---|---:|---:|",
        f"| `opensearchpy.helpers.bulk`, prebuilt documents | {results['plain']:.0f} | 1.00 |",
        f"| `newsetl` loader from Parquet ({opts.bulk_concurrency} requests in flight, the "
        f"default) | {results['ours']:.0f} | {results['ours'] / results['plain']:.2f} "
        f"(rounds {ratios['ours'][0]:.2f}–{ratios['ours'][-1]:.2f}) |",
        f"| the same loader, one request in flight (`NEWSETL_BULK_CONCURRENCY=1`) | "
        f"{results['serial']:.0f} | {results['serial'] / results['plain']:.2f} "
        f"(rounds {ratios['serial'][0]:.2f}–{ratios['serial'][-1]:.2f}) |",
        "",
        f"Search index: {count} documents, {layout['shards']} shard(s). Two layouts: the "
        f"{layout['segments']} segments a load and the merge pass after it left (what "
        f"nightly loads leave; the pass, `merge_after_load`, took {merge_s:.0f} s after this "
        "load and is not part of the load figures above), then the same index merged to "
        f"{merged['segments']} as "
        "`newsetl reindex` leaves a rebuilt one (`compact`). Concurrent segment search "
        f"`{layout['concurrent']}`; node with {layout['processors']} processors. {searches} "
        f"searches of each shape per layout ({args.repeat} rounds over {len(QUERIES)} "
        "queries), interleaved, all with `request_cache=false`. Before each layout's timed "
        f"rounds, untimed rounds of every shape ran for at least {args.warmup_s:.0f} s "
        f"({nightly.warmup_rounds} and {rebuilt.warmup_rounds} rounds) so that the node's "
        f"JIT has compiled the search code; {_jit_text(nightly, rebuilt)} "
        "`newsetl search` is timed as "
        "the analyst waits for it: the `search` function, which sends one `_msearch` (top hits "
        "with highlights; exact total with the facets) and shapes the answer; the single-body "
        "row sends `build_body` as one `_search`, as `search` did before. Largest facet "
        f"`doc_count_error_upper_bound` seen in the single body: {error} (0: exact counts; "
        "the split's facets are the same, tests/test_search_integration.py compares them). "
        "Ratios are against the plain match on the same layout.",
        "",
        f"| search at {count} docs, {layout['segments']} segments (nightly loads) "
        "| median ms | p95 ms | server `took` median ms | ratio (median) |",
        "|---|---:|---:|---:|---:|",
        *table(nightly),
        "",
        f"| the same, merged to {merged['segments']} segment(s) (after `newsetl reindex`) "
        "| median ms | p95 ms | server `took` median ms | ratio (median) |",
        "|---|---:|---:|---:|---:|",
        *table(rebuilt),
    ])
    print(md)
    update_section(ROOT / "docs" / "BENCHMARKS.md", "index", md, title="Benchmarks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
