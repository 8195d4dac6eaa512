"""What every scenario shares: the rig's life, waiting for the platform to settle, the check."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext

from cityprize.platform import External
from contracts.subjects import Stream
from tests.chaos import observe
from tests.chaos.checker import CONSUMERS, check
from tests.chaos.ledger import Ledger
from tests.chaos.report import Result
from tests.chaos.rig import Rig

VAR = Path("var/chaos")
# CHAOS_SCALE=1 runs the issue's numbers (10,000 / 30,000 / 2,000); unset, each scenario
# runs a twentieth-size count, a quick run (see docs/chaos.md). Archive runs on SecantusDB,
# started by the rig, unless CHAOS_MONGODB_URL names a MongoDB.
SCALE = os.environ.get("CHAOS_SCALE")
MONGODB_URL = os.environ.get("CHAOS_MONGODB_URL") or None


def scaled(issue: int, default: int) -> int:
    return default if SCALE is None else max(20, int(issue * float(SCALE)))


def drain_timeout(count: int, archive_events_each: float = 4.5) -> float:
    """Seconds `settle` may wait for the backlog a scenario of `count` events or uploads
    leaves: at least 900, else its archive work at 40 events/s (under half archive's idle
    pace on 2 cores, docs/archive.md). Each upload or event becomes 3-5 archived events
    (received, screened, notifications), so at scale 1 F3's 30,000 outlast a fixed 900 s; a
    scenario is judged by its figures, not cut off by the net under them."""
    return max(900.0, count * archive_events_each / 40)


def spacing(duration: float, faults: int, least: float = 3.0) -> float:
    """Seconds between faults spread evenly over a load of `duration` seconds."""
    return max(least, duration / (faults + 1))


@dataclass
class Run:
    rig: Rig
    nc: Client
    js: JetStreamContext
    ledger: Ledger
    result: Result


async def _quiet(error: Exception) -> None:
    """The runner's own connection drops during broker faults; it reconnects by itself."""


@asynccontextmanager
async def running(
    result: Result, env: dict[str, str] | None = None, external: External | None = None
) -> AsyncIterator[Run]:
    external = external or External(mongodb_url=MONGODB_URL)
    rig = Rig(VAR / result.scenario, env or {}, external)
    try:
        await asyncio.to_thread(rig.start)
        await rig.configure_contest()
        nc = await nats.connect(rig.ep.nats.split(","), max_reconnect_attempts=-1, error_cb=_quiet)
        try:
            yield Run(rig, nc, nc.jetstream(timeout=5), Ledger(), result)
        finally:
            await nc.close()
    finally:
        await asyncio.to_thread(rig.stop)


async def drained(js: JetStreamContext, consumers: tuple[str, ...] = CONSUMERS) -> bool:
    for durable in consumers:
        try:
            state = await observe.consumer_state(js, Stream.EVENTS, durable)
        except Exception:
            return False
        if state["pending"] or state["ack_pending"]:
            return False
    return True


async def states(js: JetStreamContext) -> dict[str, str]:
    found = {}
    for durable in CONSUMERS:
        try:
            state = await observe.consumer_state(js, Stream.EVENTS, durable)
            found[durable] = f"{state['pending']}+{state['ack_pending']}"
        except Exception as error:
            found[durable] = type(error).__name__
    return found


async def settle(
    js: JetStreamContext,
    timeout: float,
    also: Callable[[], Awaitable[bool]] | None = None,
    quiet_for: float = 3.0,
    result: Result | None = None,
    since: float | None = None,
) -> float:
    """Wait until every consumer has acknowledged everything (and `also` holds) for
    `quiet_for` seconds; the seconds it took. TimeoutError past `timeout`."""
    started = time.monotonic()
    calm_since: float | None = None
    shown = -1
    first_drained: dict[str, float] = {}
    while time.monotonic() - started < timeout:
        for durable in CONSUMERS:
            if durable not in first_drained and await drained(js, (durable,)):
                first_drained[durable] = time.monotonic() - (since or started)
        if result is not None:
            # When each consumer first had nothing left: archive's backlog dominates the rest.
            result.details["drained, seconds after the last fault"] = {
                d: round(t, 1) for d, t in first_drained.items()
            }
        calm = await drained(js) and (also is None or await also())
        now = time.monotonic()
        if calm:
            calm_since = calm_since or now
            if now - calm_since >= quiet_for:
                return calm_since - started
        else:
            calm_since = None
        if int(now - started) % 15 == 0 and int(now - started) != shown:
            shown = int(now - started)
            print(f"  settling {shown}s: {await states(js)}", flush=True)
        await asyncio.sleep(0.5)
    raise TimeoutError(f"the platform did not settle within {timeout:.0f}s")


async def verify(run: Run, archive: bool = True) -> None:
    rig = run.rig
    verdict = await check(
        run.ledger,
        run.js,
        rig.minio(),
        Path(rig.ep.mail_folder),
        rig.ep.archive if archive else None,
        rig.contest_id,
    )
    run.result.take(verdict)
    run.result.events = len(run.ledger.accepted)
    if run.ledger.refused:
        run.result.details["refused or retried"] = dict(run.ledger.refused)
