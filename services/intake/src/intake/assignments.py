"""Which submissions judges have been assigned, learnt from `prize.review.assigned`.

Intake never asks review's storage: it keeps its own note per submission, from the event,
so that an amendment can be refused once judges are reading (the contest's
`amendment_after_assignment`, issue 16). The note is sticky: a judge withdrawn and replaced
is still a submission under review, and the first assigned version is kept.
"""

from __future__ import annotations

from faststream.nats import NatsRouter
from pydantic import BaseModel, ConfigDict

from contracts.contest import Contest
from contracts.events import ReviewAssigned
from contracts.subjects import Subject
from intake.problems import problem
from servicekit.broker import consumer_router
from servicekit.kv import Documents, LazyBucket
from servicekit.settings import ServiceSettings


class Assigned(BaseModel):
    model_config = ConfigDict(frozen=True)

    version: int  # the version judges were first given
    event_id: str  # the first `prize.review.assigned` that said so


class Assignments(LazyBucket):
    """Per `<contest>.<submission>`, whether (and from which version) it is under review."""

    assigned_docs = Documents(Assigned)

    async def note(self, event: ReviewAssigned) -> None:
        """Idempotent: the first assignment wins, a repeated or later one changes nothing."""
        first = Assigned(version=event.submission_version, event_id=event.event_id)
        await self.assigned_docs.update(
            f"{event.contest_id}.{event.submission_id}", lambda current: current or first
        )

    async def assigned(self, contest_id: str, submission_id: str) -> Assigned | None:
        found = await self.assigned_docs.get(f"{contest_id}.{submission_id}")
        return found[0] if found else None

    async def refuse_amendment_under_review(self, contest: Contest, submission_id: str) -> None:
        """The contest's `amendment_after_assignment`: `refuse` (the default) answers 409
        `amendment-under-review` once judges are assigned, so what they read cannot change
        under them; `new_version` accepts, and review keeps each judge on the version
        assigned. A broker fault propagates (the caller answers 503: nothing accepted)."""
        if contest.amendment_after_assignment != "refuse":
            return
        assigned = await self.assigned(contest.id, submission_id)
        if assigned is not None:
            raise problem(
                "amendment-under-review",
                f"version {assigned.version} is assigned to judges; it can no longer be amended",
                assigned_version=assigned.version,
            )


def assignment_router(settings: ServiceSettings, assignments: Assignments) -> NatsRouter:
    """`intake-note-assignment`: one durable consumer on `prize.review.assigned`."""

    async def note_assignment(event: ReviewAssigned) -> None:
        await assignments.note(event)

    return consumer_router(settings, "note-assignment", Subject.REVIEW_ASSIGNED, note_assignment)
