"""F3: a three-node JetStream cluster, the stream at three replicas; one to three nodes
bounced for 0-2 s every 1-3 s for 60 s while events flow; every event consumed, none doubled."""

from __future__ import annotations

import asyncio
import random
import shutil
import time

from cityprize.platform import External
from servicekit.embedded import NatsCluster
from tests.chaos import events
from tests.chaos.common import MONGODB_URL, VAR, Run, drain_timeout, running, scaled, settle, verify
from tests.chaos.report import Result

EVENTS, DEFAULT = 30_000, 500
CHAOS_SECONDS = 60.0


async def bounce(run: Run, cluster: NatsCluster, rng: random.Random) -> float:
    ends = time.monotonic() + CHAOS_SECONDS
    while time.monotonic() < ends:
        await asyncio.sleep(rng.uniform(1, 3))
        picked = rng.sample(range(3), rng.randint(1, 3))
        down = rng.uniform(0, 2)
        await asyncio.gather(*(asyncio.to_thread(cluster.stop_node, i) for i in picked))
        await asyncio.sleep(down)
        await asyncio.gather(*(asyncio.to_thread(cluster.start_node, i) for i in picked))
        run.result.faults.append(f"nodes {sorted(picked)} down {down:.1f}s")
    return time.monotonic()


async def scenario() -> Result:
    result = Result("F3", "3-node cluster, stream R3: bounce 1-3 nodes every 1-3 s for 60 s")
    workdir = VAR / "F3-cluster"
    shutil.rmtree(workdir, ignore_errors=True)
    cluster = await asyncio.to_thread(NatsCluster(workdir.resolve(), size=3).start)
    try:
        external = External(nats_url=",".join(cluster.urls), mongodb_url=MONGODB_URL)
        async with running(result, {"STREAM_REPLICAS": "3"}, external) as run:
            count = scaled(EVENTS, DEFAULT)
            prepared = await asyncio.to_thread(
                events.prepare, run.rig.minio(), run.rig.contest_id, "f3", count
            )
            started = time.monotonic()
            rate = max(count / CHAOS_SECONDS, 10.0)
            publishing = asyncio.create_task(events.publish_all(run.js, prepared, run.ledger, rate))
            last = await bounce(run, cluster, random.Random(9))
            await publishing
            await settle(run.js, result=result, since=last, timeout=drain_timeout(count))
            result.recovery_seconds = time.monotonic() - last
            result.duration_seconds = time.monotonic() - started
            await verify(run)
            result.notes.append(
                f"{len(result.faults)} bounces; publish retries: {sum(run.ledger.refused.values())}"
            )
    finally:
        await asyncio.to_thread(cluster.stop)
    return result
