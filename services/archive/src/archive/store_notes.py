"""The notes that let a notification meet its cause and its recipient's applications in any
order (`archive.causes`): `awaiting_cause` and `applicant_notes`."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from archive.coalesce import Coalesced, Outcome, Pending, made

# Notifications archived before their cause (see `archive.causes`); empty once all arrived.
AWAITING_CAUSE = "awaiting_cause"
# Every notification's recipient, for applications archived after it (`archive.causes`).
APPLICANT_NOTES = "applicant_notes"


Recipient = tuple[str, str]  # (contest, recipient)


class NoteStore:
    events: Any
    awaiting_cause: Any
    applicant_notes: Any
    awaiting_reads: Coalesced[str, list[tuple[str, str]]]
    note_reads: Coalesced[Recipient, dict[str, list[str]]]
    cause_notes: Coalesced[Pending[dict[str, str]], Outcome]  # inserts, shared (`coalesce`)
    recipient_notes: Coalesced[Pending[dict[str, str]], Outcome]

    async def await_cause(self, event_id: str, cause_event_id: str, recipient_id: str) -> None:
        note = {"_id": event_id, "cause_event_id": cause_event_id, "recipient_id": recipient_id}
        made(await self.cause_notes.read(Pending(note)))  # False: there already (a redelivery)

    async def awaiting(self, cause_event_id: str) -> list[tuple[str, str]]:
        """Notifications archived before `cause_event_id`, still without their submissions:
        (event id, recipient id). Read with those of deliveries side by side (`coalesce`)."""
        return await self.awaiting_reads.read(cause_event_id)

    async def awaiting_any(self, cause_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
        found: dict[str, list[tuple[str, str]]] = {}
        async for doc in self.awaiting_cause.find({"cause_event_id": {"$in": cause_ids}}):
            entry = (doc["_id"], doc.get("recipient_id", ""))
            found.setdefault(doc["cause_event_id"], []).append(entry)
        return found

    async def submissions_of_applicant(
        self, contest_id: str, applicant_id: str, among: Collection[str]
    ) -> list[str]:
        """Which of `among` the applicant submitted (from the applications in the log): a
        look-up per application, so a contest-wide `among` is not copied per email."""
        query = {"contest_id": contest_id, "applicant_id": applicant_id}
        ids = await self.events.distinct("submission_ids", query)
        return sorted({i for i in ids if i in among})

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
        made(await self.recipient_notes.read(Pending(note)))  # False: there already

    async def notes_to(self, contest_id: str, recipient_id: str) -> dict[str, list[str]]:
        """The notifications to `recipient_id`, by cause: {cause event id: [event ids]}. Read
        with those of deliveries side by side (`coalesce`)."""
        return await self.note_reads.read((contest_id, recipient_id))

    async def notes_to_any(
        self, recipients: list[Recipient]
    ) -> dict[Recipient, dict[str, list[str]]]:
        """`notes_to` of each (contest, recipient): a query per contest (the embedded server's
        planner scans the collection for `$in` on both fields of the index)."""
        by_contest: dict[str, list[str]] = {}
        for contest_id, recipient_id in recipients:
            by_contest.setdefault(contest_id, []).append(recipient_id)
        found: dict[Recipient, dict[str, list[str]]] = {}
        for contest_id, recipient_ids in by_contest.items():
            query = {"contest_id": contest_id, "recipient_id": {"$in": recipient_ids}}
            async for note in self.applicant_notes.find(query):
                by_cause = found.setdefault((contest_id, note["recipient_id"]), {})
                by_cause.setdefault(note["cause_event_id"], []).append(note["_id"])
        return found

    async def causes_concerning(
        self, contest_id: str, submission_id: str, cause_ids: list[str]
    ) -> set[str]:
        """Which of `cause_ids` are (not contest-wide) events about `submission_id`."""
        query = {
            "contest_id": contest_id,
            "submission_ids": submission_id,
            "_id": {"$in": cause_ids},
        }
        return {str(doc["_id"]) async for doc in self.events.find(query, {"_id": 1})}

    async def add_submission(self, event_ids: list[str], submission_id: str) -> None:
        await self.events.update_many(
            {"_id": {"$in": event_ids}}, {"$addToSet": {"submission_ids": submission_id}}
        )

    async def attribute(self, event_id: str, submission_ids: list[str]) -> None:
        """Give a notification its cause's submissions; it awaits nothing more."""
        await self.events.update_one(
            {"_id": event_id}, {"$set": {"submission_ids": submission_ids}}
        )
        await self.awaiting_cause.delete_one({"_id": event_id})
