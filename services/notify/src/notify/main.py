"""Composition root of notify: the only place that builds its broker, stores and telemetry."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from faststream.nats import NatsBroker
from opentelemetry.sdk.trace import TracerProvider

from contracts.envelope import Event
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
from servicekit.broker import publish_event
from servicekit.contests import keep_contests
from servicekit.service import Service, build_app, serve


@dataclass(frozen=True, eq=False)
class Notify:
    """Notify's parts as the composition root wired them, before an app runs them."""

    service: Service
    store: NotifyStore
    transport: SmtpTransport
    portal: PortalLinks
    notifier: Notifier
    scheduler: Scheduler

    @property
    def broker(self) -> NatsBroker:
        return self.service.broker


def bootstrap(settings: NotifySettings, *, tracer_provider: TracerProvider | None = None) -> Notify:
    """Builds every part and wires its hooks; nothing connects until the app starts."""
    service = Service.create(settings, tracer_provider)
    broker = service.broker
    # Every email names its contest: read from a watched copy, not the bucket, each time.
    contests = keep_contests(service, "notify", kept_for=settings.contest_copy_seconds)
    store = NotifyStore(broker, replicas=settings.stream_replicas)

    async def publish(event: Event) -> None:
        await publish_event(broker, event)

    transport = SmtpTransport(settings)
    postman = Postman(settings, store, Renderer(settings.templates_dir), transport, publish)
    notifier = Notifier(settings, store, contests, postman)
    portal = PortalLinks(broker, timeout=settings.portal_link_timeout_seconds)
    tracing = service.telemetry.tracer_provider
    runner = JobRunner(notifier, portal)
    scheduler = Scheduler(settings, store, runner, job_parker(broker), tracer_provider=tracing)
    service.readiness["deliveries"] = store.answers
    service.on_connected += [store.open, scheduler.start]
    # The timers stop while the broker still runs, so no scheduled email is cut off mid-send;
    # the mail connections close last, once no consumer can hand them an email.
    service.before_stop.append(scheduler.stop)
    service.on_stopped.append(transport.close)
    broker.include_router(notify_router(settings, runner))
    return Notify(service, store, transport, portal, notifier, scheduler)


def app_of(notify: Notify) -> FastAPI:
    """The service around the parts (once per parts): health, readiness, consumers."""
    return build_app(notify.service, title="Cityprize notify")


def create_app(
    settings: NotifySettings, *, tracer_provider: TracerProvider | None = None
) -> FastAPI:
    return app_of(bootstrap(settings, tracer_provider=tracer_provider))


def run() -> None:
    settings = NotifySettings()
    serve(create_app, settings)
