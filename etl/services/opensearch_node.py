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

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import logging
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from etl.errors import InvalidInputError, ServiceUnavailableError

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

log = logging.getLogger(__name__)


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


# --------------------------------------------------------------------------- paths


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


# --------------------------------------------------------------------------- small pure helpers


def free_port(host: str = HOST, *, exclude: frozenset[int] = frozenset()) -> int:
    """Return a TCP port on ``host`` that is free right now.

    The port is only probed, not held, so a race with another process is
    possible; :func:`start` detects the resulting startup failure.
    """
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((host, 0))
            port = int(sock.getsockname()[1])
        if port not in exclude:
            return port
    raise ServiceUnavailableError(f"could not find a free TCP port on {host}")


def port_is_free(port: int, host: str = HOST) -> bool:
    """Tell whether ``port`` can be bound on ``host`` now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


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


# --------------------------------------------------------------------------- state file


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


# --------------------------------------------------------------------------- processes


def pid_alive(pid: int) -> bool:
    """Tell whether ``pid`` runs (zombies count as dead, our own are reaped)."""
    if pid <= 0:
        return False
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    except ChildProcessError:
        pass  # not our child: ask the kernel below
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    # Field 3 after the parenthesised command name is the state letter.
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


def _is_our_node(pid: int, home: str | None) -> bool:
    """Check that ``pid`` is an OpenSearch launched from our distribution, so a
    recycled pid never gets signalled."""
    if not pid_alive(pid):
        return False
    try:
        cmdline = (
            Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        )
    except OSError:
        return True  # no /proc (not Linux): trust the state file
    return bool(home) and str(home) in cmdline


def _signal_group(pid: int, sig: int) -> None:
    """Signal the node's process group (it leads its own session), else the pid."""
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
        except PermissionError as exc:
            raise InvalidInputError(
                f"not allowed to signal OpenSearch pid {pid} (started by another user)"
            ) from exc


def _wait_dead(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return True
        time.sleep(0.2)
    return not pid_alive(pid)


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM, wait up to ``timeout`` seconds, then SIGKILL."""
    _signal_group(pid, signal.SIGTERM)
    if _wait_dead(pid, timeout):
        return
    log.warning("OpenSearch pid %d ignored SIGTERM for %.0fs; sending SIGKILL", pid, timeout)
    _signal_group(pid, signal.SIGKILL)
    _wait_dead(pid, 10)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:])


# --------------------------------------------------------------------------- HTTP


def _http_json(method: str, url: str, body: Any = None, timeout: float = 5.0) -> tuple[int, Any]:
    """Small JSON-over-HTTP call with the standard library (no client needed to boot)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    # A proxy from the environment must never see requests to the local node.
    host = urlsplit(url).hostname or ""
    handlers = [urllib.request.ProxyHandler({})] if host in _LOOPBACK else []
    try:
        with urllib.request.build_opener(*handlers).open(req, timeout=timeout) as resp:
            status, raw = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, raw.decode(errors="replace")


def health(base_url: str, *, wait_for_yellow: float = 0, timeout: float = 5.0) -> str | None:
    """Return the cluster health colour, or ``None`` when nothing usable answers.

    With ``wait_for_yellow`` the server itself waits (up to that many seconds)
    for at least yellow, and ``None`` comes back if it never got there.
    """
    query = ""
    if wait_for_yellow:
        query = f"?wait_for_status=yellow&timeout={max(1, int(wait_for_yellow))}s"
    try:
        status, body = _http_json(
            "GET", f"{base_url}/_cluster/health{query}", timeout=timeout + wait_for_yellow
        )
    except (OSError, urllib.error.URLError):
        return None
    if status != 200 or not isinstance(body, dict) or body.get("timed_out"):
        return None
    colour = body.get("status")
    return colour if isinstance(colour, str) else None


# --------------------------------------------------------------------------- install


def _maven_fetch(dest: Path) -> Path:
    """Resolve the distribution zip through Maven (so it lands in ~/.m2 too) and copy it to ``dest``.

    ``dependency:copy`` rather than ``dependency:get`` because it hands the file
    over directly, whatever local repository ``settings.xml`` configures.
    """
    mvn = shutil.which("mvn")
    if not mvn:
        raise InvalidInputError(
            "Maven (mvn) is not installed; it downloads OpenSearch from Maven Central"
        )
    cmd = [
        mvn, "-q", "-B", "-C",  # -C: fail on a checksum mismatch instead of warning
        "dependency:copy",
        f"-Dartifact={MAVEN_ARTIFACT}",
        f"-DoutputDirectory={dest}",
        "-Dmdep.overWriteReleases=true",
    ]  # fmt: skip
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=1800, cwd=dest)
    except subprocess.TimeoutExpired as exc:
        raise ServiceUnavailableError(
            "Maven download of OpenSearch timed out after 30 min"
        ) from exc
    zips = sorted(dest.glob("opensearch-*.zip"))
    if proc.returncode != 0 or not zips:
        out = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr).strip()[-3000:]
        raise ServiceUnavailableError(
            f"mvn could not fetch {MAVEN_ARTIFACT} (exit {proc.returncode}):\n{out}"
        )
    return zips[0]


