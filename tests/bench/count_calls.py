"""Python and C calls per event through one durable: a figure of the Python work a consumer
does that, unlike its CPU time, the other tenants of a shared machine do not move.

    python -m tests.bench.count_calls notify-acknowledge-submission [EVENTS]

As `tests.bench.profile_consumer` (a fresh platform, EVENTS published, only this durable
resumed), with the service's process counting every call (`sys.setprofile`, which slows it
a few times over) and reporting the count on SIGUSR1 before and after the drain.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path

import httpx

from cityprize import bus
from tests.bench.e2e_consumers import publish_events
from tests.bench.e2e_platform import (
    BENCH_SERVICE_ENV,
    BenchPlatform,
    configure,
    pause_all_but,
    sleep_briefly,
    until_drained,
)
from tests.bench.profile_consumer import SERVICE

SITE = Path(__file__).parent / "calls_site"


def _last(counts: Path) -> int:
    return int(counts.read_text().split()[-1])


async def _counted(pid: int, counts: Path) -> int:
    os.kill(pid, signal.SIGUSR1)
    await sleep_briefly(0.5)
    return _last(counts)


async def _drain(nats: str, intake: str, durable: str, events: int, pid: int, counts: Path) -> None:
    async with bus.connected(nats) as client, httpx.AsyncClient(timeout=120) as http:
        await configure(client, http, intake, "bench-calls")
        js = client.jetstream()
        await pause_all_but(js, None)
        await sleep_briefly(1.5)
        await publish_events(js, "bench-calls", events)
        await sleep_briefly(1.0)
        before = await _counted(pid, counts)
        await pause_all_but(js, durable)
        await until_drained(js, durable)
        calls = await _counted(pid, counts) - before
        print(f"{durable}: {calls / events:,.0f} calls per event")


def main(durable: str, events: int) -> None:
    var = Path(tempfile.mkdtemp(prefix="cityprize-calls-"))
    service = SERVICE[durable.split("-")[0]]
    counts = var / "calls.txt"
    path = os.pathsep.join(p for p in (str(SITE), os.environ.get("PYTHONPATH", "")) if p)
    env = {"PYTHONPATH": path, "CITYPRIZE_COUNT_CALLS": service}
    platform = BenchPlatform(
        var, service_env={**BENCH_SERVICE_ENV, **env, "CITYPRIZE_COUNT_CALLS_FILE": str(counts)}
    )
    try:
        endpoints = platform.start(print)
        pid = platform.services[service].pid
        if pid is None:
            raise RuntimeError(f"{durable}'s service is not running")
        asyncio.run(_drain(endpoints.nats, endpoints.intake, durable, events, pid, counts))
    finally:
        platform.stop()
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 500)
