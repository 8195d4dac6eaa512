"""Sealing follows the stream sequence, whatever order events arrive in."""

from __future__ import annotations

from typing import Any

from archive.log import append, seal
from archive.repository import Archive
from contracts.events import RoundClosed, RoundStarted


def events(count: int) -> list[RoundStarted | RoundClosed]:
    return [
        RoundStarted(contest_id="c", round=f"r{n}")
        if n % 2
        else RoundClosed(contest_id="c", round=f"r{n}")
        for n in range(count)
    ]


async def sealed_order(archive: Archive) -> list[int]:
    return [record["stream_seq"] async for record in archive.chain("c")]


def floor_at(value: int) -> Any:
    async def floor() -> int:
        return value

    return floor


async def test_an_event_arriving_early_waits_for_the_one_before_it(mongo_db: Any):
    archive = Archive(mongo_db)
    await archive.declare_indexes()
    first, second, third = events(3)
    await append(archive, third, [], subject=third.subject, stream_seq=3)
    await append(archive, first, [], subject=first.subject, stream_seq=1)
    assert await seal(archive, floor_at(0)) == 1
    assert await sealed_order(archive) == [1]

    await append(archive, second, [], subject=second.subject, stream_seq=2)
    assert await seal(archive, floor_at(0)) == 2
    assert await sealed_order(archive) == [1, 2, 3]


async def test_a_gap_is_skipped_once_the_consumer_has_passed_it(mongo_db: Any):
    archive = Archive(mongo_db)
    await archive.declare_indexes()
    first, later = events(2)
    await append(archive, first, [], subject=first.subject, stream_seq=1)
    await append(archive, later, [], subject=later.subject, stream_seq=3)  # 2 was dead-lettered
    assert await seal(archive, floor_at(1)) == 1
    assert await seal(archive, floor_at(2)) == 1
    assert await sealed_order(archive) == [1, 3]


async def test_a_redelivered_event_is_stored_once(mongo_db: Any):
    archive = Archive(mongo_db)
    await archive.declare_indexes()
    [event] = events(1)
    assert await append(archive, event, [], subject=event.subject, stream_seq=1)
    assert not await append(archive, event, [], subject=event.subject, stream_seq=1)
    assert await archive.count(event_id=event.event_id) == 1
