"""Composition root of review: the only place that builds its broker, stores and telemetry."""

from __future__ import annotations

from fastapi import FastAPI
from opentelemetry.sdk.trace import TracerProvider

from review import api
from review.context import CONTEXT_KEY, Review
from review.objects import FileLinks
from review.openapi import install_openapi
from review.portal import install_portal
from review.problems import install_validation_problems
from review.routes import review_router
from review.settings import ReviewSettings
from review.store import ReviewStore
from servicekit.contests import keep_contests
from servicekit.service import Service, build_app, serve


def create_app(
    settings: ReviewSettings,
    *,
    files: FileLinks | None = None,
    tracer_provider: TracerProvider | None = None,
) -> FastAPI:
    service = Service.create(settings, tracer_provider)
    broker = service.broker
    contests = keep_contests(service, "review")
    store = ReviewStore(broker, replicas=settings.stream_replicas)
    review = Review(settings, broker, store, contests, files or FileLinks.from_settings(settings))
    service.readiness["state"] = store.answers
    service.on_connected.append(store.open)
    # Handlers are module-level functions that declare the parts they need (`Stored`, ...):
    # FastStream hands them over from this broker's context.
    broker.context.set_global(CONTEXT_KEY, review)
    broker.include_router(review_router(settings))
    app = build_app(
        service,
        title="Cityprize review",
        description="The judge API: assignments, blind submissions and files, rubric scores.",
        routers=[api.router],
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
