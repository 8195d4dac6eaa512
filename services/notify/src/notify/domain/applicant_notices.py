"""Which email a fact owes an applicant, with what in it (no I/O here)."""

from __future__ import annotations

from typing import Any

from contracts.events import ScreeningVerdict, SubmissionAmended, SubmissionVersion
from contracts.events import SubmissionScreened as Screened
from notify.domain.greeting import greeting
from notify.domain.mail import Outgoing, Recipient
from notify.domain.results import SubmissionOutcome, ordinal
from notify.records import SubmissionContact


def kept_contact(event: SubmissionVersion) -> SubmissionContact:
    """What notify keeps of a submission's version to write about it later."""
    return SubmissionContact.model_validate(event, from_attributes=True)


def to_applicant(
    cause_event_id: str,
    contest_id: str,
    template: str,
    contact: SubmissionContact,
    contest_name: str,
    *,
    topic: str = "",
    **context: Any,
) -> Outgoing:
    """An email to an applicant: each says the contest, the name, the greeting, the title."""
    return Outgoing(
        cause_event_id=cause_event_id,
        contest_id=contest_id,
        template=template,
        recipient=Recipient.of(contact.applicant_id, contact.contact),
        topic=topic,
        context={
            "contest_name": contest_name,
            "recipient_name": contact.contact.name,
            "greeting": greeting(
                contact.applicant_type,
                contact.contact.name,
                organisation=contact.organisation,
                city=contact.city,
            ),
            "title": contact.title,
            **context,
        },
    )


def receipt(event: SubmissionVersion, contest_name: str) -> Outgoing:
    return to_applicant(
        event.event_id,
        event.contest_id,
        "receipt",
        kept_contact(event),
        contest_name,
        submission_id=event.submission_id,
        version=event.version,
        amended=isinstance(event, SubmissionAmended),
        file_count=len(event.files),
    )


def screening(event: ScreeningVerdict, contact: SubmissionContact, contest_name: str) -> Outgoing:
    reasons = event.reasons if isinstance(event, Screened) else (event.reason,)
    return to_applicant(
        event.event_id,
        event.contest_id,
        "screening",
        contact,
        contest_name,
        submission_id=event.submission_id,
        outcome=event.outcome,
        reasons=list(reasons),
    )


def result(
    cause_event_id: str,
    contest_id: str,
    outcome: SubmissionOutcome,
    contact: SubmissionContact,
    contest_name: str,
) -> Outgoing:
    return to_applicant(
        cause_event_id,
        contest_id,
        "winner" if outcome.winner else "results",
        contact,
        contest_name,
        topic=outcome.submission_id,
        category=outcome.category,
        rank=outcome.rank,
        rank_ordinal=ordinal(outcome.rank) if outcome.rank else None,
        tied=outcome.tied,
    )
