"""A review is overdue when its due date has passed, it is still held, and it has no score."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from console.views.progress import overdue_by_judge
from tests.unit.console.staff_visits import FakeArchive, sign_in

NOW = datetime(2027, 7, 2, tzinfo=UTC)


def held(assignment: str, judge: str, due: str, unassigned: str | None = None) -> dict[str, object]:
    return {"assignment_id": assignment, "judge_id": judge, "due_at": due, "unassigned": unassigned}


ROWS = [
    {
        "submission_id": "s-1",
        "assignments": [
            held("a-1", "j-kim", "2027-07-01T09:00:00Z"),
            held("a-2", "j-lee", "2027-07-01T09:00:00Z"),
            held("a-3", "j-park", "2027-07-01T09:00:00Z", unassigned="judge withdrawn"),
            held("a-4", "j-kim", "2027-07-09T09:00:00Z"),
        ],
        "scores": [{"assignment_id": "a-2", "judge_id": "j-lee"}],
    }
]


def test_only_a_held_unscored_review_past_its_due_date_is_overdue():
    assert overdue_by_judge(ROWS, NOW) == {"j-kim": 1}


async def test_the_progress_page_shows_done_due_and_overdue_per_judge(
    client: httpx.AsyncClient, archive: FakeArchive
):
    long_ago = [
        {"submission_id": "s-1", "assignments": [held("a-1", "j-kim", "2020-01-01T00:00Z")]}
    ]
    archive.routes["/v1/archive/submissions"] = {"items": long_ago}
    await sign_in(client)

    page = (await client.get("/console/progress")).text

    kim = '<th scope="row">j-kim</th><td class="num">1</td><td class="num">2</td>'
    assert kim + '<td class="num flag">1</td>' in page
