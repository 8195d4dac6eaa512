"""A bucket's documents kept in memory and current through a KV watch: a read of a document
read on every message (a contest's configuration) without a round trip each time."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Generic

from nats.js.kv import KV_DEL, KV_PURGE, KeyValue
from pydantic import ValidationError

from servicekit.kv import DocumentBucket, Model

logger = logging.getLogger("servicekit.kv_copy")

Found = tuple[Model, int] | None


class WatchedCopy(Generic[Model]):
    """The documents of a bucket as last seen, each with the revision it was seen at.

    A watch of the bucket brings every put and delete as it is written, so a change made by
    another replica is seen within a round trip. The newest revision wins, whichever way it
    arrived (the watch, a read, the caller's own write through `offer`), so a slow read never
    brings back an older document. A key not seen yet is read from the bucket; so is one not
    confirmed for `kept_for` seconds, and every key once the watch has ended: its ordered
    consumer recovers from a lost connection by itself, but a copy must not outlive a watch
    that failed some other way.
    """

    def __init__(
        self,
        documents: DocumentBucket[Model],
        *,
        kept_for: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._documents = documents
        self._kept_for = kept_for
        self._clock = clock
        # key -> (the document, or None when deleted or absent; its revision; when seen)
        self._seen: dict[str, tuple[Model | None, int, float]] = {}
        self._watcher: KeyValue.KeyWatcher | None = None
        self._follower: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._watcher = await self._documents.kv.watchall()
        self._follower = asyncio.create_task(self._follow(self._watcher), name="kv-copy")

    async def stop(self) -> None:
        if self._follower is not None:
            self._follower.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._follower
        if self._watcher is not None:
            with contextlib.suppress(Exception):  # the connection may be gone already
                await self._watcher.stop()  # type: ignore[no-untyped-call]
        self._seen.clear()

    @property
    def following(self) -> bool:
        return self._follower is not None and not self._follower.done()

    async def get(self, key: str) -> Found[Model]:
        seen = self._seen.get(key)
        if seen is not None and self.following and self._clock() - seen[2] < self._kept_for:
            document, revision, _ = seen
            return None if document is None else (document, revision)
        found = await self._documents.get(key)
        # Absent is kept as revision 0: any document written later has a higher one.
        self.offer(key, *(found or (None, 0)))
        return found

    def offer(self, key: str, document: Model | None, revision: int) -> None:
        """`document` as kept at `revision` (None: deleted or absent); an older one is ignored."""
        seen = self._seen.get(key)
        if seen is None or revision >= seen[1]:
            self._seen[key] = (document, revision, self._clock())

    async def _follow(self, watcher: KeyValue.KeyWatcher) -> None:
        async for entry in watcher:
            if entry is None or entry.revision is None:
                continue  # the end of the values the bucket held when the watch began
            if entry.operation in (KV_DEL, KV_PURGE) or not entry.value:
                self.offer(entry.key, None, entry.revision)
                continue
            try:
                document = self._documents.model.model_validate_json(entry.value)
            except ValidationError:
                # Read from the bucket instead, where the caller sees the same failure.
                self._seen.pop(entry.key, None)
                logger.warning("unreadable document in a watched bucket", extra={"key": entry.key})
                continue
            self.offer(entry.key, document, entry.revision)
