"""Archive consumes every domain event: keeps it once, seals the chain, refolds the records."""

from __future__ import annotations

from faststream.nats import NatsMessage, NatsRouter

from archive import causes
from archive.log import AckFloor, append, seal
from archive.materialise import materialise
from archive.repository import Archive
from archive.wide import ContestWide
from contracts.events import parse_event
from contracts.subjects import ALL_EVENTS
from servicekit.broker import consumer
from servicekit.settings import ServiceSettings


async def archive_event(
    archive: Archive, raw: bytes | str, *, subject: str, stream_seq: int, ack_floor: AckFloor
) -> bool:
    """True when the event was new. Every step is idempotent, so a redelivery after a crash
    half-way through (stored, not yet sealed or folded) finishes the job."""
    event = parse_event(raw)
    about = await causes.submissions_of(archive, event)
    new = await append(archive, event, about, subject=subject, stream_seq=stream_seq)
    view = ContestWide(archive, event.contest_id)  # read once, after the write above
    about = await causes.settle(view, event, about, new=new)
    await seal(archive, ack_floor)
    await materialise(view, event, about)
    return new


def build_router(settings: ServiceSettings, archive: Archive, ack_floor: AckFloor) -> NatsRouter:
    router = NatsRouter()

    @consumer(router, settings, "archive-event", ALL_EVENTS)
    async def on_event(message: NatsMessage) -> None:
        raw = message.raw_message
        await archive_event(
            archive,
            message.body,
            subject=raw.subject,
            stream_seq=raw.metadata.sequence.stream,
            ack_floor=ack_floor,
        )

    return router
