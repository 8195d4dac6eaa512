"""Firing one scheduled job: the batch email to a judge, a reminder, the overdue notice."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from contracts.envelope import utc_now
from notify.domain import judge_notices
from notify.domain.mail import Recipient
from notify.domain.schedule import Job
from notify.fanout import deliver_all
from notify.notifier import Notifier
from notify.portal import PortalLinks
from notify.postman import Attempt
from notify.records import (
    AssignedReview,
    AssignmentState,
    JudgeBatch,
    JudgeContact,
    SubmissionContact,
)
from notify.store import assignment_key, batch_key, judge_key, submission_key

logger = logging.getLogger("notify.jobs")


class JobRunner:
    def __init__(self, notifier: Notifier, portal: PortalLinks) -> None:
        self.notifier = notifier
        self.portal = portal
        self.store = notifier.store
        settings = notifier.settings
        self.staff = Recipient(
            "staff", "Secretariat", settings.staff_email, settings.staff_language
        )

    async def judge(self, contest_id: str, judge_id: str) -> JudgeContact:
        found = await self.store.judges.get(judge_key(contest_id, judge_id))
        if found is None:
            raise LookupError(f"no contact yet for judge {judge_id}")
        return found[0]

    async def projects(self, reviews: Iterable[AssignedReview]) -> dict[str, SubmissionContact]:
        """What notify kept of each assigned submission (its title), by submission id."""
        found = {}
        for review in reviews:
            kept = await self.store.submissions.get(submission_key(review.submission_id))
            if kept is not None:
                found[review.submission_id] = kept[0]
        return found

    async def blind(self, contest_id: str) -> bool:
        configured = await self.notifier.contests.get(contest_id)
        # A contest not known yet: say less (no applicant), never more.
        return configured.contest.blind_review if configured else True

    async def scored(self, job: Job) -> bool:
        return await self.is_scored(job.assignment_id)

    async def is_scored(self, assignment_id: str) -> bool:
        """Scored or withdrawn: either way nothing is owed on it any more."""
        found = await self.store.assignments.get(assignment_key(assignment_id))
        state: AssignmentState | None = found[0] if found else None
        return state is not None and state.scored

    async def fire(self, job: Job, *, final: bool) -> None:
        name = await self.notifier.contest_name(job.contest_id)

        async def link() -> dict[str, str]:
            return dict(await self.portal.link(job.contest_id, job.judge_id))

        if job.kind == "assignment":
            found = await self.store.batches.get(batch_key(job.batch_id, job.judge_id))
            batch = found[0] if found else JudgeBatch(batch_id=job.batch_id, judge_id=job.judge_id)
            judge = await self.judge(job.contest_id, job.judge_id)
            projects = await self.projects(batch.reviews)
            blind = await self.blind(job.contest_id)
            email = judge_notices.assignment(job, batch, judge, name, link, projects, blind=blind)
        elif await self.scored(job):
            return
        elif job.kind == "reminder":
            if job.is_stale(utc_now()):
                logger.info("reminder superseded", extra={"job": job.key, "judge_id": job.judge_id})
                return
            email = judge_notices.reminder(
                job, await self.judge(job.contest_id, job.judge_id), name, link
            )
        else:
            found_judge = await self.store.judges.get(judge_key(job.contest_id, job.judge_id))
            judge_name = found_judge[0].name if found_judge else job.judge_id
            email = judge_notices.overdue(job, judge_name, self.staff, name)
        await deliver_all(self.notifier.postman, [email], Attempt(final=final))
