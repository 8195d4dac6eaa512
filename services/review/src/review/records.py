"""The documents review keeps in its JetStream KV buckets, one model per bucket.

Each document remembers the event ids it has applied (`handled`), so a redelivered event
changes nothing: every consumer is idempotent by event id.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.envelope import StoredFile
from contracts.review_commands import JudgeProfile

HANDLED_KEPT = 500
ConflictSource = Literal["declared", "rule", "staff"]


class Document(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    handled: tuple[str, ...] = ()

    def has_handled(self, event_id: str) -> bool:
        return event_id in self.handled

    def handled_plus(self, event_id: str) -> tuple[str, ...]:
        return (*self.handled, event_id)[-HANDLED_KEPT:]


class Rating(BaseModel):
    model_config = ConfigDict(frozen=True)

    judge_id: str
    scores: dict[str, float]
    comment: str = ""
    revision: int


class VersionSnapshot(BaseModel):
    """What a judge assigned to an earlier version goes on reading (issue 16, kind 4)."""

    model_config = ConfigDict(frozen=True)

    version: int
    applicant_type: str
    category: str
    sectors: tuple[str, ...]
    title: str
    city: str
    country: str
    organisation: str = ""
    on_behalf_of_city: str | None = None
    files: tuple[StoredFile, ...] = ()
    application: dict[str, Any] = Field(default_factory=dict)


SNAPSHOT_FIELDS: set[str] = set(VersionSnapshot.model_fields)


class SubmissionDoc(Document):
    contest_id: str
    submission_id: str
    version: int
    received_at: datetime
    applicant_id: str
    applicant_type: str
    category: str
    sectors: tuple[str, ...]
    title: str
    city: str
    country: str
    organisation: str = ""
    on_behalf_of_city: str | None = None
    contact_email: str = ""
    files: tuple[StoredFile, ...] = ()
    endorsement_key: str | None = None
    application: dict[str, Any] = Field(default_factory=dict)
    screening: str | None = None
    reasons: tuple[str, ...] = ()
    override: Literal["eligible", "ineligible"] | None = None
    override_reason: str = ""
    ratings: dict[str, Rating] = Field(default_factory=dict, description="By assignment id.")
    earlier: dict[int, VersionSnapshot] = Field(
        default_factory=dict, description="Each replaced version, kept for judges assigned it."
    )
    superseded: tuple[str, ...] = Field(
        default=(), description="Assignments moved to a newer version; their ratings are kept."
    )

    def counted_ratings(self) -> list[Rating]:
        """The ratings that count: a superseded one is history, not a score of this version."""
        return [r for aid, r in self.ratings.items() if aid not in self.superseded]

    def snapshot(self) -> VersionSnapshot:
        return VersionSnapshot.model_validate(self.model_dump(include=SNAPSHOT_FIELDS))

    def as_of(self, version: int) -> SubmissionDoc:
        """This submission as it was at `version`: what a judge assigned that version reads
        and scores, however it was amended since. Its screening and ratings stay current."""
        kept = self.earlier.get(version)
        if version == self.version or kept is None:
            return self
        return self.model_copy(update={name: getattr(kept, name) for name in SNAPSHOT_FIELDS})

    @property
    def state(self) -> str:
        return self.override or self.screening or "received"

    @property
    def eligible(self) -> bool:
        return self.state == "eligible"


class Conflict(BaseModel):
    model_config = ConfigDict(frozen=True)

    conflicted: bool
    source: ConflictSource
    reason: str
    recorded_at: datetime
    rule: str = ""
    """Which rule matched (`own-email`, `listed-domain`, ... `declared`, `staff-pin`); empty in
    conflicts recorded before rules were named."""
    declared_on_portal: bool = False

    @property
    def pinned(self) -> bool:
        """Kept through every re-detection: staff's pins and the judge's own declarations."""
        return self.source == "staff" or self.declared_on_portal


class JudgeDoc(Document):
    contest_id: str
    profile: JudgeProfile
    withdrawn: bool = False
    conflicts: dict[str, Conflict] = Field(default_factory=dict, description="By submission id.")

    def conflicted_with(self, submission_id: str) -> bool:
        found = self.conflicts.get(submission_id)
        return found is not None and found.conflicted


class Draft(BaseModel):
    """What a judge typed on the scoring page and saved without submitting: kept as typed
    (a score may still be empty or off the scale), checked only when submitted."""

    model_config = ConfigDict(frozen=True)

    scores: dict[str, str] = Field(default_factory=dict)
    comments: dict[str, str] = Field(default_factory=dict, description="Per criterion.")
    comment: str = ""
    saved_at: datetime


class AssignmentDoc(Document):
    contest_id: str
    assignment_id: str
    round: str
    judge_id: str
    submission_id: str
    submission_version: int
    batch_id: str
    due_at: datetime
    active: bool = True
    scores: dict[str, float] = Field(default_factory=dict)
    comment: str = ""
    criterion_comments: dict[str, str] = Field(default_factory=dict)
    revision: int = 0
    draft: Draft | None = None


class Batch(BaseModel):
    model_config = ConfigDict(frozen=True)

    proposal_id: str
    round: str
    due_at: datetime
    event_ids: tuple[str, ...]


class ContestState(Document):
    contest_id: str
    open_rounds: tuple[str, ...] = ()
    closed_rounds: tuple[str, ...] = ()
    batches: dict[str, Batch] = Field(default_factory=dict)
    finalists: dict[str, tuple[str, ...]] | None = None
    results_event_id: str | None = None
    results_event: dict[str, Any] | None = Field(default=None, description="Re-published on retry.")
    method: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)

    @property
    def stage(self) -> str:
        if self.results_event_id:
            return "published"
        if self.finalists is not None:
            return "committee"
        if "panel" in self.closed_rounds:
            return "panel-closed"
        if "panel" in self.open_rounds:
            return "panel"
        return "screening"


class Proposal(BaseModel):
    model_config = ConfigDict(frozen=True)

    proposal_id: str
    contest_id: str
    round: str
    seed: int
    pairs: tuple[tuple[str, str], ...] = Field(description="New (judge id, submission id).")
    versions: dict[str, int]
    loads: dict[str, int]
    affinity: float
    objective: float
    uncovered: dict[str, str]
    input_hash: str
    proofs: dict[str, dict[str, Any]] = Field(description="Per judge pool.")
    unmet_min_loads: dict[str, str] = Field(
        default_factory=dict, description="Judge id -> assigned of minimum, and why."
    )
    complete: bool
    valid: bool


class IndexEntry(BaseModel):
    """A submission listed under a city or a project key, so screening reads only candidates."""

    model_config = ConfigDict(frozen=True)

    submission_id: str


class TokenDoc(BaseModel):
    model_config = ConfigDict(frozen=True)

    contest_id: str
    judge_id: str
    expires_at: datetime
    used_at: datetime | None = Field(default=None, description="Exchanged for a portal session.")


class SessionDoc(BaseModel):
    """A judge signed in to the portal, kept under the sha256 of the session cookie's value."""

    model_config = ConfigDict(frozen=True)

    contest_id: str
    judge_id: str
    expires_at: datetime
    csrf: str = Field(description="The form token every POST of this session must carry.")
