"""The value types of judge assignment: the problem a solver gets and the proposal it returns.

    judge = JudgeCapacity("j1", 0, 30, frozenset({"mobility"}), frozenset({"en"}))
    need = SubmissionNeed("s1", frozenset({"mobility"}), "en", reviews=3)
    problem = AssignmentProblem((judge, ...), (need, ...), frozenset({("j2", "s1")}), seed=7)
    proposal = propose(problem)          # review.domain.assignment
    proposal.complete, proposal.uncovered, proposal.loads, proposal.proof.checks

Everything here is immutable and holds plain ids, so a proposal can be stored as it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Pair = tuple[str, str]
"""(judge_id, submission_id)."""


@dataclass(frozen=True)
class JudgeCapacity:
    """A judge of the round's pool: how many reviews they take and what they know."""

    judge_id: str
    min_load: int
    max_load: int
    expertise: frozenset[str]
    languages: frozenset[str]


@dataclass(frozen=True)
class SubmissionNeed:
    """A submission to review: its sectors, its language and how many reviews it needs."""

    submission_id: str
    sectors: frozenset[str]
    language: str
    reviews: int


@dataclass(frozen=True)
class AssignmentProblem:
    """`conflicts` are hard exclusions; `fixed` pairs must stay (used by reassignment)."""

    judges: tuple[JudgeCapacity, ...]
    submissions: tuple[SubmissionNeed, ...]
    conflicts: frozenset[Pair]
    seed: int = 0
    fixed: frozenset[Pair] = frozenset()


@dataclass(frozen=True)
class Uncovered:
    """A submission that gets fewer reviews than it needs, and why."""

    submission_id: str
    needed: int
    assigned: int
    reason: str


@dataclass(frozen=True)
class Unmet:
    """A judge left below their minimum load, and why; committing must accept it."""

    judge_id: str
    minimum: int
    assigned: int
    reason: str


@dataclass(frozen=True)
class AssignmentProof:
    """What is stored with a committed assignment, so anyone can re-run and re-check it.

    `input_hash` is the sha256 of the problem's canonical JSON (ids sorted, seed included);
    `objective` is the solver's cost of the result (lower is better, same formula for every
    solver); `checks` names every constraint checked on the result.
    """

    solver: str
    parameters: dict[str, Any]
    seed: int
    input_hash: str
    objective: int
    checks: dict[str, bool]


@dataclass(frozen=True)
class AssignmentProposal:
    """`pairs` sorted; `loads` for every judge of the pool (0 included); `affinity` per pair."""

    pairs: tuple[Pair, ...]
    loads: dict[str, int]
    affinity: dict[Pair, int]
    total_affinity: int
    uncovered: tuple[Uncovered, ...]
    proof: AssignmentProof
    spread: int = field(default=0)
    """max − min load over the pool."""
    unmet_minimums: tuple[Unmet, ...] = ()
    """Judges below their minimum load (sorted by id), each with the reason."""

    @property
    def complete(self) -> bool:
        """Every submission has all the reviews it needs."""
        return not self.uncovered

    @property
    def valid(self) -> bool:
        """Every constraint check passed (a proposal can be valid and still incomplete)."""
        return all(self.proof.checks.values())
