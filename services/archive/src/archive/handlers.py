"""Archive consumes every domain event and keeps it, once."""

from __future__ import annotations

from faststream.nats import NatsMessage, NatsRouter

from archive.repository import EventLog
from contracts.events import parse_event
from contracts.subjects import ALL_EVENTS
from servicekit.broker import consumer
from servicekit.settings import ServiceSettings


async def archive_event(raw: bytes, subject: str, log: EventLog) -> bool:
    event = parse_event(raw)
    return await log.append(
        event_id=event.event_id,
        event_type=event.event_type,
        contest_id=event.contest_id,
        occurred_at=event.occurred_at,
        subject=subject,
        body=event.model_dump(mode="json"),
    )


def build_router(settings: ServiceSettings, log: EventLog) -> NatsRouter:
    router = NatsRouter()

    @consumer(router, settings, "archive-event", ALL_EVENTS)
    async def on_event(message: NatsMessage) -> None:
        await archive_event(message.body, message.raw_message.subject, log)

    return router
