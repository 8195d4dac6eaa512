"""Exactly one email per cause and recipient: the ledger is written around the SMTP handover.

Before each try the ledger says `sending`; once the provider has accepted, `sent`. A crash
in between leaves `sending`, and the redelivered event sends again with the same
`Message-ID`: at most one duplicate, which the receiver can recognise. The other choice
(never resend a `sending` email) would lose emails on every crash before the handover.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import TemplateError
from nats.js.errors import KeyWrongLastSequenceError

from contracts.envelope import Event, utc_now
from notify.domain.delivery_events import delivery_event
from notify.domain.headers import UnbuildableEmailError, ascii_address
from notify.domain.ids import message_id
from notify.domain.mail import Outgoing
from notify.domain.ratelimit import TokenBucket
from notify.domain.redact import redact
from notify.domain.wire import compose
from notify.records import Delivery
from notify.settings import NotifySettings
from notify.smtp import PermanentDeliveryError, SmtpTransport, TemporaryDeliveryError
from notify.store import NotifyStore
from notify.templates import Renderer
from servicekit.locks import NamedLocks

Hook = Callable[[], Awaitable[None]]
logger = logging.getLogger("notify.postman")


@dataclass(frozen=True)
class Attempt:
    """One delivery of a cause (an event, a timer): whether a failure now is the last word, and
    how to keep the cause in hand while an email is on its way."""

    final: bool = False
    keepalive: Hook | None = None


@dataclass(eq=False)
class Postman:
    settings: NotifySettings
    store: NotifyStore
    renderer: Renderer
    transport: SmtpTransport
    publish: Callable[[Event], Awaitable[Any]]
    rate: TokenBucket = field(init=False)
    # A replica handles several messages at once, two copies of one event among them:
    # one email at a time per delivery key, so the second finds the first one's `sent`.
    in_hand: NamedLocks = field(init=False, default_factory=NamedLocks)

    def __post_init__(self) -> None:
        per_second = self.settings.smtp_rate_per_minute / 60
        self.rate = TokenBucket(per_second, self.settings.smtp_rate_burst)

    async def deliver(self, outgoing: Outgoing, attempt: Attempt) -> None:
        """Send once; a PermanentDeliveryError is announced, a TemporaryDeliveryError is not
        (unless `attempt.final`, when it becomes a permanent one)."""
        async with self.in_hand.holding([outgoing.key]):
            await self._deliver(outgoing, attempt)

    async def _deliver(self, outgoing: Outgoing, attempt: Attempt) -> None:
        key = outgoing.key
        record, recorded = await self._claim(key, outgoing)
        if record.state == "sent":
            await self._announce(outgoing, record)  # in case a crash came before the first one
            return
        if record.state == "failed":
            await self._announce(outgoing, record)
            raise PermanentDeliveryError(record.reason)
        try:
            message = await self._compose(outgoing, record)
            record = await self._send(key, outgoing, message, record, attempt.keepalive, recorded)
        except TemporaryDeliveryError as failure:
            if not attempt.final:
                raise
            await self._fail(key, outgoing, record, f"gave up: {failure}")
        except PermanentDeliveryError as failure:
            await self._fail(key, outgoing, record, str(failure))
        sent = record.model_copy(update={"state": "sent"})
        await self._record_sent(key, sent, attempt.keepalive)
        await self._announce(outgoing, sent)
        logger.info("email sent", extra=_about(outgoing, attempts=sent.attempts))

    async def _claim(self, key: str, outgoing: Outgoing) -> tuple[Delivery, bool]:
        """The ledger's record of this email, and whether its first try is written already.

        A first delivery (the usual case) writes `sending` for its first try at once, with a
        create that fails if the key exists: one round trip where a read and then a write
        took two. An email with late context is read first, as before: fetching its context
        may fail, and a try written ahead would then count one too many attempts.
        """
        fresh = Delivery(
            state="sending",
            cause_event_id=outgoing.cause_event_id,
            template=outgoing.template,
            recipient_id=outgoing.recipient.recipient_id,
            message_id=message_id(key, self.settings.message_id_domain),
        )
        if outgoing.late_context is None:
            first = fresh.model_copy(update={"attempts": 1})
            with contextlib.suppress(KeyWrongLastSequenceError):
                await self.store.ledger.kv.create(key, first.model_dump_json().encode())
                return first, True
        found = await self.store.ledger.get(key)
        return (found[0] if found else fresh), False

    async def _record_sent(self, key: str, sent: Delivery, keepalive: Hook | None) -> None:
        """The provider has the email: keep trying to say so before giving the event back, as
        a redelivery that finds `sending` sends the email again. A broker bounce lasts
        seconds, a cluster regaining its quorum longer; the event is kept in hand meanwhile
        (`in_progress`), up to `LEDGER_RETRY_SECONDS`."""
        deadline = time.monotonic() + self.settings.ledger_retry_seconds
        delay = 0.05
        while True:
            try:
                await self.store.ledger.put(key, sent)
                return
            except Exception as error:
                if time.monotonic() + delay > deadline:
                    raise
                logger.warning(
                    "sent email not recorded yet, retrying",
                    extra={
                        "recipient_id": sent.recipient_id,
                        "error": type(error).__name__,
                        "retry_in_s": delay,
                    },
                )
            if keepalive is not None:
                with contextlib.suppress(Exception):  # the broker may be the thing away
                    await keepalive()
            await asyncio.sleep(delay)
            delay = min(delay * 2, 1.0)

    async def _compose(self, outgoing: Outgoing, record: Delivery) -> bytes:
        context = dict(outgoing.context)
        if outgoing.late_context is not None:
            try:
                context.update(await outgoing.late_context())
            except PermanentDeliveryError:
                raise
            except Exception as error:
                raise TemporaryDeliveryError(f"not ready to send: {type(error).__name__}") from None
        recipient = outgoing.recipient
        try:
            rendered = self.renderer.render(
                outgoing.contest_id, recipient.language, outgoing.template, context
            )
            return compose(
                rendered,
                recipient,
                sender=self.settings.mail_from,
                message_id=record.message_id,
                date=utc_now(),
                template=outgoing.template,
            )
        except (UnbuildableEmailError, TemplateError) as error:
            # The same inputs build the same broken email: no retry, one failure at once.
            raise PermanentDeliveryError(redact(f"cannot build the email: {error}")) from None

    async def _send(
        self,
        key: str,
        outgoing: Outgoing,
        message: bytes,
        record: Delivery,
        keepalive: Hook | None,
        recorded: bool = False,
    ) -> Delivery:
        """`recorded`: the first try's `sending` is in the ledger already (`_claim`)."""
        tries = self.settings.smtp_attempts
        for n in range(tries):
            if n or not recorded:
                update = {"state": "sending", "attempts": record.attempts + 1}
                record = record.model_copy(update=update)
                await self.store.ledger.put(key, record)
            if keepalive is not None:
                await keepalive()
            await asyncio.sleep(self.rate.reserve())
            try:
                await self.transport.send(message, ascii_address(outgoing.recipient.address))
            except TemporaryDeliveryError as failure:
                about = _about(outgoing, attempts=record.attempts, reason=str(failure))
                logger.warning("email deferred", extra=about)
                if n + 1 == tries:
                    raise
                await asyncio.sleep(self.settings.smtp_backoff_initial_seconds * 2**n)
            else:
                return record
        raise AssertionError("unreachable")

    async def _fail(self, key: str, outgoing: Outgoing, record: Delivery, reason: str) -> None:
        failed = record.model_copy(
            update={"state": "failed", "reason": reason, "attempts": max(record.attempts, 1)}
        )
        await self.store.ledger.put(key, failed)
        await self._announce(outgoing, failed)
        logger.error("email failed", extra=_about(outgoing, reason=reason))
        raise PermanentDeliveryError(reason)

    async def _announce(self, outgoing: Outgoing, record: Delivery) -> None:
        await self.publish(delivery_event(outgoing, record))


def _about(outgoing: Outgoing, **more: object) -> dict[str, object]:
    """What a log line says of an email: its template and recipient id, never the address."""
    return {"template": outgoing.template, "recipient_id": outgoing.recipient.recipient_id, **more}
