"""A pull that hands a message over as soon as the server has handed it over.

    messages = await fetch_promptly(subscription, batch=16, timeout=1.0)   # [] when idle

Why not `PullSubscription.fetch`: for a batch above one, nats-py (2.16.0, the latest) follows
its first request, `{batch, expires, no_wait}`, with a second that lingers without `no_wait`
whenever a status arrives first, and every fetch of a subscription shares one inbox. A status
left over from an earlier request (its expiry, landing just after the client's own timer)
therefore starts a lingering request that outlives its fetch. The next message goes to that
orphan, which the server keeps open for the rest of its batch, and the fetch that holds the
message waits for a status that only comes when the orphan expires: up to a whole poll
(`consumer_poll_seconds`, 1 s) for a message that had arrived (nats-io/nats.py#933, #986,
open). Measured on nats-server 2.15.1 with a lone message every 0.05–1.6 s: fetch(16) p99
448 ms, max 699 ms; fetch(1) p99 5 ms (`tests/integration/test_prompt_pull.py`).

This fetch sends only `{batch, expires, no_wait}`, which the server ends by itself: with a
`404` once it has handed over what it had, or a `408` at expiry. No request lingers holding a
message, so a fetch returns when it holds a message and a status says there is no more for
now (or when it holds `batch`). A status with no message yet belongs to an earlier request
and is skipped. Messages an earlier request delivered late wait in the inbox's queue and are
returned first, without asking the server.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

from faststream.nats.subscriber.usecases.stream_pull_subscriber import PullStreamSubscriber
from nats.aio.msg import Msg
from nats.errors import ConnectionClosedError
from nats.errors import TimeoutError as NatsTimeout
from nats.js import JetStreamContext
from nats.js.errors import APIError, ServiceUnavailableError

# A status with no message yet: an earlier request ended (no messages, expired, or a
# temporary conflict such as a full waiting list). Ours is still open; keep waiting.
_EARLIER_REQUEST_ENDED = {"404", "408", "409", "100"}
_UNAVAILABLE_PAUSE = 0.1  # seconds
logger = logging.getLogger("servicekit.prompt_pull")


async def fetch_promptly(
    subscription: JetStreamContext.PullSubscription, batch: int, timeout: float
) -> list[Msg]:
    """Up to `batch` messages, returned once the server has nothing more to hand over now;
    `[]` after `timeout` seconds with none. Raises `APIError` on a status that is an error
    (a `400`, a `503` …) and `ConnectionClosedError` when the connection is closed."""
    messages = _left_in_queue(subscription, batch)
    if messages:
        return messages
    request = {"batch": batch, "expires": int(timeout * 1_000_000_000), "no_wait": True}
    await subscription._nc.publish(
        subscription._nms, json.dumps(request).encode(), subscription._deliver
    )
    deadline = time.monotonic() + timeout
    while len(messages) < batch:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        try:
            message = await subscription._sub.next_msg(timeout=remaining)
        except NatsTimeout:
            break
        status = JetStreamContext.is_status_msg(message)
        if not status:
            messages.append(message)
        elif messages:
            break  # the server has handed over what it had
        elif status not in _EARLIER_REQUEST_ENDED:
            raise APIError.from_msg(message)
    return messages


def _left_in_queue(subscription: JetStreamContext.PullSubscription, batch: int) -> list[Msg]:
    """Messages already in the inbox's queue (an earlier request's, delivered after its fetch
    returned), statuses dropped."""
    queue, messages = subscription._sub._pending_queue, list[Msg]()
    while len(messages) < batch and not queue.empty():
        message = queue.get_nowait()
        queue.task_done()
        subscription._sub._pending_size -= len(message.data)
        if not JetStreamContext.is_status_msg(message):
            messages.append(message)
    return messages


def pull_promptly(subscriber: PullStreamSubscriber, batch: int, timeout: float) -> None:
    """FastStream's pull loop for `subscriber`, fetching with `fetch_promptly`: at most `batch`
    messages in hand, each handled as its own task; once half of them are settled, as many
    as settled are fetched again (waiting up to `timeout` seconds). A replica holds only what
    it is working on, and one slow message no longer holds the other slots idle until it ends
    (the whole batch waited for its slowest before)."""

    async def consume_pull(cb: Callable[[Msg], Coroutine[Any, Any, Any]]) -> None:
        handling: set[asyncio.Task[Any]] = set()
        settled = _settled(handling)  # one callback for every task, not one made per message
        try:
            while subscriber.running:
                free = batch - len(handling)
                if handling and free < max(1, batch // 2):  # refill by halves: fewer fetches
                    await asyncio.wait(handling, return_when=asyncio.FIRST_COMPLETED)
                    continue
                for message in await _fetched(subscriber, free, timeout):
                    task = asyncio.create_task(cb(message))
                    handling.add(task)
                    task.add_done_callback(settled)
            if handling:  # stopping: the messages in hand are finished, not dropped
                await asyncio.wait(handling)
        finally:  # cancelled once FastStream's graceful time is up: what is left is returned
            for task in handling:
                task.cancel()

    # An instance attribute, read when FastStream starts the subscriber's consume task.
    subscriber.__dict__["_consume_pull"] = consume_pull


async def _fetched(subscriber: PullStreamSubscriber, batch: int, timeout: float) -> list[Msg]:
    assert subscriber.subscription is not None  # set before the consume task starts
    try:
        return await fetch_promptly(subscriber.subscription, batch, timeout)
    except (ConnectionClosedError, ServiceUnavailableError):
        await asyncio.sleep(_UNAVAILABLE_PAUSE)  # closing, or JetStream away: no spin
        return []


def _settled(handling: set[asyncio.Task[Any]]) -> Callable[[asyncio.Task[Any]], None]:
    def done(task: asyncio.Task[Any]) -> None:
        handling.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            # FastStream settles a message whatever its handler raised; this is its own fault.
            logger.error("consuming a message failed", exc_info=error)

    return done
