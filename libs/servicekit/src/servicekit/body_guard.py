"""Deadlines on a request's body and a cap on one client's concurrent uploads (ASGI).

A client that promises a `Content-Length` and then sends less, or sends it a byte a minute,
would otherwise hold a connection and a worker for ever (issue 18: no answer in 300 s).
Each `receive()` must bring the next chunk within `chunk_timeout` seconds and the whole body
must arrive within `body_timeout`; otherwise the client gets a problem+json `408` with
`Connection: close` and the app sees the client as gone (`http.disconnect`), so it cleans up
as for any dropped upload. A legitimate slow link keeps every chunk under the chunk timeout
and is never cut before the body deadline. Requests without a body are not counted.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.http_protocol import problem_bytes
from servicekit.problems import PROBLEM_MEDIA_TYPE


@dataclass(frozen=True)
class BodyLimits:
    """Seconds per chunk and for a whole body; uploads a client may have in flight at once."""

    chunk_timeout: float = 30.0
    body_timeout: float = 900.0
    uploads_per_client: int = 32
    retry_after_seconds: int = 5


def _has_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() != b"0"):
            return True
    return False


class BodyGuard:
    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits
        self.uploading: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        client = scope["client"][0] if scope.get("client") else "unknown"
        if self.uploading[client] >= self.limits.uploads_per_client:
            detail = f"at most {self.limits.uploads_per_client} uploads at once per client"
            await _answer(
                send,
                429,
                "too-many-uploads",
                "Too many uploads at once",
                detail,
                [(b"retry-after", str(self.limits.retry_after_seconds).encode())],
            )
            return
        self.uploading[client] += 1
        try:
            await _GuardedRequest(self.app, self.limits).run(scope, receive, send)
        finally:
            self.uploading[client] -= 1
            if not self.uploading[client]:
                del self.uploading[client]


class _GuardedRequest:
    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits
        self.deadline = time.monotonic() + limits.body_timeout
        self.body_done = False
        self.started = False
        self.timed_out = False

    async def run(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def guarded_receive() -> Message:
            if self.body_done or self.timed_out:
                return await receive() if not self.timed_out else {"type": "http.disconnect"}
            remaining = self.deadline - time.monotonic()
            wait = min(self.limits.chunk_timeout, remaining)
            try:
                message = await asyncio.wait_for(receive(), max(wait, 0.0))
            except TimeoutError:
                await self._time_out(send, whole=wait >= remaining)
                return {"type": "http.disconnect"}
            if message["type"] != "http.request" or not message.get("more_body", False):
                self.body_done = True
            return message

        async def guarded_send(message: Message) -> None:
            if self.timed_out:
                return  # the 408 was the answer; the app's late reply goes nowhere
            if message["type"] == "http.response.start":
                self.started = True
            await send(message)

        await self.app(scope, guarded_receive, guarded_send)

    async def _time_out(self, send: Send, *, whole: bool) -> None:
        if whole:
            detail = f"the body did not arrive within {self.limits.body_timeout:g} s"
        else:
            detail = f"no part of the body arrived for {self.limits.chunk_timeout:g} s"
        if not self.started:
            await _answer(
                send,
                408,
                "request-body-timeout",
                "The request body took too long",
                detail,
                [(b"connection", b"close")],
            )
        self.timed_out = True


async def _answer(
    send: Send, status: int, kind: str, title: str, detail: str, headers: list[tuple[bytes, bytes]]
) -> None:
    body = problem_bytes(status, kind, title, detail)
    head = [(b"content-type", PROBLEM_MEDIA_TYPE.encode()), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": head + headers})
    await send({"type": "http.response.body", "body": body})
