"""A WARC written from the sample site extracts to the same articles as fetching it live."""

from __future__ import annotations

from datetime import UTC, datetime

from etl import pipeline
from etl.config import Settings
from etl.parquet_io import read_partition
from etl.rawstore import write_warc
from etl.records import RawPage
from etl.sample_site import SAMPLE_DAY, manifest, render
from etl.sample_site.server import serve_site

COLUMNS = ["id", "url", "canonical_url", "title", "authors", "published_at", "modified_at",
           "language", "section", "tags", "text", "content_hash", "images", "people", "places",
           "organizations", "quotes"]


def _run(settings, sources, run_id, interval):
    plan = pipeline.plan(settings, sources, SAMPLE_DAY, run_id, use_interval=interval)
    for b in plan.batches:
        pipeline.run_batch(settings, plan, b)
    pipeline.write(settings, plan)
    return read_partition(settings.data_dir, "articles", SAMPLE_DAY).select(COLUMNS).sort_by("id")


def test_warc_of_sample_site_equals_live_fetch(tmp_path):
    pages = manifest()
    with serve_site() as base:
        live = _run(Settings.from_env(data_dir=tmp_path / "live", allow_loopback=True),
                    [f"{base}/sitemap.xml"], "live", True)
        warc = tmp_path / "site.warc.gz"
        now = datetime.now(UTC)
        write_warc(warc, [
            RawPage(url=p.url(base), body=render(p.path, base), fetched_at=now, http_status=200,
                    content_type="text/html; charset=utf-8")
            for p in pages
        ])
    # the server is gone: the WARC alone must do
    from_warc = _run(Settings.from_env(data_dir=tmp_path / "warc"), [str(warc)], "warc", False)
    assert live.num_rows == len(pages)
    assert from_warc.to_pylist() == live.to_pylist()
