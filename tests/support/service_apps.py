"""Run a service's app in-process for a test: lifespan, readiness, an HTTP client on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import uvicorn
from fastapi import FastAPI
from faststream.nats import NatsBroker

from servicekit.broker import create_broker, ensure_streams
from servicekit.embedded.ports import free_port
from servicekit.service import Service, http_config
from servicekit.settings import ServiceSettings
from servicekit.telemetry import create_telemetry
from tests.support.waiting import eventually


@asynccontextmanager
async def running(
    app: FastAPI, *, base_url: str = "http://service"
) -> AsyncIterator[httpx.AsyncClient]:
    """Start the app (broker, storage, subscribers), insist it is ready, yield a client."""
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as client:
            ready = await client.get("/readyz")
            assert ready.status_code == 200, ready.text
            yield client


def broker_of(app: FastAPI) -> NatsBroker:
    service: Service = app.state.service
    return service.broker


@asynccontextmanager
async def connected_broker(settings: ServiceSettings) -> AsyncIterator[NatsBroker]:
    """A service's broker, connected and with the streams declared, for subscribers a test
    registers itself (then `await broker.start()`); stopped at the end."""
    broker = create_broker(settings, create_telemetry(settings.service_name))
    await broker.connect()
    await ensure_streams(broker, settings)
    try:
        yield broker
    finally:
        await broker.stop()


@asynccontextmanager
async def serving_http(app: FastAPI, settings: ServiceSettings) -> AsyncIterator[str]:
    """The app behind uvicorn on a free loopback port, configured exactly as `serve` does it
    (deadlines, framing checks, upload cap); yields its base URL. For raw-socket tests.

    The app's lifespan is the caller's (`running`), so uvicorn does not run it a second time.
    """
    port = free_port()
    config = http_config(app, settings, port=port)
    config.lifespan = "off"
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())
    try:
        await eventually(
            _async(lambda: server.started or serving.done()), timeout=30, what="uvicorn started"
        )
        if serving.done():
            serving.result()  # the reason it did not start
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving


def _async(check: Callable[[], bool]) -> Callable[[], Awaitable[bool]]:
    async def probe() -> bool:
        return check()

    return probe
