"""Over a real nats-server: replies are named after their request and carry its ids; lag per
durable and the dead-letter count are read from JetStream."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from faststream.nats import NatsBroker
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from prometheus_client import CollectorRegistry

from contracts.queries import JudgePortalLink, JudgePortalLinkQuery
from contracts.subjects import Stream, dead_letter_subject
from servicekit.broker import create_broker, ensure_streams, jetstream
from servicekit.lag import LagProbe
from servicekit.replies import responder
from servicekit.settings import ServiceSettings
from servicekit.telemetry import create_telemetry

SUBJECT = "cityprize.query.test.portal-link"


@pytest.fixture
def exporter() -> InMemorySpanExporter:
    return InMemorySpanExporter()


@pytest.fixture
async def broker(nats_url: str, exporter: InMemorySpanExporter) -> AsyncIterator[NatsBroker]:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    settings = ServiceSettings(service_name="review", nats_url=nats_url)
    broker = create_broker(settings, create_telemetry("review", provider))

    @responder(broker, settings, SUBJECT)
    async def portal_link(query: JudgePortalLinkQuery) -> JudgePortalLink:
        return JudgePortalLink(url="https://judges.example/x", expires_at="2027-04-01T00:00:00Z")

    await broker.start()
    await ensure_streams(broker, settings)
    yield broker
    await broker.stop()


async def test_a_reply_span_is_named_after_the_request_and_carries_its_ids(
    broker: NatsBroker, exporter: InMemorySpanExporter
):
    query = JudgePortalLinkQuery(contest_id="seoul-2027", judge_id="j-7")
    await broker.request(query, SUBJECT, timeout=5)
    spans = {span.name: dict(span.attributes or {}) for span in exporter.get_finished_spans()}
    assert not [name for name in spans if name.startswith("_INBOX")], list(spans)
    reply = spans[f"{SUBJECT} reply publish"]
    assert reply["cityprize.judge_id"] == "j-7"
    assert spans[f"{SUBJECT} process"]["cityprize.contest_id"] == "seoul-2027"
    assert f"{SUBJECT} response process" in spans


async def test_lag_per_durable_and_dead_letters_are_sampled_from_jetstream(broker: NatsBroker):
    js = jetstream(broker)
    await js.add_consumer(Stream.EVENTS, durable_name="review-screen-test", ack_policy="explicit")
    await js.add_consumer(Stream.EVENTS, durable_name="notify-other", ack_policy="explicit")
    for number in range(3):
        await js.publish("prize.submission.received", f'{{"n": {number}}}'.encode())
    await js.publish(dead_letter_subject("prize.submission.received"), b"{}")
    registry = CollectorRegistry()
    probe = LagProbe(registry, "review", durables=lambda: ["review-screen-test", "review-absent"])
    await probe.sample(js)
    pending = registry.get_sample_value(
        "cityprize_consumer_pending_messages", {"durable": "review-screen-test"}
    )
    assert pending == 3
    assert (
        registry.get_sample_value(
            "cityprize_consumer_pending_messages", {"durable": "notify-other"}
        )
        is None
    )
    assert registry.get_sample_value("cityprize_dead_letter_messages") == 1
