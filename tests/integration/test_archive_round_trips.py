"""What one archived event costs the database, counted by a command-monitoring listener, and
every query archive runs checked with `explain` to be served by an index.

Each operation on the MongoDB-wire server costs a round trip (~0.5 ms on SecantusDB), so the
archive's rate is set by how many it makes per event; a count that grows with the contest
is a contest whose end is quadratic.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import monitoring

from archive import wide
from archive.repository import WIDE, Archive
from archive.verify import verify_chain
from tests.support.archive import delivered, in_fetches
from tests.support.archive_story import CONTEST_ID, contest_story

# Round trips per archived event, by kind (see docs/archive.md, "Round trips").
MOST_PER_EVENT = 10
# An application among 16 handled side by side (a replica's fetch): 7.1 before 2026-11-30,
# about 0.85 since (how many a shared query or bulk write serves depends on the server's pace).
SIDE_BY_SIDE_PER_APPLICATION = 1.5
# A contest-wide decision refolds each submission it names: a few round trips each.
MOST_PER_NAMED_SUBMISSION = 5
READS = {"find", "distinct", "count", "aggregate", "update", "delete"}
SMALL = 50  # below this many documents a collection scan is cheaper than an index


@dataclass
class Commands(monitoring.CommandListener):
    seen: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name not in {"hello", "isMaster", "ping", "endSessions"}:
            self.seen.append((event.command_name, dict(event.command)))

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@pytest.fixture
async def counted(mongo_url: str) -> AsyncIterator[tuple[Archive, Commands]]:
    commands = Commands()
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(
        mongo_url, tz_aware=True, event_listeners=[commands]
    )
    archive = Archive(client[f"trips_{uuid.uuid4().hex[:12]}"])
    await archive.declare_indexes()
    yield archive, commands
    await archive.drop()
    client.close()


async def archive_story(
    archive: Archive, commands: Commands, submissions: int
) -> dict[str, list[int]]:
    """Round trips of each event of a generated contest, by event type."""
    costs: dict[str, list[int]] = defaultdict(list)
    for seq, event in enumerate(contest_story(seed=9, submissions=submissions), 1):
        before = len(commands.seen)
        await delivered(archive, seq, event)
        costs[event.event_type].append(len(commands.seen) - before)
    return costs


async def test_each_event_costs_a_bounded_number_of_round_trips(counted):
    archive, commands = counted
    costs = await archive_story(archive, commands, submissions=6)

    wide = {"results.published", "finalists.selected"}
    for event_type, trips in costs.items():
        if event_type not in wide:
            assert max(trips) <= MOST_PER_EVENT, (event_type, trips)
    assert max(costs["results.published"]) <= MOST_PER_EVENT + 6 * MOST_PER_NAMED_SUBMISSION


async def test_applications_handled_side_by_side_share_their_reads_and_sealing(counted):
    archive, commands = counted
    story = contest_story(seed=9, submissions=48)
    configured = story[0]
    received = [e for e in story if e.event_type == "submission.received"]
    await delivered(archive, 1, configured)
    before = len(commands.seen)
    await in_fetches(archive, list(enumerate(received, 2)))
    trips = len(commands.seen) - before

    # Its write, the notes awaiting it, its applicant's notes, its contest's registry, its
    # fold, its record and the sealing: each one query or bulk write for the whole fetch.
    assert trips / len(received) <= SIDE_BY_SIDE_PER_APPLICATION
    assert await archive.unsealed_count(CONTEST_ID) == 0


async def test_applications_in_stream_order_are_stored_sealed_and_the_log_never_rewritten(
    counted,
):
    archive, commands = counted
    story = contest_story(seed=9, submissions=48)
    received = [e for e in story if e.event_type == "submission.received"]
    await delivered(archive, 1, story[0])  # its sealing pass reads the chain's head
    before = len(commands.seen)
    await in_fetches(archive, list(enumerate(received, 2)))

    # Each fetch's events continue the chain: linked before their insert, never updated after.
    writes_to_the_log = [
        name
        for name, command in commands.seen[before:]
        if name in {"update", "delete"} and command[name] == "events"
    ]
    assert writes_to_the_log == []
    # And each application's first record is inserted, not upserted (`RecordStore`).
    to_records = {
        name for name, command in commands.seen[before:] if command[name] == "submissions"
    }
    assert to_records == {"insert"}
    assert await archive.unsealed_count(CONTEST_ID) == 0
    assert (await verify_chain(archive, CONTEST_ID)).intact
    assert [r["stream_seq"] async for r in archive.chain(CONTEST_ID)] == list(range(1, 50))


async def test_a_results_email_costs_the_same_in_a_contest_four_times_as_large(mongo_url: str):
    async def notification_costs(submissions: int) -> list[int]:
        commands = Commands()
        client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(
            mongo_url, tz_aware=True, event_listeners=[commands]
        )
        archive = Archive(client[f"trips_{uuid.uuid4().hex[:12]}"])
        try:
            await archive.declare_indexes()
            costs = await archive_story(archive, commands, submissions)
            return costs["notification.sent"]
        finally:
            await archive.drop()
            client.close()

    small, large = await notification_costs(4), await notification_costs(16)

    # A contest's end is linear: each email touches its own record, whatever the contest's size.
    assert max(large) == max(small)
    assert sum(large) / len(large) == pytest.approx(sum(small) / len(small), abs=0.5)


@dataclass
class WideReplies(monitoring.CommandListener):
    """How many of the server's replies carried a contest-wide event's body."""

    carried: list[str] = field(default_factory=list)

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        pass

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        batch = event.reply.get("cursor", {}).get("firstBatch", [])
        self.carried += [
            str(doc["body"]["event_type"])
            for doc in batch
            if isinstance(doc.get("body"), dict) and doc["body"].get("event_type") in WIDE
        ]

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


async def test_no_fold_reads_a_contest_wide_event_yet_every_record_has_its_rank(mongo_url: str):
    replies = WideReplies()
    client: AsyncIOMotorClient[dict[str, Any]] = AsyncIOMotorClient(
        mongo_url, tz_aware=True, event_listeners=[replies]
    )
    archive = Archive(client[f"trips_{uuid.uuid4().hex[:12]}"])
    try:
        await archive.declare_indexes()
        await archive_story(archive, Commands(), submissions=12)
        story_ids = await archive.submission_ids_in(CONTEST_ID)
        records = [await archive.submission(CONTEST_ID, sid) for sid in story_ids]
        folds = [await archive.bodies_for_fold(CONTEST_ID, sid) for sid in story_ids]
    finally:
        await archive.drop()
        client.close()

    # The configuration, finalists and results were kept by the process that archived them:
    # 12 submissions refolded after each, and the server never sent one of them back.
    assert replies.carried == []
    assert all(body["event_type"] not in WIDE for fold in folds for body in fold)
    statuses = {r["status"] for r in records if r is not None}
    assert len(story_ids) == 12
    # Results and finalists reached the records, and so did the configuration's peer groups.
    assert statuses & {"ranked", "finalist", "winner"}, statuses
    assert all(r is not None and r["peer_groups"] for r in records)


def filters_of(name: str, command: dict[str, Any]) -> list[tuple[str, dict[str, Any], Any]]:
    """(collection, filter, sort) of each document look-up a command makes."""
    collection = str(command.get(name))
    if name == "find":
        return [(collection, command.get("filter", {}), command.get("sort"))]
    if name in {"distinct", "count"}:
        return [(collection, command.get("query", {}), None)]
    if name == "update":
        return [(collection, u["q"], None) for u in command["updates"]]
    if name == "delete":
        return [(collection, d["q"], None) for d in command["deletes"]]
    return []


def shape(query: Any) -> Any:
    """A query's fields and operators without its values: one plan check per kind of query."""
    if isinstance(query, dict):
        return tuple(sorted((k, shape(v)) for k, v in query.items()))
    if isinstance(query, list):
        return tuple(shape(v) for v in query[:1])
    return "?"


