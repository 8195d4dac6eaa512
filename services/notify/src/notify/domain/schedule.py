"""Emails owed at a time: a judge's batch once it has settled, reminders, the overdue notice.

Jobs are plain documents; the scanner that fires them lives outside the domain.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from contracts.events import ReviewAssigned
from notify.domain.ids import digest

JobKind = Literal["assignment", "reminder", "overdue"]


class Job(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    key: str
    kind: JobKind
    contest_id: str
    judge_id: str
    cause_event_id: str
    fire_at: datetime
    batch_id: str = ""
    assignment_id: str = ""
    submission_id: str = ""
    round: str = ""
    due_at: datetime | None = None
    days: int = 0
    stale_at: datetime | None = None
    """A reminder not sent by then is superseded by the next one (or by the overdue notice)."""
    claimed_until: datetime | None = None
    failures: int = 0
    cause: str = ""
    """The W3C `traceparent` of the work that planned the job: its email's trace links there."""

    def is_due(self, now: datetime) -> bool:
        free = self.claimed_until is None or self.claimed_until <= now
        return self.fire_at <= now and free

    def is_stale(self, now: datetime) -> bool:
        return self.stale_at is not None and now >= self.stale_at


def batch_job(event: ReviewAssigned, *, settle: timedelta) -> Job:
    """One email per judge per batch, sent once the batch's other assignments have arrived."""
    return Job(
        key=f"batch.{digest(event.batch_id, event.judge_id)}",
        kind="assignment",
        contest_id=event.contest_id,
        judge_id=event.judge_id,
        cause_event_id=event.event_id,
        fire_at=event.occurred_at + settle,
        batch_id=event.batch_id,
        round=event.round,
    )


def review_jobs(event: ReviewAssigned, days_before: tuple[int, ...]) -> list[Job]:
    """Reminders `days_before` the due date, then the overdue notice at the due date.

    A reminder already past when the assignment was made is not planned; one that falls due
    while notify is down is still sent on its return, unless the next one is due by then.
    """
    if event.due_at is None:
        return []
    due = event.due_at
    times = sorted({due - timedelta(days=d) for d in days_before})
    base = {
        "contest_id": event.contest_id,
        "judge_id": event.judge_id,
        "cause_event_id": event.event_id,
        "assignment_id": event.assignment_id,
        "submission_id": event.submission_id,
        "round": event.round,
        "due_at": due,
    }
    jobs = [
        Job(
            key=f"remind.{digest(event.assignment_id, at.isoformat())}",
            kind="reminder",
            fire_at=at,
            days=(due - at).days,
            stale_at=times[i + 1] if i + 1 < len(times) else due,
            **base,
        )
        for i, at in enumerate(times)
        if at > event.occurred_at
    ]
    overdue_key = f"overdue.{digest(event.assignment_id)}"
    jobs.append(Job(key=overdue_key, kind="overdue", fire_at=due, **base))
    return jobs
