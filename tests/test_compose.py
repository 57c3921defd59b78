"""Static checks of docker-compose.yml, .env.example and deploy/.

No Docker engine runs here, so the stack is checked with Debian's
``docker-compose config`` (which validates and resolves the file) plus
assertions on the parsed YAML: versions in step with the managed local node,
the Airflow CeleryExecutor layout, healthchecks, and no credential outside
``.env``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from etl.services.opensearch_node import OPENSEARCH_VERSION

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DEPLOY = ROOT / "deploy"

AIRFLOW_SERVICES = {
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
}
LONG_RUNNING = {
    "postgres",
    "redis",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
    "opensearch-node1",
    "opensearch-node2",
    "opensearch-dashboards",
}
SECRET_KEY = re.compile(r"PASSWORD|SECRET|FERNET|TOKEN|_KEY$|^AIRFLOW_CONN_", re.IGNORECASE)
WHOLE_REF = re.compile(r"^\$\{[A-Z][A-Z0-9_]*\}$")
REF = re.compile(r"\$\{([A-Z][A-Z0-9_]*)(:?[-?][^}]*)?\}")


def _docker_compose() -> str:
    exe = shutil.which("docker-compose")
    if exe is None:
        pytest.fail(
            "docker-compose is not installed; install it (Debian: `apt-get install -y "
            "docker-compose`) to validate docker-compose.yml"
        )
    return exe


def _run_config(*extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            _docker_compose(),
            "-f",
            str(COMPOSE),
            "--env-file",
            str(ENV_EXAMPLE),
            "--project-directory",
            str(ROOT),
            "config",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@cache
def resolved() -> dict[str, Any]:
    """The compose file as docker-compose resolves it with .env.example."""
    proc = _run_config()
    assert proc.returncode == 0, proc.stderr
    data = yaml.safe_load(proc.stdout)
    assert isinstance(data, dict)
    return data


@cache
def raw() -> dict[str, Any]:
    """The compose file as written (anchors merged, ${VAR} not substituted)."""
    data = yaml.safe_load(COMPOSE.read_text())
    assert isinstance(data, dict)
    return data


def env_example() -> dict[str, str]:
    values: dict[str, str] = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def _mount_targets(service: dict[str, Any]) -> set[str]:
    """Container paths of a service's mounts (compose v1 prints ``src:dst:mode``)."""
    out: set[str] = set()
    for volume in service.get("volumes") or []:
        out.add(volume["target"] if isinstance(volume, dict) else str(volume).split(":")[1])
    return out


# --------------------------------------------------------------------------- validity


def test_compose_config_is_valid() -> None:
    proc = _run_config("-q")
    assert proc.returncode == 0, f"docker-compose config failed:\n{proc.stderr}"
    assert "is not set" not in proc.stderr, proc.stderr


def test_every_required_variable_is_in_env_example() -> None:
    text = "\n".join(
        line for line in COMPOSE.read_text().splitlines() if not line.lstrip().startswith("#")
    )
    # `$${X}` escapes a `$` for the container's shell: not a compose variable.
    refs = {m.group(1) for m in REF.finditer(text) if not m.group(2) and text[m.start() - 1] != "$"}
    missing = refs - env_example().keys()
    assert not missing, f"set in .env.example: {sorted(missing)}"


# --------------------------------------------------------------------------- versions


def test_opensearch_images_match_local_node_version() -> None:
    images = {name: svc["image"] for name, svc in resolved()["services"].items() if "image" in svc}
    opensearch = {
        name: image
        for name, image in images.items()
        if image.startswith(
            ("opensearchproject/opensearch:", "opensearchproject/opensearch-dashboards:")
        )
    }
    assert {"opensearch-node1", "opensearch-node2", "opensearch-dashboards"} <= opensearch.keys()
    for name, image in opensearch.items():
        assert image.rsplit(":", 1)[1] == OPENSEARCH_VERSION, f"{name}: {image}"


def test_airflow_image_matches_locked_airflow() -> None:
    lock = (ROOT / "requirements.lock").read_text()
    locked = re.search(r"^apache-airflow==([^\s\\]+)", lock, re.MULTILINE)
    assert locked, "apache-airflow is not pinned in requirements.lock"
    dockerfile = (DEPLOY / "airflow" / "Dockerfile").read_text()
    for name in AIRFLOW_SERVICES:
        args = resolved()["services"][name]["build"]["args"]
        assert args["AIRFLOW_IMAGE"].startswith(f"apache/airflow:{locked.group(1)}-python3.11")
    assert f"apache/airflow:{locked.group(1)}-python3.11" in dockerfile


# --------------------------------------------------------------------------- services


def test_services_present() -> None:
    services = resolved()["services"]
    expected = AIRFLOW_SERVICES | {
        "postgres",
        "redis",
        "opensearch-node1",
        "opensearch-node2",
        "opensearch-dashboards",
        "dashboards-init",
        "certs-init",
    }
    assert expected <= services.keys(), sorted(expected - services.keys())
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")


