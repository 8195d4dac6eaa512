"""F2: restart `nats-server` (file store) several times during a stream of uploads."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.chaos import uploads
from tests.chaos.common import Run, drain_timeout, running, scaled, settle, spacing, verify
from tests.chaos.report import Result

UPLOADS, DEFAULT = 10_000, 400
RESTARTS = 3
PER_SECOND = 15.0


async def restarts(run: Run, uploading: asyncio.Task[None]) -> float:
    back = time.monotonic()
    nats = run.rig.platform.nats  # type: ignore[union-attr]
    assert nats is not None
    every = spacing(scaled(UPLOADS, DEFAULT) / PER_SECOND, RESTARTS)
    for _ in range(RESTARTS):
        await asyncio.sleep(every)
        if uploading.done():
            break
        started = time.monotonic()
        await asyncio.to_thread(nats.restart)
        back = time.monotonic()
        run.result.faults.append(f"nats-server restarted ({back - started:.1f}s down)")
    return back


async def scenario() -> Result:
    result = Result("F2", "restart nats-server (file store) several times during uploads")
    async with running(result) as run:
        count = scaled(UPLOADS, DEFAULT)
        keys = await uploads.register_all(run.nc, run.rig.contest_id, "f2", (count + 1) // 2)
        started = time.monotonic()
        async with httpx.AsyncClient(timeout=30) as http:
            uploading = asyncio.create_task(
                uploads.upload_all(
                    http,
                    run.rig.ep.intake,
                    run.rig.contest_id,
                    keys,
                    "f2",
                    count,
                    run.ledger,
                    PER_SECOND,
                )
            )
            last = await restarts(run, uploading)
            await uploading
        await settle(run.js, result=result, since=last, timeout=drain_timeout(count))
        result.recovery_seconds = time.monotonic() - last
        result.duration_seconds = time.monotonic() - started
        await verify(run)
    return result
