"""Whose CPU archive's drain waits on: the archive's process or its MongoDB-wire server's.

    python -m tests.bench.store_share [EVENTS]
    # archive-archive-event: 3.50 s for 1000 events; CPU per event: archive 1.43 ms,
    # SecantusDB 1.62 ms

A fresh platform, EVENTS received events drained through `archive-archive-event` alone (as
`profile_consumer`, without py-spy), and the user + system time each process spent meanwhile,
with the server's operation counters (`serverStatus`). A replica handles a fetch and its
store answers it in turn, so the two figures add up to about the wall time per event: each
is a share of the drain to cut (docs/benchmarks.md, "Archive's consumer, second round").
"""

from __future__ import annotations

import sys
import time
from typing import Any
from urllib.parse import urlparse

from motor.motor_asyncio import AsyncIOMotorClient

from cityprize.platform import Endpoints
from tests.bench.consumer_drain import Drain, backlog, drain_alone, on_platform
from tests.bench.e2e_platform import BENCH_SERVICE_ENV
from tests.bench.e2e_round_trips import opcounters
from tests.bench.processes import cpu_seconds_of, pid_serving

DURABLE = "archive-archive-event"


def server_pid(port: int) -> int:
    """The process listening as SecantusDB on `port` (the platform starts it)."""
    pid = pid_serving(b"secantusd", port)
    if pid is None:
        raise RuntimeError(f"no SecantusDB on port {port} (MONGODB_URL elsewhere is not measured)")
    return pid


def _drain(events: int) -> Drain:
    async def drain(endpoints: Endpoints, pid: int) -> None:
        store = server_pid(urlparse(endpoints.mongodb).port or 27017)
        client: AsyncIOMotorClient[Any] = AsyncIOMotorClient(endpoints.mongodb)
        async with backlog(endpoints, "bench-store-share", events) as js:
            before = await opcounters(client)
            ours, theirs, started = cpu_seconds_of(pid), cpu_seconds_of(store), time.monotonic()
            await drain_alone(js, DURABLE)
            wall = time.monotonic() - started
            ours, theirs = cpu_seconds_of(pid) - ours, cpu_seconds_of(store) - theirs
            after = await opcounters(client)
        client.close()
        print(
            f"{DURABLE}: {wall:.2f} s for {events} events; CPU per event: archive"
            f" {1000 * ours / events:.2f} ms, SecantusDB {1000 * theirs / events:.2f} ms"
        )
        ops = {k: round((after[k] - before.get(k, 0)) / events, 2) for k in after}
        print(f"server operations per event: {ops}")

    return drain


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    on_platform(DURABLE, dict(BENCH_SERVICE_ENV), "cityprize-store-share-", _drain(count))
