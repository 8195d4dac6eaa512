"""F5: the S3 server stopped and restarted during uploads: `503`s, and no orphan event."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.chaos import uploads
from tests.chaos.common import Run, drain_timeout, running, scaled, settle, spacing, verify
from tests.chaos.report import Result

UPLOADS, DEFAULT = 2_000, 300
PER_SECOND = 15.0
OUTAGES = 2
DOWN_FOR = 5.0


async def outages(run: Run, uploading: asyncio.Task[None]) -> float:
    s3 = run.rig.platform.s3  # type: ignore[union-attr]
    assert s3 is not None
    back = time.monotonic()
    every = spacing(scaled(UPLOADS, DEFAULT) / PER_SECOND - OUTAGES * DOWN_FOR, OUTAGES)
    for _ in range(OUTAGES):
        await asyncio.sleep(every)
        if uploading.done():
            break
        await asyncio.to_thread(s3.stop)
        await asyncio.sleep(DOWN_FOR)
        started = time.monotonic()
        await asyncio.to_thread(s3.start)
        back = time.monotonic()
        run.result.faults.append(f"S3 stopped for {DOWN_FOR:g}s (up in {back - started:.1f}s)")
    return back


async def scenario() -> Result:
    result = Result("F5", "the S3 server stopped and restarted during uploads")
    async with running(result, {"S3_TIMEOUT_SECONDS": "3"}) as run:
        count = scaled(UPLOADS, DEFAULT)
        keys = await uploads.register_all(run.nc, run.rig.contest_id, "f5", (count + 1) // 2)
        started = time.monotonic()
        async with httpx.AsyncClient(timeout=30) as http:
            uploading = asyncio.create_task(
                uploads.upload_all(
                    http,
                    run.rig.ep.intake,
                    run.rig.contest_id,
                    keys,
                    "f5",
                    count,
                    run.ledger,
                    PER_SECOND,
                )
            )
            last = await outages(run, uploading)
            await uploading
        await settle(run.js, result=result, since=last, timeout=drain_timeout(count))
        result.recovery_seconds = time.monotonic() - last
        result.duration_seconds = time.monotonic() - started
        await verify(run)
        result.details["503 answers"] = run.ledger.refused.get("503", 0)
    return result
