"""Notify killed (SIGKILL, a real process) between sending an email and acknowledging its
event: the redelivered event sends at most one duplicate, with the same Message-ID.

The kill is placed exactly from outside the delivery code: the process runs notify's own
composition root with one of its ports wrapped, so it dies as soon as it has passed a point
of a delivery. `after_accepted`: the SMTP transport has handed the email over, the ledger
still says `sending` (the window that cannot be closed without a transaction spanning SMTP).
`after_recorded`: notify is announcing the email as sent, so the ledger says `sent` and the
event is not acknowledged: no duplicate at all.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest
from nats.js.errors import NotFoundError

import notify.main
from contracts.subjects import Header, Stream
from servicekit.broker import create_broker, ensure_streams, jetstream
from servicekit.embedded import SmtpCatcher, free_port
from servicekit.settings import ServiceSettings
from servicekit.telemetry import create_telemetry
from tests.support.notify import caught, fast_settings, received
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually

RUNNER = """
import os, signal, sys
import notify.main
from contracts.events import NotificationSent
from notify.settings import NotifySettings
from notify.smtp import SmtpTransport
from servicekit.service import serve

def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)

if sys.argv[1] == "after_accepted":
    handover = SmtpTransport.send

    async def send_then_die(self, message, address):
        await handover(self, message, address)
        die()

    SmtpTransport.send = send_then_die
else:
    announce = notify.main.publish_event

    async def die_before_announcing_sent(broker, event, **kwargs):
        if isinstance(event, NotificationSent):
            die()
        return await announce(broker, event, **kwargs)

    notify.main.publish_event = die_before_announcing_sent

serve(notify.main.create_app, NotifySettings())
"""
DURABLE = "notify-acknowledge-submission"


@pytest.mark.parametrize(("crash_point", "emails"), [("after_accepted", 2), ("after_recorded", 1)])
async def test_notify_killed_after_sending_and_before_acknowledging_sends_at_most_one_duplicate(
    crash_point: str, emails: int, nats_url: str, smtp_catcher: SmtpCatcher, tmp_path: Path
):
    env = {
        **os.environ,
        "NATS_URL": nats_url,
        "HTTP_PORT": str(free_port()),
        "SMTP_HOST": smtp_catcher.host,
        "SMTP_PORT": str(smtp_catcher.port),
        "ACK_WAIT_SECONDS": "1",
    }
    log = tmp_path / "notify.log"
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-c", RUNNER, crash_point, env=env, stdout=out, stderr=out
        )
    settings = fast_settings(nats_url, smtp_catcher, ack_wait_seconds=1.0)
    publisher = create_broker(ServiceSettings(nats_url=nats_url), create_telemetry("test"))
    await publisher.connect()
    try:
        await ensure_streams(publisher, settings)
        js = jetstream(publisher)

        async def consuming() -> bool:
            try:
                await js.consumer_info(Stream.EVENTS, DURABLE)
            except NotFoundError:
                return False
            return True

        await eventually(consuming, timeout=30, interval=0.1, what=f"notify's consumer ({log})")
        event = received()
        body = event.model_dump_json().encode()
        await js.publish(event.subject, body, headers={Header.MSG_ID: "first"})
        assert await asyncio.wait_for(process.wait(), 20) == -9, log.read_text()
        [first] = await caught(smtp_catcher, 1)

        app = notify.main.create_app(settings)
        async with running(app):
            broker = broker_of(app)
            # The same event once more, as a publisher retry would deliver it.
            await js.publish(event.subject, body, headers={Header.MSG_ID: "again"})
            await eventually(
                lambda: jetstream(broker).consumer_info(Stream.EVENTS, DURABLE),
                until=lambda info: (
                    info.delivered.stream_seq >= 2
                    and info.num_pending == 0
                    and info.num_ack_pending == 0
                ),
                what="the redelivered and the repeated event settled",
            )
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
        await publisher.stop()

    caught_emails = smtp_catcher.messages
    assert len(caught_emails) == emails
    assert {e.message["Message-ID"] for e in caught_emails} == {first.message["Message-ID"]}
