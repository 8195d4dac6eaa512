"""Progress: a review is overdue when its due date has passed, it is still held and unscored;
staff send a judge with reviews due a reminder now, in their own name."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import httpx

from console.views.progress import overdue_by_judge
from contracts.notify_commands import JudgeReminded, NotifyCommand
from contracts.queries import Refusal
from tests.unit.console.staff_visits import FakeArchive, FakeReview, sign_in

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


def reminded(body: dict[str, Any]) -> JudgeReminded:
    return JudgeReminded(request_id=body["request_id"], judge_id=body["judge_id"], open_reviews=2)


async def test_a_secretariat_member_sends_a_judge_a_reminder_now_in_their_own_name(
    client: httpx.AsyncClient, review: FakeReview
):
    review.answers[NotifyCommand.REMIND_JUDGE] = reminded
    token = await sign_in(client, "mina")
    page = (await client.get("/console/progress")).text
    found = re.search(r'name="request_id" value="([0-9a-f]{32})"', page)
    assert found, "the page offers a reminder for j-kim, who has reviews due"

    data = {"csrf": token, "judge_id": "j-kim", "request_id": found.group(1)}
    answer = await client.post("/console/progress/remind", data=data)

    assert answer.status_code == 200
    assert "A reminder was sent to j-kim, listing 2 review(s) still to score." in answer.text
    [sent] = review.sent(NotifyCommand.REMIND_JUDGE)
    assert sent == {
        "request_id": found.group(1),
        "contest_id": "seoul-smart-city-prize-2027",
        "judge_id": "j-kim",
        "requested_by": "mina",
    }


async def test_the_reminder_form_is_in_korean_for_a_korean_reader(client: httpx.AsyncClient):
    await sign_in(client, "mina")
    client.cookies.set("cityprize_console_lang", "ko")

    page = (await client.get("/console/progress")).text

    assert "지금 알림 보내기" in page


async def test_a_judge_with_nothing_to_score_is_refused_by_notify_and_the_page_says_so(
    client: httpx.AsyncClient, review: FakeReview
):
    review.answers[NotifyCommand.REMIND_JUDGE] = lambda _: Refusal(kind="no-open-reviews")
    token = await sign_in(client, "mina")

    answer = await client.post(
        "/console/progress/remind", data={"csrf": token, "judge_id": "j-kim"}
    )

    assert answer.status_code == 409
    assert "no-open-reviews" in answer.text
