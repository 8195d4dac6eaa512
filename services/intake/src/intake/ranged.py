"""A seekable, read-only view of a stored object by ranged GETs (sync; run it in a thread)."""

from __future__ import annotations

import io
from typing import Any

from minio import Minio


class RangedReader(io.RawIOBase):
    """A seekable view of a stored object by ranged GETs, so `zipfile` reads only what it
    needs (the central directory, then each entry) without the object on disk."""

    _BLOCK = 1024 * 1024

    def __init__(self, client: Minio, bucket: str, key: str, size: int) -> None:
        super().__init__()
        self._client, self._bucket, self._key, self._size = client, bucket, key, size
        self._position = 0
        self._block_start = -1
        self._block = b""

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        wanted = min(len(view), self._size - self._position)
        if wanted <= 0:
            return 0
        offset = self._position - self._block_start
        if self._block_start < 0 or not 0 <= offset < len(self._block):
            self._fetch(self._position)
            offset = 0
        count = min(wanted, len(self._block) - offset)
        view[:count] = self._block[offset : offset + count]
        self._position += count
        return count

    def _fetch(self, start: int) -> None:
        length = min(self._BLOCK, self._size - start)
        response = self._client.get_object(self._bucket, self._key, offset=start, length=length)
        try:
            self._block = response.read()
        finally:
            response.close()
            response.release_conn()
        self._block_start = start