def _extract(zip_path: Path, target: Path) -> Path:
    """Unpack ``zip_path`` into ``target`` keeping execute bits, world-readable.

    ``zipfile`` drops Unix permissions, so they are restored from the entry
    attributes; everything gets a+rX so the unprivileged node user can read it.
    Returns the single top-level folder of the archive.
    """
    with zipfile.ZipFile(zip_path) as archive:
        tops = {name.split("/", 1)[0] for name in archive.namelist()}
        if len(tops) != 1:
            raise InvalidInputError(
                f"{zip_path}: expected one top-level folder, got {sorted(tops)}"
            )
        for info in archive.infolist():
            extracted = Path(archive.extract(info, target))
            mode = (info.external_attr >> 16) & 0o777
            if info.is_dir():
                extracted.chmod(0o755)
            else:
                extracted.chmod((mode | 0o644 | (0o111 if mode & 0o100 else 0)) & 0o755)
    return target / tops.pop()


def ensure_installed() -> Path:
    """Make sure the OpenSearch distribution is unpacked in the cache; return its home.

    Idempotent (a marker file records a finished install) and atomic (unpacked
    into a temporary folder next to the target, then renamed), so an
    interrupted download never leaves a half-installed node behind.
    """
    target = install_dir()
    marker = target / INSTALL_MARKER
    if marker.exists():
        return target
    with _locked("install"):
        if marker.exists():  # another process finished while we waited
            return target
        base = cache_dir()
        for stale in base.glob(".install-*"):
            shutil.rmtree(stale, ignore_errors=True)
        if target.exists():  # no marker: an older, unfinished install
            shutil.rmtree(target)
        started = time.monotonic()
        work = Path(tempfile.mkdtemp(prefix=".install-", dir=base))
        try:
            zip_path = _maven_fetch(work)
            home = _extract(zip_path, work / "unpacked")
            (home / INSTALL_MARKER).write_text(
                json.dumps({"version": OPENSEARCH_VERSION, "artifact": MAVEN_ARTIFACT,
                            "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}) + "\n",
                encoding="utf-8",
            )  # fmt: skip
            base.chmod(0o755)
            os.rename(home, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        log.info(
            "installed OpenSearch %s in %s (%.1fs)",
            OPENSEARCH_VERSION,
            target,
            time.monotonic() - started,
        )
    return target


# --------------------------------------------------------------------------- service user


def _service_account() -> tuple[int, int] | None:
    """Return (uid, gid) to run the node as: the service user when root, else ``None``.

    OpenSearch refuses to run as root, so root runs it as ``newsetl-os``,
    created on first use as a system account without a login shell.
    """
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SERVICE_USER)
    except KeyError:
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        proc = subprocess.run(
            [useradd, "--system", "--user-group", "--no-create-home",
             "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", SERVICE_USER],
            capture_output=True, text=True,
        )  # fmt: skip
        if proc.returncode not in (0, 9):  # 9: created meanwhile by another process
            raise InvalidInputError(
                f"could not create user {SERVICE_USER}: {proc.stderr.strip()}"
            ) from None
        entry = pwd.getpwnam(SERVICE_USER)
    return entry.pw_uid, entry.pw_gid


def _chown_tree(path: Path, uid: int, gid: int) -> None:
    """Give ``path`` (recursively) to the service user, skipping the walk when
    the top already belongs to it (data folders can be large)."""
    st = path.stat()
    if st.st_uid == uid and st.st_gid == gid:
        return
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, gid, follow_symlinks=False)


def _check_readable(home: Path, java_home: Path, account: tuple[int, int]) -> None:
    """Fail early and clearly when the service user cannot reach the install or the JDK."""
    uid, gid = account
    for path, flag in (
        (home / "lib", "-x"),
        (home / "bin" / "opensearch", "-x"),
        (java_home / "bin" / "java", "-x"),
    ):
        proc = subprocess.run(
            ["test", flag, str(path)], user=uid, group=gid, extra_groups=[], check=False
        )
        if proc.returncode != 0:
            raise InvalidInputError(
                f"user {SERVICE_USER} cannot access {path}; point NEWSETL_CACHE (or "
                f"NEWSETL_JAVA_HOME) at a location every user can read"
            )


# --------------------------------------------------------------------------- start / stop


def _external_url() -> str | None:
    value = os.environ.get("OPENSEARCH_URL", "").strip()
    return value.rstrip("/") or None


def _external_info(base_url: str) -> NodeInfo:
    parts = urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 9200)
    return NodeInfo(url=base_url, pid=None, port=port, home=None, data_dir=None, external=True)


