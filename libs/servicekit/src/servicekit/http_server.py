"""uvicorn as every service runs it: each request in a fresh trace context, request-head and
body deadlines, the upload cap and framing checks (`http_protocol`, `body_guard`)."""

from __future__ import annotations

import uvicorn
from fastapi import FastAPI
from opentelemetry import context as otel_context
from starlette.types import ASGIApp, Receive, Scope, Send

from servicekit.attribution import current_ids
from servicekit.body_guard import BodyGuard, BodyLimits
from servicekit.http_protocol import guarded_protocol
from servicekit.settings import ServiceSettings

# h11's limit on a request head (request line and headers): larger heads answer 400.
HEAD_LIMIT_BYTES = 16 * 1024


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
