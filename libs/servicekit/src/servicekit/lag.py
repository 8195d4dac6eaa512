"""Consumer lag per durable and the dead-letter count, sampled from JetStream for Prometheus.

A durable's `num_pending` (messages not yet delivered) and `num_ack_pending` (delivered, not
acknowledged) are what a scaling rule or an alert watches; the dead-letter stream's message
count says how many messages gave up. Sampled every few seconds by each service for its own
durables (the server keeps the numbers; reading them is one request per durable).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Iterable
from typing import Final

from nats.js import JetStreamContext
from nats.js.errors import NotFoundError
from prometheus_client import CollectorRegistry, Gauge

from contracts.subjects import Stream
from servicekit.broker import durables_of

PENDING: Final = "cityprize_consumer_pending_messages"
ACK_PENDING: Final = "cityprize_consumer_ack_pending_messages"
DEAD_LETTERS: Final = "cityprize_dead_letter_messages"
logger = logging.getLogger("servicekit.lag")


class LagProbe:
    def __init__(
        self,
        registry: CollectorRegistry,
        service: str,
        interval: float = 5.0,
        durables: Callable[[], Iterable[str]] | None = None,
    ) -> None:
        """`durables`: the consumers to sample; by default those the service registered
        (`servicekit.broker.durables_of`), each looked up alone, as its NATS grants allow."""
        self.service = service
        self.durables = durables or (lambda: durables_of(service))
        self.interval = interval
        self.pending = Gauge(
            PENDING,
            "Messages in the stream not yet delivered to this durable consumer.",
            ["durable"],
            registry=registry,
        )
        self.ack_pending = Gauge(
            ACK_PENDING,
            "Messages delivered to this durable consumer and not yet acknowledged.",
            ["durable"],
            registry=registry,
        )
        self.dead_letters = Gauge(
            DEAD_LETTERS, "Messages in the dead-letter stream.", registry=registry
        )
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()

    async def sample(self, js: JetStreamContext) -> None:
        for durable in self.durables():
            try:
                info = await js.consumer_info(Stream.EVENTS, durable)
            except NotFoundError:
                continue  # not created yet (its subscriber starts after the probe)
            self.pending.labels(durable).set(info.num_pending or 0)
            self.ack_pending.labels(durable).set(info.num_ack_pending or 0)
        dead = await js.stream_info(Stream.DEAD_LETTER)
        self.dead_letters.set(dead.state.messages)

    def start(self, js: JetStreamContext) -> None:
        self._stopping = asyncio.Event()
        self._task = asyncio.create_task(self._run(js), name=f"{self.service}-lag")

    async def stop(self) -> None:
        """Ends the sampling; returns within one sample, so a shutdown never waits on it."""
        if self._task is not None:
            self._stopping.set()
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self, js: JetStreamContext) -> None:
        # The flag, not only the cancel: on Python 3.11 a cancel that lands as a request's
        # `wait_for` completes is swallowed (gh-86296), and the loop would sample forever.
        while not self._stopping.is_set():
            try:
                await self.sample(js)
            except Exception as error:  # a metric must never take the service down
                logger.warning("lag sample failed", extra={"error": type(error).__name__})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.interval)
