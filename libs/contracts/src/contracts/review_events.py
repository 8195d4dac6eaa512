"""The events review publishes: screening, judges and their conflicts, rounds, assignments,
reviews, finalists and results. `contracts.events` re-exports them with every other event.

Each class is frozen, past tense, and bound to exactly one subject, `prize.<event_type>` (see
`contracts.envelope.Event`). A breaking change to a payload is a new `schema_version`, never
an edit in place.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from contracts.envelope import (
    Contact,
    CountryCode,
    Event,
    Frozen,
    Language,
    ScreeningOutcomeName,
    Sha256,
    Slug,
    UtcDatetime,
)

ScreeningOutcome = ScreeningOutcomeName


class _StaffRequested(Event):
    """An event a staff command caused: it names who asked (the command's `requested_by`;
    empty when the sender did not say, as older senders and the automatic paths do not)."""

    requested_by: str = Field(default="", max_length=100, description="The staff member.")


class SubmissionScreened(Event):
    event_type: Literal["submission.screened"] = "submission.screened"
    submission_id: str
    version: int = Field(ge=1)
    outcome: ScreeningOutcome
    reasons: tuple[str, ...] = ()


class ScreeningOverridden(Event):
    event_type: Literal["screening.overridden"] = "screening.overridden"
    submission_id: str
    outcome: Literal["eligible", "ineligible"]
    reason: str = Field(min_length=1)
    decided_by: str


class JudgeLinkRequested(Event):
    """A judge whose sign-in link was used or expired asked for a new one on the portal.
    Never the link or a token: notify asks review for a fresh link when it sends the email."""

    event_type: Literal["judge.link-requested"] = "judge.link-requested"
    judge_id: str


class JudgeRegistered(_StaffRequested):
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


class RoundStarted(_StaffRequested):
    event_type: Literal["round.started"] = "round.started"
    round: Slug
    due_at: UtcDatetime | None = None


class RoundClosed(_StaffRequested):
    event_type: Literal["round.closed"] = "round.closed"
    round: Slug


class JudgeWithdrawn(Event):
    event_type: Literal["judge.withdrawn"] = "judge.withdrawn"
    judge_id: str
    reason: str
    decided_by: str


class AssignmentCommitted(_StaffRequested):
    """A committed proposal and its proof: what was solved, how, and every check made."""

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


class _OneReview(Event):
    """One judge's review of one submission in a round: what its assignment names."""

    round: Slug
    assignment_id: str
    judge_id: str
    submission_id: str


class _OneReviewOfAVersion(_OneReview):
    """A review tied to the submission version the judge reads."""

    submission_version: int = Field(ge=1)


class ReviewAssigned(_OneReviewOfAVersion):
    event_type: Literal["review.assigned"] = "review.assigned"
    batch_id: str = Field(description="One committed proposal; notify sends one email per batch.")
    due_at: UtcDatetime | None = None


class ReviewUnassigned(_OneReview):
    event_type: Literal["review.unassigned"] = "review.unassigned"
    reason: str


class ReviewScored(_OneReviewOfAVersion):
    event_type: Literal["review.scored"] = "review.scored"
    scores: dict[Slug, float]
    comment: str = ""
    criterion_comments: dict[Slug, str] = Field(
        default_factory=dict, description="The judge's comment per criterion, where given."
    )
    revision: int = Field(ge=1, description="Replacing a review raises its revision.")
    files_seen: tuple[Sha256, ...] = ()


class FinalistsSelected(_StaffRequested):
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
