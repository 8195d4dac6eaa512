"""RED metrics per HTTP route: requests by status (rate, errors) and a duration histogram.

Labels are the route template (`/v1/contests/{contest_id}/submissions`), never the path, so
ids do not multiply the series. FastStream's Prometheus middleware gives the same per handler.
"""

from __future__ import annotations

import time
from typing import Final

from prometheus_client import CollectorRegistry, Counter, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS: Final = "cityprize_http_requests_total"
DURATION: Final = "cityprize_http_request_duration_seconds"
_BUCKETS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
_UNMATCHED: Final = "unmatched"


class HttpMetrics:
    """The two metrics, registered once per service in its registry."""

    def __init__(self, registry: CollectorRegistry, service: str) -> None:
        self.service = service
        self.requests = Counter(
            REQUESTS,
            "HTTP requests answered, by route template, method and status code.",
            ["service", "method", "route", "status"],
            registry=registry,
        )
        self.duration = Histogram(
            DURATION,
            "Time to answer an HTTP request, in seconds, by route template and method.",
            ["service", "method", "route"],
            registry=registry,
            buckets=_BUCKETS,
        )

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(self.service, method, route, str(status)).inc()
        self.duration.labels(self.service, method, route).observe(seconds)


def route_of(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else _UNMATCHED


class MeasuredRoutes:
    """ASGI middleware: one observation per HTTP request, health and metrics excluded."""

    def __init__(self, app: ASGIApp, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in ("/healthz", "/readyz", "/metrics"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client sees when the app raises before answering

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            self.metrics.observe(
                scope["method"], route_of(scope), status, time.perf_counter() - started
            )
