"""Waiting in tests: poll a condition until a deadline, never a bare sleep."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

import nats

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]],
    *,
    until: Callable[[T], bool] = bool,
    timeout: float = 10.0,
    interval: float = 0.02,
    what: str = "condition",
) -> T:
    """Return the probe's first value that satisfies `until`, or fail naming `what`."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await probe()
        if until(last):
            return last
        await asyncio.sleep(interval)
    raise AssertionError(f"{what} did not hold within {timeout}s (last value: {last!r})")


async def consumer_drained(nats_url: str, stream: str, durable: str, timeout: float = 30) -> None:
    """Wait until the durable has delivered and settled every message of its stream.

    A message is acked only after its handler has finished, so a drained consumer means every
    effect of every event is written, not just the first one a test happens to look for.
    """
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()

        async def state() -> tuple[int, int]:
            info = await js.consumer_info(stream, durable)
            return info.num_pending or 0, info.num_ack_pending or 0

        await eventually(
            state, until=lambda s: s == (0, 0), what=f"{durable} to drain", timeout=timeout
        )
    finally:
        await nc.close()
