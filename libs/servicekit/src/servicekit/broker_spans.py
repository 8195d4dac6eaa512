"""FastStream's NATS spans, with the ids of the work on them and replies named for what they
answer.

FastStream names a span after its destination, so every reply to a request was
`_INBOX.<random> publish`: one name per request, useless to group or search (issue 21).
A reply is named after the subject of the request it answers, `<subject> reply`, and the
requester's handling of it `<subject> response`.
"""

from __future__ import annotations

import functools
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from faststream.nats.opentelemetry import NatsTelemetryMiddleware
from faststream.nats.opentelemetry.provider import NatsTelemetrySettingsProvider
from nats.aio.msg import Msg
from opentelemetry.trace import TracerProvider
from pydantic import BaseModel

from servicekit.attribution import KEYS, PREFIX, ids_in, ids_in_json

if TYPE_CHECKING:
    from faststream.message import StreamMessage
    from faststream.response import PublishCommand

_INBOX = "_INBOX."
# The subject this task last sent a request to: FastStream reads the response through fresh
# middleware right after the request, in the same task, knowing only the inbox.
_requested: ContextVar[str | None] = ContextVar("cityprize_requested", default=None)


def reply_name(destination: str, request_subject: str | None) -> str:
    """What a publish is called: a reply to an inbox by the request's subject."""
    if destination.startswith(_INBOX) and request_subject:
        return f"{request_subject} reply"
    return destination


@functools.cache  # one answer per model class, which never changes
def _id_names(model: type[BaseModel]) -> tuple[str, ...]:
    """The ids a model has, as fields or properties. Asking an instance for one it lacks
    costs pydantic's `__getattr__` and an `AttributeError` on every publish."""
    return tuple(
        key
        for key in KEYS
        if key in model.model_fields or isinstance(getattr(model, key, None), property)
    )


def ids_of_body(body: object) -> dict[str, str]:
    """Contest, submission and judge ids of what is published (a model, bytes or a dict)."""
    if isinstance(body, BaseModel):
        found = {key: getattr(body, key) for key in _id_names(type(body))}
        return {PREFIX + key: value for key, value in found.items() if isinstance(value, str)}
    if isinstance(body, bytes | bytearray):
        return ids_in_json(bytes(body))
    return ids_in(body)


class _Provider(NatsTelemetrySettingsProvider):
    __slots__ = ("request_subject",)

    def __init__(self, consumed: Msg | None) -> None:
        super().__init__()
        self.request_subject = consumed.subject if consumed is not None else None

    def get_consume_attrs_from_message(self, msg: StreamMessage[Msg]) -> dict[str, Any]:
        return {**super().get_consume_attrs_from_message(msg), **ids_in_json(msg.body)}

    def get_publish_attrs_from_cmd(self, cmd: PublishCommand) -> dict[str, Any]:
        return {**super().get_publish_attrs_from_cmd(cmd), **ids_of_body(cmd.body)}

    def get_publish_destination_name(self, cmd: PublishCommand) -> str:
        if not cmd.destination.startswith(_INBOX):
            _requested.set(cmd.destination)
        return reply_name(cmd.destination, self.request_subject)

    def get_consume_destination_name(self, msg: StreamMessage[Msg]) -> str:
        subject = msg.raw_message.subject
        if subject.startswith(_INBOX) and (requested := _requested.get()):
            return f"{requested} response"
        return subject


def _provider_for(msg: Any) -> _Provider | None:
    if isinstance(msg, Msg) or msg is None:
        return _Provider(msg)
    return None  # batches, KV and object store watches: FastStream's own answer is none too


class CityprizeTelemetryMiddleware(NatsTelemetryMiddleware):
    """`NatsTelemetryMiddleware` with the provider above."""

    def __init__(self, *, tracer_provider: TracerProvider) -> None:
        super().__init__(tracer_provider=tracer_provider)
        self._settings_provider_factory = _provider_for
