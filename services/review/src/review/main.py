"""Composition root of review: the only place that builds its broker, stores and telemetry."""

from __future__ import annotations

from fastapi import FastAPI
from opentelemetry.sdk.trace import TracerProvider

from contracts.subjects import kv_bucket
from review.api import build_judge_api
from review.context import CONTEXT_KEY, Review
from review.objects import FileLinks
from review.openapi import install_openapi
from review.portal import install_portal
from review.problems import install_validation_problems
from review.routes import review_router
from review.settings import ReviewSettings
from review.store import ReviewStore
from servicekit.broker import create_broker
from servicekit.contests import ContestBucket, contest_router
from servicekit.service import Service, build_app, serve
from servicekit.telemetry import create_telemetry


def create_app(
    settings: ReviewSettings,
    *,
    files: FileLinks | None = None,
    tracer_provider: TracerProvider | None = None,
) -> FastAPI:
    telemetry = create_telemetry(settings.service_name, tracer_provider)
    broker = create_broker(settings, telemetry)
    contests = ContestBucket(
        broker, kv_bucket("review", "contests"), replicas=settings.stream_replicas
    )
    store = ReviewStore(broker, replicas=settings.stream_replicas)
    review = Review(settings, broker, store, contests, files or FileLinks.from_settings(settings))
    service = Service(
        settings,
        telemetry,
        broker,
        readiness={"contests": contests.answers, "state": store.answers},
        on_connected=[contests.open, store.open],
    )
    # Handlers are module-level functions that declare what they need (`Reviewing`):
    # FastStream hands it over from this broker's context.
    broker.context.set_global(CONTEXT_KEY, review)
    broker.include_router(contest_router(settings, contests))
    broker.include_router(review_router(settings))
    app = build_app(
        service,
        title="Cityprize review",
        description="The judge API: assignments, blind submissions and files, rubric scores.",
        routers=[build_judge_api(review)],
        # A sign-in link's path holds its token: no span may record it.
        untraced=["judge/sign-in/"],
    )
    install_validation_problems(app)
    install_portal(app, review)
    install_openapi(app)
    app.state.review = review
    return app


def run() -> None:
    settings = ReviewSettings()
    serve(create_app, settings)
