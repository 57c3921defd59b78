"""The Assets newsetl's DAGs produce and consume, defined once for both DAG files."""

from __future__ import annotations

from airflow.sdk import Asset

RAW_PAGES = Asset("file://newsetl/raw", extra={"dataset": "raw pages (WARC per day)"})
ARTICLES = Asset("file://newsetl/articles", extra={"dataset": "articles + rejects Parquet"})
INDEX = Asset("opensearch://newsetl/news", extra={"alias": "news"})
