"""Run configuration, built once (from the environment plus explicit overrides) and passed down.

Every knob lives in :class:`Settings`; stage options are sub-objects so that a stage
receives only what it needs. Nothing here does I/O beyond reading ``os.environ``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from etl import __version__

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw else default


@dataclass(frozen=True)
class IndexOptions:
    """Where and how articles are indexed in OpenSearch."""

    url: str | None = None  # None: the project's managed local node
    alias: str = "news"
    index_prefix: str = "news"
    # One shard keeps facet counts exact: with several, each shard sends only its top
    # buckets and the merged top-N counts can be short (tests compare them with Parquet).
    shards: int = 1
    replicas: int = 0
    bulk_docs: int = 500
    bulk_bytes: int = 8_000_000
    # Bulk requests in flight at once. One request is indexed by one write thread on the
    # node; a second one lets the node index on another core while the first is answered.
    bulk_concurrency: int = 2
    keep_previous: int = 1
    # How long a rebuild waits for its force merge (server-side it goes on when a request
    # times out; compact() asks again until this runs out).
    merge_wait_s: float = 3 * 3600  # under news_reindex's 6 h task timeout
    verify_certs: bool = True
    ca_certs: str | None = None  # CA bundle for a cluster with a private CA (compose stack)


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know.

    Attributes:
        data_dir: root of the datasets (``articles/``, ``rejects/``, ``raw/``, ``quality/``).
        batch_size: inputs per batch (one mapped Airflow task, or one worker job).
        workers: processes for extract+enrich in the CLI (0: one per core).
        allow_loopback: let fetching reach 127.0.0.0/8 (tests and the sample site only).
        pipeline_version: recorded on every article row.
    """

    data_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "data")
    batch_size: int = 50
    workers: int = 0
    allow_loopback: bool = False
    allow_private: bool = False
    respect_robots: bool = True
    user_agent: str = f"newsetl/{__version__} (+https://github.com/newsetl/newsetl)"
    pipeline_version: str = __version__
    spacy_model: str = ""
    index: IndexOptions = field(default_factory=IndexOptions)

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Build settings from ``NEWSETL_*`` / ``OPENSEARCH_URL`` variables, then ``overrides``."""
        base = cls(
            data_dir=Path(os.environ.get("NEWSETL_DATA_DIR", str(PROJECT_ROOT / "data"))),
            batch_size=_env_int("NEWSETL_BATCH_SIZE", 50),
            workers=_env_int("NEWSETL_WORKERS", 0),
            allow_loopback=_env_bool("NEWSETL_ALLOW_LOOPBACK", False),
            allow_private=_env_bool("NEWSETL_ALLOW_PRIVATE", False),
            respect_robots=_env_bool("NEWSETL_RESPECT_ROBOTS", True),
            spacy_model=os.environ.get("NEWSETL_SPACY_MODEL", ""),
            index=IndexOptions(
                url=os.environ.get("OPENSEARCH_URL") or None,
                alias=os.environ.get("NEWSETL_INDEX_ALIAS", "news"),
                index_prefix=os.environ.get("NEWSETL_INDEX_PREFIX", "news"),
                verify_certs=_env_bool("NEWSETL_OPENSEARCH_VERIFY_CERTS", True),
                ca_certs=os.environ.get("NEWSETL_OPENSEARCH_CA_CERTS") or None,
                bulk_concurrency=_env_int("NEWSETL_BULK_CONCURRENCY", 2),
            ),
        )
        index_over = overrides.pop("index", None)
        out = replace(base, **overrides)
        if index_over:
            out = replace(out, index=replace(out.index, **index_over))
        return out
