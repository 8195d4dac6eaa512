"""Overdue reviews per judge, from the archive's records: an assignment still held (not
unassigned) whose due date has passed and that has no score yet."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any


def overdue_by_judge(rows: Iterable[Mapping[str, Any]], now: datetime) -> Counter[str]:
    """Judge id → how many of their reviews are overdue at `now` (an aware datetime)."""
    late: Counter[str] = Counter()
    for row in rows:
        scored = {str(s.get("assignment_id")) for s in row.get("scores") or ()}
        for held in row.get("assignments") or ():
            due = held.get("due_at")
            if held.get("unassigned") or not due or str(held["assignment_id"]) in scored:
                continue
            if datetime.fromisoformat(str(due).replace("Z", "+00:00")) < now:
                late[str(held["judge_id"])] += 1
    return late
