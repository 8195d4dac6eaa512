"""A contest read through a watched copy in memory (servicekit.kv_copy): no round trip per
read, and still every change seen — another replica's through the watch, the reader's own at
once, and every one from the bucket again once the watch has ended."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from faststream.nats import NatsBroker

from contracts.contest import Contest
from contracts.envelope import utc_now
from contracts.events import ContestConfigured
from servicekit.contests import ContestBucket
from tests.support.waiting import eventually

CONTEST = "copy-prize"
# Longer than any test: a change can only come through the watch or the reader's own write.
FOR_AN_HOUR = 3600.0


@pytest.fixture
async def broker(nats_url: str) -> AsyncIterator[NatsBroker]:
    broker = NatsBroker(nats_url)
    await broker.connect()
    yield broker
    await broker.stop()


@pytest.fixture
def bucket() -> str:
    return f"copy-{uuid.uuid4().hex[:8]}-contests"


async def opened(broker: NatsBroker, bucket: str, kept_for: float | None) -> ContestBucket:
    contests = ContestBucket(broker, bucket, replicas=1, kept_for=kept_for)
    await contests.open()
    return contests


def named(contest: Contest, name: str, minutes: int) -> ContestConfigured:
    renamed = contest.model_copy(update={"name": name})
    later = utc_now() + timedelta(minutes=minutes)
    return ContestConfigured(contest_id=CONTEST, contest=renamed, occurred_at=later)


async def name_of(contests: ContestBucket) -> str | None:
    configured = await contests.get(CONTEST)
    return configured.contest.name if configured else None


async def test_a_contest_renamed_by_another_replica_is_seen_by_the_reader_through_the_watch(
    broker: NatsBroker, bucket: str, seoul_contest: Contest
):
    reader = await opened(broker, bucket, FOR_AN_HOUR)
    other = await opened(broker, bucket, None)
    await other.record(named(seoul_contest, "First name", 1))
    await eventually(lambda: name_of(reader), until=lambda n: n == "First name", what="first")

    await other.record(named(seoul_contest, "Second name", 2))

    seen = await eventually(
        lambda: name_of(reader), until=lambda n: n == "Second name", timeout=5, what="rename"
    )
    assert seen == "Second name"
    await reader.close()


async def test_a_contest_the_reader_records_itself_is_its_next_read(
    broker: NatsBroker, bucket: str, seoul_contest: Contest
):
    reader = await opened(broker, bucket, FOR_AN_HOUR)
    assert await name_of(reader) is None

    await reader.record(named(seoul_contest, "Recorded here", 1))

    assert await name_of(reader) == "Recorded here"
    await reader.close()


async def test_an_older_configuration_recorded_later_leaves_the_newer_one(
    broker: NatsBroker, bucket: str, seoul_contest: Contest
):
    reader = await opened(broker, bucket, FOR_AN_HOUR)
    await reader.record(named(seoul_contest, "Newer", 2))

    await reader.record(named(seoul_contest, "Older", 1))

    assert await name_of(reader) == "Newer"
    await reader.close()


async def test_once_the_watch_has_ended_every_read_goes_to_the_bucket(
    broker: NatsBroker, bucket: str, seoul_contest: Contest
):
    reader = await opened(broker, bucket, FOR_AN_HOUR)
    other = await opened(broker, bucket, None)
    await other.record(named(seoul_contest, "Before", 1))
    assert await name_of(reader) == "Before"

    await reader.close()
    await other.record(named(seoul_contest, "After", 2))

    assert await name_of(reader) == "After"
