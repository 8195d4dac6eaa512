"""JetStream semantics every service relies on, over a real nats-server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from faststream.nats import NatsBroker
from nats.js.api import ConsumerInfo, StreamInfo
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind

from contracts.events import RoundClosed
from contracts.subjects import Header, Stream, Subject, dead_letter_subject, durable_name
from servicekit.broker import consumer, create_broker, ensure_streams, jetstream, publish_event
from servicekit.delivery import PermanentError
from servicekit.settings import ServiceSettings
from servicekit.telemetry import create_telemetry
from tests.support.service_apps import connected_broker
from tests.support.waiting import eventually


def probe_settings(nats_url: str, name: str = "probe") -> ServiceSettings:
    return ServiceSettings(
        service_name=name,
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


async def stream_info(broker: NatsBroker, name: str) -> StreamInfo:
    info: StreamInfo = await jetstream(broker).stream_info(name)
    return info


async def test_an_event_published_twice_with_the_same_id_is_stored_once(broker: NatsBroker):
    event = RoundClosed(contest_id="seoul-2027", round="panel")

    first = await publish_event(broker, event)
    second = await publish_event(broker, event)

    assert not first.duplicate
    assert second.duplicate
    assert second.seq == first.seq
    info = await stream_info(broker, Stream.EVENTS)
    assert info.state.messages == 1


async def test_a_failing_handler_is_redelivered_then_dead_lettered_with_the_reason(
    broker: NatsBroker, nats_url: str
):
    settings = probe_settings(nats_url)
    deliveries: list[str] = []

    @consumer(broker, settings, "always-fails", Subject.ROUND_CLOSED)
    async def always_fails(event: RoundClosed) -> None:
        deliveries.append(event.event_id)
        raise RuntimeError("the archive database is down")

    await broker.start()
    event = RoundClosed(contest_id="seoul-2027", round="panel")
    await publish_event(broker, event)

    await eventually(
        lambda: stream_info(broker, Stream.DEAD_LETTER),
        until=lambda info: info.state.messages == 1,
        what="the message on the dead-letter stream",
    )
    assert deliveries == [event.event_id] * settings.max_deliveries
    js = jetstream(broker)
    parked = await js.get_last_msg(Stream.DEAD_LETTER, dead_letter_subject(Subject.ROUND_CLOSED))
    headers = parked.headers or {}
    assert "RuntimeError: the archive database is down" in headers[Header.DEAD_LETTER_REASON]
    assert "gave up after 3 deliveries" in headers[Header.DEAD_LETTER_REASON]
    assert headers[Header.ORIGINAL_SUBJECT] == Subject.ROUND_CLOSED
    assert headers[Header.DELIVERIES] == "3"
    assert headers[Header.CONSUMER] == durable_name("probe", "always-fails")
    assert RoundClosed.model_validate_json(parked.data or b"") == event
    info: ConsumerInfo = await js.consumer_info(
        Stream.EVENTS, durable_name("probe", "always-fails")
    )
    assert info.num_ack_pending == 0, "the original must be settled once it is dead-lettered"
    assert info.num_pending == 0


async def test_a_message_that_cannot_succeed_is_dead_lettered_at_once(
    broker: NatsBroker, nats_url: str
):
    settings = probe_settings(nats_url)
    deliveries: list[int] = []

    @consumer(broker, settings, "refuses", Subject.ROUND_CLOSED)
    async def refuses(event: RoundClosed) -> None:
        deliveries.append(1)
        raise PermanentError("round 'panel' does not exist in this contest")

    await broker.start()
    await publish_event(broker, RoundClosed(contest_id="seoul-2027", round="panel"))
    # A body that is not an event at all cannot be decoded, however often it is retried.
    js = jetstream(broker)
    await js.publish(Subject.ROUND_CLOSED, b'{"not": "an event"}', headers={Header.MSG_ID: "x1"})

    await eventually(
        lambda: stream_info(broker, Stream.DEAD_LETTER),
        until=lambda info: info.state.messages == 2,
        what="both messages on the dead-letter stream",
    )
    assert deliveries == [1], "a permanent failure is not retried"
    first = await js.get_msg(Stream.DEAD_LETTER, 1)
    second = await js.get_msg(Stream.DEAD_LETTER, 2)
    reasons = sorted((m.headers or {})[Header.DEAD_LETTER_REASON] for m in (first, second))
    assert any(r.startswith("PermanentError: round 'panel'") for r in reasons)
    assert any(r.startswith("ValidationError") for r in reasons)
    assert {(m.headers or {})[Header.DELIVERIES] for m in (first, second)} == {"1"}


async def test_trace_context_crosses_nats_from_publisher_to_consumer(nats_url: str):
    exporter = InMemorySpanExporter()

    def provider() -> TracerProvider:
        tracer_provider = TracerProvider()
        tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
        return tracer_provider

    publisher_settings = probe_settings(nats_url, "publisher")
    consumer_settings = probe_settings(nats_url, "consumer")
    publisher = create_broker(publisher_settings, create_telemetry("publisher", provider()))
    subscriber = create_broker(consumer_settings, create_telemetry("consumer", provider()))
    consumed = asyncio.Event()

    @consumer(subscriber, consumer_settings, "traced", Subject.ROUND_CLOSED)
    async def traced(event: RoundClosed) -> None:
        consumed.set()

    await publisher.connect()
    await ensure_streams(publisher, publisher_settings)
    await subscriber.start()
    try:
        await publish_event(publisher, RoundClosed(contest_id="seoul-2027", round="panel"))
        await asyncio.wait_for(consumed.wait(), 10)
        spans = await eventually(
            lambda: asyncio.sleep(0, exporter.get_finished_spans()),
            until=lambda found: any(s.kind is SpanKind.CONSUMER for s in found),
            what="the consumer's span",
        )
    finally:
        await subscriber.stop()
        await publisher.stop()

    # FastStream opens a "create" span for the message and a "publish" span beneath it.
    published = {s.context.span_id: s for s in spans if s.kind is SpanKind.PRODUCER and s.context}
    [processed] = [s for s in spans if s.kind is SpanKind.CONSUMER]
    assert published, "the publisher recorded no span"
    assert processed.parent is not None
    assert processed.context is not None
    assert processed.parent.span_id in published, "the consumer's span is the publisher's child"
    assert {processed.context.trace_id} == {
        s.context.trace_id for s in published.values() if s.context
    }


async def test_stopping_lets_an_in_flight_message_finish_and_be_acknowledged(
    broker: NatsBroker, nats_url: str
):
    settings = probe_settings(nats_url)
    started, release, finished = asyncio.Event(), asyncio.Event(), asyncio.Event()

    @consumer(broker, settings, "slow", Subject.ROUND_CLOSED)
    async def slow(event: RoundClosed) -> None:
        started.set()
        await release.wait()
        finished.set()

    await broker.start()
    await publish_event(broker, RoundClosed(contest_id="seoul-2027", round="panel"))
    await asyncio.wait_for(started.wait(), 10)

    stopping = asyncio.create_task(broker.stop())
    done, _ = await asyncio.wait({stopping}, timeout=0.3)
    assert not done, "stop must wait for the in-flight handler"
    release.set()
    await asyncio.wait_for(stopping, 10)

    assert finished.is_set()
    await broker.connect()
    js = jetstream(broker)
    info = await js.consumer_info(Stream.EVENTS, durable_name("probe", "slow"))
    assert info.num_ack_pending == 0
    assert info.num_redelivered == 0
    assert info.delivered.consumer_seq == 1
