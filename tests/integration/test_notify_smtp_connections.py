"""Notify keeps a few SMTP connections open between emails, against the real SMTP server."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from email.message import EmailMessage
from typing import Any

import pytest

from notify.settings import NotifySettings
from notify.smtp import SmtpTransport, TemporaryDeliveryError
from servicekit.embedded import SmtpCatcher
from tests.support.waiting import eventually


def email(n: int) -> bytes:
    message = EmailMessage()
    message["From"] = "Cityprize <no-reply@cityprize.example>"
    message["To"] = f"city-{n}@example.org"
    message["Subject"] = f"Application {n} received"
    message["Message-ID"] = f"<{n}@notify.cityprize.example>"
    message.set_content(f"Application {n} is with the secretariat.")
    return message.as_bytes()


@pytest.fixture
async def closing(smtp_catcher: SmtpCatcher) -> AsyncIterator[Any]:
    """Makes transports to the catcher with settings overridden; closes them afterwards."""
    made: list[SmtpTransport] = []

    def make(**overrides: Any) -> SmtpTransport:
        settings = NotifySettings(
            smtp_host=smtp_catcher.host, smtp_port=smtp_catcher.port, smtp_timeout_seconds=2.0
        )
        made.append(SmtpTransport(settings.model_copy(update=overrides)))
        return made[-1]

    yield make
    for transport in made:
        await transport.close()


async def none_open(transport: SmtpTransport, what: str) -> None:
    async def open_now() -> int:
        return transport.open_connections

    await eventually(open_now, until=lambda count: count == 0, timeout=5, what=what)


async def send_all(transport: SmtpTransport, numbers: range) -> None:
    for n in numbers:
        await transport.send(email(n), f"city-{n}@example.org")


def connections_used(catcher: SmtpCatcher) -> int:
    return len({caught.peer for caught in catcher.messages})


async def test_emails_one_after_another_share_one_connection(
    closing: Any, smtp_catcher: SmtpCatcher
):
    transport = closing()
    await send_all(transport, range(6))

    caught = smtp_catcher.messages
    assert [c.message["Subject"] for c in caught] == [f"Application {n} received" for n in range(6)]
    assert connections_used(smtp_catcher) == 1
    assert transport.open_connections == 1


async def test_emails_side_by_side_use_no_more_connections_than_allowed(
    closing: Any, smtp_catcher: SmtpCatcher
):
    transport = closing(smtp_connections=3)
    await asyncio.gather(*(transport.send(email(n), f"city-{n}@example.org") for n in range(30)))

    assert len(smtp_catcher.messages) == 30
    assert 1 <= connections_used(smtp_catcher) <= 3


async def test_a_connection_is_renewed_after_its_share_of_emails(
    closing: Any, smtp_catcher: SmtpCatcher
):
    transport = closing(smtp_messages_per_connection=2)
    await send_all(transport, range(5))

    assert len(smtp_catcher.messages) == 5
    assert connections_used(smtp_catcher) == 3
    assert transport.open_connections == 1, "the full ones were closed, the last is kept"


async def test_with_no_idle_time_every_email_has_its_own_connection(
    closing: Any, smtp_catcher: SmtpCatcher
):
    transport = closing(smtp_idle_seconds=0)
    await send_all(transport, range(3))

    assert connections_used(smtp_catcher) == 3
    assert transport.open_connections == 0


async def test_idle_connections_are_closed_after_the_idle_time(closing: Any):
    transport = closing(smtp_idle_seconds=0.2)
    await send_all(transport, range(2))
    assert transport.open_connections == 1

    await none_open(transport, "the idle connection to be closed")


async def test_after_the_mail_server_restarts_the_next_email_goes_on_a_new_connection(
    closing: Any, smtp_catcher: SmtpCatcher
):
    transport = closing()
    await send_all(transport, range(1))
    smtp_catcher.stop()
    smtp_catcher.start()
    await none_open(transport, "the client to notice the server closed its connection")

    await send_all(transport, range(1, 2))

    assert len(smtp_catcher.messages) == 2
    assert connections_used(smtp_catcher) == 2


async def test_a_failure_drops_the_connection_and_the_next_email_still_goes(
    closing: Any, smtp_catcher: SmtpCatcher
):
    transport = closing()
    await send_all(transport, range(1))
    smtp_catcher.fail_next(451, "4.3.0 try again later")

    with pytest.raises(TemporaryDeliveryError, match="451"):
        await send_all(transport, range(1, 2))
    await send_all(transport, range(2, 3))

    assert [c.message["Subject"] for c in smtp_catcher.messages] == [
        "Application 0 received",
        "Application 2 received",
    ]
    assert connections_used(smtp_catcher) == 2, "the failed conversation was not reused"


async def test_close_says_goodbye_on_every_idle_connection(closing: Any):
    transport = closing()
    await asyncio.gather(*(transport.send(email(n), f"city-{n}@example.org") for n in range(8)))
    assert transport.open_connections >= 1

    await transport.close()

    assert transport.open_connections == 0
