"""The single source of truth for data shapes.

``schemas.arrow`` defines the Arrow schemas of the ``articles``, ``rejects`` and
``quality`` datasets; ``schemas.opensearch`` generates the OpenSearch index
template from the ``articles`` schema (so the two cannot drift);
``dashboards.ndjson`` holds the OpenSearch Dashboards saved objects.
"""

from schemas.arrow import ARTICLES, QUALITY, REJECTS
from schemas.opensearch import index_template, mappings, settings

__all__ = ["ARTICLES", "QUALITY", "REJECTS", "index_template", "mappings", "settings"]
