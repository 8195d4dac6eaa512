"""Judges see and score only their own assignments, blind when the contest is, and a file
link dies when it expires."""

from __future__ import annotations

import io
import json
import logging
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from test_review_round import commit_panel, sheet, world  # type: ignore[import-not-found]

from contracts.contest import Contest
from review.domain.tokens import token_hash
from review.domain.views import IDENTITY_FIELDS
from review.objects import FileLinks
from servicekit.embedded import S3Server


async def test_judge_a_can_neither_read_nor_score_judge_bs_assignment(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        a = {"Authorization": f"Bearer {await w.token('j-jp')}"}
        b = {"Authorization": f"Bearer {await w.token('j-us')}"}
        mine = {
            x["assignment_id"]
            for x in (await w.http.get("/v1/judge/assignments", headers=a)).json()
        }
        theirs = [
            x["assignment_id"]
            for x in (await w.http.get("/v1/judge/assignments", headers=b)).json()
        ]
        other = next(x for x in theirs if x not in mine)

        read = await w.http.get(f"/v1/judge/assignments/{other}", headers=a)
        scored = await w.http.put(
            f"/v1/judge/assignments/{other}/scores", json=sheet(seoul_contest, 7), headers=a
        )

        for answer in (read, scored):
            assert answer.status_code == 404
            assert answer.headers["content-type"] == "application/problem+json"
            assert answer.json()["type"].endswith("assignment-not-found")
        still = (await w.http.get(f"/v1/judge/assignments/{other}", headers=b)).json()
        assert still["revision"] == 0, "nothing was scored on judge B's behalf"


async def test_the_judge_api_refuses_a_missing_or_forged_token(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        missing = await w.http.get("/v1/judge/assignments")
        forged = await w.http.get("/v1/judge/assignments", headers={"Authorization": "Bearer nope"})
        assert missing.status_code == forged.status_code == 401
        assert forged.json()["type"].endswith("token-invalid")
        assert "www-authenticate" in forged.headers


async def test_the_blind_view_holds_no_applicant_identity_field(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    assert seoul_contest.blind_review
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        headers = {"Authorization": f"Bearer {await w.token('j-de')}"}
        listed = (await w.http.get("/v1/judge/assignments", headers=headers)).json()
        opened = await w.http.get(
            f"/v1/judge/assignments/{listed[0]['assignment_id']}", headers=headers
        )
        view = opened.json()

        assert not set(view["submission"]) & set(IDENTITY_FIELDS)
        text = json.dumps(view).lower()
        for identity in ("nairobi", "curitiba", "lyon", "da nang", "mayor", "a-s-", "endorsement"):
            assert identity not in text
        [file] = view["files"]
        assert "name" not in file
        async with httpx.AsyncClient() as web:
            fetched = await web.get(file["url"])
        assert fetched.status_code == 200
        assert fetched.content.startswith(b"%PDF-1.4 letter")
        expires = datetime.fromisoformat(file["expires_at"])
        assert expires - datetime.now(UTC) <= timedelta(minutes=15)


async def test_an_expired_file_link_is_refused_by_object_storage(
    s3_server: S3Server, s3_bucket: str
):
    body = b"%PDF-1.4 the application"
    s3_server.client().put_object(s3_bucket, "c/s/v1/file.pdf", io.BytesIO(body), len(body))
    # A generous lifetime for the fresh link, so a slow machine cannot expire it by accident.
    fresh = await FileLinks(s3_server.client(), s3_bucket, seconds=120).link("c/s/v1/file.pdf")
    links = FileLinks(s3_server.client(), s3_bucket, seconds=1)
    expired = await links.link(
        "c/s/v1/file.pdf", signed_at=datetime.now(UTC) - timedelta(seconds=5)
    )

    async with httpx.AsyncClient() as web:
        assert (await web.get(fresh)).content == body
        refused = await web.get(expired)
    assert refused.status_code == 403
    assert b"expired" in refused.content.lower() or b"AccessDenied" in refused.content


async def test_a_judges_token_is_kept_only_as_a_hash_and_never_in_an_event_or_log(
    nats_url: str,
    s3_server: S3Server,
    s3_bucket: str,
    seoul_contest: Contest,
    caplog: pytest.LogCaptureFixture,
):
    caplog.set_level(logging.DEBUG)
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        token = await w.token("j-de")
        headers = {"Authorization": f"Bearer {token}"}
        [first, *_] = (await w.http.get("/v1/judge/assignments", headers=headers)).json()
        url = f"/v1/judge/assignments/{first['assignment_id']}/scores"
        assert (
            await w.http.put(url, json=sheet(seoul_contest, 7), headers=headers)
        ).status_code == 200

        events = await w.events("prize.>")
        assert {"review.assigned", "review.scored"} <= {e["event_type"] for e in events}
        everything = json.dumps(events)
        tokens = w.app.state.review.store.tokens
        assert token not in everything
        assert token not in caplog.text
        assert await tokens.get(token_hash(token)) is not None
        assert await tokens.get(token) is None, "the token itself is never a key"
