"""Each service boots against the real servers, is ready, and does its job on an event."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from nats.js.errors import KeyNotFoundError

import archive.main
import intake.main
import notify.main
import review.main
from archive.repository import Archive
from archive.settings import ArchiveSettings
from contracts.contest import Contest
from contracts.events import ContestConfigured, RoundClosed
from contracts.subjects import kv_bucket
from intake.settings import IntakeSettings
from notify.settings import NotifySettings
from review.settings import ReviewSettings
from servicekit.broker import jetstream, publish_event
from servicekit.embedded import S3Server
from servicekit.metrics import serve_metrics
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually

FAST_RETRIES: dict[str, Any] = {"backoff_initial_seconds": 0.05, "graceful_timeout_seconds": 5}


async def test_intake_serves_the_public_part_of_a_configured_contest(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    settings = IntakeSettings(
        nats_url=nats_url,
        s3_endpoint=s3_server.endpoint,
        s3_access_key=s3_server.access_key,
        s3_secret_key=s3_server.secret_key,
        s3_bucket=s3_bucket,
        **FAST_RETRIES,
    )
    app = intake.main.create_app(settings)
    async with running(app) as client:
        missing = await client.get(f"/v1/contests/{seoul_contest.id}")
        assert missing.status_code == 404
        assert missing.headers["content-type"] == "application/problem+json"
        assert missing.json()["type"].endswith("contest-not-found")

        await publish_event(
            broker_of(app), ContestConfigured(contest_id=seoul_contest.id, contest=seoul_contest)
        )

        found = await eventually(
            lambda: client.get(f"/v1/contests/{seoul_contest.id}"),
            until=lambda response: response.status_code == 200,
            what="the contest served by intake",
        )
        public = found.json()
        assert public["id"] == seoul_contest.id
        assert {c["slug"] for c in public["categories"]} >= {"tech-innovacity", "leadership"}
        assert "rubrics" not in public, "rubric weights are not published"
        assert (await client.get("/metrics")).status_code == 404  # not on the API port
        port = serve_metrics(app.state.service.telemetry.registry, "127.0.0.1", 0)
        async with httpx.AsyncClient() as scraper:
            metrics = await scraper.get(f"http://127.0.0.1:{port}/metrics", timeout=5)
        assert "faststream_received_messages_total" in metrics.text
        assert "process_cpu_seconds_total" in metrics.text, "CPU time, for CPU per event"


async def stored_contest(app: FastAPI, service: str, contest_id: str) -> ContestConfigured | None:
    kv = await broker_of(app).key_value(kv_bucket(service, "contests"))
    try:
        entry = await kv.get(contest_id)
    except KeyNotFoundError:
        return None
    return ContestConfigured.model_validate_json(entry.value or b"")


async def test_review_and_notify_keep_their_own_copy_of_a_configured_contest(
    nats_url: str, seoul_contest: Contest
):
    apps = {
        "review": review.main.create_app(ReviewSettings(nats_url=nats_url, **FAST_RETRIES)),
        "notify": notify.main.create_app(NotifySettings(nats_url=nats_url, **FAST_RETRIES)),
    }
    event = ContestConfigured(contest_id=seoul_contest.id, contest=seoul_contest)
    async with running(apps["review"]), running(apps["notify"]):
        await publish_event(broker_of(apps["review"]), event)
        for name, app in apps.items():

            async def kept_by(app: FastAPI = app, name: str = name) -> ContestConfigured | None:
                return await stored_contest(app, name, seoul_contest.id)

            kept = await eventually(
                kept_by, until=lambda found: found is not None, what=f"{name}'s copy"
            )
            assert kept == event


async def test_archive_keeps_every_event_once_even_when_it_is_delivered_again(
    nats_url: str, mongo_client: Any
):
    settings = ArchiveSettings(nats_url=nats_url, mongodb_database="smoke", **FAST_RETRIES)
    app = archive.main.create_app(settings, mongo_client=mongo_client)
    log = Archive(mongo_client["smoke"])
    closed = RoundClosed(contest_id="seoul-2027", round="panel")
    async with running(app):
        broker = broker_of(app)
        await publish_event(broker, closed)
        # The same event again under another message id: only the event id protects the log.
        js = jetstream(broker)
        await js.publish(closed.subject, closed.model_dump_json().encode())

        await eventually(
            lambda: js.consumer_info("PRIZE", "archive-archive-event"),
            until=lambda info: (
                info.delivered.stream_seq >= 2
                and info.num_pending == 0
                and info.num_ack_pending == 0
            ),
            what="archive to settle both deliveries",
        )
        assert await log.count(event_id=closed.event_id) == 1
        [stored] = await log.events.find({"event_id": closed.event_id}).to_list(None)
        assert stored["subject"] == "prize.round.closed"
        assert stored["body"]["round"] == "panel"
