"""Staff commands over NATS request-reply, the same subjects and contracts as the `cityprize`
CLI (`contracts.review_commands`, `contracts.archive_commands`): the console holds no domain
state, it asks the services that do."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from faststream.nats import NatsBroker
from pydantic import BaseModel, ValidationError

from contracts.queries import Refusal

Reply = TypeVar("Reply", bound=BaseModel)


class RefusedError(Exception):
    """The service understood and refused: `kind` is its stable name, `detail` for people."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.kind)
        self.kind, self.detail = refusal.kind, refusal.detail


class Asker(Protocol):
    """Sends one request and returns the reply's JSON body (a dict)."""

    async def __call__(self, subject: str, payload: BaseModel, timeout: float) -> Any: ...


class BrokerAsker:
    def __init__(self, broker: NatsBroker) -> None:
        self._broker = broker

    async def __call__(self, subject: str, payload: BaseModel, timeout: float) -> Any:
        reply = await self._broker.request(payload, subject, timeout=timeout)
        return await reply.decode()


class Commands:
    """`await commands(subject, payload, ReplyType)`; a refusal raises `RefusedError`."""

    def __init__(self, asker: Asker, timeout: float) -> None:
        self._asker, self._timeout = asker, timeout

    async def __call__(self, subject: str, payload: BaseModel, reply: type[Reply]) -> Reply:
        body = await self._asker(subject, payload, self._timeout)
        try:
            return reply.model_validate(body)
        except ValidationError:
            raise RefusedError(Refusal.model_validate(body)) from None
