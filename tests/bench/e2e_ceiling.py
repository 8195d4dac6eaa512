"""The consumer stack's ceiling: the platform's own broker and consumer with a handler that
decodes the event and does nothing else.

    rate = await stack_rate(js, nats_url, count)   # events/s

`servicekit.broker.create_broker` (the same middlewares: spans made but exported nowhere,
as the benchmark's services make them, Prometheus, the delivery policy) and
`servicekit.broker.consumer` (the same pull: `CONSUMER_CONCURRENCY` at a time, handled side
by side), on a fresh durable that reads every `prize.submission.received` in the stream,
decoded into `SubmissionReceived` as a service's handler receives it. No consumer of the
platform runs faster on this machine, so its ratio to a consumer's I/O loop is the most the
framework leaves for that target.
"""

from __future__ import annotations

import time
import uuid

from nats.js import JetStreamContext
from opentelemetry.sdk.trace import TracerProvider

from contracts.events import SubmissionReceived
from contracts.subjects import Stream, Subject, durable_name
from servicekit.broker import consumer, create_broker
from servicekit.settings import ServiceSettings
from servicekit.telemetry import create_telemetry, service_resource
from tests.bench.e2e_platform import until_drained

SERVICE = "bench-ceiling"
STACK = (
    "the platform's consumer stack alone (servicekit broker and consumer, spans made, "
    "handler decodes the event and returns)"
)


async def stack_rate(js: JetStreamContext, nats_url: str, count: int) -> float:
    """Events per second through the stack, timed from the broker's start until its durable
    has every one of the `count` events acked (the stream must hold exactly `count`)."""
    purpose = uuid.uuid4().hex[:8]
    settings = ServiceSettings(service_name=SERVICE, nats_url=nats_url)
    # No exporter, as the benchmark's services run (CITYPRIZE_TRACES_FILE empty, no OTLP).
    telemetry = create_telemetry(SERVICE, TracerProvider(resource=service_resource(SERVICE)))
    broker = create_broker(settings, telemetry)
    handled = 0

    @consumer(broker, settings, purpose, Subject.SUBMISSION_RECEIVED)
    async def nothing(event: SubmissionReceived) -> None:
        nonlocal handled
        handled += 1

    started = time.monotonic()
    await broker.start()
    try:
        durable = durable_name(SERVICE, purpose)
        await until_drained(js, durable)
        elapsed = time.monotonic() - started
    finally:
        await broker.stop()
        telemetry.shutdown()
    await js.delete_consumer(Stream.EVENTS, durable)
    if handled < count:
        raise RuntimeError(f"the stack handled {handled} of {count} events")
    return count / elapsed


async def stack_run(js: JetStreamContext, nats_url: str, count: int) -> tuple[float, float]:
    """(events/s, ms of CPU per event): `stack_rate`, with this process's CPU time over it
    (the stack runs here; the benchmark itself only polls the durable meanwhile)."""
    cpu = time.process_time()
    rate = await stack_rate(js, nats_url, count)
    return rate, 1000 * (time.process_time() - cpu) / count
