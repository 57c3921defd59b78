"""Boot one managed node: per-node folder and config, the detached launcher
process, and the wait for a healthy cluster."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from etl.errors import InvalidInputError, ServiceUnavailableError
from etl.services.opensearch_node._config import find_java_home, render_config, render_jvm_options
from etl.services.opensearch_node._constants import CONSOLE_LOG, HOST, OPENSEARCH_VERSION
from etl.services.opensearch_node._install import _check_readable, _chown_tree, _service_account
from etl.services.opensearch_node._net import free_port, health, port_is_free
from etl.services.opensearch_node._paths import node_dir, state_path
from etl.services.opensearch_node._process import _tail, _terminate, pid_alive
from etl.services.opensearch_node._state import NodeInfo, remove_state, write_state

# The package's logger, so records carry the public module's name.
log = logging.getLogger(__package__)


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
            (
                f"\n--- newsetl start {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}"
                " ---\n"
            ).encode()
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
                    f"OpenSearch exited during startup; last lines of {log_path}:\n"
                    f"{_tail(log_path)}"
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
