"""The pinned OpenSearch version and the fixed names the node manager uses."""

#: The one place the OpenSearch version is pinned. ``docker-compose.yml`` uses
#: the same version (checked by ``tests/test_compose.py``).
OPENSEARCH_VERSION = "3.8.0"

MAVEN_ARTIFACT = f"org.opensearch.distribution.integ-test-zip:opensearch:{OPENSEARCH_VERSION}:zip"

#: Unprivileged account the node runs as when we are root (OpenSearch refuses root).
SERVICE_USER = "newsetl-os"

#: OpenSearch 3.x needs Java 21 or newer.
MIN_JAVA_VERSION = 21

HOST = "127.0.0.1"
CLUSTER_NAME = "newsetl-local"
NODE_NAME = "local"
INSTALL_MARKER = ".newsetl-installed"
STATE_FILE = "node.json"
CONSOLE_LOG = "opensearch.out"
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
