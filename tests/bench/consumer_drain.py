"""One consumer draining a backlog alone on a fresh platform: what `profile_consumer` and
`count_calls` each measure around.

    on_platform(durable, service_env, prefix, drain)   # drain(endpoints, pid) -> coroutine
    async with backlog(endpoints, contest_id, events) as js:
        ...                                  # a reading before
        await drain_alone(js, durable)
        ...                                  # and after

The platform starts with telemetry on, as `bench_end_to_end` runs it; `pid` is the process of
the durable's service (`review-…`, `notify-…`, `archive-…`).
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
from collections.abc import AsyncIterator, Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx
from nats.js import JetStreamContext

from cityprize import bus
from cityprize.platform import Endpoints
from tests.bench.e2e_events import publish_events
from tests.bench.e2e_platform import (
    BenchPlatform,
    configure,
    pause_all_but,
    sleep_briefly,
    until_drained,
)

SERVICE = {"review": "review", "notify": "notify", "archive": "archive"}
Drain = Callable[[Endpoints, int], Coroutine[Any, Any, None]]


def on_platform(durable: str, service_env: dict[str, str], prefix: str, drain: Drain) -> None:
    """Run `drain` against a fresh platform, given the pid of `durable`'s service; the
    platform and its files are gone afterwards."""
    var = Path(tempfile.mkdtemp(prefix=prefix))
    platform = BenchPlatform(var, service_env=service_env)
    try:
        endpoints = platform.start(print)
        pid = platform.services[SERVICE[durable.split("-")[0]]].pid
        if pid is None:
            raise RuntimeError(f"{durable}'s service is not running")
        asyncio.run(drain(endpoints, pid))
    finally:
        platform.stop()
        shutil.rmtree(var, ignore_errors=True)


@contextlib.asynccontextmanager
async def backlog(
    endpoints: Endpoints, contest_id: str, events: int
) -> AsyncIterator[JetStreamContext]:
    """A configured contest, every durable paused, `events` received events waiting."""
    async with bus.connected(endpoints.nats) as client, httpx.AsyncClient(timeout=120) as http:
        await configure(client, http, endpoints.intake, contest_id)
        js = client.jetstream()
        await pause_all_but(js, None)
        await sleep_briefly(1.5)  # a service's outstanding pull (1 s) expires first
        await publish_events(js, contest_id, events)
        yield js


async def drain_alone(js: JetStreamContext, durable: str) -> None:
    """Resume only `durable` and wait until it has delivered and acked everything."""
    await pause_all_but(js, durable)
    await until_drained(js, durable)
