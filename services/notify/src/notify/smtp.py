"""The SMTP provider: one connection per email, STARTTLS and login from settings, and every
failure sorted into temporary (try again later) or permanent (this will never go through)."""

from __future__ import annotations

from email.message import EmailMessage
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


class SmtpTransport:
    def __init__(self, settings: NotifySettings) -> None:
        self._settings = settings
        self._envelope_from = parseaddr(settings.mail_from)[1]

    @property
    def provider(self) -> str:
        return f"{self._settings.smtp_host}:{self._settings.smtp_port}"

    async def send(self, message: EmailMessage, address: str) -> None:
        """Hand `message` to the provider for `address`; raises a classified failure."""
        settings = self._settings
        try:
            await aiosmtplib.send(
                message,
                sender=self._envelope_from,
                recipients=[address],
                hostname=settings.smtp_host,
                port=settings.smtp_port,
                start_tls=settings.smtp_starttls,
                username=settings.smtp_username,
                password=settings.smtp_password,
                timeout=settings.smtp_timeout_seconds,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as error:
            raise classify(error) from None
