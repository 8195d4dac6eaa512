"""Run a service's app in-process for a test: lifespan, readiness, an HTTP client on it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from faststream.nats import NatsBroker

from servicekit.service import Service


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
