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

from cityprize.platform import Endpoints
from tests.bench.consumer_drain import SERVICE, Drain, backlog, drain_alone, on_platform
from tests.bench.e2e_platform import BENCH_SERVICE_ENV, sleep_briefly

SITE = Path(__file__).parent / "calls_site"


def _last(counts: Path) -> int:
    return int(counts.read_text().split()[-1])


async def _counted(pid: int, counts: Path) -> int:
    os.kill(pid, signal.SIGUSR1)
    await sleep_briefly(0.5)
    return _last(counts)


def _drain(durable: str, events: int, counts: Path) -> Drain:
    async def drain(endpoints: Endpoints, pid: int) -> None:
        async with backlog(endpoints, "bench-calls", events) as js:
            await asyncio.sleep(1.0)
            before = await _counted(pid, counts)
            await drain_alone(js, durable)
            calls = await _counted(pid, counts) - before
            print(f"{durable}: {calls / events:,.0f} calls per event")

    return drain


def main(durable: str, events: int) -> None:
    service = SERVICE[durable.split("-")[0]]
    counts = Path(tempfile.mkdtemp(prefix="cityprize-calls-count-")) / "calls.txt"
    path = os.pathsep.join(p for p in (str(SITE), os.environ.get("PYTHONPATH", "")) if p)
    env = {"PYTHONPATH": path, "CITYPRIZE_COUNT_CALLS": service}
    env["CITYPRIZE_COUNT_CALLS_FILE"] = str(counts)
    try:
        on_platform(
            durable,
            {**BENCH_SERVICE_ENV, **env},
            "cityprize-calls-",
            _drain(durable, events, counts),
        )
    finally:
        shutil.rmtree(counts.parent, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 500)
