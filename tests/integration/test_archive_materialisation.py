"""The archive's records depend on which events happened, never on how they were delivered.

Runs against the session's MongoDB-wire server (`MONGODB_URL`, else SecantusDB).
"""

from __future__ import annotations

import asyncio
import random
import uuid
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from motor.motor_asyncio import AsyncIOMotorClient

from archive.log import append
from archive.repository import COLLECTIONS, Archive
from contracts.envelope import Event
from contracts.events import NotificationSent, SubmissionReceived
from tests.support.archive import delivered, in_fetches
from tests.support.archive_story import contest_story, submission_of


async def deliver(archive: Archive, deliveries: list[tuple[int, Event]]) -> None:
    await archive.declare_indexes()
    for seq, event in deliveries:
        await delivered(archive, seq, event)


def twice_shuffled_within_each_submission(
    story: list[Event], rng: random.Random
) -> list[tuple[int, Event]]:
    groups: dict[str, list[tuple[int, Event]]] = {}
    for seq, event in enumerate(story, 1):
        groups.setdefault(submission_of(event), []).append((seq, event))
    deliveries = []
    order = list(groups.values())
    rng.shuffle(order)  # stronger than asked: the groups' order is shuffled too
    for group in order:
        copies = group + group
        rng.shuffle(copies)
        deliveries += copies
    return deliveries


async def deliver_side_by_side(archive: Archive, deliveries: list[tuple[int, Event]]) -> None:
    """As a replica does: a fetch of up to 16 messages handled side by side, then the next."""
    await archive.declare_indexes()
    await in_fetches(archive, deliveries)


async def dump_all(archive: Archive) -> dict[str, Any]:
    return {name: await archive.dump(name) for name in COLLECTIONS}


def mongo_client(url: str) -> AsyncIOMotorClient[dict[str, Any]]:
    return AsyncIOMotorClient(url, tz_aware=True)


async def both_ways(
    url: str, story: list[Event], rng: random.Random, *, side_by_side: bool = False
) -> tuple[dict[str, Any], ...]:
    client = mongo_client(url)
    once = Archive(client[f"once_{uuid.uuid4().hex[:12]}"])
    twice = Archive(client[f"twice_{uuid.uuid4().hex[:12]}"])
    again = deliver_side_by_side if side_by_side else deliver
    try:
        await deliver(once, list(enumerate(story, 1)))
        await again(twice, twice_shuffled_within_each_submission(story, rng))
        return (await dump_all(once), await dump_all(twice))
    finally:
        await once.drop()
        await twice.drop()
        client.close()


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), submissions=st.integers(1, 4), shuffle=st.randoms())
def test_events_delivered_twice_and_shuffled_make_the_same_records_as_one_ordered_delivery(
    mongo_url: str, seed: int, submissions: int, shuffle: random.Random
):
    story = contest_story(seed, submissions)
    in_order, shuffled = asyncio.run(both_ways(mongo_url, story, shuffle))
    assert shuffled == in_order
    assert len(in_order["events"]) == len(story)
    assert len(in_order["submissions"]) == submissions
    assert all(record["sealed"] for record in in_order["events"])


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32), submissions=st.integers(2, 5), shuffle=st.randoms())
def test_events_delivered_twice_in_fetches_handled_side_by_side_make_the_same_records(
    mongo_url: str, seed: int, submissions: int, shuffle: random.Random
):
    story = contest_story(seed, submissions)
    in_order, side_by_side = asyncio.run(both_ways(mongo_url, story, shuffle, side_by_side=True))
    assert side_by_side == in_order
    assert len(side_by_side["events"]) == len(story)
    assert all(record["sealed"] for record in side_by_side["events"])


def test_a_stored_record_carries_every_version_scores_decisions_and_notifications(mongo_url: str):
    story = contest_story(seed=3, submissions=2)

    async def records() -> dict[str, Any]:
        client = mongo_client(mongo_url)
        archive = Archive(client[f"records_{uuid.uuid4().hex[:12]}"])
        try:
            await deliver(archive, list(enumerate(story, 1)))
            return await dump_all(archive)
        finally:
            await archive.drop()
            client.close()

    stored = asyncio.run(records())
    first = next(s for s in stored["submissions"] if s["submission_id"] == "s-000")
    assert first["versions"][0]["version"] == 1
    assert first["screening"]["outcome"] == "eligible"
    assert {d["kind"] for d in first["decisions"]} >= {"ranked"}
    templates = [n["template"] for n in first["notifications"]]
    assert templates == ["receipt", "assignment", "assignment", "results"]
    assert first["notifications"][-1]["recipient_id"] == first["applicant_id"]
    assert len(first["assignments"]) == 2
    assert all(score["revision"] >= 1 for score in first["scores"])
    [result] = stored["results"]
    assert result["method"] == "mean-of-judge-means"
    assert result["parameters"] == {"z_score": False}
    snapshots = [s for s in stored["as_judged"] if s["submission_id"] == "s-000"]
    assert len(snapshots) == 2
    assert all(s["files_seen"] == s["version_files"] for s in snapshots)


