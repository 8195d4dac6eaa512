"""A submission's status, answered by archive over request-reply."""

from __future__ import annotations

from faststream.nats import NatsBroker
from pydantic import ValidationError

from contracts.queries import (
    SUBMISSION_STATUS,
    HistoryEntry,
    Refusal,
    SubmissionStatus,
    SubmissionStatusQuery,
    VersionSummary,
)
from intake.submission_repository import SubmissionRecord


class StatusUnavailableError(Exception):
    pass


async def ask_archive(
    broker: NatsBroker, record: SubmissionRecord, timeout: float
) -> SubmissionStatus | Refusal:
    query = SubmissionStatusQuery(
        contest_id=record.contest_id,
        submission_id=record.submission_id,
        applicant_id=record.applicant_id,
    )
    client = broker.connection
    try:
        reply = await client.request(
            SUBMISSION_STATUS, query.model_dump_json().encode(), timeout=timeout
        )
    except Exception as error:  # no responders, timeout, disconnected: all mean "not now"
        raise StatusUnavailableError(type(error).__name__) from None
    try:
        return SubmissionStatus.model_validate_json(reply.data)
    except ValidationError:
        try:
            return Refusal.model_validate_json(reply.data)
        except ValidationError:
            raise StatusUnavailableError("an unreadable reply") from None


def local_status(record: SubmissionRecord) -> SubmissionStatus:
    """What intake itself knows, while archive has not recorded the submission yet."""
    return SubmissionStatus(
        contest_id=record.contest_id,
        submission_id=record.submission_id,
        status="received",
        versions=tuple(
            VersionSummary(version=v.version, received_at=v.received_at, files=v.files)
            for v in record.versions
        ),
        history=tuple(
            HistoryEntry(
                event_type="submission.received" if v.version == 1 else "submission.amended",
                occurred_at=v.received_at,
                summary=f"version {v.version}",
            )
            for v in record.versions
        ),
    )
