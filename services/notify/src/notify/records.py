"""The documents notify keeps in its own KV buckets."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from contracts.envelope import Contact


class _Doc(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class SubmissionContact(_Doc):
    """Who to write to about a submission: the contact of its newest version."""

    submission_id: str
    applicant_id: str
    version: int
    title: str
    category: str
    contact: Contact
    applicant_type: str | None = None
    """None in records kept before it was: their emails greet the contact by name."""
    organisation: str = ""
    city: str = ""


class JudgeContact(_Doc):
    judge_id: str
    name: str
    contact: Contact


DeliveryState = Literal["sending", "sent", "failed"]


class Delivery(_Doc):
    """What happened to one email (cause + recipient + topic): the exactly-once ledger."""

    state: DeliveryState
    cause_event_id: str
    template: str
    recipient_id: str
    message_id: str
    attempts: int = 0
    reason: str = ""


class AssignedReview(_Doc):
    submission_id: str
    assignment_id: str
    due_at: datetime | None = None


class JudgeBatch(_Doc):
    """A judge's assignments of one batch, gathered until the batch email goes out."""

    batch_id: str
    judge_id: str
    reviews: tuple[AssignedReview, ...] = ()


class JudgeReviews(_Doc):
    """Every review a judge was assigned in one contest, across batches: what a reminder
    asked for by staff lists (those not scored yet)."""

    contest_id: str
    judge_id: str
    reviews: tuple[AssignedReview, ...] = ()


class AssignmentState(_Doc):
    """Reminders planned for one assignment, and whether the review has come in."""

    assignment_id: str
    jobs: tuple[str, ...] = ()
    planned: bool = False
    scored: bool = False
