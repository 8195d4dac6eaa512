"""The one Dockerfile, built for each service with compose.yaml's build arguments:
hadolint-clean, pinned, non-root, installs only its member from the lock, and its start
command runs that service's app."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from fastapi import FastAPI

from contracts.subjects import SERVICES as EVENT_SERVICES
from servicekit.settings import ServiceSettings
from servicekit.version import VERSION

ROOT = Path(__file__).resolve().parents[3]
DOCKERFILE = ROOT / "services" / "Dockerfile"
COMPOSE: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())
BUILD_ARGUMENT = re.compile(r"\$\{([A-Z_]+)\}")
Instruction = tuple[str, str]


def build_arguments(service: str) -> dict[str, str]:
    """What compose.yaml passes to the Dockerfile for this service."""
    build = COMPOSE["services"][service]["build"]
    assert (ROOT / build["context"] / build["dockerfile"]) == DOCKERFILE
    return {name: str(value) for name, value in build["args"].items()}


def instructions(service: str) -> list[Instruction]:
    """(INSTRUCTION, arguments) pairs as built for `service` (its build arguments expanded),
    continuation lines joined, comments dropped."""
    arguments = build_arguments(service)
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    text = BUILD_ARGUMENT.sub(lambda match: arguments.get(match.group(1), match.group(0)), text)
    lines = (line.strip() for line in text.splitlines())
    pairs = (line.split(None, 1) for line in lines if line and not line.startswith("#"))
    return [(word.upper(), rest.strip()) for word, rest in pairs]


def final_stage(service: str) -> list[Instruction]:
    steps = instructions(service)
    start = max(i for i, (word, _) in enumerate(steps) if word == "FROM")
    return steps[start:]


# The four services and the staff console: every deployable is built from the one file.
SERVICES = (*EVENT_SERVICES, "console")


def last(steps: list[Instruction], word: str) -> str:
    return [rest for instruction, rest in steps if instruction == word][-1]


def settings_class(service: str) -> type[ServiceSettings]:
    module = importlib.import_module(f"{service}.settings")
    return next(
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, ServiceSettings)
        and value.__module__ == f"{service}.settings"  # its own, not a base it imports
    )


def test_the_dockerfile_is_hadolint_clean():
    lint = subprocess.run(
        [str(Path(sys.executable).parent / "hadolint"), str(DOCKERFILE)],
        capture_output=True,
        text=True,
    )
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_each_service_is_built_from_the_one_dockerfile_with_its_name_and_port():
    for service in SERVICES:
        port = settings_class(service)().http_port
        assert build_arguments(service) == {"SERVICE": service, "HTTP_PORT": str(port)}
    assert not list((ROOT / "services").glob("*/Dockerfile")), "one Dockerfile, not a copy each"


@pytest.mark.parametrize("service", SERVICES)
async def test_the_start_command_runs_the_services_app(service: str):
    command = json.loads(last(final_stage(service), "CMD"))
    assert command == ["cityprize-service"], "exec form, the real start command"
    links = [rest for word, rest in instructions(service) if word == "RUN" and "ln -s" in rest]
    package = f"cityprize-{service}"
    assert any(f"ln -s {package} /app/.venv/bin/cityprize-service" in run for run in links)
    project = tomllib.loads((ROOT / "services" / service / "pyproject.toml").read_text())
    assert project["project"]["scripts"][package] == f"{service}.main:run"
    app = importlib.import_module(f"{service}.main").create_app(settings_class(service)())
    assert isinstance(app, FastAPI)
    resource = app.state.service.telemetry.tracer_provider.resource
    assert resource.attributes["service.version"] == VERSION
    # Without the lifespan nothing connects; liveness answers, metrics are not on this port.
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://image"
    ) as client:
        liveness = await client.get("/healthz")
        assert liveness.status_code == 200
        assert liveness.json() == {"status": "ok", "version": VERSION}
        assert (await client.get("/metrics")).status_code == 404


@pytest.mark.parametrize("service", SERVICES)
def test_the_image_listens_on_all_interfaces_on_the_services_port(service: str):
    steps = final_stage(service)
    env = " ".join(rest for word, rest in steps if word == "ENV")
    port = settings_class(service)().http_port
    assert "HTTP_HOST=0.0.0.0" in env
    assert f"HTTP_PORT={port}" in env
    assert "METRICS_HOST=0.0.0.0" in env
    assert "METRICS_PORT=9090" in env
    assert last(steps, "EXPOSE") == f"{port} 9090"


@pytest.mark.parametrize("service", SERVICES)
def test_the_image_installs_only_its_member_from_the_lock(service: str):
    project = tomllib.loads((ROOT / "services" / service / "pyproject.toml").read_text())
    package = project["project"]["name"]
    assert project["project"]["scripts"][package] == f"{service}.main:run"
    syncs = [rest for word, rest in instructions(service) if word == "RUN" and "uv sync" in rest]
    assert syncs
    for sync in syncs:
        assert {"--frozen", "--no-dev", f"--package {package}"} <= {
            *sync.split(),
            f"--package {package}" if f"--package {package}" in sync else "",
        }


@pytest.mark.parametrize("service", SERVICES)
def test_the_image_runs_as_a_non_root_user_on_pinned_slim_bases(service: str):
    user = last(final_stage(service), "USER").split(":")[0]
    assert user.isdigit()
    assert int(user) != 0
    for word, rest in instructions(service):
        if word == "FROM":
            image = rest.split()[0]
            assert ":" in image.rsplit("/", 1)[-1], f"{image} is not pinned by tag"
            assert not image.endswith(":latest"), image
    assert "-slim" in final_stage(service)[0][1]


@pytest.mark.parametrize("service", SERVICES)
def test_the_image_is_labelled_with_the_workspace_version_and_its_licence(service: str):
    labels = dict(
        pair.split("=", 1)
        for word, rest in final_stage(service)
        if word == "LABEL"
        for pair in rest.split()
    )
    assert labels["org.opencontainers.image.title"] == f'"cityprize-{service}"'
    assert labels["org.opencontainers.image.version"] == f'"{VERSION}"'
    assert labels["org.opencontainers.image.licenses"] == '"Apache-2.0"'
