"""Composition root of notify: the only place that builds its broker, stores and telemetry."""

from __future__ import annotations

from fastapi import FastAPI
from opentelemetry.sdk.trace import TracerProvider

from contracts.subjects import kv_bucket
from notify.settings import NotifySettings
from servicekit.broker import create_broker
from servicekit.contests import ContestBucket, contest_router
from servicekit.service import Service, build_app, serve
from servicekit.telemetry import create_telemetry


def create_app(
    settings: NotifySettings, *, tracer_provider: TracerProvider | None = None
) -> FastAPI:
    telemetry = create_telemetry(settings.service_name, tracer_provider)
    broker = create_broker(settings, telemetry)
    contests = ContestBucket(
        broker, kv_bucket("notify", "contests"), replicas=settings.stream_replicas
    )
    service = Service(
        settings,
        telemetry,
        broker,
        readiness={"contests": contests.answers},
        on_connected=[contests.open],
    )
    broker.include_router(contest_router(settings, contests))
    return build_app(service, title="Cityprize notify")


def run() -> None:
    settings = NotifySettings()
    serve(create_app, settings)
