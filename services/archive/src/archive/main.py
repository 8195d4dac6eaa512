"""Composition root of archive: the only place that builds its broker, database and telemetry."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from nats.js import JetStreamContext
from opentelemetry.sdk.trace import TracerProvider

from archive.api import staff_router
from archive.handlers import build_router
from archive.openapi import install_openapi
from archive.queries import build_query_router
from archive.repository import Archive, connect
from archive.sealer import PeriodicSealer
from archive.settings import ArchiveSettings
from contracts.subjects import Stream, durable_name
from servicekit.broker import jetstream
from servicekit.service import Service, build_app, serve
from servicekit.signin_limits import SignInFailures


def create_app(
    settings: ArchiveSettings,
    *,
    mongo_client: Any | None = None,
    tracer_provider: TracerProvider | None = None,
) -> FastAPI:
    service = Service.create(settings, tracer_provider)
    broker = service.broker
    client = mongo_client if mongo_client is not None else connect(settings.mongodb_url)
    archive = Archive(client[settings.mongodb_database])
    service.readiness["mongodb"] = archive.answers

    def js() -> JetStreamContext:
        return jetstream(broker)

    async def ack_floor() -> int:
        """Every stream sequence at or below this was handled (stored or dead-lettered)."""
        durable = durable_name(settings.service_name, "archive-event")
        info = await js().consumer_info(Stream.EVENTS, durable)
        return int(info.ack_floor.stream_seq) if info.ack_floor else 0

    sealer = PeriodicSealer(archive, ack_floor, settings.seal_interval_seconds)
    service.on_connected += [archive.declare_indexes, sealer.start]
    service.on_stopped.append(sealer.stop)
    broker.include_router(build_router(settings, archive, ack_floor))
    broker.include_router(build_query_router(settings, archive, js, settings.rebuild_database))
    failures = SignInFailures.from_settings(settings)
    app = build_app(
        service,
        title="Cityprize archive",
        description="The tamper-evident event log, the records, and the staff API.",
        routers=[staff_router(archive, settings.staff_token, failures)],
    )
    install_openapi(app)
    return app


def run() -> None:
    settings = ArchiveSettings()
    serve(create_app, settings)
