"""Staff commands answered by review over request-reply (`cityprize.command.review.*`).

Every command names its contest; every reply is the answer or a `contracts.queries.Refusal`.
Each command that changes something publishes an event; the reply says which.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from contracts.commands import Command
from contracts.envelope import CountryCode, EmailAddress, Frozen, Language, Slug, UtcDatetime
from contracts.review_replies import (
    Committed,
    ConflictReport,
    ConflictView,
    ContestStatus,
    FinalistsView,
    JudgeList,
    JudgeProgress,
    JudgesImported,
    JudgeSummary,
    Moved,
    ProposalView,
    Published,
    ScreeningSummary,
)

Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
"""Ids that are also parts of KV keys: judge, submission and proposal ids."""


class JudgeProfile(Frozen):
    """One judge as staff import them (CSV or YAML, one row or item per judge)."""

    judge_id: Key
    name: str = Field(min_length=1, max_length=200)
    email: EmailAddress
    country: CountryCode
    city: str = ""
    organisation: str = ""
    domains: tuple[str, ...] = Field(default=(), description="The organisation's e-mail domains.")
    expertise: tuple[Slug, ...] = ()
    languages: tuple[Language, ...] = ("en",)
    min_load: int = Field(default=0, ge=0)
    max_load: int = Field(default=20, ge=0)
    pool: Slug = "main"
    declared_conflicts: tuple[str, ...] = Field(
        default=(), description="Submission ids the judge declared a relation with."
    )


class ContestCommand(Frozen):
    contest_id: Slug


class Requested(ContestCommand):
    """A command whose events name who asked for it (`requested_by`): the staff console fills
    it in; optional, so older senders still validate."""

    requested_by: str = Field(default="", max_length=100, description="The staff member.")


class StaffDecision(ContestCommand):
    decided_by: str = Field(min_length=1)
    reason: str = Field(min_length=1)


class ImportJudges(Requested):
    judges: tuple[JudgeProfile, ...] = Field(min_length=1)


class ListJudges(ContestCommand):
    pass


class WithdrawJudge(StaffDecision):
    judge_id: Key


class CheckConflicts(ContestCommand):
    """Either a registered judge's conflicts, or a prospective judge's (nothing is stored)."""

    judge_id: str | None = None
    prospective: JudgeProfile | None = None


class PinConflict(StaffDecision):
    judge_id: Key
    submission_id: Key
    conflicted: bool


class ScreenRound(Requested):
    pass


class ProposeAssignment(Requested):
    round: Slug = "panel"
    seed: int = 0


class CommitAssignment(Requested):
    proposal_id: Key
    due_at: UtcDatetime | None = None
    accept_unmet_min_loads: bool = Field(
        default=False,
        description="Required when the proposal leaves judges below their minimum load.",
    )


class CloseRound(Requested):
    round: Slug = "panel"


class OverrideScreening(StaffDecision):
    submission_id: Key
    outcome: Literal["eligible", "ineligible"]


class SelectFinalists(Requested):
    method: Literal["raw_mean", "median", "normalised"] = "normalised"
    selection: dict[Slug, tuple[str, ...]] | None = Field(
        default=None, description="Staff's own choice per category instead of the top K."
    )


class PublishResults(ContestCommand):
    decided_by: str = Field(min_length=1)
    winners: dict[Slug, tuple[str, ...]] = Field(description="The committee's decision.")


class StatusQuery(ContestCommand):
    pass


class ReviewCommand:
    """Each staff command review answers: its subject, request and reply."""

    JUDGES_IMPORT = Command("review", "judges-import", ImportJudges, JudgesImported)
    JUDGES_LIST = Command("review", "judges-list", ListJudges, JudgeList)
    JUDGE_WITHDRAW = Command("review", "judge-withdraw", WithdrawJudge, Moved)
    CONFLICTS_CHECK = Command("review", "conflicts-check", CheckConflicts, ConflictReport)
    CONFLICT_PIN = Command("review", "conflict-pin", PinConflict, Moved)
    ROUND_SCREEN = Command("review", "round-screen", ScreenRound, ScreeningSummary)
    ROUND_PROPOSE = Command("review", "round-propose", ProposeAssignment, ProposalView)
    ROUND_COMMIT = Command("review", "round-commit", CommitAssignment, Committed)
    ROUND_CLOSE = Command("review", "round-close", CloseRound, Published)
    SCREENING_OVERRIDE = Command("review", "screening-override", OverrideScreening, Published)
    FINALISTS_SELECT = Command("review", "finalists-select", SelectFinalists, FinalistsView)
    RESULTS_PUBLISH = Command("review", "results-publish", PublishResults, Published)
    STATUS = Command("review", "status", StatusQuery, ContestStatus)


__all__ = [
    "CheckConflicts",
    "CloseRound",
    "CommitAssignment",
    "Committed",
    "ConflictReport",
    "ConflictView",
    "ContestCommand",
    "ContestStatus",
    "FinalistsView",
    "ImportJudges",
    "JudgeList",
    "JudgeProfile",
    "JudgeProgress",
    "JudgeSummary",
    "JudgesImported",
    "Key",
    "ListJudges",
    "Moved",
    "OverrideScreening",
    "PinConflict",
    "ProposalView",
    "ProposeAssignment",
    "PublishResults",
    "Published",
    "Requested",
    "ScreenRound",
    "ScreeningSummary",
    "SelectFinalists",
    "StaffDecision",
    "StatusQuery",
    "WithdrawJudge",
]
