"""compose.yaml: valid by the compose specification, every reference resolves, every
service waits for healthy dependencies and gets a configuration its settings accept."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from contracts.subjects import SERVICES
from servicekit.settings import ServiceSettings
from servicekit.version import VERSION

ROOT = Path(__file__).resolve().parents[3]
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES_IN_COMPOSE: dict[str, Any] = COMPOSE["services"]
VARIABLE = re.compile(r"\$\{([A-Z0-9_]+)(?::?[-?][^}]*)?\}")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|_KEY$")


def env_example() -> dict[str, str]:
    pairs = (
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    return {name.strip(): value.strip() for name, value in pairs}


def substituted(value: str, env: dict[str, str]) -> str:
    return VARIABLE.sub(lambda match: env[match.group(1)], value)


def test_compose_validates_against_the_compose_specification():
    check = subprocess.run(
        [
            str(Path(sys.executable).parent / "check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            str(ROOT / "compose.yaml"),
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_every_depends_on_volume_and_network_reference_exists():
    volumes = set(COMPOSE.get("volumes") or {})
    networks = set(COMPOSE.get("networks") or {})
    for name, service in SERVICES_IN_COMPOSE.items():
        for dependency, rule in (service.get("depends_on") or {}).items():
            assert dependency in SERVICES_IN_COMPOSE, f"{name} depends on unknown {dependency}"
            if rule["condition"] == "service_healthy":
                assert "healthcheck" in SERVICES_IN_COMPOSE[dependency], dependency
        for volume in service.get("volumes") or []:
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (ROOT / source).exists(), f"{name} mounts missing {source}"
            else:
                assert source in volumes, f"{name} uses undeclared volume {source}"
        assert set(service.get("networks") or []) <= networks, name
        if "build" in service:
            assert (ROOT / service["build"]["context"] / service["build"]["dockerfile"]).exists()


def test_every_substituted_variable_is_defined_in_env_example_and_none_is_stale():
    used = set(VARIABLE.findall((ROOT / "compose.yaml").read_text()))
    assert used == set(env_example())


def test_env_example_holds_placeholders_only():
    for name, value in env_example().items():
        if SECRET_NAME.search(name):
            assert value == "change-me", f"{name} must be a placeholder"


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_waits_for_a_healthy_nats_and_is_health_checked(service: str):
    definition = SERVICES_IN_COMPOSE[service]
    assert definition["depends_on"]["nats"] == {"condition": "service_healthy"}
    assert "/readyz" in " ".join(definition["healthcheck"]["test"])
    assert definition["build"]["dockerfile"] == "services/Dockerfile"
    assert definition["build"]["args"]["SERVICE"] == service
    assert definition["read_only"] is True
    assert definition["cap_drop"] == ["ALL"]


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_container_is_labelled_with_the_workspace_version(service: str):
    labels = SERVICES_IN_COMPOSE[service]["labels"]
    assert labels["app.kubernetes.io/version"] == VERSION
    assert labels["app.kubernetes.io/part-of"] == "cityprize"


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_environment_builds_its_settings_as_its_own_nats_user(
    service: str, monkeypatch: pytest.MonkeyPatch
):
    env = env_example()
    for name, value in SERVICES_IN_COMPOSE[service]["environment"].items():
        monkeypatch.setenv(name, substituted(str(value), env))
    settings_class = next(
        value
        for value in vars(importlib.import_module(f"{service}.settings")).values()
        if isinstance(value, type)
        and issubclass(value, ServiceSettings)
        and value.__module__ == f"{service}.settings"  # its own, not a base it imports
    )
    settings = settings_class()
    assert settings.http_host == "0.0.0.0"
    assert settings.nats_user == service
    assert settings.nats_password == env[f"{service.upper()}_NATS_PASSWORD"]
    assert f"{settings.http_port}:{settings.http_port}" in SERVICES_IN_COMPOSE[service]["ports"]


def test_nats_loads_the_shared_permission_file_with_every_users_password():
    nats = SERVICES_IN_COMPOSE["nats"]
    assert "./deploy/nats:/etc/nats/cityprize:ro" in nats["volumes"]
    assert nats["command"] == ["-c", "/etc/nats/cityprize/nats-server.conf"]
    users = re.findall(r"user: (\w+)", (ROOT / "deploy/nats/auth.conf").read_text())
    assert {f"{user.upper()}_NATS_PASSWORD" for user in users} <= set(nats["environment"])
    env = dict.fromkeys(nats["environment"], "x")
    check = subprocess.run(
        [
            str(Path(sys.executable).parent / "nats-server"),
            "-t",
            "-c",
            str(ROOT / "deploy/nats/nats-server.conf"),
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert check.returncode == 0, check.stdout + check.stderr
