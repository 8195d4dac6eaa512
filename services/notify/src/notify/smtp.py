"""The SMTP provider: a few connections kept open between emails, STARTTLS and login from
settings, and every failure sorted into temporary (try again later) or permanent (this will
never go through)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from email.utils import parseaddr

import aiosmtplib

from notify.domain.redact import redact
from notify.settings import NotifySettings


class TemporaryDeliveryError(Exception):
    """4xx, a refused connection or a time-out: the same email may go through later."""


class PermanentDeliveryError(Exception):
    """5xx, or a refusal by a collaborator: retrying cannot help."""


def classify(error: Exception) -> TemporaryDeliveryError | PermanentDeliveryError:
    """The outcome of a failed send, its reason free of addresses (it is logged and published)."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused) and error.recipients:
        error = error.recipients[0]
    if isinstance(error, aiosmtplib.SMTPResponseException):
        reason = redact(f"SMTP {error.code} {error.message}")
        if 500 <= error.code < 600:
            return PermanentDeliveryError(reason)
        return TemporaryDeliveryError(reason)
    return TemporaryDeliveryError(redact(f"{type(error).__name__}: {error}"))


_FAILURES = (aiosmtplib.SMTPException, OSError, TimeoutError)


@dataclass
class _Connection:
    client: aiosmtplib.SMTP
    sent: int = 0
    idle_since: float = 0.0


class SmtpTransport:
    """Hands emails to the provider over at most `smtp_connections` connections at once.

    A connection carries one email at a time and is kept for the next while the provider
    keeps it open, for up to `smtp_messages_per_connection` emails, and closed with QUIT once
    idle for `smtp_idle_seconds`: each new one costs a TCP and TLS handshake and a login,
    which providers also count against their limits. After a failure the conversation's
    state is unknown, so that connection is dropped.
    """

    def __init__(self, settings: NotifySettings) -> None:
        self._settings = settings
        self._envelope_from = parseaddr(settings.mail_from)[1]
        self._slots = asyncio.Semaphore(settings.smtp_connections)
        self._idle: list[_Connection] = []
        self._busy = 0
        self._reaper: asyncio.Task[None] | None = None

    @property
    def provider(self) -> str:
        return f"{self._settings.smtp_host}:{self._settings.smtp_port}"

    @property
    def open_connections(self) -> int:
        """Connections carrying an email now, plus idle ones the provider has not closed."""
        return self._busy + sum(1 for c in self._idle if c.client.is_connected)

    async def send(self, message: bytes, address: str) -> None:
        """Hand `message` (an email as sent, CRLF line ends) to the provider for `address`;
        raises a classified failure."""
        async with self._slots:
            connection = await self._take()
            self._busy += 1
            try:
                await connection.client.sendmail(self._envelope_from, [address], message)
            except _FAILURES as error:
                connection.client.close()
                raise classify(error) from None
            except BaseException:
                connection.client.close()  # cancelled mid-conversation
                raise
            finally:
                self._busy -= 1
            connection.sent += 1
            await self._give_back(connection)

    async def close(self) -> None:
        """QUIT every idle connection (at shutdown, after the last email)."""
        if self._reaper is not None:
            self._reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reaper
        idle, self._idle = self._idle, []
        await asyncio.gather(*(_quit(connection) for connection in idle))

    async def _take(self) -> _Connection:
        while self._idle:
            connection = self._idle.pop()  # the most recently used: the likeliest still open
            if connection.client.is_connected:
                return connection
            connection.client.close()
        settings = self._settings
        client = aiosmtplib.SMTP(
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            start_tls=settings.smtp_starttls,
            username=settings.smtp_username,
            password=settings.smtp_password,
            timeout=settings.smtp_timeout_seconds,
        )
        try:
            await client.connect()
        except _FAILURES as error:
            client.close()
            raise classify(error) from None
        return _Connection(client)

    async def _give_back(self, connection: _Connection) -> None:
        settings = self._settings
        if (
            settings.smtp_idle_seconds == 0
            or connection.sent >= settings.smtp_messages_per_connection
        ):
            await _quit(connection)
            return
        connection.idle_since = time.monotonic()
        self._idle.append(connection)
        if self._reaper is None or self._reaper.done():
            self._reaper = asyncio.create_task(self._reap(), name="smtp-idle-reaper")

    async def _reap(self) -> None:
        """Close connections idle for `smtp_idle_seconds`, until none is left open."""
        while self._idle:
            oldest = min(connection.idle_since for connection in self._idle)
            await asyncio.sleep(
                max(0.0, oldest + self._settings.smtp_idle_seconds - time.monotonic())
            )
            cutoff = time.monotonic() - self._settings.smtp_idle_seconds
            stale = [c for c in self._idle if c.idle_since <= cutoff]
            self._idle = [c for c in self._idle if c.idle_since > cutoff]
            await asyncio.gather(*(_quit(connection) for connection in stale))


async def _quit(connection: _Connection) -> None:
    """Say goodbye if the provider still listens; a connection already gone is just closed."""
    client = connection.client
    if client.is_connected:
        with contextlib.suppress(*_FAILURES):
            await client.quit()
    client.close()
