"""Every domain event of the flow: intake → review → notify → archive, and the parser that
reads any of them by its `event_type`.

Review's events are written in `contracts.review_events` and re-exported here, so that every
consumer imports every event from this one module. Each class is frozen, past tense, and bound
to exactly one subject, `prize.<event_type>` (see `contracts.envelope.Event`). A breaking
change to a payload is a new `schema_version`, never an edit in place.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, TypeAdapter

from contracts.contest import Contest
from contracts.contest_parts import ApplicantTypeSlug
from contracts.envelope import Contact, CountryCode, Event, Slug, StoredFile
from contracts.review_events import (
    AssignmentCommitted,
    ConflictRecorded,
    FinalistsSelected,
    JudgeLinkRequested,
    JudgeRegistered,
    JudgeWithdrawn,
    RankedSubmission,
    ResultsPublished,
    ReviewAssigned,
    ReviewScored,
    ReviewUnassigned,
    RoundClosed,
    RoundStarted,
    ScreeningOutcome,
    ScreeningOverridden,
    SubmissionScreened,
)


class ContestConfigured(Event):
    event_type: Literal["contest.configured"] = "contest.configured"
    # 2: the contest gained `tie_break` and `amendment_after_assignment` (a contest refuses
    # unknown fields, so an added field is a breaking change for older consumers).
    schema_version: int = 2
    contest: Contest


class ApplicantRegistered(Event):
    """An applicant's public identity; its API key never leaves intake."""

    event_type: Literal["applicant.registered"] = "applicant.registered"
    applicant_id: str
    applicant_type: ApplicantTypeSlug
    name: str
    city: str
    country: CountryCode
    organisation: str = ""
    contact: Contact


class _SubmissionVersion(Event):
    """One stored version of a submission, as received or amended."""

    submission_id: str
    version: int = Field(ge=1)
    applicant_id: str
    applicant_type: ApplicantTypeSlug
    category: Slug
    sectors: tuple[Slug, ...]
    title: str
    city: str
    country: CountryCode
    organisation: str = ""
    on_behalf_of_city: str | None = None
    contact: Contact
    files: tuple[StoredFile, ...]
    manifest_key: str
    application: dict[str, Any] = Field(description="The application form as accepted.")
    endorsement_key: str | None = Field(
        default=None,
        description="object_key of the file in `files` that is the city's endorsement letter.",
    )


class SubmissionReceived(_SubmissionVersion):
    event_type: Literal["submission.received"] = "submission.received"


class SubmissionAmended(_SubmissionVersion):
    event_type: Literal["submission.amended"] = "submission.amended"


# The two facts that store a version of a submission: readers that keep or answer for a
# version (archive's record, notify's receipt) take either alike.
SubmissionVersion = SubmissionReceived | SubmissionAmended


def _version_kind(body: Any) -> str:
    kind = body.get("event_type") if isinstance(body, dict) else getattr(body, "event_type", "")
    return "amended" if kind == "submission.amended" else "received"


# What a consumer of either subject decodes: one validation per message, the model its
# `event_type` names. As the plain union, pydantic validated a body against both models, the
# one it is not failing only at `event_type`, after every field (the contact's address among
# them): twice the cost. A body without `event_type` is a receipt, as the union's defaults
# made it.
ArrivingVersion = Annotated[
    Annotated[SubmissionReceived, Tag("received")] | Annotated[SubmissionAmended, Tag("amended")],
    Discriminator(_version_kind),
]
# The automatic screening and the staff override of it: either is the verdict a submission
# now stands on.
ScreeningVerdict = SubmissionScreened | ScreeningOverridden


class NotificationSent(Event):
    event_type: Literal["notification.sent"] = "notification.sent"
    cause_event_id: str
    template: str
    recipient_id: str = Field(description="An applicant or judge id, never an address.")
    message_id: str
    attempts: int = Field(ge=1)
    requested_by: str = Field(
        default="", description="The staff member who asked for the email, when one did."
    )


class NotificationFailed(Event):
    event_type: Literal["notification.failed"] = "notification.failed"
    cause_event_id: str
    template: str
    recipient_id: str
    reason: str
    attempts: int = Field(ge=1)
    requested_by: str = Field(
        default="", description="The staff member who asked for the email, when one did."
    )


ALL_EVENT_TYPES: tuple[type[Event], ...] = (
    ContestConfigured,
    ApplicantRegistered,
    SubmissionReceived,
    SubmissionAmended,
    SubmissionScreened,
    ScreeningOverridden,
    JudgeRegistered,
    JudgeLinkRequested,
    JudgeWithdrawn,
    ConflictRecorded,
    RoundStarted,
    RoundClosed,
    AssignmentCommitted,
    ReviewAssigned,
    ReviewUnassigned,
    ReviewScored,
    FinalistsSelected,
    ResultsPublished,
    NotificationSent,
    NotificationFailed,
)

AnyEvent = Annotated[
    ContestConfigured
    | ApplicantRegistered
    | SubmissionReceived
    | SubmissionAmended
    | SubmissionScreened
    | ScreeningOverridden
    | JudgeRegistered
    | JudgeLinkRequested
    | JudgeWithdrawn
    | ConflictRecorded
    | RoundStarted
    | RoundClosed
    | AssignmentCommitted
    | ReviewAssigned
    | ReviewUnassigned
    | ReviewScored
    | FinalistsSelected
    | ResultsPublished
    | NotificationSent
    | NotificationFailed,
    Field(discriminator="event_type"),
]

any_event_adapter: TypeAdapter[AnyEvent] = TypeAdapter(AnyEvent)


def parse_event(raw: bytes | str) -> Event:
    """Parse any domain event by its `event_type`; unknown fields are ignored."""
    event: Event = any_event_adapter.validate_json(raw)
    return event


__all__ = [
    "ALL_EVENT_TYPES",
    "AnyEvent",
    "ApplicantRegistered",
    "ArrivingVersion",
    "AssignmentCommitted",
    "ConflictRecorded",
    "ContestConfigured",
    "FinalistsSelected",
    "JudgeLinkRequested",
    "JudgeRegistered",
    "JudgeWithdrawn",
    "NotificationFailed",
    "NotificationSent",
    "RankedSubmission",
    "ResultsPublished",
    "ReviewAssigned",
    "ReviewScored",
    "ReviewUnassigned",
    "RoundClosed",
    "RoundStarted",
    "ScreeningOutcome",
    "ScreeningOverridden",
    "ScreeningVerdict",
    "SubmissionAmended",
    "SubmissionReceived",
    "SubmissionScreened",
    "SubmissionVersion",
    "any_event_adapter",
    "parse_event",
]
