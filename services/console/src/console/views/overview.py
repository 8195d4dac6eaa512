"""The contest overview: where the contest stands and the next step to take."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from console.views.charts import Chart, counted
from contracts.contest import Contest
from contracts.review_commands import ContestStatus

# The stage review reports, to the page a secretariat member goes to next (and why).
NEXT_STEP = {
    "screening": ("assignment", "next.assign"),
    "panel": ("progress", "next.progress"),
    "panel-closed": ("results", "next.finalists"),
    "committee": ("results", "next.publish"),
    "published": ("record", "next.record"),
}


@dataclass(frozen=True)
class Overview:
    stage: str
    opens_at: datetime | None
    closes_at: datetime | None
    time_left: timedelta | None
    by_state: tuple[tuple[str, int], ...]
    by_category: Chart
    by_country: Chart
    reviews_done: int
    reviews_due: int
    next_page: str
    next_key: str


def overview(
    status: ContestStatus,
    contest: Contest | None,
    rows: Sequence[Mapping[str, Any]],
    now: datetime,
) -> Overview:
    """`rows`: archive's submission rows (`category`, `country`). A flagged submission comes
    first of all: nothing is assigned until it is decided."""
    page, key = NEXT_STEP.get(status.stage, ("overview", "next.none"))
    if status.submissions.get("needs_decision"):
        page, key = "screening", "next.screening"
    closes = contest.window.closes_at if contest else None
    return Overview(
        stage=status.stage,
        opens_at=contest.window.opens_at if contest else None,
        closes_at=closes,
        time_left=max(closes - now, timedelta(0)) if closes else None,
        by_state=tuple(sorted(status.submissions.items())),
        by_category=counted(str(row.get("category", "")) for row in rows),
        by_country=counted(str(row.get("country", "")) for row in rows),
        reviews_done=sum(judge.done for judge in status.judges),
        reviews_due=sum(judge.due for judge in status.judges),
        next_page=page,
        next_key=key,
    )
