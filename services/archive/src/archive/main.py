"""Composition root of archive: the only place that builds its broker, database and telemetry."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from opentelemetry.sdk.trace import TracerProvider

from archive.handlers import build_router
from archive.repository import EventLog, connect
from archive.settings import ArchiveSettings
from servicekit.broker import create_broker
from servicekit.service import Service, build_app, serve
from servicekit.telemetry import create_telemetry


def create_app(
    settings: ArchiveSettings,
    *,
    mongo_client: Any | None = None,
    tracer_provider: TracerProvider | None = None,
) -> FastAPI:
    telemetry = create_telemetry(settings.service_name, tracer_provider)
    broker = create_broker(settings, telemetry)
    client = mongo_client if mongo_client is not None else connect(settings.mongodb_url)
    log = EventLog(client[settings.mongodb_database])
    service = Service(
        settings,
        telemetry,
        broker,
        readiness={"mongodb": log.answers},
        on_connected=[log.declare_indexes],
    )
    broker.include_router(build_router(settings, log))
    app = build_app(service, title="Cityprize archive")
    app.state.event_log = log
    return app


def run() -> None:
    settings = ArchiveSettings()
    serve(create_app, settings)
