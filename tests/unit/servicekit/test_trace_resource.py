"""Every span says which service, of which system, at which version, in which environment."""

from __future__ import annotations

import pytest

from servicekit.telemetry import create_telemetry
from servicekit.version import VERSION


def resource_of(service: str) -> dict[str, object]:
    telemetry = create_telemetry(service)
    try:
        return dict(telemetry.tracer_provider.resource.attributes)
    finally:
        telemetry.shutdown()


def test_spans_carry_the_semantic_convention_resource_attributes(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.delenv("OTEL_SERVICE_NAME", raising=False)
    monkeypatch.delenv("OTEL_RESOURCE_ATTRIBUTES", raising=False)
    attributes = resource_of("intake")
    assert attributes["service.name"] == "intake"
    assert attributes["service.namespace"] == "cityprize"
    assert attributes["service.version"] == VERSION
    assert attributes["deployment.environment.name"] == "local"


def test_otel_service_name_names_the_service_as_deployments_say(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setenv("OTEL_SERVICE_NAME", "cityprize-intake")
    assert resource_of("intake")["service.name"] == "cityprize-intake"


def test_otel_resource_attributes_name_the_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=production")
    attributes = resource_of("review")
    assert attributes["deployment.environment.name"] == "production"
    assert attributes["service.namespace"] == "cityprize"
