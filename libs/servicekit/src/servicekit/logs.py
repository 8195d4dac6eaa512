"""Structured JSON logs that carry the trace id, the span id and the event being handled."""

from __future__ import annotations

import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from opentelemetry import trace

from servicekit.attribution import log_fields

current_event_id: ContextVar[str | None] = ContextVar("current_event_id", default=None)

_STANDARD_ATTRS = frozenset(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "color_message",  # uvicorn's ANSI-coloured duplicate of the message
}


# What `json.dumps(entry, default=str, ensure_ascii=False)` writes, without building an encoder
# for every line (a third of a line's formatting; FastStream logs two lines per message).
_ENCODER = json.JSONEncoder(default=str, ensure_ascii=False)


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        span_context = trace.get_current_span().get_span_context()
        if span_context.is_valid:
            entry["trace_id"] = format(span_context.trace_id, "032x")
            entry["span_id"] = format(span_context.span_id, "016x")
        if (event_id := current_event_id.get()) is not None:
            entry["event_id"] = event_id
        entry.update(log_fields())
        entry.update(
            (key, value) for key, value in record.__dict__.items() if key not in _STANDARD_ATTRS
        )
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return _ENCODER.encode(entry)


class EmptyFetchIsNotAnError(logging.Filter):
    """Demote FastStream's "Task-N raised an exception, retrying" to INFO when the exception
    is the bare `TimeoutError` of an empty pull.

    nats-py's `fetch` raises a bare `asyncio.TimeoutError` when its deadline passes between
    its two pull requests; FastStream's pull loop suppresses only `nats.errors.TimeoutError`
    (a subclass), so the bare one reaches FastStream's task supervisor, which logs it as an
    ERROR with a traceback and restarts the loop. Nothing was lost — no message was fetched —
    and an ERROR in every normal run teaches operators to ignore errors (issue 18).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if (
            record.levelno == logging.ERROR
            and type(error) is TimeoutError
            and "raised an exception, retrying" in record.getMessage()
        ):
            record.levelno, record.levelname = logging.INFO, "INFO"
            record.msg, record.args = "an empty pull timed out; the pull loop goes on", None
            record.exc_info = record.exc_text = None
        return True


def configure_logging(service: str, level: str = "INFO", *, json_output: bool = True) -> None:
    """Route every logger (ours, FastStream's, uvicorn's) through one handler on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(EmptyFetchIsNotAnError())
    if json_output:
        handler.setFormatter(JsonFormatter(service))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "faststream"):
        named = logging.getLogger(name)
        named.handlers[:] = []
        named.propagate = True