def _live_state() -> dict[str, Any] | None:
    """Return the state of a managed node whose process still runs; drop stale state."""
    path = state_path()
    data = read_state(path)
    if data is None:
        return None
    if _is_our_node(int(data["pid"]), data.get("home")):
        return data
    remove_state(path)
    return None


def _prepare_node(
    home: Path, http_port: int, transport_port: int, account: tuple[int, int] | None
) -> Path:
    """Create the per-node folder and write its config; return the node folder."""
    nhome = node_dir()
    conf = nhome / "config"
    for sub in ("config", "data", "logs", "tmp"):
        (nhome / sub).mkdir(parents=True, exist_ok=True)
    # The launcher reads log4j2.properties, jvm.options(.d) from the config
    # path; copy them so the shared distribution stays untouched.
    shutil.copy2(home / "config" / "log4j2.properties", conf / "log4j2.properties")
    (conf / "jvm.options.d").mkdir(exist_ok=True)
    original = (home / "config" / "jvm.options").read_text(encoding="utf-8")
    (conf / "jvm.options").write_text(
        render_jvm_options(original, node_home=nhome), encoding="utf-8"
    )
    (conf / "opensearch.yml").write_text(
        render_config(
            http_port=http_port,
            transport_port=transport_port,
            data_dir=nhome / "data",
            logs_dir=nhome / "logs",
        ),
        encoding="utf-8",
    )
    if account:
        nhome.chmod(0o755)
        for sub in ("config", "logs", "tmp", "data"):
            _chown_tree(nhome / sub, *account)
        for name in ("log4j2.properties", "jvm.options", "opensearch.yml", "jvm.options.d"):
            os.chown(conf / name, *account)
    return nhome


def _progress(out: TextIO | None) -> None:
    if out is not None:
        out.write(".")
        out.flush()


