"""Where a file part's bytes go while it streams: S3 (hashed on the way) or only a hash.

The S3 sink gathers the part's chunks into S3 parts and sends them from worker threads
while the next one is received, at most two in flight: an upload holds about three parts
in memory whatever the file's size, and a file under half a part is one PUT.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from typing import Protocol

from minio.datatypes import Part

from intake.buffers import PartBuffers
from intake.storage import ObjectStore


class FileSink(Protocol):
    size: int

    async def write(self, data: bytes) -> None: ...

    async def finish(self) -> str:
        """The SHA-256 (hex) of everything written."""
        ...

    async def abort(self) -> None: ...


class HashSink:
    """Hashes only: used to fingerprint a replayed request without storing it again."""

    def __init__(self) -> None:
        self.size = 0
        self._hash = hashlib.sha256()

    async def write(self, data: bytes) -> None:
        self.size += len(data)
        self._hash.update(data)

    async def finish(self) -> str:
        return self._hash.hexdigest()

    async def abort(self) -> None:
        return None


class S3Sink:
    """Parts of exactly `buffers.size` bytes (as `put_object` cuts them) upload from worker
    threads while the next one is received, at most `PARTS_IN_FLIGHT` at once; the hash
    is chained part after part in a worker thread (hashlib releases the GIL)."""

    PARTS_IN_FLIGHT = 2

    def __init__(self, store: ObjectStore, key: str, *, buffers: PartBuffers) -> None:
        self.size = 0
        self._store, self._key, self._buffers = store, key, buffers
        self._part_size = buffers.size
        self._pending: list[memoryview] = []  # the received bytes of the next part
        self._buffered = 0
        self._hash = hashlib.sha256()
        self._hashing: asyncio.Future[None] | None = None
        self._upload_id: asyncio.Future[str] | None = None
        self._parts: list[Part] = []
        self._flying: list[asyncio.Future[Part]] = []

    async def write(self, data: bytes) -> None:
        self.size += len(data)
        view = memoryview(data)
        while self._buffered + len(view) >= self._part_size:
            room = self._part_size - self._buffered
            self._keep(view[:room])
            view = view[room:]
            await self._ship()
        if view:
            self._keep(view)
        if self._buffered >= self._part_size // 2:
            # Probably more than one part: the round trip overlaps the rest of the part.
            self._start_upload()

    def _keep(self, view: memoryview) -> None:
        self._pending.append(view)
        self._buffered += len(view)

    def _start_upload(self) -> asyncio.Future[str]:
        if self._upload_id is None:
            self._upload_id = asyncio.ensure_future(
                asyncio.to_thread(self._store.start_multipart_blocking, self._key)
            )
        return self._upload_id

    def _assemble(self) -> tuple[bytearray, memoryview]:
        """The pending bytes copied once, into a reused buffer."""
        buffer = self._buffers.take()
        view, at = memoryview(buffer), 0
        for piece in self._pending:
            view[at : at + len(piece)] = piece
            at += len(piece)
        self._pending, self._buffered = [], 0
        return buffer, view[:at]

    def _hash_after(self, data: memoryview | bytes) -> asyncio.Future[None]:
        previous = self._hashing

        async def chained() -> None:
            if previous is not None:
                await previous  # in order, one part after the other
            await asyncio.to_thread(self._hash.update, data)

        self._hashing = asyncio.ensure_future(chained())
        return self._hashing

    async def _ship(self) -> None:
        if len(self._flying) >= self.PARTS_IN_FLIGHT:
            self._parts.append(await self._flying.pop(0))  # memory stays bounded
        buffer, data = self._assemble()
        hashed = self._hash_after(data)
        upload_id = self._start_upload()
        number = len(self._parts) + len(self._flying) + 1
        self._flying.append(
            asyncio.ensure_future(self._send(number, buffer, data, hashed, upload_id))
        )

    async def _send(
        self,
        number: int,
        buffer: bytearray,
        data: memoryview,
        hashed: asyncio.Future[None],
        upload_id: asyncio.Future[str],
    ) -> Part:
        part = await asyncio.to_thread(
            self._store.upload_part_blocking, self._key, await upload_id, number, data
        )
        await hashed
        # No thread reads the buffer any more; after a failure it is dropped, never reused.
        self._buffers.give(buffer)
        return part

    async def _digest(self) -> str:
        if self._hashing is not None:
            await self._hashing
        return self._hash.hexdigest()

    async def finish(self) -> str:
        if self._upload_id is None:  # under half a part: one PUT
            data = b"".join(self._pending)
            self._pending, self._buffered = [], 0
            self._hash_after(data)
            await asyncio.to_thread(self._store.put_bytes_blocking, self._key, data)
            return await self._digest()
        try:
            if self._buffered:
                await self._ship()
            while self._flying:
                self._parts.append(await self._flying.pop(0))
            await asyncio.to_thread(
                self._store.complete_multipart_blocking,
                self._key,
                await self._upload_id,
                self._parts,
            )
        except Exception:
            await self.abort()
            raise
        return await self._digest()

    async def abort(self) -> None:
        """Stop the upload; parts already sent are discarded with the multipart upload."""
        self._pending, self._buffered = [], 0
        await asyncio.gather(*self._flying, return_exceptions=True)
        if self._hashing is not None:
            await asyncio.gather(self._hashing, return_exceptions=True)
        if self._upload_id is not None:
            with contextlib.suppress(Exception):
                upload_id = await self._upload_id
                await asyncio.to_thread(self._store.abort_multipart_blocking, self._key, upload_id)
