"""Profile one consumer with py-spy while it drains a backlog, as the consumers benchmark does.

    python -m tests.bench.profile_consumer review-screen-received [EVENTS]
    # -> var/bench/profile-<durable>.txt: the hottest frames, self and inclusive, in % of samples

A fresh platform (telemetry on, as `bench_end_to_end`), every durable paused, EVENTS received
events published, then only this durable resumed while py-spy samples its service's process
(`py-spy record --format raw`, idle frames left out), and prints the CPU time (user + system,
from /proc) the process spent per event, a figure another tenant of the machine barely moves.
The summary is what docs/benchmarks.md quotes; the raw stacks are beside it (`.raw`).
"""

from __future__ import annotations

import asyncio
import collections
import os
import shutil
import subprocess
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
from tests.bench.figures import BENCH_DIR

SERVICE = {"review": "review", "notify": "notify", "archive": "archive"}
TOP = 40


async def _drain(nats: str, intake: str, durable: str, events: int, pid: int, raw: Path) -> None:
    async with bus.connected(nats) as client, httpx.AsyncClient(timeout=60) as http:
        await configure(client, http, intake, "bench-profile")
        js = client.jetstream()
        await pause_all_but(js, None)
        await sleep_briefly(1.5)
        await publish_events(js, "bench-profile", events)
        spy = await asyncio.create_subprocess_exec(
            str(Path(sys.executable).with_name("py-spy")),
            *("record", "--pid", str(pid), "--format", "raw", "--rate", "200"),
            *("--output", str(raw), "--nonblocking"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        await sleep_briefly(1.0)
        cpu = _cpu_seconds(pid)
        await pause_all_but(js, durable)
        await until_drained(js, durable)
        cpu = _cpu_seconds(pid) - cpu
        print(f"{durable}: {1000 * cpu / events:.2f} ms of CPU per event (user + system)")
        spy.send_signal(2)  # SIGINT: py-spy writes what it sampled and exits
        await asyncio.wait_for(spy.wait(), 60)


def _cpu_seconds(pid: int) -> float:
    """The process's user + system time: what it costs, however busy the machine is."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def summarise(raw: Path) -> str:
    own: collections.Counter[str] = collections.Counter()
    within: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        n = int(count)
        total += n
        own[frames[-1]] += n
        for frame in set(frames):
            within[frame] += n
    lines = [f"{total} samples", "", "self:"]
    lines += [f"{100 * n / total:5.1f} %  {f}" for f, n in own.most_common(TOP)]
    lines += ["", "inclusive:"]
    lines += [f"{100 * n / total:5.1f} %  {f}" for f, n in within.most_common(TOP)]
    return "\n".join(lines) + "\n"


def main(durable: str, events: int) -> Path:
    var = Path(tempfile.mkdtemp(prefix="cityprize-profile-"))
    platform = BenchPlatform(var, service_env=dict(BENCH_SERVICE_ENV))
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    raw = BENCH_DIR / f"profile-{durable}.raw"
    try:
        endpoints = platform.start(print)
        pid = platform.services[SERVICE[durable.split("-")[0]]].pid
        if pid is None:
            raise RuntimeError(f"{durable}'s service is not running")
        asyncio.run(_drain(endpoints.nats, endpoints.intake, durable, events, pid, raw))
    finally:
        platform.stop()
        shutil.rmtree(var, ignore_errors=True)
    summary = BENCH_DIR / f"profile-{durable}.txt"
    summary.write_text(summarise(raw))
    return summary


if __name__ == "__main__":
    print(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 500).read_text())
