"""Every domain event of the flow: intake → review → notify → archive.

Each class is frozen, past tense, and bound to exactly one subject. A breaking change to a
payload is a new `schema_version`, never an edit in place.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, TypeAdapter

from contracts.contest import Contest
from contracts.contest_parts import ApplicantTypeSlug
from contracts.envelope import (
    Contact,
    CountryCode,
    Event,
    Frozen,
    Language,
    ScreeningOutcomeName,
    Sha256,
    Slug,
    StoredFile,
    UtcDatetime,
)
from contracts.subjects import Subject


class ContestConfigured(Event):
    subject: ClassVar[Subject] = Subject.CONTEST_CONFIGURED
    event_type: Literal["contest.configured"] = "contest.configured"
    # 2: the contest gained `tie_break` and `amendment_after_assignment` (a contest refuses
    # unknown fields, so an added field is a breaking change for older consumers).
    schema_version: int = 2
    contest: Contest


class ApplicantRegistered(Event):
    """An applicant's public identity; its API key never leaves intake."""

    subject: ClassVar[Subject] = Subject.APPLICANT_REGISTERED
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
    subject: ClassVar[Subject] = Subject.SUBMISSION_RECEIVED
    event_type: Literal["submission.received"] = "submission.received"


class SubmissionAmended(_SubmissionVersion):
    subject: ClassVar[Subject] = Subject.SUBMISSION_AMENDED
    event_type: Literal["submission.amended"] = "submission.amended"


ScreeningOutcome = ScreeningOutcomeName


class SubmissionScreened(Event):
    subject: ClassVar[Subject] = Subject.SUBMISSION_SCREENED
    event_type: Literal["submission.screened"] = "submission.screened"
    submission_id: str
    version: int = Field(ge=1)
    outcome: ScreeningOutcome
    reasons: tuple[str, ...] = ()


class ScreeningOverridden(Event):
    subject: ClassVar[Subject] = Subject.SCREENING_OVERRIDDEN
    event_type: Literal["screening.overridden"] = "screening.overridden"
    submission_id: str
    outcome: Literal["eligible", "ineligible"]
    reason: str = Field(min_length=1)
    decided_by: str


class JudgeLinkRequested(Event):
    """A judge whose sign-in link was used or expired asked for a new one on the portal.
    Never the link or a token: notify asks review for a fresh link when it sends the email."""

    subject: ClassVar[Subject] = Subject.JUDGE_LINK_REQUESTED
    event_type: Literal["judge.link-requested"] = "judge.link-requested"
    judge_id: str


class JudgeRegistered(Event):
    subject: ClassVar[Subject] = Subject.JUDGE_REGISTERED
    event_type: Literal["judge.registered"] = "judge.registered"
    judge_id: str
    name: str
    country: CountryCode
    city: str = ""
    organisation: str = ""
    expertise: tuple[Slug, ...] = ()
    languages: tuple[Language, ...] = ("en",)
    pool: Slug = "main"
    contact: Contact
    organisation_domains: tuple[str, ...] = ()
    min_load: int | None = Field(default=None, ge=0)
    max_load: int | None = Field(default=None, ge=0)


class ConflictRecorded(Event):
    subject: ClassVar[Subject] = Subject.CONFLICT_RECORDED
    event_type: Literal["conflict.recorded"] = "conflict.recorded"
    judge_id: str
    submission_id: str
    conflicted: bool = Field(description="False records a staff-pinned non-conflict.")
    source: Literal["declared", "rule", "staff"]
    rule: str = Field(
        default="",
        description="The rule that matched: own-email, same-country, same-city, "
        "same-organisation, listed-domain, own-domain, declared or staff-pin.",
    )
    reason: str


class RoundStarted(Event):
    subject: ClassVar[Subject] = Subject.ROUND_STARTED
    event_type: Literal["round.started"] = "round.started"
    round: Slug
    due_at: UtcDatetime | None = None


class RoundClosed(Event):
    subject: ClassVar[Subject] = Subject.ROUND_CLOSED
    event_type: Literal["round.closed"] = "round.closed"
    round: Slug


