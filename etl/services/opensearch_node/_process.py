"""The node's JVM as an operating-system process: liveness, signals, its log."""

from __future__ import annotations

import logging
import os
import signal
import time
from pathlib import Path

from etl.errors import InvalidInputError

# The package's logger, so records carry the public module's name.
log = logging.getLogger(__package__)


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
