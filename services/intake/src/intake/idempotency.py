"""Idempotency-Key (IETF draft): the first answer is kept for a while (the bucket's TTL).

Only final answers are kept (a `201`); a refused or failed request frees its key, so the
client can correct and retry it under the same key.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Literal

from faststream.nats import NatsBroker
from nats.js.errors import KeyNotFoundError, KeyWrongLastSequenceError
from pydantic import BaseModel, ConfigDict

from servicekit.kv import Documents, LazyBucket


class Remembered(BaseModel):
    model_config = ConfigDict(frozen=True)

    state: Literal["in-flight", "done"]
    target: str
    started_at: float = 0.0
    fingerprint: str = ""
    status: int = 0
    body: dict[str, Any] = {}
    headers: dict[str, str] = {}


class IdempotencyKeys(LazyBucket):
    remembered = Documents(Remembered)

    def __init__(
        self, broker: NatsBroker, bucket: str, *, replicas: int, ttl: float, stale_after: float
    ) -> None:
        super().__init__(broker, bucket, replicas=replicas, ttl=ttl)
        self._stale_after = stale_after

    @staticmethod
    def key_of(applicant_id: str, idempotency_key: str) -> str:
        digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:40]
        return f"{applicant_id}.{digest}"

    async def claim(self, key: str, target: str) -> Remembered | None:
        """None when this request now owns the key; else what the key already holds.

        An in-flight marker older than `stale_after` was left by a replica that died
        mid-request; it is taken over rather than blocking the key until its TTL.
        """
        marker = Remembered(state="in-flight", target=target, started_at=time.time())
        data = marker.model_dump_json().encode()
        try:
            await self.remembered.kv.create(key, data)
        except KeyWrongLastSequenceError:
            found = await self.remembered.get(key)
            if found is None:
                return marker
            held, revision = found
            if held.state == "in-flight" and time.time() - held.started_at > self._stale_after:
                try:
                    await self.remembered.kv.update(key, data, last=revision)
                except KeyWrongLastSequenceError:
                    return held
                return None
            return held
        return None

    @asynccontextmanager
    async def held(self, key: str, target: str) -> AsyncIterator[None]:
        """Keep this request's in-flight marker fresh while it runs.

        The marker is renewed every third of `stale_after`, so a short `stale_after` frees
        the key soon after its owner stops (a crash, or a release that failed because the
        broker was down) without ever handing a live long upload's key to a retry.
        """

        async def renew() -> None:
            while True:
                await asyncio.sleep(self._stale_after / 3)
                marker = Remembered(state="in-flight", target=target, started_at=time.time())
                with contextlib.suppress(Exception):  # a missed renewal only shortens the lease
                    await self.remembered.put(key, marker)

        renewing = asyncio.create_task(renew(), name="idempotency-lease")
        try:
            yield
        finally:
            renewing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewing

    async def remember(self, key: str, answer: Remembered) -> None:
        await self.remembered.put(key, answer)

    async def release(self, key: str) -> None:
        try:
            await self.remembered.kv.delete(key)
        except KeyNotFoundError:
            return
