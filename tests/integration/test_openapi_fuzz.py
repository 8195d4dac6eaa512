"""Schemathesis against review's and archive's own OpenAPI, over the running services behind
uvicorn as `serve` runs them: no server error, no answer that breaks its document
(issue 18). Intake's is tests/integration/test_intake_openapi_fuzz.py."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from test_review_round import commit_panel, world  # type: ignore[import-not-found]

import archive.main
from archive.repository import Archive
from archive.settings import ArchiveSettings
from contracts.contest import Contest
from servicekit.broker import publish_event
from servicekit.embedded import S3Server
from tests.support.archive_story import contest_story
from tests.support.openapi_fuzzing import examples_per_operation, fuzz
from tests.support.service_apps import broker_of, running, serving_http
from tests.support.waiting import eventually

TOKEN = "staff-token-for-fuzzing"


async def test_fuzzing_the_judge_api_finds_no_server_error_and_no_answer_off_its_document(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> None:
    async with world(nats_url, s3_server, s3_bucket, seoul_contest) as w:
        await commit_panel(w)
        headers = {"Authorization": f"Bearer {await w.token('j-jp')}"}
        [mine, *_] = (await w.http.get("/v1/judge/assignments", headers=headers)).json()
        real = {"assignment_id": mine["assignment_id"]}
        async with serving_http(w.app, w.app.state.service.settings) as base:
            report = await asyncio.to_thread(
                fuzz, base, headers, real, examples=examples_per_operation(20)
            )

    assert report.failures == []
    assert report.operations == 3
    assert report.calls >= report.operations * 5


async def test_fuzzing_the_staff_api_finds_no_server_error_and_no_answer_off_its_document(
    nats_url: str, mongo_client: Any
) -> None:
    name = f"fuzz_{uuid.uuid4().hex[:12]}"
    settings = ArchiveSettings(
        nats_url=nats_url,
        mongodb_database=name,
        staff_token=TOKEN,
        signin_max_failures=1_000_000,  # the fuzzer's own token is right; nothing to limit
    )
    app = archive.main.create_app(settings, mongo_client=mongo_client)
    async with running(app):
        story = contest_story(seed=7, submissions=2)
        for event in story:
            await publish_event(broker_of(app), event)
        store = Archive(mongo_client[name])
        await eventually(
            lambda: store.events.count_documents({"sealed": True}),
            until=lambda sealed: sealed == len(story),
            what="the contest archived",
        )
        real = {"contest_id": story[0].contest_id, "submission_id": "s-000"}
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with serving_http(app, settings) as base:
            report = await asyncio.to_thread(
                fuzz, base, headers, real, examples=examples_per_operation(15)
            )
    await mongo_client.drop_database(name)

    assert report.failures == []
    assert report.operations == 8
    assert report.calls >= report.operations * 5
