"""F7: a consumer paused (SIGSTOP) past its ack wait while it holds a message, then resumed.

Review and notify keep their state in NATS, so they run as replicas in production: while the
first replica is paused a second one is started on the same durable, gets the message again
after the ack wait and handles it; then the first resumes and finishes its stale copy. The
effect must still happen once. Archive (in-memory stand-in, one replica) is paused alone."""

from __future__ import annotations

import asyncio
import time

from contracts.subjects import Stream
from servicekit.embedded import ManagedProcess
from tests.chaos import events, observe
from tests.chaos.common import Run, drain_timeout, running, scaled, settle, verify
from tests.chaos.report import Result

# Enough to keep events flowing through all three pauses (~35 s at 15/s), or the last
# consumer may have nothing in hand when its turn comes.
EVENTS, DEFAULT = 2_000, 600
PER_SECOND = 15.0
ACK_WAIT = 3.0
PAUSED_FOR = 10.0
TARGETS = (
    ("review", "review-screen-received", True),
    ("notify", "notify-acknowledge-submission", True),
    ("archive", "archive-archive-event", False),
)


async def pause_holding(run: Run, process: ManagedProcess, durable: str) -> bool:
    """SIGSTOP the process at a moment it holds an unacknowledged message."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if (await observe.consumer_state(run.js, Stream.EVENTS, durable))["ack_pending"]:
            process.pause()
            await asyncio.sleep(0.3)
            state = await observe.consumer_state(run.js, Stream.EVENTS, durable)
            if state["ack_pending"]:
                return True
            process.resume()
        await asyncio.sleep(0.01)
    process.pause()
    return False


async def pauses(run: Run, replicas: list[ManagedProcess]) -> float:
    back = time.monotonic()
    for name, durable, replicate in TARGETS:
        await asyncio.sleep(1)
        process = run.rig.platform.services[name]  # type: ignore[union-attr]
        holding = await pause_holding(run, process, durable)
        paused_at = time.monotonic()
        if replicate:
            replicas.append(await asyncio.to_thread(run.rig.start_replica, name))
        await asyncio.sleep(max(0.0, PAUSED_FOR - (time.monotonic() - paused_at)))
        process.resume()
        back = time.monotonic()
        run.result.faults.append(
            f"SIGSTOP {name} {PAUSED_FOR:g}s holding a message: {holding}"
            + (", second replica started meanwhile" if replicate else "")
        )
    return back


async def scenario() -> Result:
    result = Result("F7", "a consumer paused past its ack wait, then resumed")
    replicas: list[ManagedProcess] = []
    async with running(result, {"ACK_WAIT_SECONDS": str(ACK_WAIT)}) as run:
        try:
            prepared = await asyncio.to_thread(
                events.prepare, run.rig.minio(), run.rig.contest_id, "f7", scaled(EVENTS, DEFAULT)
            )
            started = time.monotonic()
            publishing = asyncio.create_task(
                events.publish_all(run.js, prepared, run.ledger, PER_SECOND)
            )
            last = await pauses(run, replicas)
            await publishing
            await settle(
                run.js, result=result, since=last, timeout=drain_timeout(scaled(EVENTS, DEFAULT))
            )
            result.recovery_seconds = time.monotonic() - last
            result.duration_seconds = time.monotonic() - started
            await verify(run)
        finally:
            for replica in replicas:
                await asyncio.to_thread(replica.stop, 20)
    return result
