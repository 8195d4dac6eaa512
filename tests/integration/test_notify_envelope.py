"""Notify hands an email over with `notify.envelope.hand_over`, not `aiosmtplib`'s `sendmail`:
the server receives the same envelope and bytes, and a refusal raises the same error."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import aiosmtplib
import pytest

from notify.envelope import Envelope, hand_over
from servicekit.embedded import SmtpCatcher
from tests.support.notify import caught

RECIPIENT = "ana.lima@curitiba.example"
EMAIL = (
    b"From: Cityprize <no-reply@cityprize.example>\r\nTo: ana.lima@curitiba.example\r\n"
    b"Subject: Submission received\r\n\r\nThank you.\r\n.leading dot\r\n"
)
Send = Callable[[aiosmtplib.SMTP], Awaitable[object]]


async def by_sendmail(client: aiosmtplib.SMTP) -> object:
    return await client.sendmail("no-reply@cityprize.example", [RECIPIENT], EMAIL)


async def by_hand_over(client: aiosmtplib.SMTP) -> None:
    await hand_over(client, Envelope.of("no-reply@cityprize.example"), RECIPIENT, EMAIL)


@pytest.fixture
async def client(smtp_catcher: SmtpCatcher) -> AsyncIterator[aiosmtplib.SMTP]:
    client = aiosmtplib.SMTP(hostname=smtp_catcher.host, port=smtp_catcher.port, timeout=5)
    await client.connect()
    yield client
    await client.quit()


async def test_the_server_catches_the_same_envelope_and_bytes_as_from_sendmail(
    client: aiosmtplib.SMTP, smtp_catcher: SmtpCatcher
):
    await by_sendmail(client)
    await by_hand_over(client)

    old, new = await caught(smtp_catcher, 2)
    assert (new.mail_from, new.rcpt_tos, new.raw) == (old.mail_from, old.rcpt_tos, old.raw)
    assert new.rcpt_tos == (RECIPIENT,)


@pytest.mark.parametrize("send", [by_sendmail, by_hand_over])
async def test_a_refused_recipient_raises_recipients_refused_and_the_connection_goes_on(
    client: aiosmtplib.SMTP, smtp_catcher: SmtpCatcher, send: Send
):
    smtp_catcher.fail_next(550, "5.1.1 mailbox unavailable", at="RCPT")

    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
        await send(client)

    [recipient] = refused.value.recipients
    assert (recipient.code, recipient.message) == (550, "5.1.1 mailbox unavailable")
    await send(client)
    assert len(await caught(smtp_catcher, 1)) == 1


@pytest.mark.parametrize("send", [by_sendmail, by_hand_over])
async def test_a_refused_email_raises_a_data_error_and_the_connection_goes_on(
    client: aiosmtplib.SMTP, smtp_catcher: SmtpCatcher, send: Send
):
    smtp_catcher.fail_next(451, "4.7.1 greylisted, try again later")

    with pytest.raises(aiosmtplib.SMTPDataError) as refused:
        await send(client)

    assert (refused.value.code, refused.value.message) == (451, "4.7.1 greylisted, try again later")
    await send(client)
    assert len(await caught(smtp_catcher, 1)) == 1


async def test_an_address_no_command_line_can_carry_is_refused_before_anything_is_sent(
    client: aiosmtplib.SMTP, smtp_catcher: SmtpCatcher
):
    with pytest.raises(ValueError, match="not permitted"):
        Envelope.of("no reply@cityprize.example")
    envelope = Envelope.of("no-reply@cityprize.example")

    with pytest.raises(ValueError, match="not permitted"):
        await hand_over(client, envelope, "ana lima@curitiba.example", EMAIL)

    await hand_over(client, envelope, RECIPIENT, EMAIL)
    [only] = await caught(smtp_catcher, 1)
    assert only.rcpt_tos == (RECIPIENT,)
