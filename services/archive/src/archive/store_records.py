"""The records folded from the log: `submissions`, `results` and `as_judged` snapshots.

Records are replaced whole and only by a fold that saw at least as many events as the one
stored (`folded_events`), so a slower replica cannot overwrite a newer fold.
"""

from __future__ import annotations

import json
from typing import Any

from pymongo import ASCENDING, DeleteMany, InsertOne, ReplaceOne
from pymongo.errors import BulkWriteError

from archive.coalesce import Coalesced, Outcome, Pending, made, outcomes

Document = dict[str, Any]
NO_ID = {"_id": False}
RecordWrite = InsertOne[Document] | ReplaceOne[Document]


class RecordStore:
    database: Any
    submissions: Any
    results: Any
    as_judged: Any
    record_writes: Coalesced[Pending[RecordWrite], Outcome]

    async def put_submission(
        self, document: Document, snapshots: list[Document], *, first: bool = False
    ) -> None:
        """`first`: folded from the submission's first event alone (and contest-wide ones)."""
        key = {"contest_id": document["contest_id"], "submission_id": document["submission_id"]}
        if not await self._replace_if_newer(key, document, first=first):
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

    async def _replace_if_newer(self, key: Document, document: Document, *, first: bool) -> bool:
        """Replace only a fold of fewer or as many events: a slower replica's older fold loses
        (False: a newer fold is stored, and the upsert's insert hit the unique key). Written
        with the records of deliveries side by side (`coalesce`).

        A fold of its submission's first event is almost always its first record: inserted,
        it costs the server about 0.25 ms less than an upsert that matches nothing (SecantusDB
        looks for a match twice before inserting). Refused (a record is there), it is replaced
        if newer as any other fold, so what is stored is the same either way."""
        # A copy: the driver gives the document it inserts an `_id`.
        if first and made(await self.record_writes.read(Pending(InsertOne({**document})))):
            return True
        stale = {**key, "folded_events": {"$lte": document["folded_events"]}}
        return made(
            await self.record_writes.read(Pending(ReplaceOne(stale, document, upsert=True)))
        )

    async def replace_all(
        self, pending: list[Pending[RecordWrite]]
    ) -> dict[Pending[RecordWrite], Outcome]:
        """Submission records of deliveries side by side, in one unordered bulk write: each a
        compare-and-set on its fold's size (or a first record's insert), as when written alone."""
        try:
            await self.submissions.bulk_write([p.item for p in pending], ordered=False)
        except BulkWriteError as refused:
            return outcomes(pending, refused)
        return dict.fromkeys(pending, True)

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
