"""The Grafana dashboard in deploy/ reads only metrics the services export."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from contracts.subjects import SERVICES

DASHBOARD = Path(__file__).parents[3] / "deploy" / "grafana" / "cityprize-services.json"
METRIC = re.compile(r"\b((?:cityprize|faststream)_[a-z_]+)\b")
SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count"), "gauge": ("",)}


def exported(registry: CollectorRegistry) -> set[str]:
    """The sample names a scrape of `/metrics` can show, from the registered families."""
    return {
        family.name + suffix
        for family in registry.collect()
        for suffix in SUFFIXES.get(family.type, ("",))
    }


def registry_of(service: str) -> CollectorRegistry:
    """The registry the service's composition root builds (nothing connects until started)."""
    main = importlib.import_module(f"{service}.main")
    settings_module = importlib.import_module(f"{service}.settings")
    settings = getattr(settings_module, f"{service.capitalize()}Settings")()
    app = main.create_app(settings)
    registry: CollectorRegistry = app.state.service.telemetry.registry
    return registry


def panels() -> list[dict[str, object]]:
    return list(json.loads(DASHBOARD.read_text())["panels"])


def test_the_dashboard_is_valid_json_with_red_lag_and_dead_letter_panels():
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] == "cityprize-services"
    titles = " ".join(str(p["title"]).lower() for p in panels())
    for expected in ("rate", "errors", "duration", "lag", "dead-letter"):
        assert expected in titles, expected
    ids = [p["id"] for p in panels()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("service", SERVICES)
def test_every_metric_a_panel_reads_is_exported_by_the_service(service: str):
    names = exported(registry_of(service))
    for panel in panels():
        targets = panel["targets"]
        assert isinstance(targets, list), panel["title"]
        assert targets, panel["title"]
        for target in targets:
            used = METRIC.findall(target["expr"])
            assert used, target["expr"]
            missing = set(used) - names
            assert not missing, f"{panel['title']}: {missing} not exported by {service}"
