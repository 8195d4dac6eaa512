"""F4: the broker down between storing and publishing: uploads committed just before the
broker stops are answered `201` and left in intake's outbox, which drains after it returns."""

from __future__ import annotations

import asyncio
import time

import httpx

from tests.chaos import uploads
from tests.chaos.common import Run, running, scaled, settle, spacing, verify
from tests.chaos.report import Result
from tests.chaos.rig import BUCKET

UPLOADS, DEFAULT = 300, 300
PER_SECOND = 15.0
OUTAGES = 3
DOWN_FOR = 4.0


def outbox_markers(run: Run) -> int:
    client = run.rig.minio()
    return sum(1 for _ in client.list_objects(BUCKET, prefix="outbox/", recursive=True))


async def outages(run: Run, uploading: asyncio.Task[None]) -> float:
    nats = run.rig.platform.nats  # type: ignore[union-attr]
    assert nats is not None
    back = time.monotonic()
    every = spacing(scaled(UPLOADS, DEFAULT) / PER_SECOND - OUTAGES * DOWN_FOR, OUTAGES)
    for _ in range(OUTAGES):
        await asyncio.sleep(every)
        if uploading.done():
            break
        await asyncio.to_thread(nats.kill)
        await asyncio.sleep(DOWN_FOR)
        pending = await asyncio.to_thread(outbox_markers, run)
        await asyncio.to_thread(nats.start)
        back = time.monotonic()
        run.result.faults.append(f"nats-server killed for {DOWN_FOR:g}s, outbox held {pending}")
        run.result.details.setdefault("outbox markers while down", []).append(pending)
    return back


async def scenario() -> Result:
    result = Result("F4", "the broker down between storing and publishing; the outbox drains")
    env = {"OUTBOX_INTERVAL_SECONDS": "1", "PUBLISH_TIMEOUT_SECONDS": "1"}
    async with running(result, env) as run:
        count = scaled(UPLOADS, DEFAULT)
        keys = await uploads.register_all(run.nc, run.rig.contest_id, "f4", (count + 1) // 2)
        started = time.monotonic()
        async with httpx.AsyncClient(timeout=30) as http:
            uploading = asyncio.create_task(
                uploads.upload_all(
                    http,
                    run.rig.ep.intake,
                    run.rig.contest_id,
                    keys,
                    "f4",
                    count,
                    run.ledger,
                    PER_SECOND,
                )
            )
            last = await outages(run, uploading)
            await uploading

        async def outbox_empty() -> bool:
            return await asyncio.to_thread(outbox_markers, run) == 0

        await settle(run.js, result=result, since=last, timeout=900, also=outbox_empty)
        result.recovery_seconds = time.monotonic() - last
        result.duration_seconds = time.monotonic() - started
        result.details["outbox markers at the end"] = await asyncio.to_thread(outbox_markers, run)
        await verify(run)
        if not any(result.details.get("outbox markers while down", [])):
            result.notes.append("no upload fell in the store-then-publish window this run")
    return result
