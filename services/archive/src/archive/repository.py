"""The only modules that know the MongoDB driver (motor today; PyMongo's async client later):
this one and the stores it is made of (`store_log`, `store_notes`, `store_records`), whose
queries and writes deliveries side by side share (`coalesce`).

Collections: `events` (the hash-chained log), `submissions`, `results`, `as_judged`; the
notes of `archive.causes` (`awaiting_cause`, `applicant_notes`) and the registry of
contest-wide events (`contest_wide`). Every write is idempotent: inserts are keyed by a unique
index, records are replaced whole and only by a fold that saw at least as many events as the
one stored.

An event's record has the event id as its `_id`, so a second copy is refused by the primary
key. A sealed record holds `chain_slot` (`<contest>:<position>`), unique and sparse, so two
replicas cannot seal different records into one place, and a record waiting to be sealed is
not in that index at all.
"""

from __future__ import annotations

import asyncio
import functools
from typing import Any

from motor.motor_asyncio import AsyncIOMotorClient
from pymongo import ASCENDING

from archive.coalesce import Coalesced, insert_all
from archive.presealed import insert_events
from archive.store_log import CONFIGURED, NO_ID, WIDE, Document, LogStore, filed
from archive.store_notes import APPLICANT_NOTES, AWAITING_CAUSE, NoteStore
from archive.store_records import RecordStore

__all__ = ["CONFIGURED", "NO_ID", "WIDE", "Archive", "Document", "SealState", "connect", "filed"]
COLLECTIONS = ("events", "submissions", "results", "as_judged")


def connect(url: str) -> Any:
    """A client for the MongoDB (or MongoDB-wire) server at `url`; it connects lazily."""
    return AsyncIOMotorClient(url, tz_aware=True)


def _nothing() -> None:
    return None


def _never() -> bool:
    raise AssertionError("a bulk write answers every write it was given")


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


class Archive(LogStore, NoteStore, RecordStore):
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
        self.contest_wide = database["contest_wide"]
        # The reads each delivery makes after its write, shared by deliveries side by side.
        self.awaiting_reads = Coalesced(self.awaiting_any, list)
        self.note_reads = Coalesced(self.notes_to_any, dict)
        self.wide_reads = Coalesced(self.wide_event_ids_any, list)
        self.fold_reads = Coalesced(self.bodies_for_folds, list)
        self.header_reads = Coalesced(self.headers, _nothing)
        # And its writes (its event, a notification's notes, its record): a bulk write each;
        # events that continue the chain are inserted sealed (`archive.presealed`).
        self.inserts = Coalesced(functools.partial(insert_events, self), _never)
        self.cause_notes = Coalesced(functools.partial(insert_all, self.awaiting_cause), _never)
        self.recipient_notes = Coalesced(
            functools.partial(insert_all, self.applicant_notes), _never
        )
        self.record_writes = Coalesced(self.replace_all, _never)

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
        await self.contest_wide.create_index("contest_id")
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
