"""Where a file part's bytes go while it streams: S3 (hashed on the way) or only a hash.

The S3 sink gathers the part's chunks into S3 parts and sends them from worker threads
while the next one is received, at most two in flight: an upload holds about three parts
in memory whatever the file's size, and a file smaller than a part is one PUT.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
from typing import Protocol

from minio.datatypes import Part

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
    """Up to `PARTS_IN_FLIGHT` parts upload while the next one is received; the hash is
    chained part after part in a worker thread (hashlib releases the GIL)."""

    PARTS_IN_FLIGHT = 2

    def __init__(self, store: ObjectStore, key: str, *, part_size: int) -> None:
        self.size = 0
        self._store, self._key, self._part_size = store, key, part_size
        self._chunks: list[bytes] = []
        self._buffered = 0
        self._hash = hashlib.sha256()
        self._hashing: asyncio.Future[None] | None = None
        self._upload_id: str | None = None
        self._parts: list[Part] = []
        self._flying: list[asyncio.Future[Part]] = []

    async def write(self, data: bytes) -> None:
        self.size += len(data)
        self._chunks.append(data)
        self._buffered += len(data)
        if self._buffered >= self._part_size:
            await self._ship()

    def _take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks, self._buffered = [], 0
        return data

    async def _hash_next(self, data: bytes) -> None:
        if self._hashing is not None:
            await self._hashing  # in order, one part after the other
        self._hashing = asyncio.ensure_future(asyncio.to_thread(self._hash.update, data))

    async def _ship(self) -> None:
        if len(self._flying) >= self.PARTS_IN_FLIGHT:
            self._parts.append(await self._flying.pop(0))  # memory stays bounded
        data = self._take()
        await self._hash_next(data)
        if self._upload_id is None:
            self._upload_id = await asyncio.to_thread(
                self._store.start_multipart_blocking, self._key
            )
        number = len(self._parts) + len(self._flying) + 1
        self._flying.append(
            asyncio.ensure_future(
                asyncio.to_thread(
                    self._store.upload_part_blocking, self._key, self._upload_id, number, data
                )
            )
        )

    async def _digest(self) -> str:
        if self._hashing is not None:
            await self._hashing
        return self._hash.hexdigest()

    async def finish(self) -> str:
        if self._upload_id is None:
            data = self._take()
            await self._hash_next(data)
            await asyncio.to_thread(self._store.put_bytes_blocking, self._key, data)
            return await self._digest()
        if self._buffered:
            await self._ship()
        while self._flying:
            self._parts.append(await self._flying.pop(0))
        await asyncio.to_thread(
            self._store.complete_multipart_blocking, self._key, self._upload_id, self._parts
        )
        return await self._digest()

    async def abort(self) -> None:
        """Stop the upload; parts already sent are discarded with the multipart upload."""
        self._chunks, self._buffered = [], 0
        await asyncio.gather(*self._flying, return_exceptions=True)
        if self._hashing is not None:
            await asyncio.gather(self._hashing, return_exceptions=True)
        if self._upload_id is not None:
            with contextlib.suppress(Exception):
                await asyncio.to_thread(
                    self._store.abort_multipart_blocking, self._key, self._upload_id
                )
