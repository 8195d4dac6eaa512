"""The outbox: a version's manifest is written `pending` before its event is published and
marked `published` after the broker's acknowledgement. Pending ones are published again at
start and periodically, with the same `event_id`, so the stream's duplicate window and the
consumers' idempotency make a broker outage lose nothing and duplicate nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from contracts.events import SubmissionAmended, SubmissionReceived, SubmissionVersion
from intake.storage import ObjectStore

logger = logging.getLogger("intake.outbox")
OUTBOX_PREFIX = "outbox/"
Publisher = Callable[[SubmissionVersion], Awaitable[Any]]
Committed = Callable[[SubmissionVersion], Awaitable[bool]]


def manifest_document(
    event: SubmissionVersion, status: str, parts: dict[str, str]
) -> dict[str, Any]:
    return {
        "status": status,
        "event_type": event.event_type,
        "event": event.model_dump(mode="json"),
        "parts": parts,
    }


def _parse(document: dict[str, Any]) -> SubmissionVersion:
    if document["event_type"] == SubmissionAmended.model_fields["event_type"].default:
        return SubmissionAmended.model_validate(document["event"])
    return SubmissionReceived.model_validate(document["event"])


class Outbox:
    def __init__(
        self,
        store: ObjectStore,
        publisher: Publisher,
        committed: Committed,
        *,
        interval: float,
        abandon_after: float,
    ) -> None:
        self.store, self.publisher, self.committed = store, publisher, committed
        self.interval, self.abandon_after = interval, abandon_after
        self._task: asyncio.Task[None] | None = None
        self._marking: set[asyncio.Task[None]] = set()

    @staticmethod
    def marker_key(event: SubmissionVersion) -> str:
        return f"{OUTBOX_PREFIX}{event.event_id}.json"

    async def record(self, event: SubmissionVersion, parts: dict[str, str]) -> None:
        """Before the version is committed: its manifest, pending, and an outbox marker."""
        marker = {"manifest_key": event.manifest_key, "created_at": time.time()}
        await asyncio.gather(
            self.store.put_json(event.manifest_key, manifest_document(event, "pending", parts)),
            self.store.put_json(self.marker_key(event), marker),
        )

    async def publish(self, event: SubmissionVersion, parts: dict[str, str]) -> bool:
        """True once the broker acknowledged; False leaves it to the republisher.

        Marking the manifest `published` happens in the background: it is bookkeeping
        (a repeat publish is harmless), so the applicant does not wait for it.
        """
        try:
            await self.publisher(event)
        except Exception as error:
            logger.warning(
                "publish failed; the outbox will retry",
                extra={"event_id": event.event_id, "error": type(error).__name__},
            )
            return False
        task = asyncio.create_task(self._mark_published(event, parts))
        self._marking.add(task)
        task.add_done_callback(self._marking.discard)
        return True

    async def _mark_published(self, event: SubmissionVersion, parts: dict[str, str]) -> None:
        try:
            document = manifest_document(event, "published", parts)
            await self.store.put_json(event.manifest_key, {**document, "published_at": time.time()})
            await self.store.remove([self.marker_key(event)])
        except Exception as error:  # published: marking it again later is harmless
            logger.warning("could not mark published", extra={"error": type(error).__name__})

    async def republish_pending(self) -> int:
        """Publish every committed pending version; drop uncommitted leftovers when stale."""
        published = 0
        for key in await self.store.keys(OUTBOX_PREFIX):
            marker = await self.store.get_json(key)
            manifest = await self.store.get_json(marker["manifest_key"]) if marker else None
            if marker is None or manifest is None:
                await self.store.remove([key])
                continue
            event = _parse(manifest)
            if manifest["status"] == "published":
                await self.store.remove([key])
            elif await self.committed(event):
                published += await self.publish(event, manifest.get("parts", {}))
            elif time.time() - marker["created_at"] > self.abandon_after:
                # Written but never committed (a crash mid-request): it was never accepted.
                files = [f.object_key for f in event.files]
                await self.store.remove([*files, event.manifest_key, key])
        return published

    async def _run(self) -> None:
        while True:
            try:
                await self.republish_pending()
            except Exception as error:
                logger.warning("outbox pass failed", extra={"error": type(error).__name__})
            await asyncio.sleep(self.interval)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="intake-outbox")

    async def stop(self) -> None:
        await asyncio.gather(*self._marking, return_exceptions=True)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
