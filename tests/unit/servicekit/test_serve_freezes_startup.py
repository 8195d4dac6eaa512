"""A served process keeps what it built at startup out of the cyclic garbage collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from fastapi import FastAPI

from servicekit import service
from servicekit.gc_pauses import CollectorPauses
from servicekit.settings import ServiceSettings
from servicekit.telemetry import create_telemetry


@pytest.fixture
def unfrozen() -> Iterator[None]:
    callbacks = list(gc.callbacks)
    gc.unfreeze()
    yield
    gc.unfreeze()
    gc.callbacks[:] = callbacks


def test_serve_freezes_what_the_composition_root_built_before_it_runs(
    unfrozen: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    frozen_when_run: list[int] = []
    monkeypatch.setattr(service, "configure_logging", lambda *args, **kwargs: None)
    monkeypatch.setattr(service, "serve_metrics", lambda *args, **kwargs: None)
    monkeypatch.setattr(
        service._Server,
        "run",
        lambda self, sockets=None: frozen_when_run.append(gc.get_freeze_count()),
    )
    built: dict[str, FastAPI | None] = {"app": None}

    def create_app(settings: ServiceSettings) -> FastAPI:
        app = FastAPI()
        app.state.service = SimpleNamespace(telemetry=create_telemetry("frozen"))
        built["app"] = app
        return app

    service.serve(create_app, ServiceSettings(service_name="frozen"))
    assert built["app"] is not None
    assert frozen_when_run
    assert frozen_when_run[0] > 0
    assert any(isinstance(c, CollectorPauses) for c in gc.callbacks), "pauses are measured"
