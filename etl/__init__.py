"""newsetl: news pages to Parquet and OpenSearch."""

__version__ = "0.1.0"
