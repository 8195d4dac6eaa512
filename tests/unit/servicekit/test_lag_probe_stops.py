"""Stopping a service never waits on its lag probe, even when a cancel is lost."""

from __future__ import annotations

import asyncio
import contextlib
from types import SimpleNamespace
from typing import Any

from prometheus_client import CollectorRegistry

from servicekit.lag import LagProbe


class CancelSwallowingJetStream:
    """A consumer-info request that loses the cancel, as Python 3.11's `wait_for` can when
    the reply lands at the same moment (gh-86296)."""

    def __init__(self) -> None:
        self.asked = asyncio.Event()

    async def consumer_info(self, stream: str, durable: str) -> Any:
        self.asked.set()
        with contextlib.suppress(asyncio.CancelledError):  # the reply won: the cancel is gone
            await asyncio.sleep(30)
        return SimpleNamespace(num_pending=0, num_ack_pending=0)

    async def stream_info(self, stream: str) -> Any:
        return SimpleNamespace(state=SimpleNamespace(messages=0))


async def test_stopping_during_a_sample_whose_cancel_is_lost_still_returns_at_once():
    probe = LagProbe(CollectorRegistry(), "probe", interval=30, durables=lambda: ["probe-x"])
    js = CancelSwallowingJetStream()
    probe.start(js)  # type: ignore[arg-type]
    await asyncio.wait_for(js.asked.wait(), 5)

    stopping = asyncio.ensure_future(probe.stop())
    stopped, _ = await asyncio.wait([stopping], timeout=5)  # waits, never cancels

    assert stopped == {stopping}, "stop() still waiting on the probe"
    await stopping
