"""Where a node is (:class:`NodeInfo`) and the state file that remembers it."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from etl.services.opensearch_node._constants import OPENSEARCH_VERSION


@dataclass(frozen=True)
class NodeInfo:
    """Where a running OpenSearch is and what it is.

    Attributes:
        url: base URL, ``http://127.0.0.1:<port>`` (no trailing slash).
        pid: process id of the node's JVM; ``None`` for an external cluster.
        port: HTTP port.
        home: the unpacked distribution; ``None`` for an external cluster.
        data_dir: the node's ``path.data``; ``None`` for an external cluster.
        version: OpenSearch version of the managed node (or the pinned one).
        external: ``True`` when the URL came from ``OPENSEARCH_URL``.
    """

    url: str
    pid: int | None
    port: int
    home: Path | None
    data_dir: Path | None
    version: str = OPENSEARCH_VERSION
    external: bool = False


def write_state(path: Path, info: NodeInfo, **extra: Any) -> None:
    """Write the state file atomically (temp file + rename)."""
    data = asdict(info)
    data.update({k: str(v) if isinstance(v, Path) else v for k, v in data.items()})
    data.update(extra)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def read_state(path: Path) -> dict[str, Any] | None:
    """Read the state file; ``None`` when missing or unreadable (treated as no node)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("pid"), int):
        return None
    if not isinstance(data.get("port"), int) or not isinstance(data.get("url"), str):
        return None
    return data


def state_to_info(data: Mapping[str, Any]) -> NodeInfo:
    """Turn a state-file mapping into a :class:`NodeInfo`."""
    return NodeInfo(
        url=str(data["url"]),
        pid=int(data["pid"]),
        port=int(data["port"]),
        home=Path(data["home"]) if data.get("home") else None,
        data_dir=Path(data["data_dir"]) if data.get("data_dir") else None,
        version=str(data.get("version", OPENSEARCH_VERSION)),
    )


def remove_state(path: Path) -> None:
    """Delete the state file if present."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