def start(*, port: int | None = None, heap: str = "512m", wait: float = 180) -> NodeInfo:
    """Start (or reuse) the managed OpenSearch node and wait until it is at least yellow.

    Args:
        port: HTTP port; a free one is picked when ``None``.
        heap: JVM heap (``-Xms``/``-Xmx``), e.g. ``512m`` or ``2g``.
        wait: seconds to wait for ``yellow`` health.

    Returns:
        The node's :class:`NodeInfo`. With ``OPENSEARCH_URL`` set, nothing is
        started and that cluster is returned (``external=True``).

    Raises:
        ServiceUnavailableError: download failed, or the node did not become
            healthy in time (the message ends with the tail of its log).
        InvalidInputError: bad arguments, no Java 21+, no Maven, port taken.
    """
    external = _external_url()
    if external:
        log.warning(
            "OPENSEARCH_URL is set (%s): using that cluster, not starting a local node", external
        )
        return _external_info(external)
    validate_heap(heap)
    if port is not None and not 0 < port < 65536:
        raise InvalidInputError(f"invalid port {port}")
    home = ensure_installed()
    with _locked("node"):
        running = _live_state()
        if running is not None:
            info = state_to_info(running)
            if port is not None and port != info.port:
                raise InvalidInputError(
                    f"a managed OpenSearch node already runs on port {info.port} (pid {info.pid}); "
                    "stop it first to use another port"
                )
            log.info("reusing OpenSearch node %s (pid %s)", info.url, info.pid)
            _wait_healthy(info, wait)
            return info
        return _launch(home, port=port, heap=heap, wait=wait)


def _launch(home: Path, *, port: int | None, heap: str, wait: float) -> NodeInfo:
    java_home = find_java_home()
    account = _service_account()
    if account:
        _check_readable(home, java_home, account)
    if port is not None and not port_is_free(port):
        raise InvalidInputError(f"port {port} on {HOST} is already in use")
    http_port = port if port is not None else free_port()
    transport_port = free_port(exclude=frozenset({http_port}))
    nhome = _prepare_node(home, http_port, transport_port, account)
    console = nhome / CONSOLE_LOG
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"JAVA_TOOL_OPTIONS", "JAVA_OPTS", "_JAVA_OPTIONS", "OPENSEARCH_URL"}
    }
    env.update(
        OPENSEARCH_HOME=str(home),
        OPENSEARCH_PATH_CONF=str(nhome / "config"),
        OPENSEARCH_JAVA_HOME=str(java_home),
        JAVA_HOME=str(java_home),
        OPENSEARCH_JAVA_OPTS=f"-Xms{heap} -Xmx{heap}",
        OPENSEARCH_TMPDIR=str(nhome / "tmp"),
        HOME=str(nhome),
    )
    extra: dict[str, Any] = {}
    if account:
        extra = {"user": account[0], "group": account[1], "extra_groups": []}
    started = time.monotonic()
    with open(console, "ab") as out:
        if account:
            os.fchown(out.fileno(), *account)
        out.write(
            f"\n--- newsetl start {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} ---\n".encode()
        )
        out.flush()
        proc = subprocess.Popen(
            [str(home / "bin" / "opensearch")],
            cwd=str(nhome),
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # detach: survives this process and its terminal
            close_fds=True,
            **extra,
        )
    base_url = f"http://{HOST}:{http_port}"
    info = NodeInfo(url=base_url, pid=proc.pid, port=http_port, home=home, data_dir=nhome / "data")
    # Written before waiting so `stop` (from another shell) can stop a node
    # that hangs while booting.
    write_state(state_path(), info, transport_port=transport_port, log=str(console),
                started_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))  # fmt: skip
    try:
        _wait_healthy(info, wait, log_path=console)
    except BaseException:
        _terminate(proc.pid, 10)
        remove_state(state_path())
        raise
    log.info("OpenSearch %s up at %s (pid %d) in %.1fs", OPENSEARCH_VERSION, base_url, proc.pid,
             time.monotonic() - started)  # fmt: skip
    return info


def _wait_healthy(info: NodeInfo, wait: float, log_path: Path | None = None) -> None:
    """Poll until the node answers yellow/green; dots on a TTY; raise on death or timeout."""
    log_path = log_path or node_dir() / CONSOLE_LOG
    out = sys.stderr if sys.stderr.isatty() else None
    deadline = time.monotonic() + wait
    dotted = False
    try:
        while True:
            if info.pid is not None and not pid_alive(info.pid):
                raise ServiceUnavailableError(
                    f"OpenSearch exited during startup; last lines of {log_path}:\n{_tail(log_path)}"
                )
            remaining = deadline - time.monotonic()
            if health(info.url, wait_for_yellow=min(2.0, max(remaining, 0)), timeout=2.0):
                return
            if time.monotonic() >= deadline:
                raise ServiceUnavailableError(
                    f"OpenSearch at {info.url} not healthy after {wait:.0f}s; last lines of "
                    f"{log_path}:\n{_tail(log_path)}"
                )
            _progress(out)
            dotted = dotted or out is not None
            time.sleep(1.0)
    finally:
        if dotted and out is not None:
            out.write("\n")
            out.flush()


