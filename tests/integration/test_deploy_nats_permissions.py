"""The shipped NATS permission file (deploy/nats/auth.conf), loaded by a real nats-server:
each service may say only its own facts, and with only its own grants it still boots and
consumes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.aio.client import Client
from nats.js.errors import NoStreamResponseError

import archive.main
import intake.main
import notify.main
import review.main
from archive.settings import ArchiveSettings
from cityprize.bus import publish
from contracts.contest import Contest
from contracts.events import ContestConfigured
from contracts.queries import SUBMISSION_STATUS, SubmissionStatusQuery
from contracts.subjects import SERVICES, Stream, Subject
from intake.settings import IntakeSettings
from notify.settings import NotifySettings
from review.settings import ReviewSettings
from servicekit.broker import stream_configs
from servicekit.embedded import NatsServer, S3Server
from tests.support.service_apps import running
from tests.support.waiting import eventually

ROOT = Path(__file__).resolve().parents[2]
PERMISSIONS = ROOT / "deploy" / "nats" / "auth.conf"
USERS = (*SERVICES, "console", "staff")  # the staff console has a NATS user of its own
PASSWORDS = {user: f"{user}-test-password" for user in USERS}
CONTEST_CONSUMERS = (
    "intake-record-contest",
    "review-record-contest",
    "notify-record-contest",
    "archive-archive-event",
)


@pytest.fixture
def secured_nats(tmp_path: Path) -> Iterator[NatsServer]:
    """nats-server with the shipped authorization block; passwords come from its environment."""
    with pytest.MonkeyPatch.context() as env:
        for user, password in PASSWORDS.items():
            env.setenv(f"{user.upper()}_NATS_PASSWORD", password)
        server = NatsServer(tmp_path / "nats", extra_config=PERMISSIONS.read_text()).start()
    yield server
    server.stop()


@asynccontextmanager
async def connected_as(server: NatsServer, user: str) -> AsyncIterator[tuple[Client, list[str]]]:
    refusals: list[str] = []

    async def note(error: Exception) -> None:
        refusals.append(str(error))

    client = await nats.connect(
        server.url, user=user, password=PASSWORDS[user], error_cb=note, max_reconnect_attempts=0
    )
    try:
        yield client, refusals
    finally:
        await client.close()


def violations(server: NatsServer) -> list[str]:
    return [
        line for line in server.process.log_path.read_text().splitlines() if "Violation" in line
    ]


async def test_notify_cannot_publish_a_received_submission_while_intake_can(
    secured_nats: NatsServer,
):
    # The server checks the subject, not the body: any bytes make the point.
    body = b'{"event_type": "submission.received"}'
    async with connected_as(secured_nats, "intake") as (intake_bus, _):
        intake_js = intake_bus.jetstream()
        for config in stream_configs(IntakeSettings()):
            await intake_js.add_stream(config)

        async with connected_as(secured_nats, "notify") as (notify_bus, refusals):
            with pytest.raises((NoStreamResponseError, nats.errors.TimeoutError)):
                await notify_bus.jetstream().publish(Subject.SUBMISSION_RECEIVED, body, timeout=1.0)
            await eventually(
                lambda: asyncio.sleep(0, refusals),
                until=lambda seen: any("permissions violation" in r.lower() for r in seen),
                what="the server refusing notify's publish",
            )
        assert (await intake_js.stream_info(Stream.EVENTS)).state.messages == 0

        ack = await intake_js.publish(Subject.SUBMISSION_RECEIVED, body, stream=Stream.EVENTS)
        assert ack.seq == 1
    assert any(
        "notify" in line and Subject.SUBMISSION_RECEIVED in line
        for line in violations(secured_nats)
    )


def _apps(server: NatsServer, s3: S3Server, bucket: str, mongo_url: str) -> dict[str, Any]:
    def login(user: str) -> dict[str, Any]:
        return {"nats_url": server.url, "nats_user": user, "nats_password": PASSWORDS[user]}

    return {
        "intake": intake.main.create_app(
            IntakeSettings(
                **login("intake"),
                s3_endpoint=s3.endpoint,
                s3_access_key=s3.access_key,
                s3_secret_key=s3.secret_key,
                s3_bucket=bucket,
            )
        ),
        "review": review.main.create_app(ReviewSettings(**login("review"))),
        "notify": notify.main.create_app(NotifySettings(**login("notify"))),
        "archive": archive.main.create_app(
            ArchiveSettings(
                **login("archive"),
                mongodb_url=mongo_url,
                mongodb_database=f"grants_{uuid.uuid4().hex[:12]}",
            )
        ),
    }


def acknowledged(server: NatsServer) -> dict[str, int]:
    """Each durable consumer's ack floor, from the monitoring port (no NATS grant needed)."""
    jsz = server.monitor_json("/jsz?consumers=true") or {}
    floors: dict[str, int] = {}
    for account in jsz.get("account_details", []):
        for stream in account.get("stream_detail", []):
            for consumer in stream.get("consumer_detail") or []:
                floors[consumer["name"]] = consumer["ack_floor"]["stream_seq"]
    return floors


def dead_letters(server: NatsServer) -> int:
    jsz = server.monitor_json("/jsz?streams=true") or {}
    return sum(
        stream["state"]["messages"]
        for account in jsz.get("account_details", [])
        for stream in account.get("stream_detail", [])
        if stream["name"] == Stream.DEAD_LETTER
    )


async def test_every_service_boots_consumes_answers_and_dead_letters_with_only_its_grants(
    secured_nats: NatsServer,
    s3_server: S3Server,
    s3_bucket: str,
    seoul_contest: Contest,
    mongo_url: str,
):
    async with AsyncExitStack() as stack:
        for app in _apps(secured_nats, s3_server, s3_bucket, mongo_url).values():
            await stack.enter_async_context(running(app))
        async with connected_as(secured_nats, "staff") as (staff, refusals):
            event = ContestConfigured(contest_id=seoul_contest.id, contest=seoul_contest)
            assert await publish(staff, event)
            await eventually(
                lambda: asyncio.sleep(0, acknowledged(secured_nats)),
                until=lambda floors: all(floors.get(name, 0) >= 1 for name in CONTEST_CONSUMERS),
                what="every service's consumer acknowledging the contest",
            )
            # A body no consumer can read is parked by each of them at once.
            await staff.jetstream().publish(Subject.CONTEST_CONFIGURED, b"not an event")
            await eventually(
                lambda: asyncio.sleep(0, dead_letters(secured_nats)),
                until=lambda parked: parked == len(CONTEST_CONSUMERS),
                what="each consumer dead-lettering the unreadable event",
            )
        async with connected_as(secured_nats, "intake") as (intake_bus, _):
            question = SubmissionStatusQuery(
                contest_id=seoul_contest.id, submission_id="sub-x", applicant_id="app-x"
            )
            reply = await intake_bus.request(
                SUBMISSION_STATUS, question.model_dump_json().encode(), timeout=5
            )
            assert reply.data, "archive answered intake's request"
    assert refusals == []
    assert violations(secured_nats) == []