def scans(plan: Any) -> bool:
    """True when a plan (or any stage under it) reads the whole collection."""
    if isinstance(plan, dict):
        return plan.get("stage") == "COLLSCAN" or any(scans(v) for v in plan.values())
    if isinstance(plan, list):
        return any(scans(v) for v in plan)
    return False


async def staff_reads(archive: Archive) -> None:
    """Every query the staff API, the applicant status and `verify` make."""
    story_ids = await archive.submission_ids_in(CONTEST_ID)
    for criteria in ({"category": "tech-innovacity"}, {"status": "ranked"}, {"country": "KR"}):
        cursor = archive.submissions_matching({"contest_id": CONTEST_ID, **criteria}, limit=50)
        [doc async for doc in cursor]
    await archive.submission(CONTEST_ID, story_ids[0])
    await archive.snapshots(CONTEST_ID, story_ids[0])
    [doc async for doc in archive.snapshots_of_round(CONTEST_ID, "expert-panel", "j-0")]
    await archive.result_records(CONTEST_ID)
    await wide.submission_bodies(archive, CONTEST_ID, story_ids[0])
    [doc async for doc in archive.chain(CONTEST_ID)]
    await archive.unsealed_count(CONTEST_ID)
    await archive.stream_seqs(1, 10_000)


async def test_every_query_archive_runs_is_served_by_an_index(counted):
    archive, commands = counted
    await archive_story(archive, commands, submissions=8)
    await staff_reads(archive)

    looked_up = {
        (collection, shape(query), repr(sort)): (collection, query, sort)
        for name, command in commands.seen
        if name in READS
        for collection, query, sort in filters_of(name, command)
        if query  # an empty filter is a deliberate whole-collection read (a dump)
    }
    scanned = []
    for collection, query, sort in looked_up.values():
        explain = {"find": collection, "filter": query, **({"sort": sort} if sort else {})}
        plan = await archive.database.command("explain", explain, verbosity="queryPlanner")
        if scans(plan["queryPlanner"]["winningPlan"]):
            scanned.append((collection, shape(query), sort))
    assert len(looked_up) >= 15, "the listener saw the archive's queries"
    assert scanned == [], "\n".join(map(repr, scanned))
