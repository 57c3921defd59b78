"""Pure helpers for a node's configuration: heap check, ``opensearch.yml``,
``jvm.options`` and Java discovery."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from etl.errors import InvalidInputError
from etl.services.opensearch_node._constants import (
    CLUSTER_NAME,
    HOST,
    MIN_JAVA_VERSION,
    NODE_NAME,
    OPENSEARCH_VERSION,
)

_HEAP_RE = re.compile(r"^[1-9][0-9]*[kKmMgG]$")


def validate_heap(heap: str) -> str:
    """Check a JVM heap size such as ``512m`` or ``2g`` and return it."""
    if not _HEAP_RE.match(heap):
        raise InvalidInputError(
            f"invalid heap size {heap!r}: use a number with k, m or g, e.g. 512m"
        )
    return heap


def render_config(
    *,
    http_port: int,
    transport_port: int,
    data_dir: Path,
    logs_dir: Path,
    node_name: str = NODE_NAME,
    cluster_name: str = CLUSTER_NAME,
    host: str = HOST,
) -> str:
    """Render ``opensearch.yml`` for a single loopback node.

    Values are written as JSON scalars, which YAML reads unchanged, so paths
    with spaces or colons need no extra quoting rules.
    """
    settings: dict[str, Any] = {
        "cluster.name": cluster_name,
        "node.name": f"{cluster_name}-{node_name}",
        "network.host": host,
        "http.port": http_port,
        "transport.port": transport_port,
        "discovery.type": "single-node",
        "path.data": str(data_dir),
        "path.logs": str(logs_dir),
        "bootstrap.memory_lock": False,
        # A developer disk at 90 % would otherwise hit the flood-stage
        # watermark and turn every index read-only mid-test; a throwaway local
        # node has no other node to move shards to anyway.
        "cluster.routing.allocation.disk.threshold_enabled": False,
        "cluster.routing.allocation.disk.watermark.low": "97%",
        "cluster.routing.allocation.disk.watermark.high": "98%",
        "cluster.routing.allocation.disk.watermark.flood_stage": "99%",
    }
    lines = [
        "# Written by etl.services.opensearch_node at every start; edits are lost.",
        "# action.auto_create_index is left at its default (true).",
    ]
    lines += [f"{key}: {json.dumps(value)}" for key, value in settings.items()]
    return "\n".join(lines) + "\n"


def render_jvm_options(original: str, *, node_home: Path) -> str:
    """Adapt the distribution's ``jvm.options`` to a per-node folder.

    The launcher runs from the (read-only, shared) distribution directory, so
    relative paths there (GC log, heap dumps, crash files) would point into
    it; they are redirected to the node folder. The fixed ``-Xms``/``-Xmx``
    lines are dropped so ``OPENSEARCH_JAVA_OPTS`` alone sets the heap.
    """
    logs = node_home / "logs"
    out: list[str] = []
    for line in original.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"-Xm[sx]\S+", stripped):
            continue
        line = line.replace("file=logs/gc.log", f"file={logs / 'gc.log'}")
        line = line.replace("-XX:HeapDumpPath=data", f"-XX:HeapDumpPath={node_home / 'tmp'}")
        line = line.replace("-XX:ErrorFile=logs/", f"-XX:ErrorFile={logs}/")
        out.append(line)
    return "\n".join(out) + "\n"


def java_version(java_home: Path) -> int | None:
    """Return the feature version (21, 25, ...) of a JDK, read from its ``release`` file."""
    release = java_home / "release"
    try:
        text = release.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = re.search(r'^JAVA_VERSION="?(\d+)(?:\.(\d+))?', text, re.MULTILINE)
    if not match:
        return None
    major = int(match.group(1))
    if major == 1 and match.group(2):  # "1.8.0" style
        major = int(match.group(2))
    return major


def find_java_home(search_dirs: tuple[Path, ...] = (Path("/usr/lib/jvm"),)) -> Path:
    """Return a JDK able to run OpenSearch (Java >= 21).

    ``NEWSETL_JAVA_HOME`` wins when set; then ``OPENSEARCH_JAVA_HOME`` and
    ``JAVA_HOME`` when new enough; then the newest JDK under ``search_dirs``.
    """
    forced = os.environ.get("NEWSETL_JAVA_HOME")
    if forced:
        home = Path(forced)
        if not (home / "bin" / "java").exists():
            raise InvalidInputError(f"NEWSETL_JAVA_HOME={forced} has no bin/java")
        return home
    for var in ("OPENSEARCH_JAVA_HOME", "JAVA_HOME"):
        value = os.environ.get(var)
        if value:
            home = Path(value)
            version = java_version(home)
            if version and version >= MIN_JAVA_VERSION and (home / "bin" / "java").exists():
                return home
    candidates: list[tuple[int, str, Path]] = []
    for directory in search_dirs:
        if not directory.is_dir():
            continue
        for home in directory.iterdir():
            if home.is_symlink() or not (home / "bin" / "java").exists():
                continue
            version = java_version(home)
            if version and version >= MIN_JAVA_VERSION:
                candidates.append((version, home.name, home))
    if not candidates:
        raise InvalidInputError(
            f"OpenSearch {OPENSEARCH_VERSION} needs Java {MIN_JAVA_VERSION}+; none found under "
            f"{', '.join(map(str, search_dirs))}. Install one or set NEWSETL_JAVA_HOME."
        )
    return max(candidates)[2]
