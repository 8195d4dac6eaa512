"""A raw-socket HTTP/1.1 client for tests that must send what no well-behaved client would:
ambiguous framing, a body shorter than promised, a head that never ends."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class RawAnswer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float  # from the moment the connection opened

    def problem(self) -> dict[str, Any]:
        assert self.headers.get("content-type") == "application/problem+json", self.headers
        document: dict[str, Any] = json.loads(self.body)
        return document


class RawConnection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.opened = time.monotonic()

    @classmethod
    async def open(cls, base_url: str) -> RawConnection:
        parts = urlsplit(base_url)
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
        return cls(reader, writer)

    async def send(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def answer(self, timeout: float) -> RawAnswer:
        """The next response (its body by Content-Length), or fail after `timeout` seconds."""
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), timeout)
        status_line, *lines = head.decode("latin-1").split("\r\n")
        headers = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines if line)
        }
        length = int(headers.get("content-length", "0"))
        body = await asyncio.wait_for(self.reader.readexactly(length), timeout)
        seconds = time.monotonic() - self.opened
        return RawAnswer(int(status_line.split()[1]), headers, body, seconds)

    async def closed_by_server(self, timeout: float) -> bool:
        """True when the server closes the connection (EOF) within `timeout` seconds."""
        try:
            await asyncio.wait_for(self.reader.read(), timeout)
        except (TimeoutError, ConnectionError):
            return False
        return True

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()
