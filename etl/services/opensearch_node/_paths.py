"""Cache layout: where the distribution, the node folder and the state file live."""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from etl.errors import InvalidInputError
from etl.services.opensearch_node._constants import NODE_NAME, OPENSEARCH_VERSION, STATE_FILE


def cache_root() -> Path:
    """Return the newsetl cache root (``$NEWSETL_CACHE`` or a per-user default)."""
    env = os.environ.get("NEWSETL_CACHE")
    if env:
        return Path(env).expanduser().resolve()
    if os.geteuid() == 0:
        # /root is mode 0700: the unprivileged node user could not read a
        # distribution unpacked below it, so root gets the FHS system cache.
        return Path("/var/cache/newsetl")
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return (base / "newsetl").resolve()


def cache_dir() -> Path:
    """Return the version-specific OpenSearch cache directory."""
    return cache_root() / f"opensearch-{OPENSEARCH_VERSION}"


def install_dir() -> Path:
    """Return where the distribution is (or will be) unpacked."""
    return cache_dir() / "dist"


def node_dir(name: str = NODE_NAME) -> Path:
    """Return the per-node folder holding config, data, logs and tmp."""
    return cache_dir() / "nodes" / name


def state_path() -> Path:
    """Return the state file of the managed node."""
    return cache_dir() / STATE_FILE


@contextlib.contextmanager
def _locked(name: str) -> Iterator[None]:
    """Hold an exclusive advisory lock so concurrent processes (pytest workers,
    Makefile targets) never unpack twice or start two nodes."""
    directory = cache_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fh = open(directory / f".{name}.lock", "a+")  # noqa: SIM115 - closed below
    except PermissionError as exc:
        raise InvalidInputError(
            f"cannot write to {directory} ({exc.strerror}); set NEWSETL_CACHE to a folder you own"
        ) from exc
    with fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
