"""Fetch the distribution with Maven, unpack it into the cache, and set up the
unprivileged service user the node runs as under root."""

from __future__ import annotations

import json
import logging
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from etl.errors import InvalidInputError, ServiceUnavailableError
from etl.services.opensearch_node._constants import (
    INSTALL_MARKER,
    MAVEN_ARTIFACT,
    OPENSEARCH_VERSION,
    SERVICE_USER,
)
from etl.services.opensearch_node._paths import _locked, cache_dir, install_dir

# The package's logger, so records carry the public module's name.
log = logging.getLogger(__package__)


# --------------------------------------------------------------------------- install


def _maven_fetch(dest: Path) -> Path:
    """Resolve the distribution zip through Maven (so it lands in ~/.m2 too) and copy it
    to ``dest``.

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
                            "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                          time.gmtime())}) + "\n",
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
