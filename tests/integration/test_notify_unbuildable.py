"""An email that cannot be built fails once, at once, and is never retried (real servers)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

import notify.main
from contracts.events import NotificationFailed, NotificationSent
from contracts.subjects import Header, Stream, Subject, dead_letter_subject
from servicekit.broker import jetstream, publish_event
from servicekit.embedded import SmtpCatcher
from tests.support.notify import fast_settings, received, stored_events
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually

DURABLE = "notify-acknowledge-submission"


@pytest.fixture
async def app(nats_url: str, smtp_catcher: SmtpCatcher) -> AsyncIterator[FastAPI]:
    app = notify.main.create_app(fast_settings(nats_url, smtp_catcher))
    async with running(app):
        yield app


@pytest.mark.parametrize(
    ("contact", "reason"),
    [
        (
            {"name": "Ana\r\nBcc: spy@evil.example"},
            "cannot build the email: the name contains the control character U+000D",
        ),
        (
            {"email": "민준@부산시청.example"},
            "cannot build the email: the address's local part is not ASCII",
        ),
    ],
)
async def test_an_email_that_cannot_be_built_is_one_failed_event_and_no_retry(
    app: FastAPI, smtp_catcher: SmtpCatcher, contact: dict[str, str], reason: str
):
    broker = broker_of(app)
    event = received(**contact)
    await publish_event(broker, event)

    [failed] = await eventually(
        lambda: stored_events(broker, NotificationFailed), what="the failed event"
    )
    assert (failed.cause_event_id, failed.recipient_id) == (event.event_id, "app-1")
    assert reason in failed.reason
    assert "@" not in failed.reason, "the reason names no address"
    js = jetstream(broker)
    parked = await eventually(
        lambda: js.get_last_msg(
            Stream.DEAD_LETTER, dead_letter_subject(Subject.SUBMISSION_RECEIVED)
        ),
        what="the dead-letter entry",
    )
    assert reason in (parked.headers or {})[Header.DEAD_LETTER_REASON]
    info = await eventually(
        lambda: js.consumer_info(Stream.EVENTS, DURABLE),
        until=lambda info: info.num_pending == 0 and info.num_ack_pending == 0,
        what="the receipt consumer to settle",
    )
    assert info.num_redelivered == 0, "never tried again"
    assert len(await stored_events(broker, NotificationFailed)) == 1
    assert await stored_events(broker, NotificationSent) == []
    assert smtp_catcher.messages == []
