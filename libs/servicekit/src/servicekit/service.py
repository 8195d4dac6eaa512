"""How every service boots: one FastAPI app hosting the health endpoints, the service's own
API and its broker, started and stopped together."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import TypeVar

import uvicorn
from fastapi import APIRouter, Depends, FastAPI
from faststream.nats import NatsBroker
from opentelemetry import context as otel_context
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from starlette.types import ASGIApp, Receive, Scope, Send

from servicekit.api_docs import install_api_docs
from servicekit.attribution import current_ids
from servicekit.body_guard import BodyGuard, BodyLimits
from servicekit.broker import ensure_streams, jetstream
from servicekit.health import ReadinessCheck, health_router
from servicekit.http_metrics import HttpMetrics, MeasuredRoutes
from servicekit.http_protocol import guarded_protocol
from servicekit.http_tracing import TraceResponse, attribute_path
from servicekit.lag import LagProbe
from servicekit.logs import configure_logging
from servicekit.metrics import serve_metrics
from servicekit.problems import install_problem_handlers
from servicekit.routing_problems import install_routing_problems
from servicekit.settings import ServiceSettings
from servicekit.telemetry import Telemetry
from servicekit.version import VERSION

Hook = Callable[[], Awaitable[None]]
SettingsT = TypeVar("SettingsT", bound=ServiceSettings)
logger = logging.getLogger("servicekit.service")
# h11's limit on a request head (request line and headers): larger heads answer 400.
HEAD_LIMIT_BYTES = 16 * 1024


@dataclass
class Service:
    """What a composition root assembles; `build_app` turns it into a running process."""

    settings: ServiceSettings
    telemetry: Telemetry
    broker: NatsBroker
    readiness: dict[str, ReadinessCheck] = field(default_factory=dict)
    on_connected: list[Hook] = field(default_factory=list)
    on_stopped: list[Hook] = field(default_factory=list)

    async def broker_answers(self) -> bool:
        return await self.broker.ping(timeout=self.settings.readiness_timeout_seconds)


def build_app(
    service: Service,
    *,
    title: str,
    description: str = "",
    routers: Sequence[APIRouter] = (),
    untraced: Sequence[str] = (),
) -> FastAPI:
    """The service's HTTP app. `untraced`: URL patterns (regular expressions) no span may
    record, such as a path that carries a secret (review's portal sign-in links)."""
    registry = service.telemetry.registry
    lag = LagProbe(registry, service.settings.service_name)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await service.broker.connect()
        await ensure_streams(service.broker, service.settings)
        for hook in service.on_connected:
            await hook()
        await service.broker.start()
        lag.start(jetstream(service.broker))
        logger.info("service started", extra={"http_port": service.settings.http_port})
        try:
            yield
        finally:
            await lag.stop()
            # Subscribers stop first and wait up to the graceful timeout for in-flight
            # handlers; anything not acknowledged by then goes back to the stream.
            await service.broker.stop()
            for hook in service.on_stopped:
                await hook()
            service.telemetry.shutdown()
            logger.info("service stopped")

    app = FastAPI(
        title=title,
        description=description,
        version=VERSION,
        lifespan=lifespan,
        docs_url=None,  # servicekit.api_docs serves /docs with local assets instead
        redoc_url=None,
        dependencies=[Depends(attribute_path)],
    )
    app.add_middleware(TraceResponse)
    app.add_middleware(MeasuredRoutes, metrics=HttpMetrics(registry, service.settings.service_name))
    install_api_docs(app, title)
    install_problem_handlers(app)
    install_routing_problems(app)
    checks: dict[str, ReadinessCheck] = {"broker": service.broker_answers, **service.readiness}
    app.include_router(health_router(checks, timeout=service.settings.readiness_timeout_seconds))
    for router in routers:
        app.include_router(router)
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=service.telemetry.tracer_provider,
        excluded_urls=",".join(("healthz", "readyz", *untraced)),
        # One span per body chunk otherwise: ~70 for a 16 MiB upload, saying nothing.
        exclude_spans=["receive", "send"],
    )
    app.state.service = service
    return app


class FreshTraceContext:
    """Every HTTP request starts from an empty trace context (or the caller's `traceparent`).

    Seen with uvicorn keep-alive connections: a span left current by one request's body
    handling leaked into the next request on the same connection, chaining every upload of
    a client into one trace. Each request attaching an empty context first makes that
    impossible, whatever a handler does.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = otel_context.attach(otel_context.Context())
        ids = current_ids.set({})  # nor the ids of another request's submission
        try:
            await self.app(scope, receive, send)
        finally:
            current_ids.reset(ids)
            otel_context.detach(token)


class _Server(uvicorn.Server):
    """uvicorn re-raises SIGTERM after a graceful shutdown; a clean stop should exit 0."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            yield
            self._captured_signals.clear()


def http_config(
    app: FastAPI, settings: ServiceSettings, *, port: int | None = None
) -> uvicorn.Config:
    """uvicorn as every service runs it: request-head and body deadlines, upload cap, framing
    checks (`http_protocol`, `body_guard`), the keep-alive timeout from the settings."""
    limits = BodyLimits(
        chunk_timeout=settings.http_body_chunk_timeout_seconds,
        body_timeout=settings.http_body_timeout_seconds,
        uploads_per_client=settings.http_uploads_per_client,
    )
    return uvicorn.Config(
        BodyGuard(FreshTraceContext(app), limits),
        host=settings.http_host,
        port=settings.http_port if port is None else port,
        http=guarded_protocol(settings.http_headers_timeout_seconds),
        timeout_keep_alive=settings.http_keep_alive_seconds,
        h11_max_incomplete_event_size=HEAD_LIMIT_BYTES,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=int(settings.graceful_timeout_seconds),
    )


def serve(create_app: Callable[[SettingsT], FastAPI], settings: SettingsT) -> None:
    """Run until SIGTERM or SIGINT; uvicorn then runs the lifespan's graceful shutdown.

    Logging is configured before the app is built, so even composition-time warnings are JSON.
    Metrics are served on their own port (`METRICS_PORT`), never on the public API's.
    """
    configure_logging(settings.service_name, settings.log_level, json_output=settings.log_json)
    app = create_app(settings)
    service: Service = app.state.service
    serve_metrics(service.telemetry.registry, settings.metrics_host, settings.metrics_port)
    # Everything imported and built so far lives as long as the process: out of the cyclic
    # collector's reach, a full collection no longer walks it (py-spy put ~10 % of review's
    # time per event on whichever allocation set one off; docs/benchmarks.md).
    gc.freeze()
    _Server(http_config(app, settings)).run()
