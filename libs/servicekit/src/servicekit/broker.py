"""The broker every service uses: telemetry, metrics and the delivery policy on every message,
streams declared from the shared contracts, events published with `Nats-Msg-Id = event_id`."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from faststream import AckPolicy
from faststream.exceptions import IncorrectState
from faststream.nats import ConsumerConfig, JStream, NatsBroker, NatsRouter, PubAck, PullSub
from faststream.nats.prometheus import NatsPrometheusMiddleware
from faststream.security import SASLPlaintext
from nats.js import JetStreamContext
from nats.js.api import StorageType, StreamConfig
from nats.js.errors import NotFoundError

from contracts.envelope import Event
from contracts.subjects import Header, Stream, durable_name
from servicekit.broker_spans import CityprizeTelemetryMiddleware
from servicekit.delivery import DeliveryPolicy
from servicekit.prompt_pull import pull_promptly
from servicekit.settings import ServiceSettings
from servicekit.telemetry import Telemetry


def create_broker(settings: ServiceSettings, telemetry: Telemetry) -> NatsBroker:
    policy = DeliveryPolicy(
        max_deliveries=settings.max_deliveries,
        backoff_initial=settings.backoff_initial_seconds,
        backoff_max=settings.backoff_max_seconds,
        consumer_label=settings.service_name,
    )
    security = None
    if settings.nats_user:
        security = SASLPlaintext(username=settings.nats_user, password=settings.nats_password or "")
    broker = NatsBroker(
        settings.nats_servers(),
        security=security,
        name=settings.service_name,
        graceful_timeout=settings.graceful_timeout_seconds,
        # The delivery policy decides redelivery and dead-lettering; FastStream only acks success.
        ack_policy=AckPolicy.ACK,
        max_reconnect_attempts=-1,
        # Our logger, so FastStream's lines go through the JSON handler like every other.
        logger=logging.getLogger(f"{settings.service_name}.broker"),
        middlewares=(
            CityprizeTelemetryMiddleware(tracer_provider=telemetry.tracer_provider),
            NatsPrometheusMiddleware(registry=telemetry.registry, app_name=settings.service_name),
            policy,
        ),
    )
    policy.bind(broker)
    return broker


def stream_configs(settings: ServiceSettings) -> list[StreamConfig]:
    common: dict[str, Any] = {
        "storage": StorageType.FILE,
        "num_replicas": settings.stream_replicas,
        "duplicate_window": settings.duplicate_window_seconds,
    }
    return [
        StreamConfig(name=Stream.EVENTS, subjects=list(Stream.EVENTS_SUBJECTS), **common),
        StreamConfig(name=Stream.DEAD_LETTER, subjects=list(Stream.DEAD_LETTER_SUBJECTS), **common),
    ]


def jetstream(broker: NatsBroker) -> JetStreamContext:
    """The connected broker's JetStream context, through FastStream's public `connection`.

    Raises `faststream.exceptions.IncorrectState` before the broker is connected. The broker
    is built without `js_options`, so this context is the same as the one it publishes with.
    """
    return broker.connection.jetstream()


def is_connected(broker: NatsBroker) -> bool:
    """Whether the broker holds a live NATS connection now (False before `connect`)."""
    try:
        return bool(broker.connection.is_connected)
    except IncorrectState:
        return False


async def ensure_streams(broker: NatsBroker, settings: ServiceSettings) -> None:
    """Create the streams if missing; every service may race to do it, so it is idempotent."""
    js = jetstream(broker)
    for config in stream_configs(settings):
        try:
            await js.stream_info(config.name or "")
        except NotFoundError:
            await js.add_stream(config)


async def publish_event(broker: NatsBroker, event: Event, *, timeout: float = 5.0) -> PubAck:
    """Publish to the domain stream; a re-publish of the same event is dropped by the stream."""
    ack: PubAck = await broker.publish(
        event,
        subject=event.subject,
        headers={Header.MSG_ID: event.event_id, Header.EVENT_TYPE: event.event_type},
        stream=Stream.EVENTS,
        timeout=timeout,
    )
    return ack


Handler = TypeVar("Handler", bound=Callable[..., Awaitable[Any]])


# Each service's durable consumers, as registered by `consumer` (the lag probe reads them one
# by one: a service may look up its own consumers, never list every one of the stream).
_DURABLES: dict[str, set[str]] = {}


def durables_of(service: str) -> tuple[str, ...]:
    """The durable consumers `consumer` registered for `service`, sorted."""
    return tuple(sorted(_DURABLES.get(service, ())))


def consumer(
    registrar: NatsBroker | NatsRouter, settings: ServiceSettings, purpose: str, subject: str
) -> Callable[[Handler], Handler]:
    """Register a handler on one durable pull consumer, `<service>-<purpose>`.

    Replicas of a service share the durable. Each holds at most `consumer_concurrency`
    messages, each handled as its own task and acked or NAKed on its own, and fetches more as
    half of them settle (`servicekit.prompt_pull.pull_promptly`): a replica never holds more
    than it is working on, and one slow message does not idle the other slots. FastStream's
    `max_workers` is not used because it keeps fetching into a local queue while its workers
    are busy, where messages age past their ack wait and come back as duplicates. A pull
    returns as soon as the server has nothing more, so a lone message does not wait for a
    batch to fill, nor for a pull request an earlier fetch left open
    (tests/integration/test_consumer_concurrency.py). The server's own
    redelivery limit is left open because the delivery policy decides.
    """
    durable = durable_name(settings.service_name, purpose)
    _DURABLES.setdefault(settings.service_name, set()).add(durable)
    subscriber = registrar.subscriber(
        subject,
        stream=JStream(Stream.EVENTS, declare=False),
        durable=durable,
        pull_sub=PullSub(
            batch_size=settings.consumer_concurrency, timeout=settings.consumer_poll_seconds
        ),
        config=ConsumerConfig(
            ack_wait=settings.ack_wait_seconds,
            max_deliver=-1,
            max_ack_pending=1000,
        ),
        ack_policy=AckPolicy.ACK,
    )
    pull_promptly(subscriber, settings.consumer_concurrency, settings.consumer_poll_seconds)

    def register(handler: Handler) -> Handler:
        subscriber(handler)
        return handler

    return register


def consumer_router(
    settings: ServiceSettings, purpose: str, subject: str, handler: Callable[..., Awaitable[Any]]
) -> NatsRouter:
    """A router of one durable consumer (`consumer`): for a part that follows one subject and
    needs no module of handlers. FastStream decodes the message as `handler`'s event type."""
    router = NatsRouter()
    consumer(router, settings, purpose, subject)(handler)
    return router
