"""F1: `kill -9` each consumer service in turn, repeatedly, during a stream of events."""

from __future__ import annotations

import asyncio
import itertools
import time

from tests.chaos import events
from tests.chaos.common import Run, drain_timeout, running, scaled, settle, spacing, verify
from tests.chaos.report import Result

EVENTS, DEFAULT = 10_000, 500
PER_SECOND = 12.0  # slow enough that two rounds of kills fit in the stream
KILLS = 6  # two rounds of review, notify, archive


async def kill_in_turn(run: Run, publishing: asyncio.Task[None]) -> float:
    """SIGKILL review, notify, archive in turn while the stream flows; when the last is back."""
    back = time.monotonic()
    # a restart takes about 5 s; spread the kills over the publishing time
    every = spacing(scaled(EVENTS, DEFAULT) / PER_SECOND - KILLS * 5, KILLS, least=2)
    for name in itertools.islice(itertools.cycle(("review", "notify", "archive")), KILLS):
        await asyncio.sleep(every)
        if publishing.done():
            return back
        run.rig.platform.services[name].kill()  # type: ignore[union-attr]
        took = await asyncio.to_thread(run.rig.restart_service, name)
        back = time.monotonic()
        run.result.faults.append(f"kill -9 {name} (back in {took:.1f}s)")
    return back


async def scenario() -> Result:
    result = Result("F1", "kill -9 each consumer service in turn during a stream of events")
    async with running(result) as run:
        count = scaled(EVENTS, DEFAULT)
        prepared = await asyncio.to_thread(
            events.prepare, run.rig.minio(), run.rig.contest_id, "f1", count
        )
        started = time.monotonic()
        publishing = asyncio.create_task(
            events.publish_all(run.js, prepared, run.ledger, PER_SECOND)
        )
        last_fault = await kill_in_turn(run, publishing)
        await publishing
        await settle(run.js, result=result, since=last_fault, timeout=drain_timeout(count))
        result.recovery_seconds = time.monotonic() - last_fault
        result.duration_seconds = time.monotonic() - started
        # Archive's store is a server of its own (SecantusDB, or CHAOS_MONGODB_URL): a kill -9
        # of archive loses nothing, so its records are checked like every other effect.
        await verify(run, archive=True)
    return result
