"""uvicorn's h11 protocol with the two guards it lacks: a deadline on a request's head, and a
refusal of ambiguous message framing — both answered as problem+json and closed.

uvicorn alone has only a keep-alive timeout, cancelled by any byte: a client trickling a
header line every few seconds holds a connection for ever (issue 18). RFC 9112 §6.3: a
message with both `Transfer-Encoding` and `Content-Length`, or a `Content-Length` that is
repeated or not a number, cannot be framed safely; h11 merges identical repeated lengths and
lets `Transfer-Encoding` win over `Content-Length`, so both are checked here on the raw head
before h11 sees it. Whatever h11 itself refuses also answers problem+json, not text/plain.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from servicekit.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE

_LENGTH = re.compile(rb"^content-length[ \t]*:(.*)$", re.IGNORECASE | re.MULTILINE)
_CHUNKED = re.compile(rb"^transfer-encoding[ \t]*:", re.IGNORECASE | re.MULTILINE)
_DIGITS = re.compile(rb"^[0-9]+$")


def framing_fault(head: bytes) -> str | None:
    """Why a request head (up to its blank line) is ambiguously framed, or None if it is not."""
    lengths = [value.strip() for value in _LENGTH.findall(head)]
    if lengths and _CHUNKED.search(head):
        return "Content-Length and Transfer-Encoding together (RFC 9112 §6.3)"
    if len(lengths) > 1 or any(b"," in value for value in lengths):
        return "Content-Length is repeated (RFC 9112 §6.3)"
    if lengths and not _DIGITS.match(lengths[0]):
        return "Content-Length is not a number (RFC 9112 §6.3)"
    return None


def problem_bytes(status: int, kind: str, title: str, detail: str) -> bytes:
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status, "detail": detail}
    return json.dumps(body).encode()


class GuardedH11Protocol(H11Protocol):
    """Set `headers_timeout` on a subclass (see `guarded_protocol`)."""

    headers_timeout: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head = b""
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_head_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        waiting_for_head = self.conn.their_state is h11.IDLE
        if waiting_for_head:
            self._head += data
            head, ended, _ = self._head.partition(b"\r\n\r\n")
            fault = framing_fault(head) if ended else None
            if fault is not None:
                self._refuse(400, "ambiguous-framing", "The request's length is ambiguous", fault)
                return
        super().data_received(data)
        if waiting_for_head and self.conn.their_state is not h11.IDLE:
            self._head = b""  # the head is complete: its deadline is met
            self._disarm_head_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.transport.is_closing():
            return
        if self.conn.their_state is h11.SEND_BODY:
            # Answered before the body ended (a GET with a length, an early refusal): the
            # rest is never read, and a client trickling it would hold the connection for
            # ever. It gets the head timeout to finish, then the connection is closed.
            self._disarm_head_deadline()
            self._head_deadline = self.loop.call_later(self.headers_timeout, self._leftover_expired)
        else:
            self._arm_head_deadline()

    def send_400_response(self, msg: str) -> None:
        self._refuse(400, "malformed-http", "The request is not well-formed HTTP/1.1", msg)

    def _arm_head_deadline(self) -> None:
        self._disarm_head_deadline()
        self._head_deadline = self.loop.call_later(self.headers_timeout, self._head_expired)

    def _disarm_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_expired(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            if not self._head:
                self.transport.close()  # an idle keep-alive connection: nothing to answer
                return
            detail = f"the request head did not arrive within {self.headers_timeout:g} s"
            self._refuse(408, "request-head-timeout", "The request head took too long", detail)

    def _leftover_expired(self) -> None:
        self._head_deadline = None
        if self.conn.their_state is h11.SEND_BODY and not self.transport.is_closing():
            self.transport.close()

    def _refuse(self, status: int, kind: str, title: str, detail: str) -> None:
        """Answer outside h11 (its state may be broken) and close: the stream is unusable."""
        body = problem_bytes(status, kind, title, detail)
        reason = {400: b"Bad Request", 408: b"Request Timeout"}[status]
        head = b"HTTP/1.1 %d %s\r\n" % (status, reason)
        head += b"content-type: " + PROBLEM_MEDIA_TYPE.encode() + b"\r\n"
        head += b"content-length: %d\r\nconnection: close\r\n\r\n" % len(body)
        self.logger.warning("refused a request: %s", detail)
        self._disarm_head_deadline()
        if not self.transport.is_closing():
            self.transport.write(head + body)
            self.transport.close()


def guarded_protocol(headers_timeout: float) -> type[GuardedH11Protocol]:
    """The protocol class for `uvicorn.Config(http=...)` with this deadline on request heads."""
    return type("Guarded", (GuardedH11Protocol,), {"headers_timeout": headers_timeout})
