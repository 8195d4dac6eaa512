"""The only module that knows the MongoDB driver (motor today; PyMongo's async client later).

Collections: `events` (the hash-chained log), `submissions`, `results`, `as_judged`. Every
write here is idempotent: inserts are keyed by a unique index, records are replaced whole and
only by a fold that saw at least as many events as the one stored.

An event's record has the event id as its `_id`, so a second copy is refused by the primary
key. A sealed record holds `chain_slot` (`<contest>:<position>`), unique and sparse, so two
replicas cannot seal different records into one place, and a record waiting to be sealed is
not in that index at all. (Both keys are the cheap kind for the in-process stand-in too,
which checks a secondary unique index by scanning the collection.)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import ASCENDING, DESCENDING, DeleteMany, ReplaceOne
from pymongo.errors import DuplicateKeyError

logger = logging.getLogger("archive.repository")
Document = dict[str, Any]
NO_ID = {"_id": False}
COLLECTIONS = ("events", "submissions", "results", "as_judged")
# Notifications archived before their cause (see `archive.causes`); empty once all arrived.
AWAITING_CAUSE = "awaiting_cause"
# Every notification's recipient, for applications archived after it (`archive.causes`).
APPLICANT_NOTES = "applicant_notes"
CONFIGURED = "contest.configured"
# A configuration is in every fold of its contest: it is filed under this key, so that a
# submission's events and its contest's configurations are one indexed `$in` (an `$or` of
# the two would scan the collection on a planner without index unions).
EVERY_SUBMISSION = "*"
# The events about a whole contest, and the parts of them that grow with it.
WIDE = frozenset({CONFIGURED, "results.published", "finalists.selected"})
TRIMMED = {
    "submission_ids": False,
    **{
        f"body.{part}": False
        for part in ("contest", "rankings", "peer_group_rankings", "winners", "finalists")
    },
}


def connect(url: str) -> Any:
    """A client for the MongoDB (or MongoDB-wire) server at `url`; it connects lazily."""
    return AsyncIOMotorClient(url, tz_aware=True)


class SealState:
    """What one process remembers of the chains between sealing passes (see `log.seal`)."""

    def __init__(self) -> None:
        self.last_seq: int | None = None
        self.heads: dict[str, tuple[int, str]] = {}  # contest → (position, record hash)
        # Passes asked for, and the last request a finished pass began after (`log.seal`).
        self.requested = 0
        self.completed = 0

    def forget(self) -> None:
        self.last_seq = None
        self.heads.clear()


class Archive:
    """One database's worth of archive: the live one, or a fresh one a rebuild fills."""

    def __init__(self, database: Any) -> None:
        self.database = database
        self.sealing = asyncio.Lock()
        self.seal_state = SealState()
        self.name: str = database.name
        self.events = database["events"]
        self.submissions = database["submissions"]
        self.results = database["results"]
        self.as_judged = database["as_judged"]
        self.awaiting_cause = database[AWAITING_CAUSE]
        self.applicant_notes = database[APPLICANT_NOTES]

    def sibling(self, name: str) -> Archive:
        return Archive(self.database.client[name])

    async def declare_indexes(self) -> None:
        await self.events.create_index("chain_slot", unique=True, sparse=True)
        # Every query names only fields of one index: the planner of the embedded server
        # (SecantusDB) scans the collection for a predicate no index holds, and uses no
        # partial index (the test `test_archive_round_trips` holds each query to this).
        await self.events.create_index([("_id", ASCENDING), ("sealed", ASCENDING)])
        await self.events.create_index([("contest_id", ASCENDING), ("position", ASCENDING)])
        await self.events.create_index([("sealed", ASCENDING), ("stream_seq", ASCENDING)])
        await self.events.create_index("stream_seq")
        # Serves (contest, submission) look-ups too, as its prefix.
        await self.events.create_index(
            [("contest_id", ASCENDING), ("submission_ids", ASCENDING), ("_id", ASCENDING)]
        )
        await self.events.create_index("cause_event_id", sparse=True)
        await self.events.create_index(
            [("contest_id", ASCENDING), ("applicant_id", ASCENDING)], sparse=True
        )
        await self.awaiting_cause.create_index("cause_event_id")
        await self.applicant_notes.create_index(
            [("contest_id", ASCENDING), ("recipient_id", ASCENDING)]
        )
        await self.events.create_index(
            [("contest_id", ASCENDING), ("event_type", ASCENDING), ("occurred_at", ASCENDING)]
        )
        await self.submissions.create_index(
            [("contest_id", ASCENDING), ("submission_id", ASCENDING)], unique=True
        )
        await self.submissions.create_index(
            [("contest_id", ASCENDING), ("submission_id", ASCENDING), ("folded_events", ASCENDING)]
        )
        for field in ("category", "status", "country", "peer_groups", "applicant_id"):
            await self.submissions.create_index([("contest_id", ASCENDING), (field, ASCENDING)])
        await self.results.create_index(
            [("contest_id", ASCENDING), ("round", ASCENDING)], unique=True
        )
        await self.as_judged.create_index(
            [("contest_id", ASCENDING), ("submission_id", ASCENDING), ("assignment_id", ASCENDING)],
            unique=True,
        )
        await self.as_judged.create_index(
            [("contest_id", ASCENDING), ("round", ASCENDING), ("judge_id", ASCENDING)]
        )

    async def answers(self) -> bool:
        reply = await self.database.command("ping")
        return bool(reply.get("ok"))

    async def drop(self) -> None:
        await self.database.client.drop_database(self.name)
        self.seal_state.forget()

    # --- the log -------------------------------------------------------------------------

    async def insert_event(self, record: Document) -> bool:
        """False when the event was already there: a redelivery changes nothing."""
        if record["event_type"] == CONFIGURED:
            record = {**record, "submission_ids": [EVERY_SUBMISSION]}
        try:
            await self.events.insert_one({"_id": record["event_id"], **record, "sealed": False})
        except DuplicateKeyError:
            return False
        return True

    async def holds(self, event_id: str) -> bool:
        return await self.events.find_one({"_id": event_id}, {"_id": 1}) is not None

    async def stream_seqs(self, first: int, last: int) -> set[int]:
        """The stream sequences of the archived events in `first..last` (an index-only read)."""
        query = {"stream_seq": {"$gte": first, "$lte": last}}
        cursor = self.events.find(query, {"stream_seq": 1, "_id": 0}).batch_size(10_000)
        return {int(doc["stream_seq"]) async for doc in cursor}

    async def submission_ids_of_record(self, event_id: str) -> list[str] | None:
        """The submissions an archived event is about; None when it is not archived."""
        found = await self.events.find_one({"_id": event_id}, {"submission_ids": 1})
        return (
            None if found is None else [i for i in found["submission_ids"] if i != EVERY_SUBMISSION]
        )

    async def await_cause(self, event_id: str, cause_event_id: str, recipient_id: str) -> None:
        note = {"_id": event_id, "cause_event_id": cause_event_id, "recipient_id": recipient_id}
        with contextlib.suppress(DuplicateKeyError):
            await self.awaiting_cause.insert_one(note)

    async def awaiting(self, cause_event_id: str) -> list[tuple[str, str]]:
        """Notifications archived before `cause_event_id`, still without their submissions:
        (event id, recipient id)."""
        cursor = self.awaiting_cause.find({"cause_event_id": cause_event_id})
        return [(doc["_id"], doc.get("recipient_id", "")) async for doc in cursor]

    async def submissions_of_applicant(
        self, contest_id: str, applicant_id: str, among: list[str]
    ) -> list[str]:
        """Which of `among` the applicant submitted (from the applications in the log)."""
        query = {"contest_id": contest_id, "applicant_id": applicant_id}
        ids = await self.events.distinct("submission_ids", query)
        return sorted(set(ids) & set(among))

    async def note_recipient(
        self, event_id: str, contest_id: str, recipient_id: str, cause_event_id: str
    ) -> None:
        """A notification's note for its recipient's applications (`archive.causes`)."""
        note = {
            "_id": event_id,
            "contest_id": contest_id,
            "recipient_id": recipient_id,
            "cause_event_id": cause_event_id,
        }
        with contextlib.suppress(DuplicateKeyError):
            await self.applicant_notes.insert_one(note)

    async def attribute_to_application(
        self, contest_id: str, applicant_id: str, submission_id: str
    ) -> None:
        """Add `submission_id` to the notifications to its applicant whose cause concerns it
        (those archived before the application): at most three round trips."""
        query = {"contest_id": contest_id, "recipient_id": applicant_id}
        notes = await self.applicant_notes.find(query).to_list(None)
        if not notes:
            return
        by_cause: dict[str, list[str]] = {}
        for note in notes:
            by_cause.setdefault(note["cause_event_id"], []).append(note["_id"])
        concerning = {
            "contest_id": contest_id,
            "submission_ids": submission_id,
            "_id": {"$in": list(by_cause)},
        }
        causes = await self.events.find(concerning, {"_id": 1}).to_list(None)
        notified = [n for cause in causes for n in by_cause[cause["_id"]]]
        if notified:
            await self.events.update_many(
                {"_id": {"$in": notified}}, {"$addToSet": {"submission_ids": submission_id}}
            )

    async def attribute(self, event_id: str, submission_ids: list[str]) -> None:
        """Give a notification its cause's submissions; it awaits nothing more."""
        await self.events.update_one(
            {"_id": event_id}, {"$set": {"submission_ids": submission_ids}}
        )
        await self.awaiting_cause.delete_one({"_id": event_id})

    async def last_sealed_seq(self) -> int:
        cursor = self.events.find({"sealed": True}, {"stream_seq": 1})
        top = await cursor.sort("stream_seq", DESCENDING).limit(1).to_list(1)
        return int(top[0]["stream_seq"]) if top else 0

    async def unsealed_after(self, seq: int, limit: int) -> list[Document]:
        query = {"sealed": False, "stream_seq": {"$gt": seq}}
        cursor = self.events.find(query, NO_ID).sort("stream_seq", ASCENDING).limit(limit)
        found: list[Document] = await cursor.to_list(limit)
        return found

    async def chain_head(self, contest_id: str) -> Document | None:
        query = {"contest_id": contest_id, "position": {"$gte": 1}}
        cursor = self.events.find(query, {"position": 1, "record_hash": 1, "_id": False})
        top: list[Document] = await cursor.sort("position", DESCENDING).limit(1).to_list(1)
        return top[0] if top else None

    async def seal(self, event_id: str, contest_id: str, link: Document) -> bool:
        """False when another replica sealed this record, or that position, first."""
        slot = f"{contest_id}:{link['position']}"
        try:
            result = await self.events.update_one(
                {"_id": event_id, "sealed": False},
                {"$set": {**link, "chain_slot": slot, "sealed": True}},
            )
        except DuplicateKeyError:
            return False
        return bool(result.modified_count)

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

    async def bodies_for_submission(self, contest_id: str, submission_id: str) -> list[Document]:
        """Its own events, the notifications they caused (attributed to it, `archive.causes`),
        and the contest's configurations (filed under `EVERY_SUBMISSION`): one query."""
        return await self.bodies(_fold_query(contest_id, submission_id))

    async def bodies_for_fold(self, contest_id: str, submission_id: str) -> list[Document]:
        """`bodies_for_submission` with the contest-wide events (`WIDE`) trimmed to their
        envelope: each is in every fold of its contest and as large as the contest (24,000
        rankings), so the caller keeps them whole by event id (`archive.materialise`)."""
        cursor = self.events.find(_fold_query(contest_id, submission_id), TRIMMED)
        return [record["body"] async for record in cursor]

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
        ids = await self.events.distinct("submission_ids", {"contest_id": contest_id})
        return sorted(i for i in ids if i != EVERY_SUBMISSION)

    # --- the records ---------------------------------------------------------------------

    async def put_submission(self, document: Document, snapshots: list[Document]) -> None:
        key = {"contest_id": document["contest_id"], "submission_id": document["submission_id"]}
        if not await self._replace_if_newer(self.submissions, key, document):
            return
        # One round trip: every snapshot replaced, and those of withdrawn assignments removed.
        writes: list[Any] = [
            ReplaceOne({**key, "assignment_id": snap["assignment_id"]}, snap, upsert=True)
            for snap in snapshots
        ]
        # A snapshot ever written was one of the record's assignments (they stay in the log):
        # those without a snapshot now are the only ones that may have a stale one.
        kept = {snapshot["assignment_id"] for snapshot in snapshots}
        stale = [
            a["assignment_id"]
            for a in document.get("assignments", ())
            if a["assignment_id"] not in kept
        ]
        if stale:
            writes.append(DeleteMany({**key, "assignment_id": {"$in": stale}}))
        if writes:
            await self.as_judged.bulk_write(writes, ordered=False)

    async def put_results(self, document: Document) -> None:
        key = {"contest_id": document["contest_id"], "round": document["round"]}
        await self.results.replace_one(key, document, upsert=True)

    async def _replace_if_newer(self, collection: Any, key: Document, document: Document) -> bool:
        """Replace only a fold of fewer or as many events: a slower replica's older fold loses."""
        stale = {**key, "folded_events": {"$lte": document["folded_events"]}}
        try:
            await collection.replace_one(stale, document, upsert=True)
        except DuplicateKeyError:
            return False  # a newer fold is stored; the upsert's insert hit the unique key
        return True

    async def submission(self, contest_id: str, submission_id: str) -> Document | None:
        key = {"contest_id": contest_id, "submission_id": submission_id}
        found: Document | None = await self.submissions.find_one(key, NO_ID)
        return found

    def submissions_matching(self, criteria: Document, *, skip: int = 0, limit: int = 0) -> Any:
        """A cursor in a stable order; iterate it with `async for`, never load it whole."""
        cursor = self.submissions.find(criteria, NO_ID).sort(
            [("contest_id", ASCENDING), ("submission_id", ASCENDING)]
        )
        # Small batches: a large export holds one batch at a time, not the driver's 16 MB.
        return cursor.skip(skip).limit(limit).batch_size(200)

    async def snapshots(self, contest_id: str, submission_id: str) -> list[Document]:
        cursor = self.as_judged.find({"contest_id": contest_id, "submission_id": submission_id})
        found: list[Document] = await cursor.sort("assignment_id", 1).to_list(None)
        return [{k: v for k, v in doc.items() if k != "_id"} for doc in found]

    def snapshots_of_round(self, contest_id: str, round_slug: str, judge_id: str | None) -> Any:
        query = {"contest_id": contest_id, "round": round_slug}
        if judge_id is not None:
            query["judge_id"] = judge_id
        cursor = self.as_judged.find(query, NO_ID)
        return cursor.sort([("submission_id", ASCENDING), ("assignment_id", ASCENDING)])

    async def result_records(self, contest_id: str) -> list[Document]:
        cursor = self.results.find({"contest_id": contest_id}, NO_ID).sort("round", 1)
        found: list[Document] = await cursor.to_list(None)
        return found

    async def dump(self, collection: str) -> list[Document]:
        """Every document of a collection without its storage id, in a canonical order."""
        found = await self.database[collection].find({}, NO_ID).to_list(None)
        return sorted(found, key=lambda doc: json.dumps(doc, sort_keys=True, default=str))


def _fold_query(contest_id: str, submission_id: str) -> Document:
    """A submission's events, its notifications and its contest's configuration."""
    return {"contest_id": contest_id, "submission_ids": {"$in": [submission_id, EVERY_SUBMISSION]}}
