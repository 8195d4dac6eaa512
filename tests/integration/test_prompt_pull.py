"""`fetch_promptly` hands a message over as soon as the server has, and never waits out a
pull request that an earlier fetch left open (servicekit.prompt_pull)."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator

import nats
import pytest
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from servicekit.prompt_pull import fetch_promptly

PullSubscription = JetStreamContext.PullSubscription


@pytest.fixture
async def pulled(nats_url: str) -> AsyncIterator[tuple[Client, PullSubscription, str]]:
    client = await nats.connect(nats_url)
    js = client.jetstream()
    name = f"PROMPT_{uuid.uuid4().hex[:8]}"
    subject = f"prompt.{name}"
    await js.add_stream(StreamConfig(name=name, subjects=[subject]))
    config = ConsumerConfig(ack_policy=AckPolicy.EXPLICIT)
    subscription = await js.pull_subscribe(subject, durable="d", stream=name, config=config)
    try:
        yield client, subscription, subject
    finally:
        await js.delete_stream(name)
        await client.close()


async def test_an_idle_fetch_returns_nothing_once_its_time_is_up(
    pulled: tuple[Client, PullSubscription, str],
):
    _, subscription, _ = pulled
    started = time.monotonic()
    assert await fetch_promptly(subscription, batch=16, timeout=0.3) == []
    assert 0.25 < time.monotonic() - started < 1.0


async def test_a_backlog_comes_a_batch_at_a_time_each_message_once(
    pulled: tuple[Client, PullSubscription, str],
):
    client, subscription, subject = pulled
    js = client.jetstream()
    for n in range(20):
        await js.publish(subject, str(n).encode())
    first = await fetch_promptly(subscription, batch=16, timeout=2)
    second = await fetch_promptly(subscription, batch=16, timeout=2)
    assert [len(first), len(second)] == [16, 4]
    assert sorted(int(m.data) for m in first + second) == list(range(20))


async def test_a_request_an_earlier_fetch_left_open_does_not_hold_the_next_message(
    pulled: tuple[Client, PullSubscription, str],
):
    client, subscription, subject = pulled
    # What a fetch that gave up leaves behind: its request, still open on the server.
    leftover = {"batch": 16, "expires": 3_000_000_000, "no_wait": True}
    await client.publish(subscription._nms, json.dumps(leftover).encode(), subscription._deliver)
    await client.flush()
    fetching = asyncio.create_task(fetch_promptly(subscription, batch=16, timeout=2))
    await asyncio.sleep(0.1)  # the fetch's own request is open too, after the leftover

    published = time.monotonic()
    await client.jetstream().publish(subject, b"next")
    messages = await fetching
    assert [m.data for m in messages] == [b"next"]
    assert time.monotonic() - published < 0.5, "it was not held until a request expired"