def stop(timeout: float = 30) -> bool:
    """Stop the managed node: SIGTERM, then SIGKILL after ``timeout`` seconds.

    Returns ``True`` when a node was stopped, ``False`` when none ran (or when
    ``OPENSEARCH_URL`` names an external cluster, which is never touched).
    """
    external = _external_url()
    if external:
        log.warning("OPENSEARCH_URL is set (%s): an external cluster is not stopped", external)
        return False
    if not cache_dir().exists():
        return False
    with _locked("node"):
        data = _live_state()
        if data is None:
            return False
        _terminate(int(data["pid"]), timeout)
        remove_state(state_path())
        log.info("stopped OpenSearch pid %s", data["pid"])
        return True


def status() -> NodeInfo | None:
    """Return the running, answering node (managed or ``OPENSEARCH_URL``), else ``None``."""
    external = _external_url()
    if external:
        return _external_info(external) if health(external) else None
    data = _live_state() if cache_dir().exists() else None
    if data is None:
        return None
    info = state_to_info(data)
    return info if health(info.url) else None


def ensure_running(*, wait: float = 180) -> NodeInfo:
    """Return the running node, starting the managed one if needed.

    Raises:
        ServiceUnavailableError: ``OPENSEARCH_URL`` is set but does not answer,
            or the managed node could not be started.
    """
    running = status()
    if running is not None:
        return running
    external = _external_url()
    if external:
        raise ServiceUnavailableError(f"OpenSearch at OPENSEARCH_URL={external} does not answer")
    return start(wait=wait)


def url() -> str:
    """Return the OpenSearch base URL: ``OPENSEARCH_URL`` or the managed node (started if needed)."""
    return _external_url() or ensure_running().url


# --------------------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m etl.services.opensearch_node``."""
    parser = argparse.ArgumentParser(
        prog="python -m etl.services.opensearch_node",
        description=f"Manage a local OpenSearch {OPENSEARCH_VERSION} node "
        "(ignored when OPENSEARCH_URL is set).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_start = sub.add_parser("start", help="start (or reuse) the node; print its URL")
    p_start.add_argument("--port", type=int, default=None, help="HTTP port (default: a free one)")
    p_start.add_argument("--heap", default="512m", help="JVM heap (default: 512m)")
    p_start.add_argument("--wait", type=float, default=180, help="seconds to wait for health")
    p_stop = sub.add_parser("stop", help="stop the node")
    p_stop.add_argument("--timeout", type=float, default=30, help="seconds before SIGKILL")
    p_status = sub.add_parser("status", help="show the node; exit 3 when not running")
    p_status.add_argument("--json", action="store_true", help="print JSON")
    sub.add_parser("url", help="print the URL, starting the node if needed")
    sub.add_parser("install", help="download and unpack only; print the install folder")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        if args.command == "start":
            print(start(port=args.port, heap=args.heap, wait=args.wait).url)
        elif args.command == "stop":
            if not stop(timeout=args.timeout) and not _external_url():
                print("no managed OpenSearch node is running", file=sys.stderr)
        elif args.command == "status":
            info = status()
            if info is None:
                print("OpenSearch is not running", file=sys.stderr)
                return 3
            if args.json:
                print(
                    json.dumps(
                        {k: str(v) if isinstance(v, Path) else v for k, v in asdict(info).items()}
                    )
                )
            else:
                where = (
                    "external (OPENSEARCH_URL)"
                    if info.external
                    else f"pid {info.pid}, data {info.data_dir}"
                )
                print(f"{info.url}  OpenSearch {info.version}  {where}")
        elif args.command == "url":
            print(url())
        elif args.command == "install":
            print(ensure_installed())
    except (InvalidInputError, ServiceUnavailableError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
