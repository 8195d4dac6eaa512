"""A judge scores every criterion on the contest's scale, may replace the scores until the
round closes, and each replacement raises the review's revision."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest
from nats.aio.msg import Msg
from test_review_round import commit_panel, sheet, world  # type: ignore[import-not-found]

from contracts.contest import Contest
from contracts.review_commands import CloseRound, Published, ReviewCommand
from contracts.subjects import Subject
from review import judge_views, scoring
from review.records import AssignmentDoc
from servicekit.embedded import S3Server


async def test_a_judge_replaces_scores_until_the_round_closes(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        headers = {"Authorization": f"Bearer {await w.token('j-kr')}"}
        [first, *_] = (await w.http.get("/v1/judge/assignments", headers=headers)).json()
        url = f"/v1/judge/assignments/{first['assignment_id']}/scores"

        half = sheet(seoul_contest, 7)
        half["scores"].popitem()
        incomplete = await w.http.put(url, json=half, headers=headers)
        off_scale = await w.http.put(
            url,
            json=sheet(seoul_contest, 7)
            | {"scores": dict.fromkeys(sheet(seoul_contest, 7)["scores"], 11)},
            headers=headers,
        )
        malformed = await w.http.put(url, json={"scores": "all tens"}, headers=headers)
        assert incomplete.status_code == off_scale.status_code == malformed.status_code == 422
        assert malformed.headers["content-type"] == "application/problem+json"
        assert malformed.json()["errors"] == {"body.scores": "Input should be a valid dictionary"}
        assert incomplete.json()["type"].endswith("scores-invalid")
        assert "missing" in next(iter(incomplete.json()["errors"].values()))

        assert (await w.http.put(url, json=sheet(seoul_contest, 6), headers=headers)).json()[
            "revision"
        ] == 1
        assert (await w.http.put(url, json=sheet(seoul_contest, 8), headers=headers)).json()[
            "revision"
        ] == 2
        await w.ask(ReviewCommand.ROUND_CLOSE, CloseRound(contest_id=seoul_contest.id), Published)
        late = await w.http.put(url, json=sheet(seoul_contest, 9), headers=headers)

        assert late.status_code == 409
        assert late.json()["type"].endswith("round-closed")
        revisions = [e["revision"] for e in await w.events(Subject.REVIEW_SCORED)]
        assert revisions == [1, 2]
        opened = (
            await w.http.get(f"/v1/judge/assignments/{first['assignment_id']}", headers=headers)
        ).json()
        assert opened["open"] is False
        assert set(opened["scores"].values()) == {8}


async def test_a_judge_who_loses_the_race_to_save_scores_publishes_no_score(
    nats_url: str,
    s3_server: S3Server,
    s3_bucket: str,
    seoul_contest: Contest,
    monkeypatch: pytest.MonkeyPatch,
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        headers = {"Authorization": f"Bearer {await w.token('j-kr')}"}
        [first, *_] = (await w.http.get("/v1/judge/assignments", headers=headers)).json()
        store = w.app.state.review.store
        read_assignment = judge_views.my_assignment

        async def read_then_lose_the_race(*args: Any) -> AssignmentDoc:
            # Another request saves its scores between this one's read and its write.
            seen = await read_assignment(*args)
            replaced = seen.model_copy(update={"revision": seen.revision + 1})
            await store.assignments.put(
                replaced, seen.contest_id, seen.judge_id, seen.assignment_id
            )
            return seen

        monkeypatch.setattr(scoring, "my_assignment", read_then_lose_the_race)
        heard: list[bytes] = []
        published = asyncio.Event()

        async def hear(message: Msg) -> None:
            heard.append(message.data)
            published.set()

        subscription = await w.nats.subscribe(Subject.REVIEW_SCORED, cb=hear)
        url = f"/v1/judge/assignments/{first['assignment_id']}/scores"
        lost = await w.http.put(url, json=sheet(seoul_contest, 7), headers=headers)

        assert lost.status_code == 409
        assert lost.json()["type"].endswith("score-conflict")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(published.wait(), timeout=1.0)
        await subscription.unsubscribe()
        assert heard == [], "a request that lost the compare-and-set published a score"
        assert await w.events(Subject.REVIEW_SCORED) == []
