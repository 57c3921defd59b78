"""Run report: per-domain extraction health against that domain's trailing average.

A site redesign usually shows up as a jump in empty texts or missing dates for one
domain; comparing each domain with its own recent past catches it the next morning.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any

from etl.config import Settings
from etl.parquet_io import read_partition, write_partition

log = logging.getLogger(__name__)

TRAILING_DAYS = 7
# A share must rise by this much over the trailing mean to count as degraded.
DEGRADE_MARGIN = 0.25
MIN_ARTICLES = 3
EMPTY_WORDS = 50


def _domain(url: str) -> str:
    from etl.extract import source_domain

    return source_domain(url) or "local"  # file:// inputs have no host


def compute_health(
    articles: list[dict[str, Any]], rejects: list[dict[str, Any]]
) -> dict[str, dict[str, float]]:
    """Per-domain counts and shares from the rows of one partition (pure)."""
    stats: dict[str, dict[str, float]] = defaultdict(
        lambda: {"articles": 0, "rejects": 0, "empty": 0, "no_date": 0, "no_author": 0}
    )
    for a in articles:
        s = stats[a.get("source_domain") or _domain(a["url"])]
        s["articles"] += 1
        s["empty"] += (a.get("word_count") or 0) < EMPTY_WORDS
        s["no_date"] += a.get("published_at") is None
        s["no_author"] += not a.get("authors")
    for r in rejects:
        if r.get("stage") == "extract":
            stats[_domain(r["url"])]["rejects"] += 1
    out = {}
    for dom, s in stats.items():
        seen = s["articles"] + s["rejects"]
        out[dom] = {
            "articles": s["articles"],
            "rejects": s["rejects"],
            # An extraction reject is the emptiest text of all.
            "empty_text_share": (s["empty"] + s["rejects"]) / seen if seen else 0.0,
            "missing_date_share": s["no_date"] / s["articles"] if s["articles"] else 0.0,
            "missing_author_share": s["no_author"] / s["articles"] if s["articles"] else 0.0,
        }
    return out


def is_degraded(today: dict[str, float], past: list[dict[str, Any]]) -> bool:
    """True when a share rose by ``DEGRADE_MARGIN`` over the trailing mean (needs history)."""
    if not past or today["articles"] + today["rejects"] < MIN_ARTICLES:
        return False
    for key in ("empty_text_share", "missing_date_share", "missing_author_share"):
        mean = sum(float(p[key] or 0) for p in past) / len(past)
        if today[key] - mean >= DEGRADE_MARGIN:
            return True
    return False


def domain_health(settings: Settings, day: date, run_id: str) -> list[str]:
    """Write the ``quality`` partition of ``day``; warn about and return degraded domains."""
    articles = read_partition(
        settings.data_dir, "articles", day,
        columns=["url", "source_domain", "word_count", "published_at", "authors"],
    ).to_pylist()
    rejects = read_partition(settings.data_dir, "rejects", day).to_pylist()
    health = compute_health(articles, rejects)
    history: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for back in range(1, TRAILING_DAYS + 1):
        for row in read_partition(
            settings.data_dir, "quality", day - timedelta(days=back)
        ).to_pylist():
            history[row["source_domain"]].append(row)
    rows, degraded = [], []
    now = datetime.now(UTC)
    for dom, h in sorted(health.items()):
        bad = is_degraded(h, history.get(dom, []))
        if bad:
            degraded.append(dom)
            log.warning(
                "extraction degraded for %s on %s: empty %.0f%%, no date %.0f%%, no author %.0f%%",
                dom, day, 100 * h["empty_text_share"], 100 * h["missing_date_share"],
                100 * h["missing_author_share"],
            )
        rows.append({"dt": day.isoformat(), "run_id": run_id, "source_domain": dom,
                     "articles": int(h["articles"]), "rejects": int(h["rejects"]),
                     "empty_text_share": h["empty_text_share"],
                     "missing_date_share": h["missing_date_share"],
                     "missing_author_share": h["missing_author_share"],
                     "degraded": bad, "computed_at": now})
    write_partition(settings.data_dir, "quality", day, rows)
    return degraded