class JudgeWithdrawn(Event):
    subject: ClassVar[Subject] = Subject.JUDGE_WITHDRAWN
    event_type: Literal["judge.withdrawn"] = "judge.withdrawn"
    judge_id: str
    reason: str
    decided_by: str


class AssignmentCommitted(Event):
    """A committed proposal and its proof: what was solved, how, and every check made."""

    subject: ClassVar[Subject] = Subject.ASSIGNMENT_COMMITTED
    event_type: Literal["assignment.committed"] = "assignment.committed"
    round: Slug
    batch_id: str
    proposal_id: str
    pairs: tuple[tuple[str, str], ...] = Field(description="(judge id, submission id)")
    input_hash: str
    proofs: dict[str, dict[str, Any]] = Field(description="Per judge pool: solver, seed, checks.")
    due_at: UtcDatetime | None = None
    accepted_unmet_min_loads: dict[str, str] = Field(
        default_factory=dict,
        description="Judge id -> how far below their minimum load and why, as staff accepted it.",
    )


class ReviewAssigned(Event):
    subject: ClassVar[Subject] = Subject.REVIEW_ASSIGNED
    event_type: Literal["review.assigned"] = "review.assigned"
    round: Slug
    assignment_id: str
    judge_id: str
    submission_id: str
    submission_version: int = Field(ge=1)
    batch_id: str = Field(description="One committed proposal; notify sends one email per batch.")
    due_at: UtcDatetime | None = None


class ReviewUnassigned(Event):
    subject: ClassVar[Subject] = Subject.REVIEW_UNASSIGNED
    event_type: Literal["review.unassigned"] = "review.unassigned"
    round: Slug
    assignment_id: str
    judge_id: str
    submission_id: str
    reason: str


class ReviewScored(Event):
    subject: ClassVar[Subject] = Subject.REVIEW_SCORED
    event_type: Literal["review.scored"] = "review.scored"
    round: Slug
    assignment_id: str
    judge_id: str
    submission_id: str
    submission_version: int = Field(ge=1)
    scores: dict[Slug, float]
    comment: str = ""
    criterion_comments: dict[Slug, str] = Field(
        default_factory=dict, description="The judge's comment per criterion, where given."
    )
    revision: int = Field(ge=1, description="Replacing a review raises its revision.")
    files_seen: tuple[Sha256, ...] = ()


class FinalistsSelected(Event):
    subject: ClassVar[Subject] = Subject.FINALISTS_SELECTED
    event_type: Literal["finalists.selected"] = "finalists.selected"
    round: Slug
    finalists: dict[Slug, tuple[str, ...]] = Field(description="Submission ids per category.")


class RankedSubmission(Frozen):
    submission_id: str
    rank: int = Field(ge=1)
    raw_score: float
    normalised_score: float
    peer_group: str | None = None


class ResultsPublished(Event):
    subject: ClassVar[Subject] = Subject.RESULTS_PUBLISHED
    event_type: Literal["results.published"] = "results.published"
    round: Slug
    rankings: dict[Slug, tuple[RankedSubmission, ...]] = Field(description="Per category.")
    peer_group_rankings: dict[str, tuple[RankedSubmission, ...]] = Field(
        default_factory=dict,
        description="Within peer groups, keyed `<category>--<grouping>-<group>`; not the results.",
    )
    winners: dict[Slug, tuple[str, ...]]
    method: str
    parameters: dict[str, Any] = Field(default_factory=dict)


class NotificationSent(Event):
    subject: ClassVar[Subject] = Subject.NOTIFICATION_SENT
    event_type: Literal["notification.sent"] = "notification.sent"
    cause_event_id: str
    template: str
    recipient_id: str = Field(description="An applicant or judge id, never an address.")
    message_id: str
    attempts: int = Field(ge=1)


class NotificationFailed(Event):
    subject: ClassVar[Subject] = Subject.NOTIFICATION_FAILED
    event_type: Literal["notification.failed"] = "notification.failed"
    cause_event_id: str
    template: str
    recipient_id: str
    reason: str
    attempts: int = Field(ge=1)


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
