"""Composition root of notify: the only place that builds its broker, stores and telemetry."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from fastapi import FastAPI
from faststream.nats import NatsBroker
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
from servicekit.telemetry import Telemetry, create_telemetry


@dataclass(frozen=True, eq=False)
class Notify:
    """Notify's parts as the composition root wired them, before an app runs them."""

    settings: NotifySettings
    telemetry: Telemetry
    broker: NatsBroker
    contests: ContestBucket
    store: NotifyStore
    transport: SmtpTransport
    portal: PortalLinks
    notifier: Notifier
    scheduler: Scheduler


def bootstrap(settings: NotifySettings, *, tracer_provider: TracerProvider | None = None) -> Notify:
    """Builds every part; nothing connects until the app starts."""
    telemetry = create_telemetry(settings.service_name, tracer_provider)
    broker = create_broker(settings, telemetry)
    replicas = settings.stream_replicas
    contests = ContestBucket(broker, kv_bucket("notify", "contests"), replicas=replicas)
    store = NotifyStore(broker, replicas=replicas)

    async def publish(event: Event) -> None:
        await publish_event(broker, event)

    transport = SmtpTransport(settings)
    renderer = Renderer(settings.templates_dir)
    postman = Postman(settings, store, renderer, transport, publish)
    notifier = Notifier(settings, store, contests, postman)
    portal = PortalLinks(broker, timeout=settings.portal_link_timeout_seconds)
    runner = JobRunner(notifier, portal)
    tracing = telemetry.tracer_provider
    scheduler = Scheduler(settings, store, runner, job_parker(broker), tracer_provider=tracing)
    return Notify(
        settings, telemetry, broker, contests, store, transport, portal, notifier, scheduler
    )


def app_of(notify: Notify) -> FastAPI:
    """The service around the parts (once per parts): readiness, consumers, the order they
    stop in."""
    contests, store = notify.contests, notify.store
    service = Service(
        notify.settings,
        notify.telemetry,
        notify.broker,
        readiness={"contests": contests.answers, "deliveries": store.answers},
        on_connected=[contests.open, store.open, notify.scheduler.start],
    )
    notify.broker.include_router(contest_router(notify.settings, contests))
    notify.broker.include_router(notify_router(notify.settings, notify.notifier, notify.portal))
    app = build_app(service, title="Cityprize notify")
    _stop_in_order(app, notify.scheduler, notify.transport)
    return app


def create_app(
    settings: NotifySettings,
    *,
    tracer_provider: TracerProvider | None = None,
) -> FastAPI:
    return app_of(bootstrap(settings, tracer_provider=tracer_provider))


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
