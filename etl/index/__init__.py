"""OpenSearch edge: client, index management, loading and search."""

from etl.index.client import make_client, resolve_url
from etl.index.documents import to_document
from etl.index.loader import LoadResult, load_partition
from etl.index.manage import ensure_index, reindex, write_target
from etl.index.search import Hit, SearchRequest, SearchResult, search

__all__ = [
    "Hit",
    "LoadResult",
    "SearchRequest",
    "SearchResult",
    "ensure_index",
    "load_partition",
    "make_client",
    "reindex",
    "resolve_url",
    "search",
    "to_document",
    "write_target",
]