def test_airflow_services_use_celery_and_shared_config() -> None:
    services = resolved()["services"]
    for name in AIRFLOW_SERVICES:
        env = _env(services[name])
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor", name
        assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "false", name
        assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql"), name
        assert env["AIRFLOW__CELERY__BROKER_URL"].startswith("redis://"), name
        assert env["AIRFLOW_CONN_OPENSEARCH_DEFAULT"], name
        targets = _mount_targets(services[name])
        assert "/opt/newsetl/data" in targets, name
        if name != "airflow-init":
            for path in ("/opt/airflow/dags", "/opt/airflow/plugins", "/opt/newsetl/src/etl",
                         "/opt/newsetl/src/schemas"):  # fmt: skip
                assert path in targets, f"{name} does not mount {path}"


def test_healthchecks_and_startup_order() -> None:
    services = resolved()["services"]
    for name in LONG_RUNNING:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} has no healthcheck"
    for name, svc in services.items():
        deps = svc.get("depends_on") or {}
        assert isinstance(deps, dict), f"{name}: depends_on needs conditions"
        for dep, cond in deps.items():
            assert dep in services, f"{name} depends on unknown {dep}"
            wanted = "service_healthy" if dep in LONG_RUNNING else "service_completed_successfully"
            assert cond["condition"] == wanted, f"{name} -> {dep}: {cond}"
    assert "airflow-init" in services["airflow-scheduler"]["depends_on"]
    assert "opensearch-dashboards" in services["dashboards-init"]["depends_on"]
    assert "certs-init" in services["opensearch-node1"]["depends_on"]


def test_opensearch_uses_mounted_certificates_not_demo() -> None:
    services = resolved()["services"]
    for name in ("opensearch-node1", "opensearch-node2"):
        env = _env(services[name])
        assert env.get("DISABLE_INSTALL_DEMO_CONFIG") == "true"
        assert env["plugins.security.ssl.http.pemcert_filepath"] == f"certs/{name}.pem"
    cfg = yaml.safe_load((DEPLOY / "opensearch" / "opensearch.yml").read_text())
    assert cfg["plugins.security.ssl.http.enabled"] is True
    assert cfg["plugins.security.allow_unsafe_democertificates"] is False
    assert "kirk" not in (DEPLOY / "opensearch" / "opensearch.yml").read_text()


# --------------------------------------------------------------------------- credentials


def _walk_strings(node: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(node, dict):
        return [p for k, v in node.items() for p in _walk_strings(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _walk_strings(v, f"{path}[{i}]")]
    return [(path, str(node))] if node is not None else []


def test_no_literal_credentials_in_compose() -> None:
    services = raw()["services"]
    for name, svc in services.items():
        for key, value in _env(svc).items():
            if SECRET_KEY.search(key) and not key.startswith("_AIRFLOW_WWW_USER_USERNAME"):
                assert WHOLE_REF.match(value), f"{name}.{key} must be a plain ${{VAR}}: {value!r}"
    for where, value in _walk_strings(raw()):
        for userinfo in re.findall(r"://([^/@\s]*)@", value):
            _, _, password = userinfo.partition(":")
            assert not password or WHOLE_REF.match(password), f"{where}: literal password in URL"
        assert not re.search(r"(?i)password[=:]\s*[^\s$\"'{]", value), f"{where}: {value!r}"


def test_env_example_has_placeholders_only() -> None:
    values = env_example()
    secrets = {
        k: v
        for k, v in values.items()
        if SECRET_KEY.search(k) and k != "AIRFLOW_CONN_OPENSEARCH_DEFAULT"
    }
    assert secrets
    for key, value in secrets.items():
        assert value.startswith("change-me"), (
            f"{key} in .env.example must be a change-me placeholder"
        )
    assert "change-me" in values["AIRFLOW_CONN_OPENSEARCH_DEFAULT"]
    assert "CHANGE EVERY" in ENV_EXAMPLE.read_text()


def test_internal_users_hold_placeholders_not_hashes() -> None:
    text = (DEPLOY / "opensearch" / "internal_users.yml").read_text()
    assert not re.search(r"\$2[aby]\$", text), "a BCrypt hash is committed"
    users = yaml.safe_load(text)
    placeholders = set(re.findall(r"__([A-Z_]+)_HASH__", text))
    assert {u for u in users if u != "_meta"} == {"admin", "kibanaserver", "pipeline", "analyst"}
    for name in placeholders:
        assert f"{name}_PASSWORD" in env_example(), f"{name}_PASSWORD missing from .env.example"
        assert f"{name}_PASSWORD" in _env(raw()["services"]["security-config-init"])


def test_roles_analyst_reads_and_pipeline_writes_news() -> None:
    roles = yaml.safe_load((DEPLOY / "opensearch" / "roles.yml").read_text())
    analyst = roles["newsetl_analyst"]["index_permissions"]
    pipeline = roles["newsetl_pipeline"]["index_permissions"]
    for perms in (analyst, pipeline):
        assert all(set(p["index_patterns"]) == {"news-*", "news"} for p in perms)
    analyst_actions = {a for p in analyst for a in p["allowed_actions"]}
    assert "read" in analyst_actions
    assert not analyst_actions & {"write", "crud", "index", "delete", "manage", "indices_all"}
    assert all(":data/write" not in a for a in analyst_actions)
    pipeline_actions = {a for p in pipeline for a in p["allowed_actions"]}
    assert {"crud", "create_index"} <= pipeline_actions
    mapping = yaml.safe_load((DEPLOY / "opensearch" / "roles_mapping.yml").read_text())
    assert "analyst" in mapping["newsetl_analyst"]["backend_roles"]
    assert "pipeline" in mapping["newsetl_pipeline"]["backend_roles"]
