"""A contest's progress through its rounds: which are open or closed, the committed
assignment batches, the finalists and the frozen results. Every stage change is a method
that checks its rule and returns the next state (documents are frozen); the handler loads,
calls, saves with a revision check, then publishes.

Rules from the brief: scoring happens only in an open round; finalists are chosen after the
panel round closes; winners are finalists; results, once published, never change.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from review.domain.documents import Document, RuleBrokenError, Value

FINALIST_ROUND = "panel"
RESULTS_ROUND = "committee"


class Batch(Value):
    proposal_id: str
    round: str
    due_at: datetime
    event_ids: tuple[str, ...]


class ContestState(Document):
    contest_id: str
    open_rounds: tuple[str, ...] = ()
    closed_rounds: tuple[str, ...] = ()
    batches: dict[str, Batch] = Field(default_factory=dict)
    finalists: dict[str, tuple[str, ...]] | None = None
    results_event_id: str | None = None
    results_event: dict[str, Any] | None = Field(default=None, description="Re-published on retry.")
    method: str | None = None
    parameters: dict[str, Any] = Field(default_factory=dict)

    @property
    def stage(self) -> str:
        if self.results_event_id:
            return "published"
        if self.finalists is not None:
            return "committee"
        if FINALIST_ROUND in self.closed_rounds:
            return "panel-closed"
        if FINALIST_ROUND in self.open_rounds:
            return "panel"
        return "screening"

    def is_open(self, round_slug: str) -> bool:
        """Judges may score in this round: it was started and not closed."""
        return round_slug in self.open_rounds and round_slug not in self.closed_rounds

    def refuse_if_closed(self, round_slug: str) -> None:
        """Raises `round-closed`: nothing more is assigned in a closed round."""
        if round_slug in self.closed_rounds:
            raise RuleBrokenError("round-closed", round_slug)

    def with_batch(self, batch_id: str, batch: Batch) -> ContestState:
        """The batch committed and its round open. Committing the same batch again changes
        nothing (a retried commit re-publishes the same events). Raises `round-closed`."""
        self.refuse_if_closed(batch.round)
        if batch_id in self.batches:
            return self
        rounds = tuple(dict.fromkeys((*self.open_rounds, batch.round)))
        return self.model_copy(
            update={"open_rounds": rounds, "batches": {**self.batches, batch_id: batch}}
        )

    def closed(self, round_slug: str) -> ContestState:
        """The round closed to scoring. Raises `round-not-open` if it never started."""
        if round_slug not in self.open_rounds:
            raise RuleBrokenError("round-not-open", round_slug)
        rounds = tuple(dict.fromkeys((*self.closed_rounds, round_slug)))
        return self.model_copy(update={"closed_rounds": rounds})

    def refuse_finalists_while_scoring(self) -> None:
        """Raises `round-open`: finalists are chosen from a panel's complete scores."""
        if self.is_open(FINALIST_ROUND):
            raise RuleBrokenError("round-open", "close the panel round before selecting finalists")

    def with_finalists(self, finalists: dict[str, tuple[str, ...]]) -> ContestState:
        """Raises `results-published`: finalists cannot change after publication."""
        if self.results_event_id:
            raise RuleBrokenError("results-published", "finalists cannot change after publication")
        return self.model_copy(update={"finalists": finalists})

    def refuse_winners_outside_finalists(self, winners: dict[str, tuple[str, ...]]) -> None:
        """Raises `finalists-missing` before finalists are chosen, `winner-not-finalist` for a
        winner who is not a finalist of their category."""
        if self.finalists is None:
            raise RuleBrokenError("finalists-missing", "select finalists first")
        for category, ids in winners.items():
            outside = set(ids) - set(self.finalists.get(category, ()))
            if outside:
                raise RuleBrokenError(
                    "winner-not-finalist", f"{category}: {', '.join(sorted(outside))}"
                )

    def with_results(
        self, event_id: str, event: dict[str, Any], method: str, parameters: dict[str, Any]
    ) -> ContestState:
        """The results frozen as published (`event` as JSON, re-published on a retry).
        Raises `results-published` when results were published already."""
        if self.results_event_id:
            raise RuleBrokenError("results-published", self.results_event_id)
        return self.model_copy(
            update={
                "results_event_id": event_id,
                "results_event": event,
                "method": method,
                "parameters": parameters,
            }
        )
