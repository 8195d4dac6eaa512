"""Which email a judge is owed (a batch of assignments, a reminder, a sign-in link), and
the notice to staff of a review overdue (no I/O here)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from contracts.events import JudgeLinkRequested
from contracts.notify_commands import RemindJudge
from notify.domain.mail import LateContext, Outgoing, Recipient
from notify.domain.schedule import Job
from notify.domain.texts import when
from notify.records import AssignedReview, JudgeBatch, JudgeContact, SubmissionContact


def to_judge(
    origin: tuple[str, str],
    cause: str,
    template: str,
    contact: JudgeContact,
    contest_name: str,
    late: LateContext,
    *,
    requested_by: str = "",
    **context: Any,
) -> Outgoing:
    """An email to a judge for `origin` (the cause's event id, the contest); its link to the
    portal is asked for at send time."""
    cause_event_id, contest_id = origin
    return Outgoing(
        cause_event_id=cause_event_id,
        cause=cause,
        contest_id=contest_id,
        template=template,
        recipient=Recipient.of(contact.judge_id, contact.contact),
        context={"contest_name": contest_name, "recipient_name": contact.contact.name, **context},
        late_context=late,
        requested_by=requested_by,
    )


def job_origin(job: Job) -> tuple[str, str]:
    return job.cause_event_id, job.contest_id


def assignment(
    job: Job,
    batch: JudgeBatch,
    contact: JudgeContact,
    contest_name: str,
    late: LateContext,
    projects: Mapping[str, SubmissionContact],
    *,
    blind: bool,
) -> Outgoing:
    items = assigned_items(batch.reviews, projects, blind=blind)
    cause = f"batch:{job.batch_id}"
    return to_judge(
        job_origin(job),
        cause,
        "assignment",
        contact,
        contest_name,
        late,
        round=job.round,
        assignments=items,
    )


def assigned_items(
    reviews: Iterable[AssignedReview], projects: Mapping[str, SubmissionContact], *, blind: bool
) -> list[dict[str, str]]:
    """One item per review, by submission id: its title, who proposes it, its due date.

    In a blind contest a judge sees the project and never the applicant (review's judge
    views), so `applicant` is empty there. A submission whose receipt notify has not kept
    has an empty title, and the email shows its id alone.
    """
    items = []
    for review in sorted(reviews, key=lambda r: r.submission_id):
        project = projects.get(review.submission_id)
        who = (project.organisation, project.city) if project and not blind else ()
        items.append(
            {
                "submission_id": review.submission_id,
                "title": project.title if project else "",
                "applicant": ", ".join(part for part in who if part),
                "due_at": when(review.due_at),
            }
        )
    return items


def sign_in_link(
    event: JudgeLinkRequested, contact: JudgeContact, contest_name: str, late: LateContext
) -> Outgoing:
    """A new sign-in link a judge asked for; the link itself is asked of review at send time."""
    origin = (event.event_id, event.contest_id)
    return to_judge(origin, f"link:{event.event_id}", "sign_in_link", contact, contest_name, late)


def reminder(job: Job, contact: JudgeContact, contest_name: str, late: LateContext) -> Outgoing:
    return to_judge(
        job_origin(job),
        f"job:{job.key}",
        "reminder",
        contact,
        contest_name,
        late,
        submission_id=job.submission_id,
        days=job.days,
        due_at=when(job.due_at),
    )


def reminder_now(
    command: RemindJudge,
    contact: JudgeContact,
    contest_name: str,
    late: LateContext,
    items: list[dict[str, str]],
) -> Outgoing:
    """The reminder staff asked for: the scheduled one's template, listing every review the
    judge has still to score; one per request id, however often it is asked."""
    return to_judge(
        (command.request_id, command.contest_id),
        f"remind:{command.request_id}",
        "reminder",
        contact,
        contest_name,
        late,
        requested_by=command.requested_by,
        assignments=items,
    )


def overdue(job: Job, judge_name: str, staff: Recipient, contest_name: str) -> Outgoing:
    return Outgoing(
        cause_event_id=job.cause_event_id,
        cause=f"job:{job.key}",
        contest_id=job.contest_id,
        template="overdue",
        recipient=staff,
        context={
            "contest_name": contest_name,
            "judge_id": job.judge_id,
            "judge_name": judge_name,
            "submission_id": job.submission_id,
            "assignment_id": job.assignment_id,
            "due_at": when(job.due_at),
        },
    )
