"""Shared fixtures. Airflow reads its configuration at import time, so the environment for
a private AIRFLOW_HOME (SQLite, DAGs from dags/, no examples) is set here, before any test
module imports Airflow."""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSETL_SHARED", ROOT.parent / "shared"))

_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="newsetl-airflow-"))
# Removed at exit, whether or not a test asked for the Airflow DB.
atexit.register(shutil.rmtree, _AIRFLOW_HOME, ignore_errors=True)
os.environ.update(
    {
        "AIRFLOW_HOME": str(_AIRFLOW_HOME),
        "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
        "AIRFLOW__CORE__PLUGINS_FOLDER": str(ROOT / "plugins"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_AIRFLOW_HOME}/airflow.db",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(_AIRFLOW_HOME / "logs"),
    }
)


def mentions_in(text: str, spans: list[tuple[str, str]]) -> list[Any]:
    """Entity mentions (surface, label) at their real offsets in ``text``, in order."""
    from etl.enrich.entities import Mention

    found, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        found.append(Mention(surface, surface, label, start, start + len(surface)))
        pos = start + len(surface)
    return found


def shared_path(*parts: str) -> Path:
    """A path in ../shared; fails (never skips) with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(f"{path} is missing: the real data must sit in ../shared beside the repo")
    return path


@pytest.fixture(scope="session")
def airflow_db() -> Iterator[Path]:
    """A migrated SQLite Airflow metadata DB in a private AIRFLOW_HOME."""
    airflow = Path(sys.executable).with_name("airflow")
    subprocess.run([str(airflow), "db", "migrate"], check=True, env=os.environ.copy(),
                   stdout=subprocess.DEVNULL)
    subprocess.run([str(airflow), "pools", "import",
                    str(ROOT / "deploy" / "airflow" / "pools.json")],
                   check=True, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    yield _AIRFLOW_HOME


@pytest.fixture(scope="session")
def opensearch_url() -> str:
    """A real OpenSearch node: OPENSEARCH_URL, or the project's managed node (started here)."""
    from etl.services.opensearch_node import url

    return url()


@pytest.fixture
def index_env(opensearch_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private alias/prefix per test so tests never see each other's documents."""
    from etl.config import Settings
    from etl.index import make_client

    name = f"t{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("OPENSEARCH_URL", opensearch_url)
    monkeypatch.setenv("NEWSETL_INDEX_ALIAS", name)
    monkeypatch.setenv("NEWSETL_INDEX_PREFIX", name)
    yield name
    client = make_client(Settings.from_env().index)
    client.indices.delete(index=f"{name}-*", ignore_unavailable=True)
    client.indices.delete_index_template(name=f"{name}-template", ignore=[404])
