"""Local backing services that the project downloads, caches and runs itself.

``etl.services.opensearch_node`` manages one real OpenSearch node on loopback
for development and tests (``python -m etl.services.opensearch_node start``).
Nothing here is needed when ``OPENSEARCH_URL`` points at an existing cluster.
"""
