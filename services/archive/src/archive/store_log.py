"""The event log's queries (`events`) and the registry of contest-wide events (`contest_wide`).

Every query names only fields of one index (`Archive.declare_indexes`): the planner of the
embedded server (SecantusDB) scans the collection for a predicate no index holds.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING, UpdateOne
from pymongo.errors import BulkWriteError, DuplicateKeyError

from archive.coalesce import Coalesced, Outcome, Pending, made

Document = dict[str, Any]
NO_ID = {"_id": False}
CONFIGURED = "contest.configured"
# The events about a whole contest, as large as the contest (24,000 rankings at a hundred
# times the prize). Their log records name no submission, so that no fold's query reaches
# them (the server would decode each one per fold); `contest_wide` lists them per contest
# and `archive.wide` keeps them parsed per process.
WIDE = frozenset({CONFIGURED, "results.published", "finalists.selected"})


def filed(record: Document) -> Document:
    """The log record as stored: a contest-wide event's submissions are in its body only."""
    if record["event_type"] in WIDE:
        return {**record, "submission_ids": []}
    return record


class LogStore:
    """The hash-chained log: an event's record has the event id as its `_id`."""

    events: Any
    contest_wide: Any
    wide_reads: Coalesced[str, list[str]]
    fold_reads: Coalesced[tuple[str, str], list[Document]]
    inserts: Coalesced[Pending[Document], Outcome]
    header_reads: Coalesced[str, Document | None]

    async def insert_event(self, record: Document) -> bool:
        """False when the event was already there: a redelivery changes nothing. A
        contest-wide event is registered after it is stored (again on a redelivery, in case
        the first delivery stopped in between), so the registry names only stored events."""
        document = {"_id": record["event_id"], **filed(record), "sealed": False}
        new = made(await self.inserts.read(Pending(document)))
        if record["event_type"] in WIDE:
            await self.register_wide([record])
        return new

    async def register_wide(self, records: list[Document]) -> None:
        entries = [
            {"_id": r["event_id"], "contest_id": r["contest_id"], "event_type": r["event_type"]}
            for r in records
            if r["event_type"] in WIDE
        ]
        for entry in entries:
            with contextlib.suppress(DuplicateKeyError):
                await self.contest_wide.insert_one(entry)

    async def wide_event_ids(self, contest_id: str) -> list[str]:
        """The contest-wide events of a contest, oldest registration first (tiny documents).
        Read with those of deliveries side by side (`coalesce`)."""
        return await self.wide_reads.read(contest_id)

    async def wide_event_ids_any(self, contest_ids: list[str]) -> dict[str, list[str]]:
        query = {"contest_id": {"$in": contest_ids}}
        found: dict[str, list[str]] = {}
        async for doc in self.contest_wide.find(query, {"_id": 1, "contest_id": 1}):
            found.setdefault(doc["contest_id"], []).append(str(doc["_id"]))
        return found

    async def holds(self, event_id: str) -> bool:
        return await self.events.find_one({"_id": event_id}, {"_id": 1}) is not None

    async def stream_seqs(self, first: int, last: int) -> set[int]:
        """The stream sequences of the archived events in `first..last` (an index-only read)."""
        query = {"stream_seq": {"$gte": first, "$lte": last}}
        cursor = self.events.find(query, {"stream_seq": 1, "_id": 0}).batch_size(10_000)
        return {int(doc["stream_seq"]) async for doc in cursor}

    async def header(self, event_id: str) -> Document | None:
        """An archived event's type and submissions (none for a contest-wide one: see
        `archive.wide`); None when it is not archived. Read with those of deliveries side by
        side (`coalesce`)."""
        return await self.header_reads.read(event_id)

    async def headers(self, event_ids: list[str]) -> dict[str, Document | None]:
        query = {"_id": {"$in": event_ids}}
        cursor = self.events.find(query, {"submission_ids": 1, "event_type": 1})
        return {str(doc["_id"]): doc async for doc in cursor}

    async def last_sealed_seq(self) -> int:
        cursor = self.events.find({"sealed": True}, {"stream_seq": 1})
        top = await cursor.sort("stream_seq", DESCENDING).limit(1).to_list(1)
        return int(top[0]["stream_seq"]) if top else 0

    async def unsealed_after(self, seq: int, limit: int) -> list[Document]:
        """The next unsealed records in stream order, without their bodies (a link needs only
        the body's hash; a contest's results body is as large as the contest)."""
        query = {"sealed": False, "stream_seq": {"$gt": seq}}
        cursor = self.events.find(query, {"_id": False, "body": False})
        cursor = cursor.sort("stream_seq", ASCENDING).limit(limit)
        found: list[Document] = await cursor.to_list(limit)
        return found

    async def chain_head(self, contest_id: str) -> Document | None:
        query = {"contest_id": contest_id, "position": {"$gte": 1}}
        cursor = self.events.find(query, {"position": 1, "record_hash": 1, "_id": False})
        top: list[Document] = await cursor.sort("position", DESCENDING).limit(1).to_list(1)
        return top[0] if top else None

    async def seal_all(self, links: list[tuple[str, str, Document]]) -> int:
        """Seal records (event id, contest, link) in this order, in one round trip; returns how
        many were sealed, fewer than given when another replica sealed a record, or took its
        position, first: that stops the rest, as one compare-and-set after another would.

        Each write is a compare-and-set on `sealed: false` under the unique `chain_slot`. It is
        an upsert only so that a record already sealed is refused (its insert hits the primary
        key) rather than skipped: the ordered writes then stop there, and nothing after it is
        linked to a head that was not this pass's to extend. Records are never deleted, so the
        upsert never inserts."""
        writes = [
            UpdateOne(
                {"_id": event_id, "sealed": False},
                {
                    "$set": {
                        **linked,
                        "chain_slot": f"{contest_id}:{linked['position']}",
                        "sealed": True,
                    }
                },
                upsert=True,
            )
            for event_id, contest_id, linked in links
        ]
        try:
            result = await self.events.bulk_write(writes, ordered=True)
        except BulkWriteError as refused:
            return int(refused.details.get("nModified", 0))
        return int(result.modified_count)

    def chain(self, contest_id: str) -> AsyncIterator[Document]:
        query = {"contest_id": contest_id, "position": {"$gte": 1}}
        cursor: AsyncIterator[Document] = self.events.find(query, NO_ID).sort("position", 1)
        return cursor

    async def contest_ids(self) -> list[str]:
        return sorted(await self.events.distinct("contest_id"))

    async def count(self, **query: Any) -> int:
        return int(await self.events.count_documents(query))

    async def unsealed_count(self, contest_id: str) -> int:
        query = {"contest_id": contest_id, "sealed": False}
        return int(await self.events.count_documents(query))

    async def bodies(self, query: Document) -> list[Document]:
        cursor = self.events.find(query, {"body": 1, "_id": False})
        return [record["body"] async for record in cursor]

    async def bodies_for_fold(self, contest_id: str, submission_id: str) -> list[Document]:
        """A submission's own events and the notifications they caused (attributed to it,
        `archive.causes`): one indexed query, shared with the folds of deliveries side by side
        (`coalesce`). Contest-wide events come from `archive.wide`."""
        return await self.fold_reads.read((contest_id, submission_id))

    async def bodies_for_folds(
        self, submissions: list[tuple[str, str]]
    ) -> dict[tuple[str, str], list[Document]]:
        """`bodies_for_fold` of each (contest, submission): a query per contest."""
        by_contest: dict[str, list[str]] = {}
        for contest_id, submission_id in submissions:
            by_contest.setdefault(contest_id, []).append(submission_id)
        found: dict[tuple[str, str], list[Document]] = {}
        for contest_id, submission_ids in by_contest.items():
            wanted = set(submission_ids)
            query = {"contest_id": contest_id, "submission_ids": {"$in": submission_ids}}
            cursor = self.events.find(query, {"body": 1, "submission_ids": 1, "_id": False})
            async for record in cursor:
                for submission_id in wanted.intersection(record["submission_ids"]):
                    found.setdefault((contest_id, submission_id), []).append(record["body"])
        return found

    async def bodies_by_id(self, event_ids: list[str]) -> list[Document]:
        return await self.bodies({"_id": {"$in": event_ids}})

    async def bodies_until(
        self, contest_id: str, event_types: list[str], until: datetime
    ) -> list[Document]:
        return await self.bodies(
            {
                "contest_id": contest_id,
                "event_type": {"$in": event_types},
                "occurred_at": {"$lte": until},
            }
        )

    async def submission_ids_in(self, contest_id: str) -> list[str]:
        return sorted(await self.events.distinct("submission_ids", {"contest_id": contest_id}))
