"""Offering uploads at a rate (open loop: each upload starts on schedule, whatever the
others are doing) and waiting for what follows them."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import httpx
import numpy as np
from nats.aio.client import Client

from cityprize.platform import Endpoints
from contracts.intake_commands import ApplicantKey
from tests.bench.e2e_uploads import Tracker, Upload, register, upload, watch_archive, watch_mail

APPLICANTS_PER_CONTEST = 64
WATCHER_STOP_SECONDS = 10.0


@dataclass
class Phase:
    """One contest's uploads, with both watchers running."""

    client: Client
    http: httpx.AsyncClient
    endpoints: Endpoints
    contest_id: str
    keys: list[ApplicantKey]
    tracker: Tracker

    async def offer(
        self, rate: float, count: int, start: int = 0, limit: int = 128
    ) -> list[Upload]:
        gate = asyncio.Semaphore(limit)

        async def one(n: int) -> Upload:
            async with gate:
                key = self.keys[n % len(self.keys)]
                return await upload(
                    self.http, self.endpoints.intake, self.contest_id, key, self.tracker, n
                )

        began, tasks = time.monotonic(), []
        for i in range(count):
            await asyncio.sleep(max(0.0, began + i / rate - time.monotonic()))
            tasks.append(asyncio.create_task(one(start + i)))
        return list(await asyncio.gather(*tasks))

    async def followed(self, uploads: list[Upload], *, mail: bool, timeout: float) -> bool:
        """True when every accepted upload is archived (and has its receipt) in time."""
        deadline = time.monotonic() + timeout

        def complete(u: Upload) -> bool:
            return u.archived_at is not None and (not mail or u.receipt_at is not None)

        while not all(complete(u) for u in uploads if u.status == 201):
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.02)
        return True


@contextlib.asynccontextmanager
async def phase(
    client: Client, http: httpx.AsyncClient, endpoints: Endpoints, contest_id: str
) -> AsyncIterator[Phase]:
    keys = await register(client, contest_id, APPLICANTS_PER_CONTEST)
    tracker = Tracker()
    watchers = [
        asyncio.create_task(watch_archive(client, tracker, {contest_id})),
        asyncio.create_task(watch_mail(Path(endpoints.mail_folder), tracker)),
    ]
    await asyncio.sleep(0.2)  # the ordered consumer is subscribed before the first upload
    try:
        yield Phase(client, http, endpoints, contest_id, keys, tracker)
    finally:
        for watcher in watchers:
            watcher.cancel()
        # Bounded: a watcher stuck in its clean-up (unsubscribing an ordered consumer) must
        # not hold the benchmark.
        _, stuck = await asyncio.wait(watchers, timeout=WATCHER_STOP_SECONDS)
        for watcher in stuck:
            print(f"  a watcher did not stop within {WATCHER_STOP_SECONDS:g} s: {watcher!r}")


class Answered(Protocol):
    answered_at: float  # wall clock (time.time) of the 2xx that the latency starts from


A = TypeVar("A", bound=Answered)


def latencies(records: list[A], stamp: Callable[[A], float | None]) -> np.ndarray:
    """Milliseconds from each record's answer to its `stamp`, for those stamped."""
    return np.array([1000 * (at - r.answered_at) for r in records if (at := stamp(r)) is not None])


def percentile(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else float("nan")
