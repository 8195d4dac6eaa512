"""Many contests at once: 20 contests side by side against one, at the same total upload rate.

    figures = await measure(client, http, endpoints)

First one contest takes `TOTAL` uploads offered open loop at `RATE` per second; the platform
settles; then 20 contests take `TOTAL` uploads between them at the same total rate (each
contest `RATE / 20` per second, their schedules interleaved). Latency from each `201` to
its archived record and to its receipt email is stamped as in the latency phase
(`e2e_uploads`). Target: the 20 contests' p99 ≤ 1.5 × the single contest's.

The 20 contests run second, on a store that already holds the first run's events; archive
grows slower as its store grows, so the comparison leans against the 20 contests. Only
uploads so far: scoring and results side by side are not in this benchmark yet.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
from nats.aio.client import Client

from cityprize.platform import Endpoints
from tests.bench.e2e_load import Phase, latencies, percentile
from tests.bench.e2e_platform import configure, settled
from tests.bench.e2e_uploads import Tracker, Upload, register, watch_archive, watch_mail
from tests.bench.figures import Figure

CONTESTS = 20
RATE = float(os.environ.get("BENCH_E2E_CONTESTS_RATE", "4"))
TOTAL = int(os.environ.get("BENCH_E2E_CONTESTS_UPLOADS", "120"))
APPLICANTS = 4  # per contest, each in a city of its own
TARGET_RATIO = 1.5


@contextlib.asynccontextmanager
async def contests(
    client: Client, http: httpx.AsyncClient, endpoints: Endpoints, prefix: str, count: int
) -> AsyncIterator[list[Phase]]:
    """`count` configured contests sharing one tracker and one mail watcher."""
    tracker = Tracker()
    phases = []
    for n in range(count):
        contest_id = f"{prefix}-{n:02d}"
        await configure(client, http, endpoints.intake, contest_id)
        keys = await register(client, contest_id, APPLICANTS)
        phases.append(Phase(client, http, endpoints, contest_id, keys, tracker))
    watchers = [asyncio.create_task(watch_archive(client, tracker, p.contest_id)) for p in phases]
    watchers.append(asyncio.create_task(watch_mail(Path(endpoints.mail_folder), tracker)))
    await asyncio.sleep(0.2)  # the ordered consumers are subscribed before the first upload
    try:
        yield phases
    finally:
        for watcher in watchers:
            watcher.cancel()
        finished, stuck = await asyncio.wait(watchers, timeout=10)
        for watcher in finished:  # a watcher's failed clean-up is not the measurement's
            if not watcher.cancelled() and watcher.exception() is not None:
                print(f"  a watcher ended with {watcher.exception()!r}")
        for watcher in stuck:
            print(f"  a watcher did not stop within 10 s: {watcher!r}")


async def offer(phases: list[Phase]) -> list[Upload]:
    """`TOTAL` uploads at `RATE` per second in all, shared evenly, schedules interleaved."""
    each, rate = TOTAL // len(phases), RATE / len(phases)

    async def one(index: int, phase: Phase) -> list[Upload]:
        await asyncio.sleep(index / RATE)  # contest k starts k/RATE s in: one upload per slot
        return await phase.offer(rate, each)

    done = await asyncio.gather(*(one(i, p) for i, p in enumerate(phases)))
    uploads = [u for batch in done for u in batch]
    await phases[0].followed(uploads, mail=True, timeout=120)
    return [u for u in uploads if u.status == 201]


async def measure(client: Client, http: httpx.AsyncClient, endpoints: Endpoints) -> list[Figure]:
    results: dict[int, list[Upload]] = {}
    for count in (1, CONTESTS):
        async with contests(client, http, endpoints, f"bench-c{count}", count) as phases:
            results[count] = await offer(phases)
        await settled(client.jetstream())
    one, many = results[1], results[CONTESTS]
    where = f"{TOTAL} uploads at {RATE:g}/s in all"
    figures = []
    for what, stamp in (
        ("archived", lambda u: u.archived_at),
        ("receipt email", lambda u: u.receipt_at),
    ):
        single = percentile(latencies(one, stamp), 99)
        side = percentile(latencies(many, stamp), 99)
        figures.append(
            Figure(
                name=f"{CONTESTS} contests side by side: 201 → {what} p99 ({where})",
                value=round(side, 1),
                unit="ms",
                baseline=f"one contest, same total rate and count ({len(one)} accepted)",
                baseline_value=round(single, 1),
                target=f"≤ {TARGET_RATIO:g} × one contest",
                met=side <= TARGET_RATIO * single,
            )
        )
    figures.append(
        Figure(
            name=f"{CONTESTS} contests side by side: uploads accepted",
            value=len(many),
            unit=f"of {TOTAL // CONTESTS * CONTESTS}",
        )
    )
    return figures
