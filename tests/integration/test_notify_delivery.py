"""Delivery against the real SMTP server: once per event, retried, dead-lettered, paced."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from faststream.nats import NatsBroker
from nats.errors import TimeoutError as NatsTimeoutError

import notify.main
from contracts.events import NotificationFailed, NotificationSent
from contracts.subjects import Header, Stream, Subject, dead_letter_subject
from notify.domain.ids import delivery_key
from notify.main import Notify
from notify.records import Delivery
from servicekit.broker import jetstream, publish_event
from servicekit.embedded import SmtpCatcher
from servicekit.kv import DocumentBucket
from tests.support.notify import caught, fast_settings, received, stored_events
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually


@pytest.fixture
def overrides() -> dict[str, Any]:
    return {}


@pytest.fixture
def parts(nats_url: str, smtp_catcher: SmtpCatcher, overrides: dict[str, Any]) -> Notify:
    return notify.main.bootstrap(fast_settings(nats_url, smtp_catcher, **overrides))


@pytest.fixture
async def app(parts: Notify) -> AsyncIterator[FastAPI]:
    app = notify.main.app_of(parts)
    async with running(app):
        yield app


async def settled(broker: NatsBroker, durable: str, delivered: int) -> None:
    js = jetstream(broker)
    await eventually(
        lambda: js.consumer_info(Stream.EVENTS, durable),
        until=lambda info: (
            info.delivered.stream_seq >= delivered
            and info.num_pending == 0
            and info.num_ack_pending == 0
        ),
        what=f"{durable} to settle {delivered} message(s)",
    )


async def test_the_same_event_delivered_three_times_sends_one_email(
    app: FastAPI, parts: Notify, smtp_catcher: SmtpCatcher
):
    broker = broker_of(app)
    event = received()
    js = jetstream(broker)
    # Three copies under different message ids: only the event id can tell them apart.
    for copy in range(3):
        await js.publish(
            event.subject, event.model_dump_json().encode(), headers={Header.MSG_ID: f"c{copy}"}
        )

    await settled(broker, "notify-acknowledge-submission", 3)
    [email] = await caught(smtp_catcher, 1)
    assert len(smtp_catcher.messages) == 1
    sent = await stored_events(broker, NotificationSent)
    assert {s.message_id for s in sent} == {email.message["Message-ID"]}
    record = await parts.store.ledger.get(delivery_key(event.event_id, "app-1"))
    assert record is not None
    assert record[0].state == "sent", "the ledger says what was sent"


async def test_a_server_answering_451_twice_delivers_on_the_third_try(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    smtp_catcher.fail_next(451, "4.7.1 greylisted, try again later", times=2)
    await publish_event(broker_of(app), received())

    await caught(smtp_catcher, 1)
    [sent] = await eventually(
        lambda: stored_events(broker_of(app), NotificationSent), what="the sent event"
    )
    assert sent.attempts == 3
    assert len(smtp_catcher.messages) == 1


async def test_a_server_answering_550_ends_in_a_failed_event_and_a_dead_letter_without_retry(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    broker = broker_of(app)
    smtp_catcher.fail_next(550, "5.1.1 <ana.lima@curitiba.example>: mailbox unavailable")
    event = received()
    await publish_event(broker, event)

    [failed] = await eventually(
        lambda: stored_events(broker, NotificationFailed), what="the failed event"
    )
    assert failed.cause_event_id == event.event_id
    assert failed.recipient_id == "app-1"
    assert failed.attempts == 1
    assert "550" in failed.reason
    assert "mailbox unavailable" in failed.reason
    assert "ana.lima@" not in failed.reason, "the reason names no address"
    js = jetstream(broker)
    parked = await eventually(
        lambda: js.get_last_msg(
            Stream.DEAD_LETTER, dead_letter_subject(Subject.SUBMISSION_RECEIVED)
        ),
        what="the dead-letter entry",
    )
    assert "550" in (parked.headers or {})[Header.DEAD_LETTER_REASON]
    await settled(broker, "notify-acknowledge-submission", 1)
    # Had it been tried again, the catcher (failing only once) would have accepted it.
    await js.publish(event.subject, event.model_dump_json().encode(), headers={Header.MSG_ID: "x"})
    await settled(broker, "notify-acknowledge-submission", 2)
    assert smtp_catcher.messages == []
    assert len(await stored_events(broker, NotificationSent)) == 0


@pytest.mark.parametrize("overrides", [{"max_deliveries": 50}])
async def test_every_email_is_delivered_after_the_mail_server_comes_back(
    app: FastAPI, smtp_catcher: SmtpCatcher, tmp_path: Path
):
    broker = broker_of(app)
    smtp_catcher.stop()
    events = [received(submission_id=f"sub-{n}", applicant_id=f"app-{n}") for n in range(3)]
    for event in events:
        await publish_event(broker, event)
    js = jetstream(broker)
    await eventually(
        lambda: js.consumer_info(Stream.EVENTS, "notify-acknowledge-submission"),
        until=lambda info: info.num_redelivered > 0,
        what="deliveries failing while the server is down",
    )

    # SmtpCatcher cannot start again once stopped (aiosmtpd closes its loop): a new one on
    # the same port is the server coming back.
    with SmtpCatcher(tmp_path / "mail-again", port=smtp_catcher.port) as back:
        emails = await caught(back, 3, timeout=15)
    assert sorted(e.rcpt_tos[0] for e in emails) == ["ana.lima@curitiba.example"] * 3
    sent = await eventually(
        lambda: stored_events(broker, NotificationSent),
        until=lambda s: len(s) == 3,
        what="three sent events",
    )
    assert {s.cause_event_id for s in sent} == {e.event_id for e in events}
    assert max(s.attempts for s in sent) > 1, "tried while the server was down"


@pytest.mark.parametrize("overrides", [{"smtp_rate_per_minute": 600, "smtp_rate_burst": 2}])
async def test_a_burst_above_the_rate_limit_is_spread_out_and_none_is_lost(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    broker = broker_of(app)
    events = [received(submission_id=f"sub-{n}", applicant_id=f"app-{n}") for n in range(12)]
    await asyncio.gather(*(publish_event(broker, e) for e in events))

    emails = await caught(smtp_catcher, 12, timeout=20)
    sent = await eventually(
        lambda: stored_events(broker, NotificationSent),
        until=lambda s: len(s) == 12,
        what="twelve sent events",
    )
    assert len({e.message["Message-ID"] for e in emails}) == 12
    times = sorted(s.occurred_at for s in sent)
    spread = (times[-1] - times[0]).total_seconds()
    # 2 at once, then 10 a second: the last of 12 cannot leave before about a second.
    assert spread >= 0.9, f"12 emails in {spread:.2f}s at 10/s"


async def test_a_sent_email_the_broker_could_not_record_at_once_is_not_sent_again(
    app: FastAPI, parts: Notify, smtp_catcher: SmtpCatcher, monkeypatch: pytest.MonkeyPatch
):
    # The provider accepted; then the broker is away for a moment (a bounce, a restart). If the
    # event went back now, its redelivery would find `sending` and send the email again.
    put, refused = DocumentBucket.put, list[str]()

    async def flaky_put(bucket: DocumentBucket[Any], key: str, document: Any) -> int:
        if isinstance(document, Delivery) and document.state == "sent" and len(refused) < 2:
            refused.append(key)
            raise NatsTimeoutError
        return await put(bucket, key, document)

    monkeypatch.setattr(DocumentBucket, "put", flaky_put)
    ledger = parts.store.ledger
    broker = broker_of(app)
    event = received()
    await publish_event(broker, event)

    key = delivery_key(event.event_id, "app-1")
    await eventually(
        lambda: ledger.get(key),
        until=lambda found: found is not None and found[0].state == "sent",
        what="the sent record kept",
    )
    await settled(broker, "notify-acknowledge-submission", 1)
    assert len(refused) == 2, "the sent record was refused twice, then kept"
    sent = await stored_events(broker, NotificationSent)
    assert [s.attempts for s in sent if s.cause_event_id == event.event_id] == [1]
    assert len(smtp_catcher.messages) == 1, "one email, not a second with the same Message-ID"