async def receipt_on_record(
    url: str, deliveries: list[tuple[int, Event]], *, stored_only: tuple[int, Event] | None = None
) -> Any:
    """Store `stored_only` as a delivery that crashed right after writing it would, then make
    `deliveries`; the submission's record and how many notifications still await a cause."""
    client = mongo_client(url)
    archive = Archive(client[f"causes_{uuid.uuid4().hex[:12]}"])
    try:
        await archive.declare_indexes()
        if stored_only is not None:
            seq, event = stored_only
            await append(archive, event, [], subject=event.subject, stream_seq=seq)
        await deliver(archive, deliveries)
        [record] = await archive.dump("submissions")
        return record, await archive.awaiting_cause.count_documents({})
    finally:
        await archive.drop()
        client.close()


def test_a_receipt_archived_before_the_application_it_answers_joins_that_application(
    mongo_url: str,
):
    configured, received, receipt = contest_story(seed=5, submissions=1)[:3]
    assert isinstance(receipt, NotificationSent)
    assert receipt.cause_event_id == received.event_id
    # The receipt comes first (a redelivery, another replica); the application after it.
    deliveries = [(1, configured), (3, receipt), (2, received)]

    record, awaiting = asyncio.run(receipt_on_record(mongo_url, deliveries))

    assert [n["message_id"] for n in record["notifications"]] == [receipt.message_id]
    assert awaiting == 0


def test_a_receipt_stored_by_a_crashed_delivery_joins_its_application_when_redelivered(
    mongo_url: str,
):
    configured, received, receipt = contest_story(seed=5, submissions=1)[:3]
    assert isinstance(receipt, NotificationSent)
    # The receipt's first delivery stored it and crashed before noting that it awaits its
    # cause; the application then arrives, and the receipt is delivered again.
    deliveries = [(1, configured), (2, received), (3, receipt)]

    record, awaiting = asyncio.run(
        receipt_on_record(mongo_url, deliveries, stored_only=(3, receipt))
    )

    assert [n["message_id"] for n in record["notifications"]] == [receipt.message_id]
    assert awaiting == 0


def test_an_event_delivered_twice_side_by_side_is_stored_once_and_new_to_one_delivery(
    mongo_url: str,
):
    configured, received = contest_story(seed=5, submissions=1)[:2]
    assert isinstance(received, SubmissionReceived)

    async def twice_at_once() -> tuple[list[bool], int, list[Any]]:
        client = mongo_client(mongo_url)
        archive = Archive(client[f"twice_{uuid.uuid4().hex[:12]}"])
        try:
            await deliver(archive, [(1, configured)])
            news = await asyncio.gather(*(delivered(archive, 2, received) for _ in range(2)))
            stored = await archive.count(event_id=received.event_id)
            return list(news), stored, await archive.dump("submissions")
        finally:
            await archive.drop()
            client.close()

    news, stored, records = asyncio.run(twice_at_once())

    # Both went out in one bulk insert: the primary key refused the second copy alone.
    assert sorted(news) == [False, True]
    assert stored == 1
    assert [r["submission_id"] for r in records] == [received.submission_id]


def test_a_first_records_insert_keeps_the_rule_that_only_a_fold_of_as_many_events_replaces(
    mongo_url: str,
):
    key = {"contest_id": "c", "submission_id": "s"}
    folds = [(1, "first"), (1, "again"), (2, "amended"), (1, "a late redelivery")]

    async def stored_after_each() -> list[tuple[int, str]]:
        client = mongo_client(mongo_url)
        archive = Archive(client[f"first_{uuid.uuid4().hex[:12]}"])
        try:
            await archive.declare_indexes()
            stored = []
            for folded_events, title in folds:
                document = {**key, "folded_events": folded_events, "title": title}
                await archive.put_submission(document, [], first=folded_events == 1)
                [record] = await archive.dump("submissions")
                stored.append((record["folded_events"], record["title"]))
            return stored
        finally:
            await archive.drop()
            client.close()

    assert asyncio.run(stored_after_each()) == [
        (1, "first"),
        (1, "again"),  # a fold of as many events replaces, as before
        (2, "amended"),
        (2, "amended"),  # a fold of fewer never does
    ]
