"""``newsetl``: the command line. Every command has ``--help``, exits non-zero on failure,
and shows a progress bar on long work when stderr is a terminal."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from etl import __version__
from etl.config import Settings
from etl.errors import NewsEtlError

log = logging.getLogger("newsetl")


def _progress(total: int, desc: str, unit: str = "batch") -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, disable=not sys.stderr.isatty(), leave=False)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value}") from exc


def _settings(args: argparse.Namespace, **extra: Any) -> Settings:
    over: dict[str, Any] = dict(extra)
    if getattr(args, "out", None):
        over["data_dir"] = Path(args.out)
    if getattr(args, "data", None):
        over["data_dir"] = Path(args.data)
    if getattr(args, "allow_loopback", False):
        over["allow_loopback"] = True
    if getattr(args, "batch_size", None):
        over["batch_size"] = args.batch_size
    if getattr(args, "workers", None) is not None:
        over["workers"] = args.workers
    if getattr(args, "opensearch_url", None):
        over["index"] = {"url": args.opensearch_url}
    return Settings.from_env(**over)


# --------------------------------------------------------------------------- extract


def _run_batches(settings: Settings, plan: Any) -> None:
    from etl.pipeline import run_batch

    workers = settings.workers or os.cpu_count() or 1
    workers = max(1, min(workers, len(plan.batches)))
    bar = _progress(len(plan.batches), "extract")
    try:
        if workers == 1:
            for b in plan.batches:
                run_batch(settings, plan, b)
                bar.update(1)
        else:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = [pool.submit(run_batch, settings, plan, b) for b in plan.batches]
                for fut in as_completed(futures):
                    fut.result()
                    bar.update(1)
    finally:
        bar.close()


def cmd_extract(args: argparse.Namespace) -> int:
    from etl import pipeline

    settings = _settings(args)
    day = args.date or datetime.now(UTC).date()
    run_id = args.run_id or f"cli-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    plan = pipeline.plan(settings, args.inputs, day, run_id, from_raw=args.from_raw,
                         use_interval=args.interval)
    print(f"{plan.n_inputs} inputs in {len(plan.batches)} batches -> {settings.data_dir}",
          file=sys.stderr)
    _run_batches(settings, plan)
    pipeline.write(settings, plan)
    summary = pipeline.report(settings, plan)
    if args.load:
        summary["load"] = pipeline.load(settings, day, run_id)
    _print_summary(summary, args.json)
    if summary["articles"] == 0 and summary["rejects"] > 0:
        # Rows are written either way; a run that kept nothing should not look like success.
        print(f"newsetl: error: no article kept; all {summary['rejects']} outcomes are rejects "
              f"(see {settings.data_dir}/rejects)", file=sys.stderr)
        return 1
    return 0


def _print_summary(summary: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(summary, indent=2, default=str))
        return
    print(f"day {summary['day']}  run {summary['run_id']}")
    print(f"  inputs   {summary['inputs']}")
    print(f"  articles {summary['articles']}")
    print(f"  rejects  {summary['rejects']}")
    for key, n in sorted(summary["outcomes"].items()):
        if key.startswith("reject:"):
            print(f"    {key[7:]:<40} {n}")
    if summary.get("degraded_domains"):
        print(f"  degraded domains: {', '.join(summary['degraded_domains'])}")
    if "load" in summary:
        ld = summary["load"]
        print(f"  loaded   {ld['indexed']} into {ld['index']} ({ld['deleted']} stale removed, "
              f"{ld['refused']} refused)")


# --------------------------------------------------------------------------- annotate


def cmd_annotate(args: argparse.Namespace) -> int:
    from etl.enrich import Enricher, EnrichOptions

    enricher = Enricher(EnrichOptions(model=args.model or Settings.from_env().spacy_model,
                                      batch_size=args.batch_size or 32))
    src = sys.stdin if args.input == "-" else open(args.input, encoding="utf-8")  # noqa: SIM115
    rows = []
    for n, line in enumerate(src, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            lang = obj.get("language")  # optional; used when the words do not tell
            rows.append((obj["id"], str(obj["text"]), str(lang) if lang else None))
        except (ValueError, KeyError, TypeError) as exc:
            raise NewsEtlError(
                f"{args.input}:{n}: expected {{\"id\", \"text\"}} JSON ({exc})"
            ) from exc
    out = (
        sys.stdout if args.output == "-"
        else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    )
    bar = _progress(len(rows), "annotate")
    step = 64
    try:
        for i in range(0, len(rows), step):
            chunk = rows[i : i + step]
            anns = enricher.annotate_many([t for _, t, _ in chunk], [lang for _, _, lang in chunk])
            for (rid, _, _), ann in zip(chunk, anns, strict=True):
                rec = {"id": rid, **asdict(ann)}
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            bar.update(len(chunk))
    finally:
        bar.close()
        if out is not sys.stdout:
            out.close()
    return 0


# --------------------------------------------------------------------------- load / reindex


def cmd_load(args: argparse.Namespace) -> int:
    from etl import pipeline
    from etl.parquet_io import partitions

    settings = _settings(args)
    days = args.date or partitions(settings.data_dir, "articles")
    if not days:
        raise NewsEtlError(f"no articles partitions under {settings.data_dir}/articles")
    bar = _progress(len(days), "load", unit="day")
    results = []
    for day in days:
        results.append(pipeline.load(settings, day))
        bar.update(1)
    bar.close()
    for r in results:
        print(f"{r['day']}: {r['indexed']} indexed into {r['index']}, "
              f"{r['deleted']} stale removed, {r['refused']} refused")
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from etl import pipeline

    settings = _settings(args)
    if args.keep is not None:
        settings = replace(settings, index=replace(settings.index, keep_previous=args.keep))
    from etl.parquet_io import partitions

    bar = _progress(len(partitions(settings.data_dir, "articles")), "reindex", unit="day")

    def step(_indexed: int) -> None:
        bar.update(1)
        if bar.n == bar.total:
            bar.set_description("reindex: merging segments")  # compact() runs next

    try:
        out = pipeline.reindex(settings, progress=step)
    finally:
        bar.close()
    print(f"alias {settings.index.alias} -> {out['index']} ({out['documents']} documents, "
          f"{out['refused']} refused)")
    return 0


# --------------------------------------------------------------------------- search


def _near(args: argparse.Namespace) -> tuple[float, float, float] | None:
    if args.near:
        try:
            lat, lon, km = (float(x) for x in args.near.split(","))
        except ValueError as exc:
            raise NewsEtlError("--near takes LAT,LON,KM (for example 50.45,30.52,100)") from exc
        return lat, lon, km
    if args.near_place:
        from etl.enrich.gazetteer import geocode

        place = geocode(args.near_place)
        if place is None or place.latitude is None or place.longitude is None:
            raise NewsEtlError(f"--near-place: {args.near_place!r} is not in the gazetteer")
        return place.latitude, place.longitude, args.km
    return None


def _facet_places(values: list[str]) -> list[str]:
    # Place facets hold gazetteer names, so "--place U.S." finds "United States".
    from etl.enrich.gazetteer import geocode

    out = []
    for value in values:
        place = geocode(value)
        out.append(place.name if place is not None else value)
    return out


HISTOGRAM_INTERVALS = ("day", "week", "month", "quarter", "year")
# etl.index.search.SORTS, kept here so that building the parser imports no client.
SORTS = ("relevance", "newest", "oldest")


def _count(minimum: int) -> Callable[[str], int]:
    """An argparse type: an integer of at least ``minimum``, with a clear message."""

    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            n = minimum - 1
        if n < minimum:
            raise argparse.ArgumentTypeError(f"expected an integer >= {minimum}, got {value!r}")
        return n

    return parse


def cmd_search(args: argparse.Namespace) -> int:
    from etl.index import SearchRequest, make_client, search

    settings = _settings(args)
    req = SearchRequest(
        query=" ".join(args.query), person=args.person, place=_facet_places(args.place),
        organization=args.org, speaker=args.speaker, quote_contains=args.quote,
        source=args.source, language=args.lang, date_from=args.date_from,
        date_to=args.date_to, has_quotes=args.has_quotes, has_images=args.has_images,
        near=_near(args), size=args.size, offset=(args.page - 1) * args.size,
        sort=args.sort, facet_size=args.facets,
        histogram=None if args.by == "none" else args.by, highlight=not args.no_highlight,
    )
    result = search(make_client(settings.index), settings.index.alias, req)
    if args.json:
        print(json.dumps(asdict(result), indent=2, ensure_ascii=False, default=str))
        return 0
    print(f"{result.total} articles ({result.took_ms} ms)")
    if args.page > 1:
        shown = (f"hits {req.offset + 1}-{req.offset + len(result.hits)}" if result.hits
                 else "no hits: past the last page")
        print(f"page {args.page}: {shown}")
    for i, h in enumerate(result.hits, req.offset + 1):
        print(f"{i:>3}. {h.title or '(untitled)'}")
        print(f"     {h.source_domain or ''}  {(h.published_at or '')[:16]}  {h.url}")
        for frag in h.highlights[:2]:
            print(f"     {' '.join(frag.split())}")
        for q in h.quotes[:3]:
            print(f"     “{q.get('text', '')[:140]}” — {q.get('speaker') or '?'}")
    for name, buckets in result.facets.items():
        if buckets:
            print(f"{name}: " + ", ".join(f"{k} ({n})" for k, n in buckets))
    if result.histogram:
        print(f"by {args.by}: " + ", ".join(f"{d} ({n})" for d, n in result.histogram))
    return 0


# --------------------------------------------------------------------------- services


def cmd_opensearch(args: argparse.Namespace) -> int:
    from etl.services import opensearch_node as node

    if args.action == "start":
        info = node.ensure_running()
        print(info.url)
    elif args.action == "stop":
        node.stop()
    elif args.action == "url":
        print(node.url())
    else:
        st = node.status()
        if st is None:
            print("not running")
            return 1
        print(f"running: {st.url} (pid {st.pid})")
    return 0


def cmd_dashboards(args: argparse.Namespace) -> int:
    from etl.dashboards import import_saved_objects

    n = import_saved_objects(args.url, overwrite=True, user=args.user,
                             password=os.environ.get("DASHBOARDS_PASSWORD"))
    print(f"imported {n} saved objects into {args.url}")
    return 0


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsetl",
        description="News pages to Parquet and OpenSearch: articles, people, places, "
        "organizations, quotes with speakers, images with captions.",
    )
    p.add_argument("--version", action="version", version=f"newsetl {__version__}")
    p.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(
        name: str, fn: Callable[[argparse.Namespace], int], help_: str
    ) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_)
        sp.set_defaults(func=fn)
        return sp

    def os_url(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--opensearch-url", help="cluster URL (default: $OPENSEARCH_URL or the "
                        "project's local node, started when needed)")

    e = add("extract", cmd_extract, "files, folders, WARCs, URL lists, feeds, sitemaps or URLs "
            "-> articles + rejects Parquet (exit 1 when every input ended as a reject)")
    e.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="file, folder, .warc(.gz), URL list (.txt), feed or sitemap URL, "
                   "or page URL")
    e.add_argument("--out", required=True, help="dataset root (articles/, rejects/, raw/ ...)")
    e.add_argument("--date", type=_day, help="partition date (default: today, UTC)")
    e.add_argument("--interval", action="store_true",
                   help="keep only dated inputs (feed items, lastmod, WARC-Date) of --date")
    e.add_argument("--from-raw", action="store_true",
                   help="re-extract the raw pages kept for --date instead of reading INPUTs")
    e.add_argument("--workers", type=int, help="processes (default: one per core)")
    e.add_argument("--batch-size", type=int, help="inputs per batch (default 50)")
    e.add_argument("--run-id", help="run id recorded on every row")
    e.add_argument("--allow-loopback", action="store_true",
                   help="let fetching reach 127.0.0.0/8 (local test sites)")
    e.add_argument("--load", action="store_true", help="also load the partition into OpenSearch")
    e.add_argument("--json", action="store_true", help="print the summary as JSON")
    os_url(e)

    a = add("annotate", cmd_annotate, "plain text JSONL {id,text[,language]} -> people, "
            "places, organizations, quotes JSONL (English texts; others come back empty)")
    a.add_argument("--input", required=True, help="input JSONL ('-' for stdin)")
    a.add_argument("--output", required=True, help="output JSONL ('-' for stdout)")
    a.add_argument("--model", help="spaCy model name or path")
    a.add_argument("--batch-size", type=int, help="texts per model batch (default 32)")

    ld = add("load", cmd_load, "Parquet partitions -> OpenSearch (idempotent)")
    ld.add_argument("data", metavar="DIR", help="dataset root holding articles/")
    ld.add_argument("--date", type=_day, action="append", help="only this partition (repeatable)")
    os_url(ld)

    r = add("reindex", cmd_reindex,
            "rebuild the index from every partition, merge its segments and swap the alias")
    r.add_argument("data", metavar="DIR", help="dataset root holding articles/")
    r.add_argument("--keep", type=int, help="previous indices kept for rollback (default 1)")
    os_url(r)

    s = add("search", cmd_search, "full-text search with facets, filters and highlights")
    s.add_argument("query", nargs="*", help='words, "phrases", AND/OR/NOT via + | -')
    s.add_argument("--person", action="append", default=[],
                   help="only articles naming this person (repeat for all of several)")
    s.add_argument("--place", action="append", default=[],
                   help="place as written or its gazetteer name (U.S. = United States)")
    s.add_argument("--org", action="append", default=[], help="only articles naming this "
                   "organization")
    s.add_argument("--source", action="append", default=[], help="source domain")
    s.add_argument("--speaker", help="only articles quoting this speaker; prints the quotes")
    s.add_argument("--quote", help="words the speaker's quote must contain")
    s.add_argument("--lang", help="language code of the article (en, de, ...)")
    s.add_argument("--from", dest="date_from", help="published on or after (YYYY-MM-DD)")
    s.add_argument("--to", dest="date_to", help="published on or before (YYYY-MM-DD)")
    s.add_argument("--has-quotes", action="store_const", const=True, default=None,
                   help="only articles with at least one direct quote")
    s.add_argument("--has-images", action="store_const", const=True, default=None,
                   help="only articles with at least one image")
    s.add_argument("--near", help="LAT,LON,KM: articles mentioning a city or other "
                   "point-like place within KM (countries and regions are areas, not points)")
    s.add_argument("--near-place", help="place name (a city, or a state or province such "
                   "as Bavaria): articles mentioning a point-like place within --km of it")
    s.add_argument("--km", type=float, default=100.0, help="radius for --near-place")
    s.add_argument("--size", type=_count(0), default=10, help="hits to show (default 10)")
    s.add_argument("--page", type=_count(1), default=1, metavar="P",
                   help="page of --size hits to show (default 1; the first 10,000 hits "
                   "can be paged through)")
    s.add_argument("--sort", choices=SORTS, default="relevance",
                   help="order of the hits (default relevance; newest/oldest: by "
                   "publication date)")
    s.add_argument("--facets", type=_count(1), default=10, metavar="N",
                   help="values per facet (default 10)")
    s.add_argument("--by", choices=(*HISTOGRAM_INTERVALS, "none"), default="day",
                   help="interval of the date histogram (default day; none: no histogram, "
                   "a faster search)")
    s.add_argument("--no-highlight", action="store_true",
                   help="no highlighted fragments under the hits (a faster search)")
    s.add_argument("--json", action="store_true",
                   help="print hits, facets and histogram as one JSON object")
    os_url(s)

    o = add("opensearch", cmd_opensearch, "manage the project's local OpenSearch node")
    o.add_argument("action", choices=["start", "stop", "status", "url"],
                   help="start (downloading once through Maven), stop, status, or print the URL")

    d = add("dashboards", cmd_dashboards, "OpenSearch Dashboards saved objects")
    d.add_argument("action", choices=["import"],
                   help="import: post schemas/dashboards.ndjson to the saved objects API")
    d.add_argument("--url", required=True, help="Dashboards base URL")
    d.add_argument("--user", help="user (password from $DASHBOARDS_PASSWORD)")
    return p


def _service_error(exc: Exception) -> str | None:
    """A one-line explanation for an OpenSearch client error, None for anything else."""
    from opensearchpy.exceptions import ConnectionError as OSConnectionError
    from opensearchpy.exceptions import NotFoundError, TransportError

    if isinstance(exc, OSConnectionError):
        return (f"cannot reach OpenSearch ({exc.info or exc.error}); check OPENSEARCH_URL, "
                "or unset it to use the local node (`newsetl opensearch start`)")
    if isinstance(exc, NotFoundError):
        return (f"OpenSearch: {exc.error} ({_reason(exc)}); nothing loaded yet? "
                "Run `newsetl load DIR` first")
    if isinstance(exc, TransportError):
        return f"OpenSearch answered {exc.status_code}: {exc.error} ({_reason(exc)})"
    return None


def _reason(exc: Any) -> str:
    info = exc.info if isinstance(exc.info, dict) else {}
    err = info.get("error")
    if isinstance(err, dict):
        return str(err.get("reason") or err.get("type") or err)
    return str(err or exc.info or "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not args.verbose:
        # The client logs every failed attempt with a traceback; the error below says it once.
        logging.getLogger("opensearch").setLevel(logging.ERROR)
    try:
        return int(args.func(args))
    except NewsEtlError as exc:
        print(f"newsetl: error: {exc}", file=sys.stderr)
        return 2 if exc.permanent else 3
    except OSError as exc:  # a file or folder named on the command line
        print(f"newsetl: error: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:
        message = _service_error(exc)
        if message is None:
            raise
        print(f"newsetl: error: {message}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("newsetl: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
