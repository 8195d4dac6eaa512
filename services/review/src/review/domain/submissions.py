"""A submission as review keeps it: its current version, the earlier versions judges were
assigned, its screening and the ratings counted on it."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import Field

from contracts.envelope import StoredFile
from review.domain.documents import Document, Value


class Rating(Value):
    judge_id: str
    scores: dict[str, float]
    comment: str = ""
    revision: int


class VersionFields(Value):
    """What one version of a submission says; an amendment replaces all of it."""

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


class VersionSnapshot(VersionFields):
    """What a judge assigned to an earlier version goes on reading (issue 16, kind 4)."""


SNAPSHOT_FIELDS: set[str] = set(VersionSnapshot.model_fields)


class SubmissionDoc(Document, VersionFields):
    """The newest version (its `VersionFields`) with what review knows of the submission."""

    contest_id: str
    submission_id: str
    received_at: datetime
    applicant_id: str
    contact_email: str = ""
    endorsement_key: str | None = None
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
    def endorsed(self) -> bool:
        """Whether the city's letter came: intake marks it as its own part (`endorsement_key`)."""
        return self.endorsement_key is not None and any(
            f.object_key == self.endorsement_key for f in self.files
        )

    @property
    def state(self) -> str:
        return self.override or self.screening or "received"

    @property
    def eligible(self) -> bool:
        return self.state == "eligible"

    def rated(self, event_id: str, assignment_id: str, rating: Rating) -> SubmissionDoc:
        """A judge's score counted once, by the event that carried it; only a newer revision
        replaces the rating kept for its assignment."""
        if self.has_handled(event_id):
            return self
        kept = self.ratings.get(assignment_id)
        ratings = dict(self.ratings)
        if kept is None or kept.revision < rating.revision:
            ratings[assignment_id] = rating
        return self.model_copy(update={"ratings": ratings, "handled": self.handled_plus(event_id)})

    def overridden(self, outcome: Literal["eligible", "ineligible"], reason: str) -> SubmissionDoc:
        """Staff's screening decision, which wins over the automatic outcome."""
        return self.model_copy(update={"override": outcome, "override_reason": reason})
