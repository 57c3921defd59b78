"""Download, cache, start and stop a real local OpenSearch node.

The node is the official minimal distribution
(``org.opensearch.distribution.integ-test-zip:opensearch``, fetched from
Maven Central with ``mvn``). Despite its name it ships all the core modules the
project needs: ``analysis-common`` (English analyzer), ``geo`` (geotile/geohash
grid aggregations), ``mapper-extras``, ``parent-join``, ``percolator``,
``reindex``, ``lang-painless``, ``transport-netty4``. It has no security plugin,
so the node speaks plain HTTP without authentication; it only ever listens
on 127.0.0.1.

Layout (``$NEWSETL_CACHE`` defaults to ``~/.cache/newsetl``, or to
``/var/cache/newsetl`` for root, because root's home is not readable by the
unprivileged user the node runs as)::

    $NEWSETL_CACHE/opensearch-<version>/
        dist/                 unpacked distribution (read-only, shared)
        nodes/local/          config/, data/, logs/, tmp/, opensearch.out
        node.json             state file: pid, port, url, version, ...

Public API: :data:`OPENSEARCH_VERSION`, :class:`NodeInfo`,
:func:`ensure_installed`, :func:`start`, :func:`stop`, :func:`status`,
:func:`ensure_running`, :func:`url`. ``OPENSEARCH_URL`` in the environment
points everything at an existing cluster instead; then :func:`start` and
:func:`stop` manage nothing.

Command line (for the Makefile)::

    python -m etl.services.opensearch_node start|stop|status|url|install
"""

from etl.services.opensearch_node._cli import main
from etl.services.opensearch_node._config import (
    find_java_home,
    java_version,
    render_config,
    render_jvm_options,
    validate_heap,
)
from etl.services.opensearch_node._constants import (
    CLUSTER_NAME,
    CONSOLE_LOG,
    HOST,
    INSTALL_MARKER,
    MAVEN_ARTIFACT,
    MIN_JAVA_VERSION,
    NODE_NAME,
    OPENSEARCH_VERSION,
    SERVICE_USER,
    STATE_FILE,
)
from etl.services.opensearch_node._install import ensure_installed
from etl.services.opensearch_node._lifecycle import ensure_running, start, status, stop, url
from etl.services.opensearch_node._net import free_port, health, port_is_free
from etl.services.opensearch_node._paths import (
    cache_dir,
    cache_root,
    install_dir,
    node_dir,
    state_path,
)
from etl.services.opensearch_node._process import pid_alive
from etl.services.opensearch_node._state import (
    NodeInfo,
    read_state,
    remove_state,
    state_to_info,
    write_state,
)

# Beyond the API named above, the lower-level helpers and names stay importable
# from here: they were public when this was one module.
__all__ = [
    "CLUSTER_NAME",
    "CONSOLE_LOG",
    "HOST",
    "INSTALL_MARKER",
    "MAVEN_ARTIFACT",
    "MIN_JAVA_VERSION",
    "NODE_NAME",
    "OPENSEARCH_VERSION",
    "SERVICE_USER",
    "STATE_FILE",
    "NodeInfo",
    "cache_dir",
    "cache_root",
    "ensure_installed",
    "ensure_running",
    "find_java_home",
    "free_port",
    "health",
    "install_dir",
    "java_version",
    "main",
    "node_dir",
    "pid_alive",
    "port_is_free",
    "read_state",
    "remove_state",
    "render_config",
    "render_jvm_options",
    "start",
    "state_path",
    "state_to_info",
    "status",
    "stop",
    "url",
    "validate_heap",
    "write_state",
]
