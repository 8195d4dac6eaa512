"""Idempotency-Key, amendments and status: what a client retrying or amending sees."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from faststream.nats import NatsBroker
from nats.aio.msg import Msg

from contracts.contest import Contest
from contracts.contest_parts import Window
from contracts.queries import (
    SUBMISSION_STATUS,
    HistoryEntry,
    SubmissionStatus,
    SubmissionStatusQuery,
    VersionSummary,
)
from servicekit.embedded import S3Server
from tests.support.intake import (
    Harness,
    application,
    bearer,
    configure,
    harness,
    open_contest,
    pdf,
    settings_for,
)
from tests.support.waiting import eventually

PDF = ("files", "overview.pdf", pdf(), "application/pdf")


@pytest.fixture
async def intake(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> AsyncIterator[Harness]:
    settings = settings_for(nats_url, s3_server, s3_bucket, rate_limit_burst=100)
    async with harness(settings, open_contest(seoul_contest)) as running:
        yield running


async def test_the_same_key_and_body_answer_the_first_answer_again(intake: Harness):
    key = await intake.applicant()
    once = {"Idempotency-Key": "7c1e0c35-retry-me"}
    first = await intake.send(key.api_key, application(), [PDF], headers=once)
    again = await intake.send(key.api_key, application(), [PDF], headers=once)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["idempotent-replayed"] == "true"
    assert len(await intake.events("prize.submission.received")) == 1
    other = await intake.send(
        key.api_key, application(title="Another title entirely"), [PDF], headers=once
    )
    assert other.status_code == 422
    assert other.json()["type"].endswith("idempotency-key-reused")
    assert len(await intake.events("prize.submission.received")) == 1


async def test_a_key_still_in_flight_answers_409(intake: Harness):
    key = await intake.applicant()
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow_body() -> AsyncIterator[bytes]:
        from tests.support.intake import multipart

        content, _ = multipart(application(), [PDF], boundary="slowboundary")
        yield content[:100]
        started.set()
        await release.wait()
        yield content[100:]

    headers = {
        **bearer(key.api_key),
        "Idempotency-Key": "in-flight-1",
        "Content-Type": "multipart/form-data; boundary=slowboundary",
    }
    first = asyncio.create_task(
        intake.client.post(intake.url(), content=slow_body(), headers=headers)
    )
    await started.wait()
    second = await intake.send(
        key.api_key, application(), [PDF], headers={"Idempotency-Key": "in-flight-1"}
    )
    release.set()
    assert second.status_code == 409
    assert second.json()["type"].endswith("idempotency-key-in-flight")
    assert (await first).status_code == 201


async def test_an_amendment_is_a_new_version_and_nothing_is_overwritten(intake: Harness):
    key = await intake.applicant()
    created = (await intake.send(key.api_key, application(), [PDF])).json()
    sid = created["submission_id"]
    v2_file = ("files", "overview-v2.pdf", pdf(seed=9), "application/pdf")
    amended = await intake.send(
        key.api_key,
        application(title="A better title"),
        [v2_file],
        method="PUT",
        submission_id=sid,
        headers={"If-Match": '"1"'},
    )
    assert amended.status_code == 201, amended.text
    assert amended.json()["version"] == 2
    assert amended.headers["etag"] == '"2"'
    stale = await intake.send(
        key.api_key,
        application(),
        [PDF],
        method="PUT",
        submission_id=sid,
        headers={"If-Match": '"1"'},
    )
    assert stale.status_code == 409
    assert stale.json()["type"].endswith("version-conflict")
    assert stale.json()["current_version"] == 2
    objects = await intake.objects(f"contests/{intake.contest.id}/submissions/{sid}/")
    assert {o.split("/")[4] for o in objects} == {"v1", "v2"}
    assert sum(o.endswith("manifest.json") for o in objects) == 2
    [event] = await intake.events("prize.submission.amended")
    assert (event["submission_id"], event["version"], event["title"]) == (sid, 2, "A better title")


async def test_after_the_deadline_an_amendment_is_refused_as_such(intake: Harness):
    key = await intake.applicant()
    sid = (await intake.send(key.api_key, application(), [PDF])).json()["submission_id"]
    now = datetime.now(UTC)
    closed = intake.contest.model_copy(
        update={"window": Window(opens_at=now - timedelta(days=9), closes_at=now - timedelta(1))}
    )
    await configure(intake.broker, closed)
    await eventually(
        lambda: intake.client.get(f"/v1/contests/{closed.id}"),
        until=lambda r: r.json()["window"]["closes_at"] < now.isoformat(),
        what="the closed window served",
    )
    late = await intake.send(key.api_key, application(), [PDF], method="PUT", submission_id=sid)
    assert late.status_code == 409
    assert late.json()["type"].endswith("window-closed")


async def archive_stand_in(broker: NatsBroker) -> None:
    """Archive is built elsewhere; this answers its query contract on the real subject."""
    client = broker.connection

    async def answer(message: Msg) -> None:
        query = SubmissionStatusQuery.model_validate_json(message.data)
        status = SubmissionStatus(
            contest_id=query.contest_id,
            submission_id=query.submission_id,
            status="eligible",
            screening="eligible",
            versions=(VersionSummary(version=1, received_at=datetime.now(UTC), files=()),),
            history=(
                HistoryEntry(event_type="submission.screened", occurred_at=datetime.now(UTC)),
            ),
        )
        await message.respond(status.model_dump_json().encode())

    await client.subscribe(SUBMISSION_STATUS, queue="archive", cb=answer)


async def test_a_city_follows_its_submission_status_answered_by_archive(intake: Harness):
    key = await intake.applicant()
    sid = (await intake.send(key.api_key, application(), [PDF])).json()["submission_id"]
    unanswered = await intake.client.get(intake.url(sid), headers=bearer(key.api_key))
    assert unanswered.status_code == 503
    assert unanswered.json()["type"].endswith("status-unavailable")
    assert "retry-after" in unanswered.headers
    await archive_stand_in(intake.broker)
    status = await eventually(
        lambda: intake.client.get(intake.url(sid), headers=bearer(key.api_key)),
        until=lambda r: r.status_code == 200,
        what="archive's answer",
    )
    assert status.json()["status"] == "eligible"
    assert status.json()["submission_id"] == sid
