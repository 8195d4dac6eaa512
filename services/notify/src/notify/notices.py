"""Which email each fact owes, to whom, with what in it (no I/O here)."""

from __future__ import annotations

from contracts.events import (
    JudgeLinkRequested,
    ScreeningOverridden,
    SubmissionAmended,
    SubmissionReceived,
)
from contracts.events import SubmissionScreened as Screened
from notify.domain.mail import LateContext, Outgoing, Recipient
from notify.domain.outcomes import SubmissionOutcome
from notify.domain.schedule import Job
from notify.records import JudgeBatch, JudgeContact, SubmissionContact
from notify.texts import when


def applicant(contact: SubmissionContact) -> Recipient:
    c = contact.contact
    return Recipient(contact.applicant_id, c.name, str(c.email), c.language)


def judge(contact: JudgeContact) -> Recipient:
    c = contact.contact
    return Recipient(contact.judge_id, c.name, str(c.email), c.language)


def receipt(event: SubmissionReceived | SubmissionAmended, contest_name: str) -> Outgoing:
    return Outgoing(
        cause_event_id=event.event_id,
        contest_id=event.contest_id,
        template="receipt",
        recipient=Recipient(
            event.applicant_id, event.contact.name, str(event.contact.email), event.contact.language
        ),
        context={
            "contest_name": contest_name,
            "recipient_name": event.contact.name,
            "title": event.title,
            "submission_id": event.submission_id,
            "version": event.version,
            "amended": isinstance(event, SubmissionAmended),
            "file_count": len(event.files),
        },
    )


def screening(
    event: Screened | ScreeningOverridden, contact: SubmissionContact, contest_name: str
) -> Outgoing:
    reasons = event.reasons if isinstance(event, Screened) else (event.reason,)
    return Outgoing(
        cause_event_id=event.event_id,
        contest_id=event.contest_id,
        template="screening",
        recipient=applicant(contact),
        context={
            "contest_name": contest_name,
            "recipient_name": contact.contact.name,
            "title": contact.title,
            "submission_id": event.submission_id,
            "outcome": event.outcome,
            "reasons": list(reasons),
        },
    )


def result(
    cause_event_id: str,
    contest_id: str,
    outcome: SubmissionOutcome,
    contact: SubmissionContact,
    contest_name: str,
) -> Outgoing:
    return Outgoing(
        cause_event_id=cause_event_id,
        contest_id=contest_id,
        template="winner" if outcome.winner else "results",
        recipient=applicant(contact),
        topic=outcome.submission_id,
        context={
            "contest_name": contest_name,
            "recipient_name": contact.contact.name,
            "title": contact.title,
            "category": outcome.category,
            "rank": outcome.rank,
        },
    )


def assignment(
    job: Job, batch: JudgeBatch, contact: JudgeContact, contest_name: str, late: LateContext
) -> Outgoing:
    reviews = sorted(batch.reviews, key=lambda r: r.submission_id)
    return Outgoing(
        cause_event_id=job.cause_event_id,
        cause=f"batch:{job.batch_id}",
        contest_id=job.contest_id,
        template="assignment",
        recipient=judge(contact),
        context={
            "contest_name": contest_name,
            "recipient_name": contact.contact.name,
            "round": job.round,
            "assignments": [
                {"submission_id": r.submission_id, "due_at": when(r.due_at)} for r in reviews
            ],
        },
        late_context=late,
    )


def sign_in_link(
    event: JudgeLinkRequested, contact: JudgeContact, contest_name: str, late: LateContext
) -> Outgoing:
    """A new sign-in link a judge asked for; the link itself is asked of review at send time."""
    return Outgoing(
        cause_event_id=event.event_id,
        cause=f"link:{event.event_id}",
        contest_id=event.contest_id,
        template="sign_in_link",
        recipient=judge(contact),
        context={"contest_name": contest_name, "recipient_name": contact.contact.name},
        late_context=late,
    )


def reminder(job: Job, contact: JudgeContact, contest_name: str, late: LateContext) -> Outgoing:
    return Outgoing(
        cause_event_id=job.cause_event_id,
        cause=f"job:{job.key}",
        contest_id=job.contest_id,
        template="reminder",
        recipient=judge(contact),
        context={
            "contest_name": contest_name,
            "recipient_name": contact.contact.name,
            "submission_id": job.submission_id,
            "days": job.days,
            "due_at": when(job.due_at),
        },
        late_context=late,
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
