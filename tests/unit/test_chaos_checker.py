"""The fault suite's screening check fails a wrong final outcome and tells a correction apart
from a duplicate."""

from __future__ import annotations

from typing import Any

from tests.chaos.checker import misjudged


def received(sid: str, second: int, title: str = "Matatu Routes") -> dict[str, Any]:
    return {"submission_id": sid, "occurred_at": f"2027-03-02T09:00:{second:02d}Z", "title": title}


def screened(sid: str, *earlier: str) -> dict[str, Any]:
    reasons = [f"the same project as submission {other}" for other in earlier]
    return {"submission_id": sid, "version": 1, "reasons": reasons}


def test_the_later_application_of_a_project_naming_the_earlier_one_is_right():
    events = [received("s-b", 5), received("s-a", 1), received("s-c", 3, "Another project")]
    # Reached review out of order: b first (eligible), then a, then b's correction.
    screenings = [screened("s-b"), screened("s-a"), screened("s-c"), screened("s-b", "s-a")]

    assert misjudged(events, screenings) == []


def test_a_later_application_left_unflagged_is_reported():
    events = [received("s-b", 5), received("s-a", 1)]

    assert misjudged(events, [screened("s-b"), screened("s-a")]) == ["s-b"]


def test_the_earlier_application_flagged_by_the_later_one_is_reported():
    events = [received("s-a", 1), received("s-b", 5)]

    assert misjudged(events, [screened("s-a", "s-b"), screened("s-b", "s-a")]) == ["s-a"]
