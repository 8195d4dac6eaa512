"""The explicit acknowledgement policy every consumer runs under.

FastStream's NATS default would terminate a message whose handler raised, so a brief outage
of a dependency would drop it for good. Here a failure is redelivered with exponential
back-off (a NAK with delay) until `max_deliveries`; then, or at once for a failure that
`servicekit.failures` says cannot succeed (`PermanentError`, a permanent refusal, an
undecodable body), the message is copied to the dead-letter stream with the reason and its
original subject, and only then acknowledged.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any

from faststream import BaseMiddleware, ContextRepo
from faststream.exceptions import HandlerException
from nats.aio.msg import Msg

from contracts.subjects import Header, Stream, dead_letter_subject
from servicekit.attribution import current_ids, ids_in_json
from servicekit.failures import PermanentError, dead_letters_at_once
from servicekit.logs import current_event_id

if TYPE_CHECKING:
    from faststream.nats import NatsBroker

logger = logging.getLogger("servicekit.delivery")
_REASON_LIMIT = 1000

__all__ = ["DeliveryPolicy", "PermanentError"]  # PermanentError: where callers first found it


@dataclass(kw_only=True, eq=False)
class DeliveryPolicy:
    """A broker middleware factory; `bind` gives it the broker it dead-letters through.

    `max_deliveries`: deliveries of a failing message before it is dead-lettered;
    `backoff_initial`, `backoff_max`: seconds before the first redelivery, and at most;
    `consumer_label`: the consumer named in a dead letter when the message names none.
    """

    max_deliveries: int
    backoff_initial: float
    backoff_max: float
    consumer_label: str
    _broker: NatsBroker | None = field(default=None, init=False, repr=False)

    def bind(self, broker: NatsBroker) -> None:
        self._broker = broker

    def backoff(self, delivered: int) -> float:
        """Delay before delivery number `delivered + 1`: initial, 2x, 4x ... capped."""
        exponent = max(delivered - 1, 0)
        return float(min(self.backoff_initial * (2**exponent), self.backoff_max))

    def __call__(self, msg: Any, /, *, context: ContextRepo) -> _DeliveryScope:
        return _DeliveryScope(msg, context=context, policy=self)

    async def dead_letter(self, raw: Msg, reason: str, delivered: int) -> None:
        if self._broker is None:
            raise RuntimeError("DeliveryPolicy is not bound to a broker")
        sequence = raw.metadata.sequence.stream
        # The durable's own name: a service may run several consumers on one subject.
        consumer = raw.metadata.consumer or self.consumer_label
        headers = {
            **(raw.headers or {}),
            Header.DEAD_LETTER_REASON: reason[:_REASON_LIMIT],
            Header.ORIGINAL_SUBJECT: raw.subject,
            Header.ORIGINAL_SEQUENCE: str(sequence),
            Header.DELIVERIES: str(delivered),
            Header.CONSUMER: consumer,
            # A crash between this publish and the ack re-publishes with the same id: no copy.
            Header.MSG_ID: f"{raw.metadata.stream}:{sequence}:{consumer}",
        }
        await self._broker.publish(
            raw.data,
            subject=dead_letter_subject(raw.subject),
            headers=headers,
            stream=Stream.DEAD_LETTER,
            timeout=5.0,
        )


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


class _DeliveryScope(BaseMiddleware):
    def __init__(self, msg: Any, /, *, context: ContextRepo, policy: DeliveryPolicy) -> None:
        super().__init__(msg, context=context)
        self.policy = policy
        self._event_token: Any = None
        self._ids_token: Any = None

    async def on_receive(self) -> None:
        raw = self.msg
        if isinstance(raw, Msg):
            # What the message is about, for every span and log line of its handling.
            self._ids_token = current_ids.set(ids_in_json(raw.data))
        if isinstance(raw, Msg) and raw.headers:
            self._event_token = current_event_id.set(raw.headers.get(Header.MSG_ID))

    async def after_processed(
        self,
        exc_type: type[BaseException] | None = None,
        exc_val: BaseException | None = None,
        exc_tb: TracebackType | None = None,
    ) -> bool:
        try:
            return await self._settle(exc_val)
        finally:
            if self._event_token is not None:
                current_event_id.reset(self._event_token)
            if self._ids_token is not None:
                current_ids.reset(self._ids_token)

    async def _settle(self, exc: BaseException | None) -> bool:
        raw = self.msg
        if exc is None or isinstance(exc, HandlerException | asyncio.CancelledError):
            return False
        if not isinstance(raw, Msg) or not raw.reply or not raw.reply.startswith("$JS.ACK"):
            return False  # core NATS request-reply: nothing to redeliver
        delivered = raw.metadata.num_delivered
        permanent = dead_letters_at_once(exc)
        if not permanent and delivered < self.policy.max_deliveries:
            delay = self.policy.backoff(delivered)
            logger.warning(
                "handler failed, redelivering",
                extra={
                    "subject": raw.subject,
                    "delivered": delivered,
                    "retry_in_s": delay,
                    "error": _describe(exc),
                },
            )
            await raw.nak(delay=delay)
            return True
        reason = (
            _describe(exc)
            if permanent
            else f"gave up after {delivered} deliveries: " + (_describe(exc))
        )
        await self.policy.dead_letter(raw, reason, delivered)
        await raw.ack()
        logger.error(
            "message dead-lettered",
            extra={"subject": raw.subject, "delivered": delivered, "reason": reason[:200]},
        )
        return True
