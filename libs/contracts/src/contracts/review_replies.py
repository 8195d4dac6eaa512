"""Review's replies to the staff commands of `contracts.review_commands` (re-exported there,
so a sender imports a command and its reply from one module)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from contracts.envelope import Frozen, UtcDatetime
from contracts.queries import Reply
from contracts.review_events import RankedSubmission


class JudgeSummary(Frozen):
    judge_id: str
    name: str
    country: str
    pool: str
    withdrawn: bool
    min_load: int
    max_load: int
    conflicts: int
    assigned: int
    scored: int


class JudgesImported(Reply):
    registered: tuple[str, ...]
    unchanged: tuple[str, ...]
    conflicts: int


class JudgeList(Reply):
    judges: tuple[JudgeSummary, ...]


class ConflictView(Frozen):
    judge_id: str
    submission_id: str
    conflicted: bool
    source: Literal["declared", "rule", "staff"]
    rule: str = Field(default="", description="The rule that matched (see ConflictRecorded).")
    reason: str
    recorded_at: UtcDatetime


class ConflictReport(Reply):
    judge_id: str
    registered: bool
    conflicts: tuple[ConflictView, ...]


class Moved(Reply):
    """What a change did to committed assignments: only the affected pairs move."""

    unassigned: tuple[str, ...] = ()
    assigned: tuple[str, ...] = ()
    uncovered: dict[str, str] = Field(default_factory=dict)


class ScreeningSummary(Reply):
    outcomes: dict[str, int]
    needs_decision: tuple[str, ...]
    changed: int


class ProposalView(Reply):
    proposal_id: str
    round: str
    seed: int
    pairs: int
    loads: dict[str, int]
    affinity: float
    objective: float
    uncovered: dict[str, str] = Field(description="Submission id -> why it cannot be covered.")
    unmet_min_loads: dict[str, str] = Field(
        default_factory=dict,
        description="Judge id -> how far below their minimum load and why; a commit accepts them.",
    )
    input_hash: str
    proofs: dict[str, dict[str, Any]] = Field(
        default_factory=dict,
        description="Per judge pool: solver, parameters, seed, input hash, objective, checks.",
    )


class Committed(Reply):
    batch_id: str
    assigned: int
    due_at: UtcDatetime
    proofs: dict[str, dict[str, Any]] = Field(default_factory=dict, description="As stored.")


class Published(Reply):
    event_id: str


class FinalistsView(Reply):
    event_id: str
    finalists: dict[str, tuple[str, ...]]
    stable: dict[str, bool] = Field(
        description="Per category: same top places under every method, and no tie at the cut."
    )
    flags: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    ties: dict[str, tuple[tuple[str, ...], ...]] = Field(
        default_factory=dict, description="Per category, each set of submissions sharing a rank."
    )
    rankings: dict[str, tuple[RankedSubmission, ...]] = Field(
        default_factory=dict,
        description="Per category, the ranking by the method asked for, with each submission's "
        "raw mean and normalised score side by side (as results.published will carry them).",
    )


class JudgeProgress(Frozen):
    judge_id: str
    done: int
    due: int


class ContestStatus(Reply):
    contest_id: str
    stage: str
    submissions: dict[str, int] = Field(description="Submissions by state.")
    judges: tuple[JudgeProgress, ...]
