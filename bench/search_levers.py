"""Levers of faceted-search latency, one at a time, on indices kept between runs.

Not the published benchmark (``bench/index_bench.py`` writes docs/BENCHMARKS.md); this is the
workbench behind it. Indices are built once (``build``), copied with ``_clone`` to try
dynamic settings, and every body variant is timed against the same data and layout.

    build NAME [--docs N] [--shards S] [--merge K] [--setting key=JSON ...]
    segments NAME | drop NAME
    nightly NAME [--nights N] [--per-night D] [--after-load]
                                                   # segments and merge writes, night by night
    measure NAME --variants a,b,c [--repeat R]    # interleaved query by query, like the bench
    cpu NAME --variants a,b@OTHER,c [--repeat R]  # + node CPU per request (local node only)
    exact NAME OTHER [--shard-size N]              # facet buckets of NAME against OTHER

``VARIANT@INDEX`` runs a variant on another index in the same run. Every search is sent with
``request_cache=false``; a list-valued variant is sent as one ``_msearch``.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.index_bench import QUERIES  # the same words as the published bench

DAY = date(2026, 1, 1)
Body = dict[str, Any] | list[dict[str, Any]]


def _client() -> Any:
    from etl.config import Settings
    from etl.index import make_client

    return make_client(Settings.from_env().index, timeout=600)


# --------------------------------------------------------------------------- indices


def build(args: argparse.Namespace) -> None:
    from opensearchpy import helpers

    from bench.index_bench import _clone, _rows
    from etl.index.documents import to_document
    from schemas.opensearch import mappings, settings

    client = _client()
    base = _rows(args.data)
    st = settings(args.shards, 0)
    for kv in args.setting or []:
        key, value = kv.split("=", 1)
        key = key.removeprefix("index.")  # the form `settings()` uses, so it overrides
        try:
            st[key] = json.loads(value)
        except json.JSONDecodeError:
            st[key] = value
    client.indices.create(index=args.name, body={"settings": st, "mappings": mappings()})
    t0 = time.perf_counter()
    step = 20_000
    for start in range(0, args.docs, step):
        chunk = _clone(base, min(step, args.docs - start))
        helpers.bulk(client, ({"_index": args.name, "_id": r["id"],
                               "_source": to_document(r, DAY)} for r in chunk),
                     chunk_size=1000, request_timeout=600)
    client.indices.refresh(index=args.name)
    print(f"loaded {args.docs} in {time.perf_counter() - t0:.0f}s")
    if args.merge:
        client.indices.forcemerge(index=args.name, max_num_segments=args.merge,
                                  request_timeout=1200)
        client.indices.refresh(index=args.name)
    segments(args)


def segments(args: argparse.Namespace) -> None:
    per: dict[str, list[int]] = {}
    for r in _client().cat.segments(index=args.name, format="json"):
        per.setdefault(r["shard"], []).append(int(r["docs.count"]))
    for shard, docs in sorted(per.items()):
        print(f"shard {shard}: {len(docs)} segments, Lucene docs {sorted(docs, reverse=True)}")


def nightly(args: argparse.Namespace) -> None:
    """Nightly loads into NAME: searchable segments and bytes merged after each night."""
    from opensearchpy import helpers

    from bench.index_bench import _clone, _rows, _settle
    from etl.index.documents import to_document
    from etl.index.manage import merge_after_load

    client = _client()
    base = _rows(args.data)

    def merged() -> int:
        stats = client.indices.stats(index=args.name, metric="merge")
        return int(stats["_all"]["primaries"]["merges"]["total_size_in_bytes"])

    print(f"before: {_settle(client, args.name)['segments']} segments")
    start, t0 = merged(), time.perf_counter()
    for night in range(1, args.nights + 1):
        chunk = _clone(base, args.per_night)
        helpers.bulk(client, ({"_index": args.name, "_id": r["id"],
                               "_source": to_document(r, DAY)} for r in chunk), chunk_size=500)
        client.indices.refresh(index=args.name)
        if args.after_load:
            merge_after_load(client, args.name)
        layout = _settle(client, args.name)
        print(f"night {night}: {layout['segments']} segments, "
              f"{(merged() - start) / 1e9:.2f} GB merged since the first night")
    print(f"{args.nights} nights in {time.perf_counter() - t0:.0f} s (waits for merges included)")


def drop(args: argparse.Namespace) -> None:
    _client().indices.delete(index=args.name, ignore_unavailable=True)


# --------------------------------------------------------------------------- variants

ALL_AGGS = ["people", "places", "organizations", "speakers", "sources", "published"]
SORT = ["_score", {"published_at": {"order": "desc", "missing": "_last"}}]


def _variants() -> dict[str, Callable[[str], Body]]:
    """Bodies by name. ``real`` is ``build_body`` as one ``_search``; the rest take it apart.

    ``two_facets_first`` is what ``newsetl search`` sends since the split (``split_body``).
    """
    from etl.index import SearchRequest
    from etl.index.search import build_body

    def real(q: str) -> dict[str, Any]:
        return build_body(SearchRequest(query=q))

    def plain(q: str) -> dict[str, Any]:
        return {"query": {"match": {"text": q}}, "size": 10}

    def edit(fn: Callable[[dict[str, Any]], None]) -> Callable[[str], dict[str, Any]]:
        def f(q: str) -> dict[str, Any]:
            b = real(q)
            fn(b)
            return b
        return f

    def drop_keys(*keys: str) -> Callable[[dict[str, Any]], None]:
        def fn(b: dict[str, Any]) -> None:
            for k in keys:
                b.pop(k, None)
        return fn

    def keep_aggs(names: list[str]) -> Callable[[dict[str, Any]], None]:
        def fn(b: dict[str, Any]) -> None:
            b["aggs"] = {k: v for k, v in b["aggs"].items() if k in names}
        return fn

    def terms(**opt: Any) -> Callable[[dict[str, Any]], None]:
        def fn(b: dict[str, Any]) -> None:
            for a in b["aggs"].values():
                a.get("terms", {}).update(opt)
        return fn

    def sort(value: Any) -> Callable[[dict[str, Any]], None]:
        def fn(b: dict[str, Any]) -> None:
            if value is None:
                b.pop("sort")
            else:
                b["sort"] = value
        return fn

    def no_matched_fields(b: dict[str, Any]) -> None:
        for f in b["highlight"]["fields"].values():
            f.pop("matched_fields", None)

    def no_quote_suffix(b: dict[str, Any]) -> None:
        b["query"]["bool"]["must"][0]["simple_query_string"].pop("quote_field_suffix")

    def hits_part(q: str) -> dict[str, Any]:
        """The hits half of a split: top 10 + highlights, no aggs, no exact total."""
        b = real(q)
        b.pop("aggs")
        b["track_total_hits"] = False
        return b

    def facets_part(names: list[str], **opt: Any) -> Callable[[str], dict[str, Any]]:
        """The facets half of a split: size 0, exact total, the named aggs."""
        def f(q: str) -> dict[str, Any]:
            b = real(q)
            aggs = {k: copy.deepcopy(v) for k, v in b["aggs"].items() if k in names}
            for a in aggs.values():
                a.get("terms", {}).update(opt)
            return {"query": b["query"], "size": 0, "track_total_hits": True, "aggs": aggs}
        return f

    def hist_edit(fn: Callable[[dict[str, Any]], dict[str, Any]]) -> Callable[[str], Body]:
        def f(q: str) -> dict[str, Any]:
            b = facets_part(ALL_AGGS)(q)
            b["aggs"]["published"] = fn(b["aggs"]["published"])
            return b
        return f

    def query_part(sort_value: Any, tth: Any) -> Callable[[str], dict[str, Any]]:
        def f(q: str) -> dict[str, Any]:
            b = real(q)
            out = {"query": b["query"], "size": 10, "_source": b["_source"]}
            if sort_value is not None:
                out["sort"] = sort_value
            if tth is not None:
                out["track_total_hits"] = tth
            return out
        return f

    def hits_edit(fn: Callable[[dict[str, Any]], None]) -> Callable[[str], dict[str, Any]]:
        def f(q: str) -> dict[str, Any]:
            b = hits_part(q)
            fn(b)
            return b
        return f

    def sampled(b: dict[str, Any], n: int) -> dict[str, Any]:
        b["aggs"] = {"sample": {"sampler": {"shard_size": n}, "aggs": b["aggs"]}}
        return b

    def two5(hits: Callable[[str], dict[str, Any]]) -> Callable[[str], Body]:
        """One _msearch: the five facets (no histogram) beside the given hits half."""
        return lambda q: [facets_part(ALL_AGGS[:5])(q), hits(q)]

    def only_text_highlight(b: dict[str, Any]) -> None:
        b["highlight"]["fields"].pop("title")

    v: dict[str, Callable[[str], Body]] = {
        "plain": plain,
        "real": real,
        # the single request with one thing changed (several of these change results)
        "no_aggs": edit(drop_keys("aggs")),
        "no_highlight": edit(drop_keys("highlight")),
        "no_tth": edit(drop_keys("track_total_hits")),
        "score_sort": edit(sort(["_score"])),
        "no_sort": edit(sort(None)),
        "no_matched_fields": edit(no_matched_fields),
        "no_quote_suffix": edit(no_quote_suffix),
        "no_histogram": edit(keep_aggs(ALL_AGGS[:5])),
        "only_histogram": edit(keep_aggs(["published"])),
        "only_people": edit(keep_aggs(["people"])),
        "hint_map": edit(terms(execution_hint="map")),
        "breadth_first": edit(terms(collect_mode="breadth_first")),
        "shard_size_10": edit(terms(shard_size=10)),
        # pieces
        "q": query_part(None, None),
        "q_tth": query_part(None, True),
        "q_sort": query_part(SORT, None),
        "q_sort_tth": query_part(SORT, True),
        "hits": hits_part,
        "facets": facets_part(ALL_AGGS),
        "facets_no_histogram": facets_part(ALL_AGGS[:5]),
        "facets_hist_in_filter": hist_edit(lambda h: {"filter": {"match_all": {}},
                                                      "aggs": {"h": h}}),
        "facets_hist_numeric": hist_edit(lambda h: {"histogram": {
            "field": "published_at", "interval": 86400000, "min_doc_count": 1}}),
        "facets_hist_missing": hist_edit(lambda h: {"date_histogram": {
            **h["date_histogram"], "missing": "1970-01-01"}}),
        "hits_no_highlight": hits_edit(drop_keys("highlight")),
        "hits_no_source": hits_edit(lambda b: b.update(_source=False)),
        "hits_bare": hits_edit(lambda b: (b.pop("highlight"), b.update(_source=False))),
        "hits_text_highlight": hits_edit(only_text_highlight),
        # cheaper fragments: one per hit, word boundaries instead of sentences
        "hits_one_fragment": hits_edit(lambda b: b["highlight"]["fields"]["text"].update(
            number_of_fragments=1)),
        "hits_word_boundary": hits_edit(lambda b: b["highlight"].update(
            boundary_scanner="word")),
        "two_one_fragment": lambda q: [facets_part(ALL_AGGS)(q), hits_edit(
            lambda b: b["highlight"]["fields"]["text"].update(number_of_fragments=1))(q)],
        "two_word_boundary": lambda q: [facets_part(ALL_AGGS)(q), hits_edit(
            lambda b: b["highlight"].update(boundary_scanner="word"))(q)],
        "hits_no_matched_fields": hits_edit(no_matched_fields),
        # needs an index with `store: true` on title and text (highlights read the stored
        # field, display fields come from doc values: no _source is parsed)
        "hits_stored": hits_edit(lambda b: b.update(
            _source=False, stored_fields=["title"],
            docvalue_fields=["url", "published_at", "source_domain.raw"])),
        "count": facets_part([]),
        "facets_shard_size_10": facets_part(ALL_AGGS, shard_size=10),
        # split into one _msearch: identical answers (hits exact top 10 with WAND, total and
        # facets from the size-0 half), two sub-requests run side by side
        "two": lambda q: [hits_part(q), facets_part(ALL_AGGS)(q)],
        "two_facets_first": lambda q: [facets_part(ALL_AGGS)(q), hits_part(q)],
        # facets spread over two size-0 requests so both cores collect (each counts again)
        "three": lambda q: [facets_part(["people", "organizations", "sources"])(q),
                            facets_part(["places", "speakers", "published"])(q), hits_part(q)],
        # the split with no highlights (a lighter default request)
        "two_no_highlight": lambda q: [facets_part(ALL_AGGS)(q),
                                       hits_edit(drop_keys("highlight"))(q)],
        # the request the goal of #5 names (`--by none`): no date histogram
        "two5": two5(hits_part),
        "two5_score_sort": two5(hits_edit(sort(["_score"]))),
        "hits_score_sort": hits_edit(sort(["_score"])),
        "q_sort_nt": query_part(SORT, False),
        "q_score_nt": query_part(["_score"], False),
        "facets_twice": lambda q: [facets_part(ALL_AGGS)(q), facets_part(ALL_AGGS)(q)],
        # every slice returns every bucket: exact under concurrent segment search (build
        # the index with --setting index.search.concurrent_segment_search.mode=all)
        "two_all_buckets": lambda q: [facets_part(ALL_AGGS, shard_size=1 << 30)(q), hits_part(q)],
        # approximate: facets over the best N matches only
        "two_sampled_200": lambda q: [sampled(facets_part(ALL_AGGS)(q), 200), hits_part(q)],
        "two_sampled_1000": lambda q: [sampled(facets_part(ALL_AGGS)(q), 1000), hits_part(q)],
    }
    def text_only(fn: Callable[[str], Body]) -> Callable[[str], Body]:
        """The same body with the words looked up in `text` alone (cost of the 3 fields)."""
        def f(q: str) -> Body:
            out = fn(q)
            for b in out if isinstance(out, list) else [out]:
                b["query"]["bool"]["must"][0]["simple_query_string"]["fields"] = ["text"]
            return out
        return f

    for name in ("count", "hits", "facets_no_histogram", "two5", "q_sort_nt"):
        v[f"{name}_text_only"] = text_only(v[name])
    # word boundaries make the unified highlighter return the matched words alone (it
    # ignores fragment_size for them): not a lever, kept to show why
    v["two5_word_boundary"] = two5(hits_edit(
        lambda b: b["highlight"].update(boundary_scanner="word")))
    # sentences bounded to 160 characters, as `build_body` sent them until 2026-11-30
    # (it now sends whole sentences, fragment_size 0)
    def bounded(b: dict[str, Any]) -> None:
        b["highlight"]["fields"]["text"]["fragment_size"] = 160

    v["hits_bounded"] = hits_edit(bounded)
    v["two5_bounded"] = two5(hits_edit(bounded))
    for name in ALL_AGGS:
        v[f"only_{name}_facet"] = facets_part([name])
    return v


def _send(client: Any, index: str, body: Body) -> dict[str, Any]:
    """One _search, or one _msearch when ``body`` is a list; never from the request cache."""
    if isinstance(body, dict):
        return client.search(index=index, body=body, params={"request_cache": "false"})
    lines: list[dict[str, Any]] = []
    for b in body:
        lines += [{"index": index, "request_cache": False}, b]
    resp = client.msearch(body=lines)
    for r in resp["responses"]:
        if "error" in r:
            raise RuntimeError(r["error"])
    return {"took": resp["took"]}


def _targets(args: argparse.Namespace) -> list[tuple[str, Callable[[str], Body], str]]:
    variants = _variants()
    out = []
    for spec in args.variants.split(","):
        name, _, index = spec.partition("@")
        out.append((spec, variants[name], index or args.name))
    return out


def measure(args: argparse.Namespace) -> None:
    """Client latency, interleaved query by query (as bench/index_bench.py does)."""
    client = _client()
    targets = _targets(args)
    times: dict[str, list[float]] = {t[0]: [] for t in targets}
    took: dict[str, list[int]] = {t[0]: [] for t in targets}
    for q in QUERIES:
        for _, fn, index in targets:
            _send(client, index, fn(q))
    for _ in range(args.repeat):
        for q in QUERIES:
            for spec, fn, index in targets:
                body = fn(q)
                t0 = time.perf_counter()
                resp = _send(client, index, body)
                times[spec].append(time.perf_counter() - t0)
                took[spec].append(resp["took"])
    base = statistics.median(times[targets[0][0]])
    for spec, _, _ in targets:
        xs = sorted(times[spec])
        med = statistics.median(xs)
        p95 = xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))]
        print(f"{spec:24s} median {med * 1000:6.2f} ms  p95 {p95 * 1000:6.2f}  "
              f"took {statistics.median(took[spec]):5.1f}  ratio {med / base:.2f}")


def _node_cpu() -> float:
    """CPU seconds used so far by the local OpenSearch JVM (utime + stime)."""
    from bench.index_bench import _cpu_ticks

    pid = subprocess.run(["pgrep", "-f", "org.opensearch.bootstrap.OpenSearch"],
                         capture_output=True, text=True, check=True).stdout.split()[0]
    return _cpu_ticks(Path(f"/proc/{pid}/stat")) / os.sysconf("SC_CLK_TCK")


def cpu(args: argparse.Namespace) -> None:
    """Node CPU per request and latency, variants in short blocks cycled ``repeat`` times."""
    client = _client()
    targets = _targets(args)
    used = {t[0]: 0.0 for t in targets}
    lat: dict[str, list[float]] = {t[0]: [] for t in targets}
    for q in QUERIES:
        for _, fn, index in targets:
            _send(client, index, fn(q))
    for _ in range(args.repeat):
        for spec, fn, index in targets:
            c0 = _node_cpu()
            for q in QUERIES:
                t1 = time.perf_counter()
                _send(client, index, fn(q))
                lat[spec].append(time.perf_counter() - t1)
            used[spec] += _node_cpu() - c0
    k = args.repeat * len(QUERIES)
    base = statistics.median(lat[targets[0][0]])
    for spec, _, _ in targets:
        med = statistics.median(lat[spec])
        print(f"{spec:24s} node cpu {used[spec] / k * 1000:6.2f} ms/req  "
              f"median latency {med * 1000:6.2f} ms  ratio {med / base:.2f}")


def exact(args: argparse.Namespace) -> None:
    """Facet and histogram buckets of the analyst query on ``name`` against ``other``."""
    from etl.index import SearchRequest
    from etl.index.search import build_body

    client = _client()
    differ = total = 0
    bound = 0
    for q in [*QUERIES, "", "said"]:
        body = build_body(SearchRequest(query=q))
        a = _send(client, args.name, body)["aggregations"]
        if args.shard_size:
            body = copy.deepcopy(body)
            for agg in body["aggs"].values():
                agg.get("terms", {})["shard_size"] = args.shard_size
        b = _send(client, args.other, body)["aggregations"]
        for agg in ALL_AGGS:
            total += 1
            differ += a[agg]["buckets"] != b[agg]["buckets"]
            bound = max(bound, b[agg].get("doc_count_error_upper_bound", 0))
    print(f"{args.other}: {differ} of {total} bucket lists differ from {args.name}; "
          f"largest doc_count_error_upper_bound {bound}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("name")
    b.add_argument("--data", type=Path, default=Path("/tmp/os_bench_data"))
    b.add_argument("--docs", type=int, default=100_000)
    b.add_argument("--shards", type=int, default=1)
    b.add_argument("--merge", type=int, default=0, help="force merge to K segments (0: no)")
    b.add_argument("--setting", action="append", help="index setting key=value (JSON value)")
    for cmd in ("measure", "cpu"):
        m = sub.add_parser(cmd)
        m.add_argument("name")
        m.add_argument("--repeat", type=int, default=20)
        m.add_argument("--variants", default="plain,real")
    e = sub.add_parser("exact")
    e.add_argument("name")
    e.add_argument("other")
    e.add_argument("--shard-size", type=int, default=0,
                   help="terms shard_size for the searches on OTHER (0: the default)")
    n = sub.add_parser("nightly")
    n.add_argument("name")
    n.add_argument("--data", type=Path, default=Path("/tmp/os_bench_data"))
    n.add_argument("--nights", type=int, default=10)
    n.add_argument("--per-night", type=int, default=2000)
    n.add_argument("--after-load", action="store_true",
                   help="after each night's load, the merge pass a load ends with "
                        "(etl.index.manage.merge_after_load)")
    for cmd in ("segments", "drop"):
        sub.add_parser(cmd).add_argument("name")
    args = ap.parse_args()
    commands: dict[str, Callable[[argparse.Namespace], None]] = {
        "build": build, "segments": segments, "drop": drop, "measure": measure, "cpu": cpu,
        "exact": exact, "nightly": nightly,
    }
    commands[args.cmd](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
