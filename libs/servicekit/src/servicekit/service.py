"""How every service boots: one FastAPI app hosting the health endpoints, the service's own
API and its broker, started and stopped together."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Self, TypeVar

import uvicorn
from fastapi import APIRouter, Depends, FastAPI
from faststream.nats import NatsBroker
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace import TracerProvider

from servicekit.api_docs import install_api_docs
from servicekit.broker import create_broker, ensure_streams, jetstream
from servicekit.health import ReadinessCheck, health_router
from servicekit.http_metrics import HttpMetrics, MeasuredRoutes
from servicekit.http_server import http_config
from servicekit.http_tracing import TraceResponse, attribute_path
from servicekit.lag import LagProbe
from servicekit.logs import configure_logging
from servicekit.metrics import serve_metrics
from servicekit.problems import install_problem_handlers
from servicekit.routing_problems import install_routing_problems
from servicekit.settings import ServiceSettings
from servicekit.telemetry import Telemetry, create_telemetry
from servicekit.version import VERSION

__all__ = ["Service", "build_app", "http_config", "serve"]  # http_config: where it was first

Hook = Callable[[], Awaitable[None]]
SettingsT = TypeVar("SettingsT", bound=ServiceSettings)
logger = logging.getLogger("servicekit.service")


@dataclass
class Service:
    """What a composition root assembles; `build_app` turns it into a running process.

    Hooks run in this order: `on_connected` once the broker is connected and the streams
    exist (open buckets, start timers), before its subscribers start; at shutdown
    `before_stop` while the broker still runs (stop timers that publish), then the broker
    stops (in-flight handlers finish), then `on_stopped` (close clients no handler can use).
    """

    settings: ServiceSettings
    telemetry: Telemetry
    broker: NatsBroker
    readiness: dict[str, ReadinessCheck] = field(default_factory=dict)
    on_connected: list[Hook] = field(default_factory=list)
    before_stop: list[Hook] = field(default_factory=list)
    on_stopped: list[Hook] = field(default_factory=list)

    @classmethod
    def create(
        cls, settings: ServiceSettings, tracer_provider: TracerProvider | None = None
    ) -> Self:
        """Telemetry (`tracer_provider`: a test's in-memory one, else OTLP by the `OTEL_*`
        variables) and a broker under the delivery policy: what every service starts from."""
        telemetry = create_telemetry(settings.service_name, tracer_provider)
        return cls(settings, telemetry, create_broker(settings, telemetry))

    async def broker_answers(self) -> bool:
        return await self.broker.ping(timeout=self.settings.readiness_timeout_seconds)


def _lifespan(service: Service) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    lag = LagProbe(service.telemetry.registry, service.settings.service_name)

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
            await _stop(service, lag)

    return lifespan


async def _stop(service: Service, lag: LagProbe) -> None:
    try:
        for hook in service.before_stop:
            await hook()
    finally:
        await lag.stop()
        # Subscribers stop first and wait up to the graceful timeout for in-flight
        # handlers; anything not acknowledged by then goes back to the stream.
        await service.broker.stop()
        try:
            for hook in service.on_stopped:
                await hook()
        finally:
            service.telemetry.shutdown()
            logger.info("service stopped")


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
    app = FastAPI(
        title=title,
        description=description,
        version=VERSION,
        lifespan=_lifespan(service),
        docs_url=None,  # servicekit.api_docs serves /docs with local assets instead
        redoc_url=None,
        dependencies=[Depends(attribute_path)],
    )
    app.add_middleware(TraceResponse)
    metrics = HttpMetrics(service.telemetry.registry, service.settings.service_name)
    app.add_middleware(MeasuredRoutes, metrics=metrics)
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


class _Server(uvicorn.Server):
    """uvicorn re-raises SIGTERM after a graceful shutdown; a clean stop should exit 0."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        with super().capture_signals():
            yield
            self._captured_signals.clear()


def serve(create_app: Callable[[SettingsT], FastAPI], settings: SettingsT) -> None:
    """Run until SIGTERM or SIGINT; uvicorn then runs the lifespan's graceful shutdown.

    Logging is configured before the app is built, so even composition-time warnings are JSON.
    Metrics are served on their own port (`METRICS_PORT`), never on the public API's.
    """
    configure_logging(settings.service_name, settings.log_level, json_output=settings.log_json)
    app = create_app(settings)
    service: Service = app.state.service
    serve_metrics(service.telemetry.registry, settings.metrics_host, settings.metrics_port)
    service.telemetry.gc_pauses.install()
    # Everything imported and built so far lives as long as the process: out of the cyclic
    # collector's reach, a full collection no longer walks it (py-spy put ~10 % of review's
    # time per event on whichever allocation set one off; docs/benchmarks.md).
    gc.freeze()
    _Server(http_config(app, settings)).run()
