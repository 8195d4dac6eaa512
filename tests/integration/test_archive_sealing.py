"""Sealing follows the stream sequence, whatever order events arrive in."""

from __future__ import annotations

import asyncio
from typing import Any

from archive.log import append, seal
from archive.repository import Archive
from archive.verify import verify_chain
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
    # 2 continued the chain, so it was stored sealed (`archive.presealed`); 3 waited for a pass.
    assert await sealed_order(archive) == [1, 2]
    assert await seal(archive, floor_at(0)) == 1
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


async def test_a_replica_that_sealed_with_a_stale_head_is_refused_and_seals_right_next_time(
    mongo_db: Any,
):
    one, other = Archive(mongo_db), Archive(mongo_db)  # two replicas: each its own memory
    await one.declare_indexes()
    story = events(4)
    for seq, event in enumerate(story[:2], 1):
        await append(one, event, [], subject=event.subject, stream_seq=seq)
    assert await seal(one, floor_at(0)) == 2
    await append(other, story[2], [], subject=story[2].subject, stream_seq=3)
    assert await seal(other, floor_at(0)) == 1  # `one` still believes 2 is the chain's head
    await append(one, story[3], [], subject=story[3].subject, stream_seq=4)

    assert await seal(one, floor_at(3)) == 0  # position 3 is taken: nothing is written
    assert await seal(one, floor_at(3)) == 1  # it read the chain afresh
    assert await sealed_order(one) == [1, 2, 3, 4]
    assert (await verify_chain(one, "c")).intact


async def test_records_another_replica_seals_mid_pass_keep_one_chain(mongo_db: Any):
    one, other = Archive(mongo_db), Archive(mongo_db)
    await one.declare_indexes()
    first, later = events(2)
    await append(one, first, [], subject=first.subject, stream_seq=1)
    await append(one, later, [], subject=later.subject, stream_seq=3)  # 2 was dead-lettered
    unsealed_after = one.unsealed_after

    async def read_while_the_other_replica_seals(seq: int, limit: int) -> list[Any]:
        found = await unsealed_after(seq, limit)
        await seal(other, floor_at(0))  # it has not passed the gap: it seals 1 only
        return found

    one.unsealed_after = read_while_the_other_replica_seals  # type: ignore[method-assign]
    # `one` read 1 and 3 unsealed and the chain's head after the other replica sealed 1:
    # its write of 1 is refused, and 3, which it linked after it, is not written.
    assert await seal(one, floor_at(2)) == 0
    assert await sealed_order(one) == [1]
    assert await seal(one, floor_at(2)) == 1
    assert await sealed_order(one) == [1, 3]
    assert (await verify_chain(one, "c")).intact
    assert await one.unsealed_count("c") == 0


async def test_an_event_that_continues_the_chain_is_stored_sealed_beside_a_redelivery(
    mongo_db: Any,
):
    archive = Archive(mongo_db)
    await archive.declare_indexes()
    first, second = events(2)
    await append(archive, first, [], subject=first.subject, stream_seq=1)
    assert await seal(archive, floor_at(0)) == 1  # the process now knows the chain's head

    new = await asyncio.gather(
        append(archive, second, [], subject=second.subject, stream_seq=2),
        append(archive, first, [], subject=first.subject, stream_seq=1),  # redelivered
    )

    assert list(new) == [True, False]
    assert await archive.count(event_id=first.event_id) == 1
    assert await sealed_order(archive) == [1, 2]  # sealed as stored, before any pass
    assert (await verify_chain(archive, "c")).intact


async def test_a_record_another_replica_stored_unsealed_is_sealed_in_order_after_it(
    mongo_db: Any,
):
    one, other = Archive(mongo_db), Archive(mongo_db)
    await one.declare_indexes()
    first, second, third = events(3)
    await append(one, first, [], subject=first.subject, stream_seq=1)
    assert await seal(one, floor_at(0)) == 1
    # The other replica stored 2, then stopped before sealing it; 2 comes back to `one`.
    await append(other, second, [], subject=second.subject, stream_seq=2)

    new = await asyncio.gather(
        append(one, second, [], subject=second.subject, stream_seq=2),
        append(one, third, [], subject=third.subject, stream_seq=3),
    )

    # 2 was there: the sealed insert stopped at it, and 3 was stored unsealed behind it.
    assert list(new) == [False, True]
    assert await sealed_order(one) == [1]
    assert await seal(one, floor_at(0)) == 2
    assert await sealed_order(one) == [1, 2, 3]
    assert (await verify_chain(one, "c")).intact
    assert await one.unsealed_count("c") == 0
