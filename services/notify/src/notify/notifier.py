"""What notify does with each fact it consumes; the handlers only translate messages."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import timedelta

from nats.js.errors import KeyWrongLastSequenceError

from contracts.events import (
    JudgeLinkRequested,
    JudgeRegistered,
    ResultsPublished,
    ReviewAssigned,
    ScreeningVerdict,
    SubmissionVersion,
)
from notify.domain import applicant_notices, judge_notices
from notify.domain.results import outcomes
from notify.domain.schedule import Job, batch_job, review_jobs
from notify.fanout import deliver_all
from notify.portal import PortalLinks
from notify.postman import Attempt, Postman
from notify.records import (
    AssignedReview,
    AssignmentState,
    JudgeBatch,
    JudgeContact,
    JudgeReviews,
    SubmissionContact,
)
from notify.settings import NotifySettings
from notify.store import (
    NotifyStore,
    assignment_key,
    batch_key,
    judge_key,
    judge_reviews_key,
    submission_key,
)
from servicekit.contests import ContestBucket
from servicekit.links import current_traceparent

DEFAULT_REMINDERS = (7, 3)


@dataclass(frozen=True, eq=False)
class Notifier:
    settings: NotifySettings
    store: NotifyStore
    contests: ContestBucket
    postman: Postman

    async def contest_name(self, contest_id: str) -> str:
        configured = await self.contests.get(contest_id)
        return configured.contest.name if configured else contest_id

    async def contact_of(self, submission_id: str) -> SubmissionContact:
        found = await self.store.submissions.get(submission_key(submission_id))
        if found is None:
            # Facts about a submission may overtake its receipt: try again later.
            raise LookupError(f"no contact yet for submission {submission_id}")
        return found[0]

    async def acknowledge_submission(self, event: SubmissionVersion, attempt: Attempt) -> None:
        await self.keep_contact(applicant_notices.kept_contact(event))
        email = applicant_notices.receipt(event, await self.contest_name(event.contest_id))
        await deliver_all(self.postman, [email], attempt)

    async def keep_contact(self, contact: SubmissionContact) -> None:
        """The contact of the submission's newest version. A first version is created in one
        round trip, no read before it (a copy of its event finds the key and reads, as any
        later version does); a later one replaces what is kept only if that is older."""
        key = submission_key(contact.submission_id)
        if contact.version == 1:
            with contextlib.suppress(KeyWrongLastSequenceError):
                await self.store.submissions.kv.create(key, contact.model_dump_json().encode())
                return

        def newest(current: SubmissionContact | None) -> SubmissionContact:
            return contact if current is None or current.version <= contact.version else current

        await self.store.submissions.update(key, newest)

    async def tell_screening(self, event: ScreeningVerdict, attempt: Attempt) -> None:
        if event.outcome == "needs_decision":
            return  # staff decide first; the applicant hears the decision (an override)
        contact = await self.contact_of(event.submission_id)
        email = applicant_notices.screening(
            event, contact, await self.contest_name(event.contest_id)
        )
        await deliver_all(self.postman, [email], attempt)

    async def record_judge(self, event: JudgeRegistered) -> None:
        judge = JudgeContact(judge_id=event.judge_id, name=event.name, contact=event.contact)
        await self.store.judges.put(judge_key(event.contest_id, event.judge_id), judge)

    async def send_sign_in_link(
        self, event: JudgeLinkRequested, portal: PortalLinks, attempt: Attempt
    ) -> None:
        found = await self.store.judges.get(judge_key(event.contest_id, event.judge_id))
        if found is None:
            raise LookupError(f"no contact yet for judge {event.judge_id}")

        async def link() -> dict[str, str]:
            return dict(await portal.link(event.contest_id, event.judge_id))

        name = await self.contest_name(event.contest_id)
        email = judge_notices.sign_in_link(event, found[0], name, link)
        await deliver_all(self.postman, [email], attempt)

    async def plan_review(self, event: ReviewAssigned) -> None:
        review = AssignedReview(
            submission_id=event.submission_id,
            assignment_id=event.assignment_id,
            due_at=event.due_at,
        )

        def with_review(batch: JudgeBatch | None) -> JudgeBatch:
            batch = batch or JudgeBatch(batch_id=event.batch_id, judge_id=event.judge_id)
            if review in batch.reviews:
                return batch
            return batch.model_copy(update={"reviews": (*batch.reviews, review)})

        await self.store.batches.update(batch_key(event.batch_id, event.judge_id), with_review)
        await self.note_judge_review(event.contest_id, event.judge_id, review)
        settle = timedelta(seconds=self.settings.assignment_settle_seconds)
        await self.schedule(batch_job(event, settle=settle))
        await self.plan_reminders(event)

    async def note_judge_review(
        self, contest_id: str, judge_id: str, review: AssignedReview
    ) -> None:
        """The judge's reviews across batches, for a reminder staff ask for now."""
        fresh = JudgeReviews(contest_id=contest_id, judge_id=judge_id)

        def with_review(kept: JudgeReviews | None) -> JudgeReviews:
            kept = kept or fresh
            if review in kept.reviews:
                return kept
            return kept.model_copy(update={"reviews": (*kept.reviews, review)})

        await self.store.judge_reviews.update(judge_reviews_key(contest_id, judge_id), with_review)

    async def plan_reminders(self, event: ReviewAssigned) -> None:
        key = assignment_key(event.assignment_id)
        fresh = AssignmentState(assignment_id=event.assignment_id)
        state = await self.store.assignments.update(key, lambda s: s or fresh) or fresh
        if state.planned or state.scored:
            return
        configured = await self.contests.get(event.contest_id)
        days = configured.contest.reminders if configured else DEFAULT_REMINDERS
        jobs = review_jobs(event, tuple(days))
        for job in jobs:
            await self.schedule(job)
        planned = {"planned": True, "jobs": tuple(j.key for j in jobs)}
        await self.store.assignments.update(key, lambda s: (s or fresh).model_copy(update=planned))

    async def schedule(self, job: Job) -> None:
        # A redelivered event finds its jobs planned already.
        job = job.model_copy(update={"cause": current_traceparent()})
        with contextlib.suppress(KeyWrongLastSequenceError):
            await self.store.jobs.kv.create(job.key, job.model_dump_json().encode())

    async def cancel_reminders(self, assignment_id: str) -> None:
        """A scored (or withdrawn) review needs no reminder; one arriving later plans none."""
        key = assignment_key(assignment_id)
        scored = AssignmentState(assignment_id=assignment_id, scored=True)
        state = await self.store.assignments.update(
            key, lambda s: s.model_copy(update={"scored": True}) if s else scored
        )
        for job_key in state.jobs if state else ():
            await self.store.jobs.kv.delete(job_key)

    async def announce_results(self, event: ResultsPublished, attempt: Attempt) -> None:
        name = await self.contest_name(event.contest_id)
        emails = [
            applicant_notices.result(
                event.event_id, event.contest_id, o, await self.contact_of(o.submission_id), name
            )
            for o in outcomes(event)
        ]
        await deliver_all(self.postman, emails, attempt)
