"""Run a service's app in-process for a test: lifespan, readiness, an HTTP client on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from faststream.nats import NatsBroker

from servicekit.broker import create_broker, ensure_streams
from servicekit.service import Service
from servicekit.settings import ServiceSettings
from servicekit.telemetry import create_telemetry


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
