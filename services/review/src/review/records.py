"""The documents review keeps in its JetStream KV buckets, one model per bucket. Those
with rules of their own (rounds, proposals, assignments, submissions) live in `review.domain`
and are named here too, so every bucket's model is found in one place."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.review_commands import JudgeProfile
from review.domain.documents import HANDLED_KEPT as HANDLED_KEPT
from review.domain.documents import Document as Document
from review.domain.proposals import Proposal as Proposal
from review.domain.reviews import AssignmentDoc as AssignmentDoc
from review.domain.reviews import Draft as Draft
from review.domain.rounds import Batch as Batch
from review.domain.rounds import ContestState as ContestState
from review.domain.submissions import SNAPSHOT_FIELDS as SNAPSHOT_FIELDS
from review.domain.submissions import Rating as Rating
from review.domain.submissions import SubmissionDoc as SubmissionDoc
from review.domain.submissions import VersionSnapshot as VersionSnapshot

ConflictSource = Literal["declared", "rule", "staff"]


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
