"""A background pass that seals what the last delivery could not.

A record that arrived ahead of an earlier message is sealed by the delivery that fills the
gap; but when that earlier message is dead-lettered instead, no delivery follows to seal the
records after it. This pass, every few seconds, seals them once the ack floor has moved on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from archive.log import AckFloor, seal
from archive.repository import Archive

logger = logging.getLogger("archive.sealer")


class PeriodicSealer:
    def __init__(self, archive: Archive, ack_floor: AckFloor, interval: float) -> None:
        self.archive, self.ack_floor, self.interval = archive, ack_floor, interval
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="archive-sealer")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await seal(self.archive, self.ack_floor)
            except Exception:
                # The next pass, or the next delivery, tries again: nothing is lost by waiting.
                logger.exception("sealing pass failed")
