"""Archive's consumer handler driven directly, as a replica drives it, for the archive tests.

await delivered(archive, seq, event)            # one delivery of `event` at stream `seq`
await in_fetches(archive, [(seq, event), ...])  # 16 at a time, each fetch side by side
"""

from __future__ import annotations

import asyncio

from archive.handlers import archive_event
from archive.repository import Archive
from contracts.envelope import Event

FETCH = 16  # what a replica fetches and handles side by side (CONSUMER_CONCURRENCY)


async def nothing_passed() -> int:
    return 0  # no gap is skipped: every sequence is delivered in these tests


async def delivered(archive: Archive, seq: int, event: Event) -> bool:
    """True when the event was new to the archive."""
    return await archive_event(
        archive,
        event.model_dump_json(),
        subject=event.subject,
        stream_seq=seq,
        ack_floor=nothing_passed,
    )


async def in_fetches(archive: Archive, deliveries: list[tuple[int, Event]]) -> None:
    """A fetch of up to `FETCH` deliveries handled side by side, then the next."""
    for first in range(0, len(deliveries), FETCH):
        fetch = deliveries[first : first + FETCH]
        await asyncio.gather(*(delivered(archive, seq, event) for seq, event in fetch))
