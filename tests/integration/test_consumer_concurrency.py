"""A replica handles several messages side by side, never more than it is set to, each once."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from faststream.nats import NatsBroker
from nats.js.api import ConsumerInfo

from contracts.events import RoundClosed
from contracts.subjects import Stream, Subject, durable_name
from servicekit import prompt_pull
from servicekit.broker import consumer, jetstream, publish_event
from servicekit.settings import ServiceSettings
from tests.support.service_apps import connected_broker
from tests.support.waiting import eventually

CONCURRENCY = 8


def settings_for(nats_url: str, **overrides: Any) -> ServiceSettings:
    return ServiceSettings(
        service_name="side-by-side",
        nats_url=nats_url,
        consumer_concurrency=CONCURRENCY,
        graceful_timeout_seconds=5,
        **overrides,
    )


@pytest.fixture
async def broker(nats_url: str) -> AsyncIterator[NatsBroker]:
    async with connected_broker(settings_for(nats_url)) as broker:
        yield broker


async def consumer_info(broker: NatsBroker, purpose: str) -> ConsumerInfo:
    js = jetstream(broker)
    info: ConsumerInfo = await js.consumer_info(
        Stream.EVENTS, durable_name("side-by-side", purpose)
    )
    return info


async def test_a_backlog_is_handled_side_by_side_never_more_than_the_limit_each_message_once(
    broker: NatsBroker, nats_url: str
):
    settings = settings_for(nats_url)
    events = [RoundClosed(contest_id="concurrency", round=f"round-{n}") for n in range(5 * 8 + 3)]
    for event in events:
        await publish_event(broker, event)
    handled: list[str] = []
    in_flight, most = 0, 0

    @consumer(broker, settings, "backlog", Subject.ROUND_CLOSED)
    async def slow_handler(event: RoundClosed) -> None:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.02)  # the work: long enough for the others to start meanwhile
        handled.append(event.event_id)
        in_flight -= 1

    await broker.start()
    info = await eventually(
        lambda: consumer_info(broker, "backlog"),
        until=lambda info: info.num_pending == 0 and info.num_ack_pending == 0,
        what="the backlog handled and acknowledged",
    )

    assert most == CONCURRENCY
    assert sorted(handled) == sorted(e.event_id for e in events)
    assert info.num_redelivered == 0


async def test_a_lone_message_is_handled_without_waiting_for_a_batch_to_fill(nats_url: str):
    # A pull that waited for its batch to fill would hold this message for the whole minute.
    settings = settings_for(nats_url, consumer_poll_seconds=60)
    handled = asyncio.Event()
    async with connected_broker(settings) as broker:

        @consumer(broker, settings, "trickle", Subject.ROUND_CLOSED)
        async def note(event: RoundClosed) -> None:
            handled.set()

        await broker.start()
        await eventually(
            lambda: consumer_info(broker, "trickle"),
            until=lambda info: (info.num_waiting or 0) >= 1,
            what="the replica's long poll outstanding",
        )
        await publish_event(broker, RoundClosed(contest_id="concurrency", round="lone"))
        await asyncio.wait_for(handled.wait(), timeout=settings.consumer_poll_seconds / 4)


async def test_messages_arriving_one_by_one_across_polls_are_each_handled_at_once(nats_url: str):
    # nats-py's own fetch let a pull request outlive its fetch and held the next message until
    # that request expired: ~1 in 10 such messages waited most of a poll (servicekit.prompt_pull).
    settings = settings_for(nats_url, consumer_poll_seconds=0.4)
    sent: dict[str, float] = {}
    waited: dict[str, float] = {}
    async with connected_broker(settings) as broker:

        @consumer(broker, settings, "one-by-one", Subject.ROUND_CLOSED)
        async def note(event: RoundClosed) -> None:
            waited[event.round] = time.monotonic() - sent[event.round]

        await broker.start()
        gaps = random.Random(7)
        for n in range(36):
            await asyncio.sleep(gaps.uniform(0.02, 0.55))  # some within a poll, some past it
            sent[f"r{n}"] = time.monotonic()
            await publish_event(broker, RoundClosed(contest_id="concurrency", round=f"r{n}"))

        async def handled() -> int:
            return len(waited)

        await eventually(handled, until=lambda count: count == len(sent), what="every message")

    slowest = max(waited.values())
    assert slowest < settings.consumer_poll_seconds / 3, f"a message waited {slowest:.3f} s"


async def test_a_consumer_fetches_through_fetch_promptly(
    nats_url: str, monkeypatch: pytest.MonkeyPatch
):
    # servicekit sets FastStream's pull loop on each subscriber (a private method): if a
    # FastStream upgrade renamed it, nats-py's fetch would be back, silently. This says so.
    fetches: list[int] = []
    fetch = prompt_pull.fetch_promptly

    async def counted(subscription: Any, batch: int, timeout: float) -> list[Any]:
        fetches.append(batch)
        return await fetch(subscription, batch, timeout)

    monkeypatch.setattr(prompt_pull, "fetch_promptly", counted)
    settings = settings_for(nats_url, consumer_poll_seconds=0.2)
    handled = asyncio.Event()
    async with connected_broker(settings) as broker:

        @consumer(broker, settings, "through", Subject.ROUND_CLOSED)
        async def note(event: RoundClosed) -> None:
            handled.set()

        await broker.start()
        await publish_event(broker, RoundClosed(contest_id="concurrency", round="through"))
        await asyncio.wait_for(handled.wait(), timeout=5)

    assert fetches, "no fetch went through fetch_promptly"
    assert max(fetches) == CONCURRENCY  # an idle replica asks for all its slots


async def test_a_slow_message_does_not_hold_the_other_slots_until_it_ends(nats_url: str):
    # Before, a replica fetched again only when the whole batch had settled, so the messages
    # behind a slow one waited for it; now a settled half of the slots is refilled at once.
    settings = settings_for(nats_url, consumer_poll_seconds=0.2)
    finished: list[str] = []
    async with connected_broker(settings) as broker:
        await publish_event(broker, RoundClosed(contest_id="concurrency", round="slow"))
        for n in range(3 * CONCURRENCY):
            await publish_event(broker, RoundClosed(contest_id="concurrency", round=f"q{n}"))

        @consumer(broker, settings, "slow-one", Subject.ROUND_CLOSED)
        async def work(event: RoundClosed) -> None:
            await asyncio.sleep(2.0 if event.round == "slow" else 0.01)
            finished.append(event.round)

        await broker.start()

        async def count() -> int:
            return len(finished)

        await eventually(count, until=lambda n: n == 3 * CONCURRENCY + 1, what="every message")

    assert finished[-1] == "slow", "every quick message behind it was handled meanwhile"


async def test_a_message_in_hand_when_the_replica_stops_is_finished_and_acknowledged(
    nats_url: str,
):
    settings = settings_for(nats_url, consumer_poll_seconds=0.2)
    started, finished = asyncio.Event(), asyncio.Event()
    async with connected_broker(settings) as broker:

        @consumer(broker, settings, "stopping", Subject.ROUND_CLOSED)
        async def work(event: RoundClosed) -> None:
            started.set()
            await asyncio.sleep(0.5)  # still working when the stop comes
            finished.set()

        await broker.start()
        await publish_event(broker, RoundClosed(contest_id="concurrency", round="in-hand"))
        await asyncio.wait_for(started.wait(), timeout=5)
        await broker.stop()  # graceful: waits up to graceful_timeout_seconds (5)

        assert finished.is_set(), "the handler was cancelled instead of finished"
    async with connected_broker(settings) as looking:
        info = await consumer_info(looking, "stopping")
    assert (info.num_ack_pending, info.num_pending) == (0, 0)
