"""Composition root of intake: the only place that builds its broker, clients and telemetry."""

from __future__ import annotations

from fastapi import FastAPI
from opentelemetry.sdk.trace import TracerProvider

from contracts.subjects import kv_bucket
from intake.api import build_api
from intake.settings import IntakeSettings
from intake.storage import ObjectStore
from servicekit.broker import create_broker
from servicekit.contests import ContestBucket, contest_router
from servicekit.service import Service, build_app, serve
from servicekit.telemetry import create_telemetry


def create_app(
    settings: IntakeSettings,
    *,
    objects: ObjectStore | None = None,
    tracer_provider: TracerProvider | None = None,
) -> FastAPI:
    telemetry = create_telemetry(settings.service_name, tracer_provider)
    broker = create_broker(settings, telemetry)
    store = objects or ObjectStore.from_settings(settings)
    contests = ContestBucket(
        broker, kv_bucket("intake", "contests"), replicas=settings.stream_replicas
    )
    service = Service(
        settings,
        telemetry,
        broker,
        readiness={"object-storage": store.answers, "contests": contests.answers},
        on_connected=[contests.open, store.ensure_bucket],
    )
    broker.include_router(contest_router(settings, contests))
    return build_app(service, title="Cityprize intake", routers=[build_api(contests)])


def run() -> None:
    settings = IntakeSettings()
    serve(create_app, settings)
