"""What an applicant may see of its own submission: status, versions and a plain history."""

from __future__ import annotations

from typing import Any

from archive.domain.concerns import in_order
from contracts.envelope import Event
from contracts.events import NotificationSent, any_event_adapter
from contracts.queries import HistoryEntry, SubmissionStatus, VersionSummary

# Applicants see their own steps; judges' identities, scores and staff notes stay inside.
_VISIBLE = {
    "submission.received": "received",
    "submission.amended": "amended",
    "submission.screened": "screened",
    "screening.overridden": "screening decided by staff",
    "finalists.selected": "finalists selected",
    "results.published": "results published",
    "notification.sent": "email sent",
}


def submission_status(record: dict[str, Any], bodies: list[dict[str, Any]]) -> SubmissionStatus:
    events: list[Event] = [any_event_adapter.validate_python(body) for body in bodies]
    screening = record.get("screening") or {}
    return SubmissionStatus(
        contest_id=record["contest_id"],
        submission_id=record["submission_id"],
        status=record["status"],
        screening=screening.get("outcome"),
        versions=tuple(
            VersionSummary(version=v["version"], received_at=v["received_at"], files=v["files"])
            for v in record["versions"]
        ),
        history=tuple(
            HistoryEntry(
                event_type=event.event_type,
                occurred_at=event.occurred_at,
                summary=_VISIBLE[event.event_type],
            )
            for event in in_order(events)
            if event.event_type in _VISIBLE and _for_applicant(event, record["applicant_id"])
        ),
    )


def _for_applicant(event: Event, applicant_id: str) -> bool:
    """Emails to judges about this submission are not the applicant's history."""
    return not isinstance(event, NotificationSent) or event.recipient_id == applicant_id
