"""An assignment proposal, stored as shown to staff, and the rules for committing it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from review.domain.documents import RuleBrokenError, Value
from review.domain.rounds import Batch


class Proposal(Value):
    proposal_id: str
    contest_id: str
    round: str
    seed: int
    pairs: tuple[tuple[str, str], ...] = Field(description="New (judge id, submission id).")
    versions: dict[str, int]
    loads: dict[str, int]
    affinity: float
    objective: float
    uncovered: dict[str, str]
    input_hash: str
    proofs: dict[str, dict[str, Any]] = Field(description="Per judge pool.")
    unmet_min_loads: dict[str, str] = Field(
        default_factory=dict, description="Judge id -> assigned of minimum, and why."
    )
    complete: bool
    valid: bool

    @property
    def batch_id(self) -> str:
        """The same inputs commit as the same batch, so a retried commit changes nothing."""
        return f"b-{self.input_hash[:16]}"

    def batch(self, due_at: datetime, *, accept_unmet_min_loads: bool = False) -> Batch:
        """The batch this proposal commits as, due at `due_at`. Raises `proposal-incomplete`
        (a submission uncovered, a constraint broken), `proposal-unmet-min-loads` (a judge
        below their minimum, unless accepted)."""
        if not (self.complete and self.valid):
            raise RuleBrokenError("proposal-incomplete", f"uncovered: {self.uncovered}")
        if self.unmet_min_loads and not accept_unmet_min_loads:
            # A judge promised a minimum must not learn of the shortfall from their inbox.
            raise RuleBrokenError(
                "proposal-unmet-min-loads",
                f"below their minimum load: {self.unmet_min_loads}; "
                "commit with accept_unmet_min_loads (--accept-unmet-min-loads) to accept them",
            )
        return Batch(proposal_id=self.proposal_id, round=self.round, due_at=due_at, event_ids=())
