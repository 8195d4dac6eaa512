"""A judge as review keeps them: their profile, whether they withdrew, and their conflicts
of interest with submissions, each with its source, rule and time."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from contracts.review_commands import JudgeProfile
from review.domain.documents import Document, Value

ConflictSource = Literal["declared", "rule", "staff"]


class Conflict(Value):
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
