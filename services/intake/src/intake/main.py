"""Composition root of intake: the only place that builds its broker, clients and telemetry."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from faststream.nats import NatsBroker
from opentelemetry.sdk.trace import TracerProvider

from contracts.events import SubmissionVersion
from contracts.subjects import kv_bucket
from intake.api import build_api
from intake.applicants import ApplicantRegistry
from intake.assignments import Assignments, assignment_router
from intake.commands import command_router
from intake.domain.ratelimit import TokenBuckets
from intake.gate import Gate
from intake.idempotency import IdempotencyKeys
from intake.openapi import install_openapi
from intake.outbox import Outbox, Publisher
from intake.pages import install_pages
from intake.pages.context import SIGN_IN_FAILURES, SIGN_IN_WINDOW_SECONDS, Pages
from intake.pages.sessions import Sessions
from intake.receiving import Receiving
from intake.settings import IntakeSettings
from intake.storage import ObjectStore
from intake.submission_repository import SubmissionRecords
from intake.submissions import Submissions
from servicekit.broker import publish_event
from servicekit.contests import ContestBucket, keep_contests
from servicekit.service import Hook, Service, build_app, serve
from servicekit.signin_limits import FailureLimiter, SignInFailures

DESCRIPTION = (
    "The applicant API of Cityprize: partner cities and organisations submit, amend and "
    "follow their applications with a per-applicant API key. Errors are "
    "`application/problem+json` with a stable `type` per cause."
)


@dataclass(frozen=True)
class Buckets:
    """Intake's JetStream KV buckets (`intake-<purpose>`); each opens once connected."""

    contests: ContestBucket
    applicants: ApplicantRegistry
    records: SubmissionRecords
    assignments: Assignments
    idempotency: IdempotencyKeys
    sessions: Sessions

    @classmethod
    def of(cls, service: Service, settings: IntakeSettings) -> Buckets:
        broker, replicas = service.broker, settings.stream_replicas
        applicants = ApplicantRegistry(broker, kv_bucket("intake", "applicants"), replicas=replicas)
        return cls(
            keep_contests(service, "intake"),
            applicants,
            SubmissionRecords(broker, kv_bucket("intake", "submissions"), replicas=replicas),
            Assignments(broker, kv_bucket("intake", "assignments"), replicas=replicas),
            IdempotencyKeys(
                broker,
                kv_bucket("intake", "idempotency"),
                replicas=replicas,
                ttl=settings.idempotency_ttl_seconds,
                stale_after=settings.idempotency_stale_seconds,
            ),
            Sessions(broker, kv_bucket("intake", "sessions"), applicants, replicas=replicas),
        )

    def openers(self) -> list[Hook]:
        """Every bucket but the contests' (`keep_contests` opens that one)."""
        return [
            self.applicants.open,
            self.records.open,
            self.assignments.open,
            self.idempotency.open,
            self.sessions.open,
        ]


def _outbox(
    settings: IntakeSettings,
    broker: NatsBroker,
    store: ObjectStore,
    records: SubmissionRecords,
    publisher: Publisher | None,
) -> Outbox:
    async def publish(event: SubmissionVersion) -> None:
        await publish_event(broker, event, timeout=settings.publish_timeout_seconds)

    async def committed(event: SubmissionVersion) -> bool:
        return await records.has_version(event.contest_id, event.submission_id, event.version)

    return Outbox(
        store,
        publisher or publish,
        committed,
        interval=settings.outbox_interval_seconds,
        abandon_after=settings.outbox_abandon_seconds,
    )


def _gate(settings: IntakeSettings, broker: NatsBroker, buckets: Buckets) -> Gate:
    limits = TokenBuckets(rate=settings.rate_limit_per_second, burst=settings.rate_limit_burst)
    failures = SignInFailures.from_settings(settings)
    return Gate(
        broker,
        buckets.applicants,
        buckets.contests,
        limits,
        settings.retry_after_seconds,
        failures,
    )


def create_app(
    settings: IntakeSettings,
    *,
    objects: ObjectStore | None = None,
    publisher: Publisher | None = None,
    tracer_provider: TracerProvider | None = None,
) -> FastAPI:
    """`publisher` replaces the broker publish of submission events (fault tests)."""
    service = Service.create(settings, tracer_provider)
    broker = service.broker
    store = objects or ObjectStore.from_settings(settings)
    kv = Buckets.of(service, settings)
    outbox = _outbox(settings, broker, store, kv.records, publisher)
    gate = _gate(settings, broker, kv)
    submissions = Submissions(settings, store, kv.records, outbox)
    receiving = Receiving(settings, gate, submissions, kv.records, kv.idempotency, kv.assignments)
    service.readiness["object-storage"] = store.answers
    # The outbox's first pass republishes what a previous run left pending.
    service.on_connected += [*kv.openers(), store.ensure_bucket, outbox.start]
    service.on_stopped.append(outbox.stop)
    broker.include_router(assignment_router(settings, kv.assignments))
    broker.include_router(command_router(settings, broker, kv.applicants, kv.contests))
    app = build_app(
        service,
        title="Cityprize intake",
        description=DESCRIPTION,
        routers=[build_api(kv.contests, gate, receiving)],
    )
    install_openapi(app)
    sign_ins = FailureLimiter(SIGN_IN_FAILURES, SIGN_IN_WINDOW_SECONDS)
    install_pages(app, Pages(receiving, kv.sessions, store, sign_ins))
    return app


def run() -> None:
    settings = IntakeSettings()
    serve(create_app, settings)
