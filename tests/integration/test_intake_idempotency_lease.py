"""An Idempotency-Key in flight is held while its request runs and freed soon after it stops."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from faststream.nats import NatsBroker

from intake.idempotency import IdempotencyKeys
from servicekit.broker import create_broker
from servicekit.settings import ServiceSettings
from servicekit.telemetry import create_telemetry
from tests.support.waiting import eventually

STALE = 0.6


@pytest.fixture
async def keys(nats_url: str) -> AsyncIterator[IdempotencyKeys]:
    broker: NatsBroker = create_broker(ServiceSettings(nats_url=nats_url), create_telemetry("t"))
    await broker.connect()
    keys = IdempotencyKeys(broker, "intake-idempotency", replicas=1, ttl=60, stale_after=STALE)
    await keys.open()
    yield keys
    await broker.stop()


async def test_a_long_upload_keeps_its_key_however_long_it_runs(keys: IdempotencyKeys):
    assert await keys.claim("a-1.k", "POST /v1/x") is None
    async with keys.held("a-1.k", "POST /v1/x"):
        await asyncio.sleep(STALE * 3)  # the upload itself, taking longer than `stale_after`
        held = await keys.claim("a-1.k", "POST /v1/x")
    assert held is not None
    assert held.state == "in-flight"


async def test_a_key_whose_owner_could_not_release_it_is_free_again_soon(keys: IdempotencyKeys):
    assert await keys.claim("a-1.k", "POST /v1/x") is None
    async with keys.held("a-1.k", "POST /v1/x"):
        pass  # the request failed and its release was lost (the broker was down)

    assert await keys.claim("a-1.k", "POST /v1/x") is not None, "still fresh: refused"
    retried = await eventually(
        lambda: keys.claim("a-1.k", "POST /v1/x"),
        until=lambda held: held is None,
        timeout=STALE * 5,
        what="the abandoned key to be taken over by a retry",
    )
    assert retried is None
