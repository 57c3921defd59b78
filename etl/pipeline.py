"""The run, stage by stage: the thin calls that Airflow tasks and the CLI make.

Stages hand over typed JSON-lines files inside a per-run staging folder
(``data/_staging/<run>``), so each Airflow task is a separate, retryable call:

    plan ──► fetch(batch) ──► extract(batch) ──► enrich(batch) ──► write ──► load ──► report

Every discovered input ends in exactly one of ``articles`` or ``rejects``:
each stage passes an input on or turns it into a ``Reject`` with its stage name.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from etl import staging
from etl.config import Settings
from etl.errors import DuplicateError, NewsEtlError
from etl.records import Article, ExtractedArticle, InputRef, RawPage, Reject, url_id

log = logging.getLogger(__name__)

STAGES = ("discover", "fetch", "extract", "enrich", "dedupe", "load")


@dataclass
class RunPlan:
    """What ``plan`` decided: where the run stages its files and how inputs are batched."""

    run_id: str
    day: date
    stage_dir: Path
    n_inputs: int
    batches: list[int]
    from_raw: bool = False
    batch_size: int = 0  # as planned; 0 in plans written before it was recorded


@dataclass
class WriteResult:
    day: date
    articles: int
    rejects: int
    outcomes: dict[str, int] = field(default_factory=dict)


def _slug(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", run_id)[:120] or "run"


def stage_dir_for(settings: Settings, run_id: str) -> Path:
    return settings.data_dir / "_staging" / _slug(run_id)


def day_interval(day: date) -> tuple[datetime, datetime]:
    """``[day 00:00 UTC, next day 00:00 UTC)``."""
    start = datetime(day.year, day.month, day.day, tzinfo=UTC)
    return start, start + timedelta(days=1)


def reject_from(url: str, exc: BaseException, stage: str, run_id: str) -> Reject:
    """A ``rejects`` row for any exception (unexpected ones keep their class name)."""
    http_status = getattr(exc, "http_status", None)
    stage_name = getattr(exc, "stage", "") or stage
    err_type = exc.error_type if isinstance(exc, NewsEtlError) else type(exc).__name__
    return Reject(
        url=url,
        stage=stage_name,
        error_type=err_type,
        error_message=(str(exc) or err_type)[:2000],
        http_status=http_status,
        run_id=run_id,
        seen_at=datetime.now(UTC),
    )


def _fetcher(settings: Settings) -> Any:
    from etl.fetch import Fetcher, FetchOptions

    return Fetcher(
        FetchOptions(
            user_agent=settings.user_agent,
            allow_loopback=settings.allow_loopback,
            allow_private=settings.allow_private,
            respect_robots=settings.respect_robots,
        )
    )


def raw_dir(settings: Settings, day: date) -> Path:
    return settings.data_dir / "raw" / f"dt={day.isoformat()}"


# --------------------------------------------------------------------------- plan


def batch_size_for(n_inputs: int, batch_size: int, max_batches: int) -> int:
    """The batch size to use so that ``n_inputs`` make at most ``max_batches`` batches.

    The requested size is kept when it already fits; otherwise it is raised to the smallest
    size that fits (Airflow fails a task whose mapped list is longer than
    ``core.max_map_length``).

    Args:
        n_inputs: inputs discovered for the run (>= 0).
        batch_size: the requested inputs per batch (values < 1 count as 1).
        max_batches: the most mapped task instances allowed (values < 1 count as 1).

    Returns:
        A batch size >= ``batch_size`` with ``ceil(n_inputs / size) <= max_batches``.
    """
    size = max(1, batch_size)
    limit = max(1, max_batches)
    if n_inputs <= size * limit:
        return size
    return -(-n_inputs // limit)


def plan(
    settings: Settings,
    sources: Sequence[str],
    day: date,
    run_id: str,
    *,
    from_raw: bool = False,
    use_interval: bool = True,
    max_batches: int | None = None,
) -> RunPlan:
    """Discover the inputs of one run and split them into batches.

    Args:
        settings: run configuration.
        sources: files, folders, WARCs, URL lists, feeds, sitemaps or page URLs.
        day: the partition (and, with ``use_interval``, the data interval) of the run.
        run_id: identifies the run; names the staging folder.
        from_raw: ignore ``sources`` and re-extract the kept raw pages of ``day``.
        use_interval: drop dated inputs outside ``day`` (nightly runs); the CLI on
            ad hoc files turns it off.
        max_batches: at most this many batches (Airflow's ``max_map_length``): the batch
            size grows when the inputs would need more.

    Returns:
        The plan, with batch numbers to map tasks over.
    """
    from etl.discover import DiscoverOptions, discover

    sdir = stage_dir_for(settings, run_id)
    if sdir.exists():
        shutil.rmtree(sdir)  # a retried plan starts clean
    sdir.mkdir(parents=True)
    if from_raw:
        warcs = sorted(str(p) for p in raw_dir(settings, day).glob("*.warc.gz"))
        if not warcs:
            from etl.errors import InvalidInputError

            raise InvalidInputError(f"no kept raw pages for {day} under {raw_dir(settings, day)}")
        found = discover(warcs, interval=None, fetcher=None, options=DiscoverOptions())
    else:
        found = discover(
            list(sources),
            interval=day_interval(day) if use_interval else None,
            fetcher=_fetcher(settings),
            options=DiscoverOptions(),
            keep_page=lambda page, source: _stage_page(sdir, page, source),
        )
    inputs = found.inputs
    staging.dump(sdir / "inputs.jsonl", inputs)
    staging.dump(
        sdir / "rejects-discover.jsonl",
        [reject_from(loc, err, "discover", run_id) for loc, err in found.rejects],
    )
    bs = max(1, settings.batch_size)
    if max_batches and batch_size_for(len(inputs), bs, max_batches) != bs:
        bs = batch_size_for(len(inputs), bs, max_batches)
        log.warning("%d inputs: batch size raised to %d to stay within %d batches",
                    len(inputs), bs, max_batches)
    batches = list(range((len(inputs) + bs - 1) // bs))
    meta = {"run_id": run_id, "day": day.isoformat(), "n_inputs": len(inputs),
            "batches": batches, "from_raw": from_raw, "batch_size": bs}
    (sdir / "plan.json").write_text(json.dumps(meta))
    return RunPlan(run_id, day, sdir, len(inputs), batches, from_raw, bs)


def _stage_page(sdir: Path, page: RawPage, source: str) -> InputRef:
    """Keep an article page that discovery fetched (a page URL given as a source) as a
    one-record WARC in the staging folder; its input points there, so the fetch stage
    reads it instead of asking the site a second time."""
    from etl.rawstore import write_warc

    path = sdir / "discovered" / f"{url_id(page.url)}.warc.gz"
    write_warc(path, [page])
    return InputRef(kind="warc", location=str(path), url=page.url, warc_offset=0, source=source)


def load_plan(settings: Settings, run_id: str) -> RunPlan:
    sdir = stage_dir_for(settings, run_id)
    meta = json.loads((sdir / "plan.json").read_text())
    return RunPlan(meta["run_id"], date.fromisoformat(meta["day"]), sdir, meta["n_inputs"],
                   meta["batches"], meta.get("from_raw", False), meta.get("batch_size", 0))


def _batch_inputs(settings: Settings, p: RunPlan, batch: int) -> list[InputRef]:
    bs = p.batch_size or max(1, settings.batch_size)
    inputs = list(staging.load(p.stage_dir / "inputs.jsonl", InputRef))
    return inputs[batch * bs : (batch + 1) * bs]


# --------------------------------------------------------------------------- batch stages


def _kept_pages(settings: Settings, day: date) -> dict[str, RawPage]:
    """Raw pages kept by an earlier run of ``day``, by URL (for conditional GETs)."""
    from etl.rawstore import iter_warc

    path = raw_dir(settings, day) / "pages.warc.gz"
    if not path.exists():
        return {}
    try:
        return {page.url: page for _, page in iter_warc(path)}
    except NewsEtlError as exc:  # a damaged old WARC only costs the conditional GETs
        log.warning("kept raw pages of %s unreadable, fetching in full: %s", day, exc)
        return {}


def _header(page: RawPage, name: str) -> str | None:
    wanted = name.lower()
    return next((v for k, v in page.headers.items() if k.lower() == wanted), None)


def _fetch_url(fetcher: Any, ref: InputRef, kept: RawPage | None) -> RawPage:
    """Fetch one URL; when an earlier fetch of it is kept, ask only for changes."""
    if kept is None:
        return cast(RawPage, fetcher.fetch(ref.url))
    page = fetcher.fetch(ref.url, etag=_header(kept, "ETag"),
                         last_modified=_header(kept, "Last-Modified"))
    if page.http_status == 304:
        return kept  # unchanged since the kept copy: extract that again
    return cast(RawPage, page)


def fetch_batch(settings: Settings, p: RunPlan, batch: int) -> int:
    """Read or fetch the pages of one batch; keep them as WARC in the staging folder.

    URLs are fetched concurrently (the fetcher keeps per-host limits and delays); a URL
    fetched before for the same day is asked for with ``If-None-Match`` /
    ``If-Modified-Since``, and a ``304`` reuses the kept page.
    """
    from etl.rawstore import read_input, write_warc

    refs = _batch_inputs(settings, p, batch)
    fetcher = _fetcher(settings)
    kept = _kept_pages(settings, p.day) if any(r.kind == "url" for r in refs) else {}
    results: dict[int, RawPage | BaseException] = {}
    with ThreadPoolExecutor(max_workers=8, thread_name_prefix="newsetl-batch") as pool:
        futures = {
            pool.submit(_fetch_url, fetcher, ref, kept.get(ref.url)): i
            for i, ref in enumerate(refs)
            if ref.kind == "url"
        }
        for i, ref in enumerate(refs):
            if ref.kind != "url":
                try:
                    results[i] = read_input(ref, fetcher)
                except Exception as exc:  # every input must end somewhere: keep the reason
                    results[i] = exc
        for fut, i in futures.items():
            try:
                results[i] = fut.result()
            except Exception as exc:
                results[i] = exc
    pages: list[RawPage] = []
    rejects: list[Reject] = []
    for i, ref in enumerate(refs):  # input order, whatever order fetches finished in
        out = results[i]
        if isinstance(out, RawPage):
            pages.append(out)
        else:
            rejects.append(reject_from(ref.url or ref.location, out, "fetch", p.run_id))
    write_warc(p.stage_dir / f"raw-{batch:05d}.warc.gz", pages)
    staging.dump(p.stage_dir / f"rejects-fetch-{batch:05d}.jsonl", rejects)
    return len(pages)


@dataclass
class Extracted:
    """What ``extract`` hands to ``enrich``: the article and when its page was fetched."""

    article: ExtractedArticle
    fetched_at: datetime


def extract_batch(settings: Settings, p: RunPlan, batch: int) -> int:
    """Extract the article of every page fetched in this batch."""
    from etl.extract import extract_article
    from etl.rawstore import iter_warc

    out: list[Extracted] = []
    rejects: list[Reject] = []
    for _, page in iter_warc(p.stage_dir / f"raw-{batch:05d}.warc.gz"):
        try:
            out.append(Extracted(extract_article(page), page.fetched_at))
        except Exception as exc:
            rejects.append(reject_from(page.url, exc, "extract", p.run_id))
    staging.dump(p.stage_dir / f"extracted-{batch:05d}.jsonl", out)
    staging.dump(p.stage_dir / f"rejects-extract-{batch:05d}.jsonl", rejects)
    return len(out)


_ENRICHER: Any = None


def _enricher(settings: Settings) -> Any:
    # One model per process: loading spaCy costs far more than annotating a batch.
    global _ENRICHER
    if _ENRICHER is None:
        from etl.enrich import Enricher, EnrichOptions

        _ENRICHER = Enricher(EnrichOptions(model=settings.spacy_model))
    return _ENRICHER


def build_article(
    art: ExtractedArticle, annotation: Any, images: list[Any], fetched_at: datetime,
    run_id: str, version: str,
) -> Article:
    """Assemble the ``articles`` row from extraction and enrichment."""
    from etl.extract import content_hash, simhash

    return Article(
        id=url_id(art.canonical_url or art.url),
        url=art.url,
        canonical_url=art.canonical_url or art.url,
        source_domain=art.source_domain,
        site_name=art.site_name,
        title=art.title,
        description=art.description,
        authors=art.authors,
        published_at=art.published_at,
        modified_at=art.modified_at,
        language=art.language,
        section=art.section,
        tags=art.tags,
        text=art.text,
        word_count=len(art.text.split()),
        content_hash=content_hash(art.text),
        simhash=simhash(art.text),
        people=annotation.people,
        places=annotation.places,
        organizations=annotation.organizations,
        quotes=annotation.quotes,
        images=images,
        fetched_at=fetched_at,
        run_id=run_id,
        pipeline_version=version,
    )


def enrich_batch(settings: Settings, p: RunPlan, batch: int) -> int:
    """People, places, organizations, quotes and image people for one batch."""
    done = list(staging.load(p.stage_dir / f"extracted-{batch:05d}.jsonl", Extracted))
    articles: list[Article] = []
    rejects: list[Reject] = []
    enricher = _enricher(settings)
    annotations = (
        enricher.annotate_many([e.article.text for e in done], [e.article.language for e in done])
        if done
        else []
    )
    for e, ann in zip(done, annotations, strict=True):
        try:
            # Captions in a language the model does not read would only yield guesses.
            supported = enricher.supports(e.article.text, e.article.language)
            images = (
                enricher.tag_images(e.article.images, ann.people)
                if supported
                else e.article.images
            )
            articles.append(build_article(e.article, ann, images, e.fetched_at, p.run_id,
                                          settings.pipeline_version))
        except Exception as exc:
            rejects.append(reject_from(e.article.url, exc, "enrich", p.run_id))
    staging.dump(p.stage_dir / f"articles-{batch:05d}.jsonl", articles)
    staging.dump(p.stage_dir / f"rejects-enrich-{batch:05d}.jsonl", rejects)
    return len(articles)


def run_batch(settings: Settings, p: RunPlan, batch: int) -> tuple[int, int]:
    """fetch + extract + enrich of one batch in one call (the CLI's unit of parallel work)."""
    fetch_batch(settings, p, batch)
    extract_batch(settings, p, batch)
    return batch, enrich_batch(settings, p, batch)


# --------------------------------------------------------------------------- write


def _deduped(
    articles: Iterable[Article], run_id: str, rejects: list[Reject], counts: Counter[str]
) -> Iterator[Article]:
    """Yield the articles that survive :class:`~etl.dedupe.Deduper`; append the others to
    ``rejects`` as they go, so the day streams through without being held in memory."""
    from etl.dedupe import Deduper

    deduper = Deduper()
    for art in articles:
        verdict = deduper.judge(art.id, art.url, art.content_hash, art.simhash)
        if not verdict.keep:
            err = DuplicateError(verdict.reason, stage="dedupe")
            rejects.append(reject_from(art.url, err, "dedupe", run_id))
            continue
        art.duplicate_of = verdict.duplicate_of
        counts["article"] += 1
        yield art


def write(settings: Settings, p: RunPlan) -> WriteResult:
    """Merge the batches into the day's partitions (replaced whole) and keep the raw pages.

    Articles stream from the staged batches through the deduplication into the Parquet
    writer, so memory does not grow with the size of the day.
    """
    from etl.parquet_io import write_partition
    from etl.rawstore import iter_warc, write_warc

    rejects: list[Reject] = list(staging.load(p.stage_dir / "rejects-discover.jsonl", Reject))
    for b in p.batches:
        for stage in ("fetch", "extract", "enrich"):
            rejects.extend(staging.load(p.stage_dir / f"rejects-{stage}-{b:05d}.jsonl", Reject))
    staged = (
        art
        for b in p.batches
        for art in staging.load(p.stage_dir / f"articles-{b:05d}.jsonl", Article)
    )
    outcomes: Counter[str] = Counter({"article": 0})
    write_partition(
        settings.data_dir, "articles", p.day, _deduped(staged, p.run_id, rejects, outcomes)
    )
    write_partition(settings.data_dir, "rejects", p.day, rejects)
    if not p.from_raw:
        # The raw pages of the day, kept so a later backfill can re-extract without fetching.
        pages = (pg for b in p.batches for _, pg in iter_warc(p.stage_dir / f"raw-{b:05d}.warc.gz"))
        rdir = raw_dir(settings, p.day)
        rdir.mkdir(parents=True, exist_ok=True)
        write_warc(rdir / "pages.warc.gz", pages)
    for r in rejects:
        outcomes[f"reject:{r.stage}:{r.error_type}"] += 1
    result = WriteResult(p.day, outcomes["article"], len(rejects), dict(outcomes))
    (p.stage_dir / "write.json").write_text(json.dumps(asdict(result), default=str))
    return result


# --------------------------------------------------------------------------- load, report


def load(settings: Settings, day: date, run_id: str = "") -> dict[str, Any]:
    """Load the day's ``articles`` partition into OpenSearch; refused documents become rejects."""
    from opensearchpy.exceptions import TransportError

    from etl.index import load_partition, make_client
    from etl.index.manage import merge_after_load
    from etl.parquet_io import write_part_file

    client = make_client(settings.index)
    result = load_partition(client, settings.index, settings.data_dir, day, run_id=run_id)
    # A file of its own in the rejects partition, so a reload replaces, never adds to, it.
    write_part_file(settings.data_dir, "rejects", day, "load", result.rejects)
    t0 = time.monotonic()
    try:
        merge_after_load(client, result.index)
    except (TransportError, OSError) as exc:
        # The day is loaded and searchable; fewer segments only make searches faster, and
        # the next load's pass merges these too.
        log.warning("merge pass after loading %s into %s failed: %s", day, result.index, exc)
    return {"day": day.isoformat(), "index": result.index, "indexed": result.indexed,
            "deleted": result.deleted, "refused": len(result.rejects),
            "merge_s": round(time.monotonic() - t0, 1)}


def reindex(settings: Settings, progress: Any = None) -> dict[str, Any]:
    """Rebuild the index from every partition, swap the alias, and record what it refused.

    Each day's ``load`` rejects file is rewritten from the new index's refusals, as a
    load of that day would.
    """
    from etl.index import make_client
    from etl.index import reindex as rebuild
    from etl.parquet_io import write_part_file

    refused: dict[str, int] = {}

    def record(day: date, rows: list[Reject]) -> None:
        write_part_file(settings.data_dir, "rejects", day, "load", rows)
        refused[day.isoformat()] = len(rows)

    client = make_client(settings.index)
    new_index, n = rebuild(client, settings.index, settings.data_dir, progress, record)
    return {"index": new_index, "documents": n, "refused": sum(refused.values())}


def report(settings: Settings, p: RunPlan, cleanup: bool = True) -> dict[str, Any]:
    """Counts by outcome and per-domain health for the run; removes the staging folder."""
    from etl.report import domain_health

    written = json.loads((p.stage_dir / "write.json").read_text())
    health = domain_health(settings, p.day, p.run_id)
    summary = {"run_id": p.run_id, "day": p.day.isoformat(), "inputs": p.n_inputs,
               "articles": written["articles"], "rejects": written["rejects"],
               "outcomes": written["outcomes"], "degraded_domains": health}
    if cleanup:
        shutil.rmtree(p.stage_dir, ignore_errors=True)
    return summary
