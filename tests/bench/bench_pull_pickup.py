"""How long a lone message waits in a pull consumer's fetch: servicekit's `fetch_promptly`
against nats-py's own `PullSubscription.fetch`, as a replica pulls (16 at a time, 1 s poll).

    python -m tests.bench pull_pickup   # or `make bench`; figures in var/bench/pull_pickup.json

One embedded nats-server, one stream, two durables, one fetch loop each, run one after the
other. Messages are published one by one at random gaps of 0.05–1.2 s (some land within a
poll, some past its end); each message's wait is from its publish to its fetch's return.
nats-py's fetch can leave a lingering pull request behind, which then holds the next message
until it expires (servicekit.prompt_pull). Target: the p99 wait at most a tenth of nats-py's.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import nats
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, StreamConfig

from servicekit.embedded.nats import NatsServer
from servicekit.prompt_pull import fetch_promptly
from tests.bench.figures import Figure

MESSAGES, BATCH, POLL = 80, 16, 1.0
Fetch = Callable[[JetStreamContext.PullSubscription], Awaitable[list[Msg]]]


async def _nats_py(subscription: JetStreamContext.PullSubscription) -> list[Msg]:
    try:
        return await subscription.fetch(BATCH, timeout=POLL)
    except NatsTimeout:
        return []


async def _prompt(subscription: JetStreamContext.PullSubscription) -> list[Msg]:
    return await fetch_promptly(subscription, BATCH, POLL)


async def waits(url: str, fetch: Fetch, seed: int) -> list[float]:
    """Milliseconds each of `MESSAGES` lone messages waited before its fetch returned it."""
    client = await nats.connect(url)
    js = client.jetstream()
    name = f"PICKUP_{uuid.uuid4().hex[:8]}"
    await js.add_stream(StreamConfig(name=name, subjects=[f"{name}.x"]))
    config = ConsumerConfig(ack_policy=AckPolicy.EXPLICIT)
    subscription = await js.pull_subscribe(f"{name}.x", durable="d", stream=name, config=config)
    sent: dict[bytes, float] = {}
    waited: list[float] = []
    every = asyncio.Event()

    async def pull() -> None:
        while True:
            for message in await fetch(subscription):
                waited.append(1000 * (time.monotonic() - sent[message.data]))
                await message.ack()
            if len(waited) == MESSAGES:
                every.set()

    puller = asyncio.create_task(pull())
    gaps = random.Random(seed)
    for n in range(MESSAGES):
        await asyncio.sleep(gaps.uniform(0.05, 1.2))
        sent[str(n).encode()] = time.monotonic()
        await js.publish(f"{name}.x", str(n).encode())
    with contextlib.suppress(TimeoutError):  # the figure counts what came
        await asyncio.wait_for(every.wait(), 2 * POLL + 1)
    puller.cancel()
    await js.delete_stream(name)
    await client.close()
    return sorted(waited)


def _p99(values: list[float]) -> float:
    return values[min(len(values) - 1, int(0.99 * len(values)))]


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as folder, NatsServer(Path(folder)) as server:
        ours = asyncio.run(waits(server.url, _prompt, seed=1))
        theirs = asyncio.run(waits(server.url, _nats_py, seed=1))
    met = _p99(ours) <= 0.1 * _p99(theirs)
    return [
        Figure(
            name=f"lone message's wait in a fetch of {BATCH}, p99 ({len(ours)} messages)",
            value=round(_p99(ours), 1),
            unit="ms",
            baseline="nats-py PullSubscription.fetch, same messages and gaps",
            baseline_value=round(_p99(theirs), 1),
            target="≤ 0.1 × nats-py's",
            met=met,
            why=None if met else "fetch_promptly waited on a status; see servicekit.prompt_pull",
        ),
        Figure(
            name="lone message's wait, the longest",
            value=round(ours[-1], 1),
            unit="ms",
            baseline="nats-py's longest",
            baseline_value=round(theirs[-1], 1),
        ),
    ]
