"""What the "My assignments" page shows, worked out apart from any I/O: each assignment's
state, whether it is overdue, and the progress per round ("3 of 8 done")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from review.records import AssignmentDoc

State = Literal["not-started", "draft", "submitted"]


def state_of(assignment: AssignmentDoc) -> State:
    """Submitted once scores were submitted (a later draft does not undo that); a draft
    once one was saved; otherwise not started."""
    if assignment.revision > 0:
        return "submitted"
    return "draft" if assignment.draft is not None else "not-started"


@dataclass(frozen=True)
class Row:
    assignment_id: str
    title: str
    category: str
    due_at: datetime
    state: State
    overdue: bool


@dataclass(frozen=True)
class RoundList:
    round: str
    rows: tuple[Row, ...]

    @property
    def done(self) -> int:
        return sum(row.state == "submitted" for row in self.rows)


def row(assignment: AssignmentDoc, title: str, category: str, now: datetime) -> Row:
    state = state_of(assignment)
    return Row(
        assignment_id=assignment.assignment_id,
        title=title,
        category=category,
        due_at=assignment.due_at,
        state=state,
        overdue=state != "submitted" and assignment.due_at < now,
    )


def by_round(rows: list[tuple[str, Row]]) -> list[RoundList]:
    """Rows grouped by round in the order first seen, each group by due date then title."""
    rounds: dict[str, list[Row]] = {}
    for round_slug, item in rows:
        rounds.setdefault(round_slug, []).append(item)
    return [
        RoundList(slug, tuple(sorted(items, key=lambda r: (r.due_at, r.title))))
        for slug, items in rounds.items()
    ]
