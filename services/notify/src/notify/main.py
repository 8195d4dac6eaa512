"""Composition root of notify: the only place that builds its broker, stores and telemetry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from opentelemetry.sdk.trace import TracerProvider

from contracts.envelope import Event
from contracts.subjects import kv_bucket
from notify.handlers import notify_router
from notify.jobs import JobRunner
from notify.notifier import Notifier
from notify.parking import job_parker
from notify.portal import PortalLinks
from notify.postman import Postman
from notify.scheduler import Scheduler
from notify.settings import NotifySettings
from notify.smtp import SmtpTransport
from notify.store import NotifyStore
from notify.templates import Renderer
from servicekit.broker import create_broker, publish_event
from servicekit.contests import ContestBucket, contest_router
from servicekit.service import Service, build_app, serve
from servicekit.telemetry import create_telemetry


def create_app(
    settings: NotifySettings,
    *,
    tracer_provider: TracerProvider | None = None,
) -> FastAPI:
    telemetry = create_telemetry(settings.service_name, tracer_provider)
    broker = create_broker(settings, telemetry)
    contests = ContestBucket(
        broker, kv_bucket("notify", "contests"), replicas=settings.stream_replicas
    )
    store = NotifyStore(broker, replicas=settings.stream_replicas)

    async def publish(event: Event) -> None:
        await publish_event(broker, event)

    transport = SmtpTransport(settings)
    postman = Postman(
        settings,
        store,
        Renderer(settings.templates_dir),
        transport,
        publish,
    )
    notifier = Notifier(settings, store, contests, postman)
    portal = PortalLinks(broker, timeout=settings.portal_link_timeout_seconds)
    scheduler = Scheduler(
        settings,
        store,
        JobRunner(notifier, portal),
        job_parker(broker),
        tracer_provider=telemetry.tracer_provider,
    )
    service = Service(
        settings,
        telemetry,
        broker,
        readiness={"contests": contests.answers, "deliveries": store.answers},
        on_connected=[contests.open, store.open, scheduler.start],
    )
    broker.include_router(contest_router(settings, contests))
    broker.include_router(notify_router(settings, notifier, portal))
    app = build_app(service, title="Cityprize notify")
    _stop_in_order(app, scheduler, transport)
    app.state.notifier = notifier
    app.state.scheduler = scheduler
    return app


def _stop_in_order(app: FastAPI, scheduler: Scheduler, transport: SmtpTransport) -> None:
    """The timers stop before the broker does, so no scheduled email is cut off mid-send;
    the mail connections close last, once no consumer can hand them an email."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            async with inner(app):
                try:
                    yield
                finally:
                    await scheduler.stop()
        finally:
            await transport.close()

    app.router.lifespan_context = lifespan


def run() -> None:
    settings = NotifySettings()
    serve(create_app, settings)
