"""Request-reply between services and from the staff CLI (core NATS, outside every stream).

Every request names its contest; every reply is either the answer or a `Refusal`. Replies,
like events, ignore unknown fields so that either side can grow.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from contracts.envelope import Frozen, ScreeningOutcomeName, Slug, StoredFile, UtcDatetime
from contracts.subjects import query_subject

SUBMISSION_STATUS = query_subject("archive", "submission-status")
JUDGE_PORTAL_LINK = query_subject("review", "judge-portal-link")


# An answer: every reply that is not a `Refusal` says `ok: true` first. (A comment, not a
# docstring, so that the JSON Schema of a bare `Reply` stays as it was.)
class Reply(Frozen):
    ok: Literal[True] = True


class Refusal(Frozen):
    """The request was understood and refused: `kind` is stable, `detail` is for people."""

    ok: Literal[False] = False
    kind: str
    detail: str = ""


class SubmissionStatusQuery(Frozen):
    """Asked by intake for an applicant; only the applicant's own submission is answered."""

    contest_id: Slug
    submission_id: str
    applicant_id: str


class VersionSummary(Frozen):
    version: int = Field(ge=1)
    received_at: UtcDatetime
    files: tuple[StoredFile, ...]


class HistoryEntry(Frozen):
    event_type: str
    occurred_at: UtcDatetime
    summary: str = ""


class SubmissionStatus(Reply):
    contest_id: Slug
    submission_id: str
    status: str = Field(description="received, eligible, ineligible, needs_decision, finalist, ...")
    screening: ScreeningOutcomeName | None = None
    versions: tuple[VersionSummary, ...]
    history: tuple[HistoryEntry, ...]


class JudgePortalLinkQuery(Frozen):
    """Asked by notify at send time, so a login link never travels in an event."""

    contest_id: Slug
    judge_id: str


class JudgePortalLink(Reply):
    url: str
    expires_at: UtcDatetime
