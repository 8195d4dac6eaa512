"""A refusal raised by an event handler: retried, unless it says it is permanent."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from faststream.nats import NatsBroker
from nats.js.api import StreamInfo

from contracts.events import RoundClosed
from contracts.subjects import Header, Stream, Subject, dead_letter_subject
from servicekit.broker import consumer, jetstream, publish_event
from servicekit.failures import RefusedError
from servicekit.settings import ServiceSettings
from tests.support.service_apps import connected_broker
from tests.support.waiting import eventually


def probe_settings(nats_url: str) -> ServiceSettings:
    return ServiceSettings(
        service_name="probe",
        nats_url=nats_url,
        max_deliveries=3,
        backoff_initial_seconds=0.05,
        backoff_max_seconds=0.2,
        graceful_timeout_seconds=5,
    )


@pytest.fixture
async def broker(nats_url: str) -> AsyncIterator[NatsBroker]:
    async with connected_broker(probe_settings(nats_url)) as broker:
        yield broker


async def parked(broker: NatsBroker) -> StreamInfo:
    info: StreamInfo = await jetstream(broker).stream_info(Stream.DEAD_LETTER)
    return info


async def test_a_refusal_is_retried_until_the_last_delivery(broker: NatsBroker, nats_url: str):
    settings = probe_settings(nats_url)
    deliveries: list[str] = []

    @consumer(broker, settings, "refuses-for-now", Subject.ROUND_CLOSED)
    async def refuses_for_now(event: RoundClosed) -> None:
        deliveries.append(event.event_id)
        raise RefusedError("contest-not-found", event.contest_id)

    await broker.start()
    event = RoundClosed(contest_id="seoul-2027", round="panel")
    await publish_event(broker, event)

    await eventually(
        lambda: parked(broker), until=lambda info: info.state.messages == 1, what="parked"
    )
    assert deliveries == [event.event_id] * settings.max_deliveries


async def test_a_permanent_refusal_is_dead_lettered_at_the_first_delivery(
    broker: NatsBroker, nats_url: str
):
    settings = probe_settings(nats_url)
    deliveries: list[str] = []

    @consumer(broker, settings, "refuses-for-good", Subject.ROUND_CLOSED)
    async def refuses_for_good(event: RoundClosed) -> None:
        deliveries.append(event.event_id)
        raise RefusedError("invalid-id", "not usable as an id: 'a b'", permanent=True)

    await broker.start()
    event = RoundClosed(contest_id="seoul-2027", round="panel")
    await publish_event(broker, event)

    await eventually(
        lambda: parked(broker), until=lambda info: info.state.messages == 1, what="parked"
    )
    assert deliveries == [event.event_id]
    message = await jetstream(broker).get_last_msg(
        Stream.DEAD_LETTER, dead_letter_subject(Subject.ROUND_CLOSED)
    )
    reason = (message.headers or {})[Header.DEAD_LETTER_REASON]
    assert reason == "RefusedError: invalid-id: not usable as an id: 'a b'"
    assert (message.headers or {})[Header.DELIVERIES] == "1"
