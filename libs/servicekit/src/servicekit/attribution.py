"""Which contest, submission and judge a piece of work is about, on every span and log line.

Staff follow one submission across the services by searching spans and logs for
`cityprize.submission_id` (issue 21). The ids are set once where work starts (a consumed
message, an HTTP route) in a context variable; `AttributingSpanProcessor` copies them onto
every span started under it and `servicekit.logs.JsonFormatter` onto every log line. Only
identifiers are carried: never a key, token or password.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType
from typing import Any, Final

from opentelemetry import context as otel_context
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor

PREFIX: Final = "cityprize."
KEYS: Final = ("contest_id", "submission_id", "judge_id")

_NONE: Final[Mapping[str, str]] = MappingProxyType({})
current_ids: ContextVar[Mapping[str, str]] = ContextVar("cityprize_ids", default=_NONE)


def ids_in(body: object) -> dict[str, str]:
    """`{"cityprize.contest_id": ..., ...}` from the top-level fields of an event or query."""
    if not isinstance(body, Mapping):
        return {}
    return {
        PREFIX + key: value for key in KEYS if isinstance(value := body.get(key), str) and value
    }


# The last body read and its ids. A consumed message is read twice in a row, by the delivery
# policy as it arrives and by its span's attributes; the second finds the same bytes object
# here instead of parsing the body again. Bytes never change, so the same object has the same
# ids; any other body is parsed.
_last_read: tuple[bytes, dict[str, str]] = (b"", {})


def ids_in_json(data: bytes) -> dict[str, str]:
    """The same from a message body; anything that is not a JSON object has none."""
    global _last_read
    body, ids = _last_read
    if data is not body:
        try:
            ids = ids_in(json.loads(data))
        except ValueError:
            ids = {}
        _last_read = (data, ids)
    return dict(ids)


def attribute(**ids: str | None) -> None:
    """Say what the current work is about: on the current span and on what follows it.

    `attribute(submission_id="s-1")` in a route that has just created a submission puts the
    id on the HTTP server span, on every span started after it in this task, and in the log
    lines that follow.
    """
    found = {PREFIX + key: value for key, value in ids.items() if value}
    if not found:
        return
    current_ids.set({**current_ids.get(), **found})
    trace.get_current_span().set_attributes(found)


@contextmanager
def about(found: Mapping[str, str]) -> Iterator[None]:
    """Within the block, work is about these ids (already prefixed, as `ids_in` gives)."""
    token = current_ids.set({**current_ids.get(), **found})
    try:
        yield
    finally:
        current_ids.reset(token)


SERVICE: Final = PREFIX + "service"


class AttributingSpanProcessor(SpanProcessor):
    """Copies the ids of the work in progress onto every span as it starts.

    Also `cityprize.service`, the resource's `service.name` on the span itself: a trace UI
    that keeps no resource attributes (Phoenix) still shows which service did what.
    """

    def on_start(self, span: Span, parent_context: otel_context.Context | None = None) -> None:
        # One call: each takes the span's lock and checks every value once more.
        service = span.resource.attributes.get("service.name")
        found = {SERVICE: service} if isinstance(service, str) else {}
        if found := {**found, **current_ids.get()}:
            span.set_attributes(found)

    def on_end(self, span: ReadableSpan) -> None:
        return None

    def shutdown(self) -> None:
        return None

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True


def log_fields() -> dict[str, Any]:
    return dict(current_ids.get())
