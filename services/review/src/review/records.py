"""The documents review keeps in its JetStream KV buckets, one model per bucket. Those with
rules of their own (rounds, proposals, assignments, submissions, judges) live in
`review.domain` and are named here too, so every bucket's model is found in one place."""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from review.domain.documents import HANDLED_KEPT as HANDLED_KEPT
from review.domain.documents import Document as Document
from review.domain.documents import Value
from review.domain.judges import Conflict as Conflict
from review.domain.judges import ConflictSource as ConflictSource
from review.domain.judges import JudgeDoc as JudgeDoc
from review.domain.proposals import Proposal as Proposal
from review.domain.reviews import AssignmentDoc as AssignmentDoc
from review.domain.reviews import Draft as Draft
from review.domain.rounds import Batch as Batch
from review.domain.rounds import ContestState as ContestState
from review.domain.submissions import SNAPSHOT_FIELDS as SNAPSHOT_FIELDS
from review.domain.submissions import Rating as Rating
from review.domain.submissions import SubmissionDoc as SubmissionDoc
from review.domain.submissions import VersionSnapshot as VersionSnapshot


class IndexEntry(Value):
    """A submission listed under a city or a project key, so screening reads only candidates."""

    submission_id: str


class TokenDoc(Value):
    contest_id: str
    judge_id: str
    expires_at: datetime
    used_at: datetime | None = Field(default=None, description="Exchanged for a portal session.")


class SessionDoc(Value):
    """A judge signed in to the portal, kept under the sha256 of the session cookie's value."""

    contest_id: str
    judge_id: str
    expires_at: datetime
    csrf: str = Field(description="The form token every POST of this session must carry.")
