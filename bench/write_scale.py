"""The write stage as the day grows: time and peak memory, against two baselines.

Articles are the 181 real pages of ``../shared/corpus`` extracted and enriched once by
``newsetl extract``, then cloned into days of N articles (new URL, id and text hash per
clone; fingerprints moved by a few random bits, so some clones are near-duplicates and
the deduplication has work to do). Each day is staged in batches of 50, as a run stages
it, and measured in a fresh process:

* ``pipeline.write``: deduplication and Parquet, streaming (what runs);
* baseline "all in memory": read every staged article into a list and write one table
  with ``pyarrow.parquet.write_table`` (no deduplication), the shape of a simple writer;
* baseline "every pair": the same deduplication rule comparing each article with every
  kept one (time only; the day's fingerprints, nothing else).

Peak memory is the process's peak RSS minus its RSS before the work started.
Writes the ``write`` section of docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._report import ROOT, require_shared, update_section

BATCH = 50
DAY = date(2026, 1, 1)


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _child(mode: str, stage: Path, out: Path) -> None:
    """Run one measurement in this (fresh) process and print it as JSON."""
    from etl import staging
    from etl.config import Settings
    from etl.dedupe import NEAR_DUPLICATE_BITS
    from etl.extract.hashing import hamming
    from etl.parquet_io import to_table
    from etl.pipeline import RunPlan, write
    from etl.records import Article

    batches = sorted(int(p.stem.split("-")[1]) for p in stage.glob("articles-*.jsonl"))
    before = _rss_kb()
    t0 = time.perf_counter()
    if mode == "write":
        plan = RunPlan("bench", DAY, stage, 0, batches, from_raw=True)
        n = write(Settings.from_env(data_dir=out), plan).articles
    elif mode == "in_memory":
        import pyarrow.parquet as pq

        arts = [
            a for b in batches for a in staging.load(stage / f"articles-{b:05d}.jsonl", Article)
        ]
        pq.write_table(to_table("articles", arts), out / "all.parquet", compression="zstd")
        n = len(arts)
    else:  # every pair
        fps = [json.loads(line)["simhash"] for b in batches
               for line in (stage / f"articles-{b:05d}.jsonl").read_text("utf-8").splitlines()]
        before = _rss_kb()
        t0 = time.perf_counter()
        kept: list[int] = []
        for fp in fps:
            any(hamming(k, fp) <= NEAR_DUPLICATE_BITS for k in kept)
            kept.append(fp)
        n = len(fps)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"n": n, "seconds": seconds, "growth_mb": (peak - before) / 1024}))


def _articles(tmp: Path) -> list[dict[str, Any]]:
    """The corpus pages as article rows, extracted and enriched by the real CLI."""
    from etl.parquet_io import iter_batches

    corpus = require_shared("corpus", "article-extraction-benchmark", "html")
    out = tmp / "corpus"
    newsetl = str(Path(sys.executable).with_name("newsetl"))
    subprocess.run([newsetl, "extract", str(corpus), "--out", str(out), "--date",
                    DAY.isoformat(), "--json"], check=True, stdout=subprocess.DEVNULL)
    return [r for b in iter_batches(out, "articles") for r in b.to_pylist()]


def _stage(rows: list[dict[str, Any]], n: int, stage: Path, seed: int) -> None:
    from etl import staging

    rng = random.Random(seed)
    stage.mkdir(parents=True)
    for start in range(0, n, BATCH):
        batch = []
        for i in range(start, min(n, start + BATCH)):
            r = dict(rows[i % len(rows)])
            r["url"] = f"{r['url']}#c{i}"
            r["id"] = f"{i:016x}{r['id'][16:]}"
            r["content_hash"] = f"{i:x}-{r['content_hash']}"
            fp = r["simhash"]
            for _ in range(rng.randint(2, 12)):
                fp ^= 1 << rng.randrange(64)
            r["simhash"] = fp
            batch.append(r)
        staging.dump(stage / f"articles-{start // BATCH:05d}.jsonl", batch)


def _measure(mode: str, stage: Path, out: Path) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    res = subprocess.run([sys.executable, __file__, "--child", mode, str(stage), str(out)],
                         check=True, capture_output=True, text=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="2000,8000,32000", help="articles per day, comma-separated")
    ap.add_argument("--pairs-up-to", type=int, default=32000,
                    help="largest day timed with the every-pair baseline (it is quadratic)")
    ap.add_argument("--no-report", action="store_true", help="do not write docs/BENCHMARKS.md")
    ap.add_argument("--child", nargs=3, metavar=("MODE", "STAGE", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], Path(args.child[1]), Path(args.child[2]))
        return 0

    sizes = [int(s) for s in args.sizes.split(",")]
    lines = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        rows = _articles(tmp)
        for n in sizes:
            stage = tmp / f"stage-{n}"
            _stage(rows, n, stage, seed=n)
            w = _measure("write", stage, tmp / f"out-{n}-w")
            m = _measure("in_memory", stage, tmp / f"out-{n}-m")
            pairs = _measure("pairs", stage, tmp / f"out-{n}-p") if n <= args.pairs_up_to else None
            print(f"{n}: write {w} in-memory {m} pairs {pairs}", file=sys.stderr)
            lines.append(
                f"| {n:,} | {w['seconds']:.1f} | {n / w['seconds']:.0f} | {w['growth_mb']:.0f} "
                f"| {m['seconds']:.1f} | {n / m['seconds']:.0f} | {m['growth_mb']:.0f} | "
                f"{w['seconds'] / m['seconds']:.2f} | "
                + (f"{pairs['seconds']:.1f} |" if pairs else "not run |")
            )
            for p in stage.iterdir():
                p.unlink()
    cores = os.cpu_count()
    md = "\n".join([
        "## Write stage as the day grows",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d} on {cores} cores by `bench/write_scale.py`: the "
        f"{len(rows)} articles that `newsetl extract` keeps from the real corpus pages, cloned "
        "into days of N articles (new URL, id and text hash per clone, fingerprints moved by "
        f"2–12 random bits), staged in batches of {BATCH}. Each figure comes from a fresh "
        "process; memory is peak RSS above the RSS before the work. Baselines in the same run: "
        "reading every staged article into a list and writing one table with "
        "`pyarrow.parquet.write_table` (no deduplication), and the deduplication rule applied "
        "by comparing each article with every kept one (fingerprints only).",
        "",
        "| articles | `pipeline.write` s | docs/s | peak MB | all in memory s | docs/s | peak MB "
        "| time ratio | every-pair dedupe alone s |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *lines,
    ])
    print(md)
    if not args.no_report:
        update_section(ROOT / "docs" / "BENCHMARKS.md", "write", md, title="Benchmarks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
