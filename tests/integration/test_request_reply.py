"""Queries and staff commands answer over core NATS, refusals included."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from faststream.nats import NatsBroker

from contracts.queries import JudgePortalLink, JudgePortalLinkQuery, Refusal
from servicekit.broker import create_broker
from servicekit.replies import RefusedError, responder
from servicekit.settings import ServiceSettings
from servicekit.telemetry import create_telemetry

SUBJECT = "cityprize.query.test.portal-link"


@pytest.fixture
async def broker(nats_url: str) -> AsyncIterator[NatsBroker]:
    settings = ServiceSettings(service_name="review", nats_url=nats_url)
    broker = create_broker(settings, create_telemetry("review"))

    @responder(broker, settings, SUBJECT)
    async def portal_link(query: JudgePortalLinkQuery) -> JudgePortalLink | Refusal:
        if query.judge_id == "unknown":
            raise RefusedError("judge-not-found", query.judge_id)
        if query.judge_id == "broken":
            raise RuntimeError("token store unreachable: secret=hunter2")
        return JudgePortalLink(
            url=f"https://judges.example/{query.judge_id}", expires_at="2027-04-01T00:00:00Z"
        )

    await broker.start()
    yield broker
    await broker.stop()


async def ask(broker: NatsBroker, judge_id: str) -> dict[str, object]:
    query = JudgePortalLinkQuery(contest_id="seoul-2027", judge_id=judge_id)
    reply = await broker.request(query, SUBJECT, timeout=5)
    body: dict[str, object] = await reply.decode()  # type: ignore[assignment]
    return body


async def test_a_query_is_answered(broker: NatsBroker):
    answer = JudgePortalLink.model_validate(await ask(broker, "j-7"))
    assert answer.url == "https://judges.example/j-7"


async def test_a_deliberate_refusal_names_its_kind(broker: NatsBroker):
    refusal = Refusal.model_validate(await ask(broker, "unknown"))
    assert refusal.kind == "judge-not-found"
    assert refusal.detail == "unknown"


async def test_an_unexpected_failure_is_answered_without_its_message(broker: NatsBroker):
    refusal = Refusal.model_validate(await ask(broker, "broken"))
    assert refusal.kind == "internal-error"
    assert "hunter2" not in refusal.detail
