"""What the console's unit tests share: fake review and archive, the staff and how they sign in."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import BaseModel

from contracts.review_commands import ContestStatus, JudgeProgress, ReviewCommand

PASSWORDS = {"mina": "mina-secret-1", "joon": "joon-secret-1"}
ROWS = [
    {
        "submission_id": "s-1",
        "category": "tech-innovacity",
        "country": "EE",
        "status": "eligible",
        "city": "Tallinn",
    },
    {
        "submission_id": "s-2",
        "category": "tech-innovacity",
        "country": "KR",
        "status": "eligible",
        "city": "Seoul",
    },
    {
        "submission_id": "s-3",
        "category": "leadership",
        "country": "KR",
        "status": "needs_decision",
        "city": "Busan",
    },
]


class FakeReview:
    """Answers each subject with `answers[subject](payload)`; remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, dict[str, Any]]] = []
        self.answers: dict[str, Callable[[dict[str, Any]], Any]] = {
            ReviewCommand.STATUS: lambda _: ContestStatus(
                contest_id="seoul-smart-city-prize-2027",
                stage="screening",
                submissions={"eligible": 2, "needs_decision": 1},
                judges=(JudgeProgress(judge_id="j-kim", done=1, due=2),),
            ).model_dump(mode="json"),
        }

    async def __call__(self, subject: str, payload: BaseModel, timeout: float) -> Any:
        body = payload.model_dump(mode="json")
        self.asked.append((subject, body))
        answer = self.answers[subject](body)
        return answer.model_dump(mode="json") if isinstance(answer, BaseModel) else answer

    def sent(self, subject: str) -> list[dict[str, Any]]:
        return [body for asked, body in self.asked if asked == subject]


class FakeArchive:
    def __init__(self) -> None:
        contest = "/v1/archive/contests/seoul-smart-city-prize-2027"
        self.routes: dict[str, Any] = {
            "/v1/archive/submissions": {"items": ROWS},
            f"{contest}/leaderboard": {"rounds": {}},
            f"{contest}/results": {"rounds": []},
        }
        self.requests: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        body = self.routes.get(request.url.path)
        if body is None:
            return httpx.Response(404, json={"type": "submission-not-found"})
        if isinstance(body, bytes):
            return httpx.Response(200, content=body)
        return httpx.Response(200, json=body)


def form_token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has a form with a form token"
    return found.group(1)


async def sign_in(browser: httpx.AsyncClient, name: str = "mina") -> str:
    """Signs `name` in; returns the session's form token (from the overview page)."""
    form = await browser.get("/console/sign-in")
    answer = await browser.post(
        "/console/sign-in",
        data={"name": name, "password": PASSWORDS[name], "csrf": form_token(form.text)},
    )
    assert answer.status_code == 303, answer.text
    overview = await browser.get("/console/")
    assert overview.status_code == 200, overview.text
    return form_token(overview.text)
