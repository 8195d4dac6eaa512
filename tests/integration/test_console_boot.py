"""The staff console boots against a real NATS like every service: ready once its copy of
the contests opens, and keeping that copy current from `prize.contest.configured`."""

from __future__ import annotations

from nats.js.errors import KeyNotFoundError

import console.main
from console.settings import ConsoleSettings
from contracts.contest import Contest
from contracts.events import ContestConfigured
from contracts.subjects import kv_bucket
from servicekit.broker import publish_event
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually


async def test_the_console_is_ready_and_keeps_its_own_copy_of_a_configured_contest(
    nats_url: str, seoul_contest: Contest
):
    app = console.main.create_app(ConsoleSettings(nats_url=nats_url))
    event = ContestConfigured(contest_id=seoul_contest.id, contest=seoul_contest)
    async with running(app) as client:
        ready = await client.get("/readyz")
        assert ready.json()["checks"]["contests"] == "ok"
        await publish_event(broker_of(app), event)
        kv = await broker_of(app).key_value(kv_bucket("console", "contests"))

        async def kept() -> bytes | None:
            try:
                return (await kv.get(seoul_contest.id)).value
            except KeyNotFoundError:
                return None

        value = await eventually(kept, until=lambda found: found is not None, what="its copy")
        assert ContestConfigured.model_validate_json(value or b"") == event
