"""A judge's assignment and the scores kept on it: scoring replaces the sheet only over the
revision the judge read, so two saves racing cannot both win (no lost update)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import Field

from review.domain.documents import Document, RuleBrokenError, Value


class Draft(Value):
    """What a judge typed on the scoring page and saved without submitting: kept as typed
    (a score may still be empty or off the scale), checked only when submitted."""

    scores: dict[str, str] = Field(default_factory=dict)
    comments: dict[str, str] = Field(default_factory=dict, description="Per criterion.")
    comment: str = ""
    saved_at: datetime


@dataclass(frozen=True)
class ScoreSheet:
    """Scores by criterion slug, an overall comment and per-criterion comments (empty ones
    dropped: only what the judge wrote is kept)."""

    scores: dict[str, float]
    comment: str = ""
    criterion_comments: dict[str, str] = field(default_factory=dict)

    @property
    def noted(self) -> dict[str, str]:
        return {slug: text for slug, text in self.criterion_comments.items() if text}

    def fingerprint(self) -> str:
        """The sheet as text, part of its event id: a retried save re-derives the same id.
        Per-criterion comments join only when given, so older ids stay as they were."""
        parts: list[object] = [sorted(self.scores.items()), self.comment]
        noted = self.noted
        return json.dumps([*parts, sorted(noted.items())] if noted else parts)


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

    def scored(self, sheet: ScoreSheet, read_revision: int) -> AssignmentDoc:
        """The sheet kept as revision `read_revision + 1`, the draft cleared. Raises
        `score-conflict` when the scores were replaced since the judge read revision
        `read_revision`."""
        if self.revision != read_revision:
            raise RuleBrokenError("score-conflict", self.assignment_id)
        return self.model_copy(
            update={
                "scores": sheet.scores,
                "comment": sheet.comment,
                "criterion_comments": sheet.noted,
                "revision": read_revision + 1,
                "draft": None,
            }
        )
