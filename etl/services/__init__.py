"""Local backing services that the project downloads, caches and runs itself.

``etl.services.opensearch_node`` manages one real OpenSearch node on loopback
for development and tests (``python -m etl.services.opensearch_node start``).
Nothing here is needed when ``OPENSEARCH_URL`` points at an existing cluster.

The submodule is deliberately not imported here: ``python -m`` on a module
that its package already imported triggers a ``RuntimeWarning`` and runs the
module twice.
"""
