"""Faults: a broker outage between storing and publishing loses and duplicates nothing; an
unreachable store or broker answers 503 with Retry-After and accepts nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from contracts.contest import Contest
from contracts.events import SubmissionVersion
from servicekit.broker import publish_event
from servicekit.embedded import NatsServer, S3Server
from tests.support.intake import Harness, application, harness, open_contest, pdf, settings_for
from tests.support.waiting import eventually

PDF = ("files", "overview.pdf", pdf(), "application/pdf")
RECEIVED = "prize.submission.received"


async def published(intake: Harness, manifest_key: str) -> bool:
    manifest = await intake.store.get_json(manifest_key)
    markers = await intake.store.keys("outbox/")
    return bool(manifest and manifest["status"] == "published" and not markers)


async def test_a_broker_outage_between_store_and_publish_delivers_the_event_once(
    nats_server: NatsServer, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    holder: dict[str, Any] = {}
    # The request and the periodic outbox pass both publish; the first to try stops the
    # broker, and the other waits for that, so no publish slips through before it is down.
    stopping = asyncio.Lock()

    async def stop_broker_then_publish(event: SubmissionVersion) -> None:
        async with stopping:
            if not holder.get("stopped"):
                holder["stopped"] = True
                await asyncio.to_thread(nats_server.stop)
        await publish_event(holder["intake"].broker, event, timeout=0.5)

    settings = settings_for(nats_server.url, s3_server, s3_bucket)
    contest = open_contest(seoul_contest)
    async with harness(settings, contest, publisher=stop_broker_then_publish) as intake:
        holder["intake"] = intake
        key = await intake.applicant()
        response = await intake.send(key.api_key, application(), [PDF])
        assert response.status_code == 201, response.text
        sid = response.json()["submission_id"]
        manifest_key = f"contests/{contest.id}/submissions/{sid}/v1/manifest.json"
        manifest = await intake.store.get_json(manifest_key)
        assert manifest is not None
        assert manifest["status"] == "pending"

        await asyncio.to_thread(nats_server.start)
        await eventually(
            lambda: published(intake, manifest_key),
            timeout=20,
            what="the outbox to publish after the broker returned",
        )
        events = await intake.events(RECEIVED)
        assert [e["submission_id"] for e in events] == [sid]
        assert events[0]["event_id"] == manifest["event"]["event_id"]


async def test_pending_events_are_published_when_intake_starts_again(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    async def broker_unreachable(event: SubmissionVersion) -> None:
        raise ConnectionError("broker unreachable")

    contest = open_contest(seoul_contest)
    settings = settings_for(nats_url, s3_server, s3_bucket, outbox_interval_seconds=60)
    async with harness(settings, contest, publisher=broker_unreachable) as first_run:
        key = await first_run.applicant()
        response = await first_run.send(key.api_key, application(), [PDF])
        assert response.status_code == 201
        assert await first_run.events(RECEIVED) == []
    async with harness(settings, contest) as second_run:
        events = await eventually(lambda: second_run.events(RECEIVED), what="the pending event")
        assert [e["submission_id"] for e in events] == [response.json()["submission_id"]]


async def test_an_unreachable_store_answers_503_and_accepts_nothing(
    tmp_path: Path, nats_url: str, seoul_contest: Contest
):
    with S3Server(tmp_path / "s3") as s3:
        settings = settings_for(nats_url, s3, "submissions")
        async with harness(settings, open_contest(seoul_contest)) as intake:
            key = await intake.applicant()
            await asyncio.to_thread(s3.stop)
            response = await intake.send(key.api_key, application(), [PDF])
            assert response.status_code == 503, response.text
            assert response.json()["type"].endswith("storage-unavailable")
            assert int(response.headers["retry-after"]) >= 1
            assert await intake.events(RECEIVED) == []
            await asyncio.to_thread(s3.start)
            assert await intake.objects("contests/") == []


async def test_an_unreachable_broker_answers_503_and_accepts_nothing(
    nats_server: NatsServer, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    settings = settings_for(nats_server.url, s3_server, s3_bucket)
    async with harness(settings, open_contest(seoul_contest)) as intake:
        key = await intake.applicant()
        await asyncio.to_thread(nats_server.stop)
        response = await eventually(
            lambda: intake.send(key.api_key, application(), [PDF]),
            until=lambda r: r.status_code != 201,
            what="a refusal while the broker is down",
        )
        assert response.status_code == 503, response.text
        assert response.json()["type"].endswith("broker-unavailable")
        assert "retry-after" in response.headers
        public = await intake.client.get(f"/v1/contests/{intake.contest.id}")
        assert public.status_code == 503
        await asyncio.to_thread(nats_server.start)
        connection = intake.broker.connection

        async def reconnected() -> bool:
            return bool(connection.is_connected)

        await eventually(reconnected, what="intake back on the broker")
        assert await intake.objects("contests/") == []
