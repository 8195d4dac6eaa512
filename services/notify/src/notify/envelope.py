"""One email handed over on an open SMTP connection: `aiosmtplib.SMTP.sendmail` for a single
recipient, with the sender's address quoted once per transport rather than per email.

`sendmail` parses each address twice per email (to check them all first, then to quote each
on its command line), and `email.utils.parseaddr` walks an address a character at a time:
about a tenth of the Python calls notify made per receipt (docs/benchmarks.md). Here the
sender is quoted once (`Envelope`) and the recipient once, by the same `quote_address`, so the
command lines, their order, the checks of each reply and the errors raised are `sendmail`'s.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import aiosmtplib
from aiosmtplib.email import quote_address
from aiosmtplib.protocol import normalize_message_line_endings


@dataclass(frozen=True)
class Envelope:
    """The sender as `sendmail` would write it on the MAIL command line."""

    sender: str
    quoted: bytes

    @classmethod
    def of(cls, sender: str) -> Envelope:
        """Raises ValueError for an address no SMTP command line can carry, as `sendmail`."""
        return cls(sender, quote_address(sender).encode("ascii"))


async def hand_over(
    client: aiosmtplib.SMTP, envelope: Envelope, recipient: str, message: bytes
) -> None:
    """MAIL, RCPT and DATA, then RSET on a refusal, as `client.sendmail(envelope.sender,
    [recipient], message)`; raises what it raises (a refused recipient as
    `SMTPRecipientsRefused`, a bad address as ValueError before anything is sent)."""
    quoted = quote_address(recipient).encode("ascii")
    await _greeted(client)
    options = []
    if client.supports_extension("size"):
        # RFC 1870: the octets as sent in DATA, CRLF line ends included.
        options.append(f"size={len(normalize_message_line_endings(message))}".encode("ascii"))
    try:
        reply = await client.execute_command(b"MAIL", b"FROM:" + envelope.quoted, *options)
        if reply.code != aiosmtplib.SMTPStatus.completed:
            raise aiosmtplib.SMTPSenderRefused(reply.code, reply.message, envelope.sender)
        reply = await client.execute_command(b"RCPT", b"TO:" + quoted)
        if reply.code not in (aiosmtplib.SMTPStatus.completed, aiosmtplib.SMTPStatus.will_forward):
            refused = aiosmtplib.SMTPRecipientRefused(reply.code, reply.message, recipient)
            raise aiosmtplib.SMTPRecipientsRefused([refused])
        await client.data(message)
    except (aiosmtplib.SMTPResponseException, aiosmtplib.SMTPRecipientsRefused):
        # A reset that fails says nothing more than the refusal.
        with contextlib.suppress(ConnectionError, aiosmtplib.SMTPResponseException):
            await client.rset()
        raise


async def _greeted(client: aiosmtplib.SMTP) -> None:
    """EHLO once per connection, HELO if the server does not know EHLO (as `sendmail`)."""
    if not client.is_ehlo_or_helo_needed:
        return
    try:
        await client.ehlo()
    except aiosmtplib.SMTPHeloError:
        if not client.is_connected:
            raise
        await client.helo()
