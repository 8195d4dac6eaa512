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
import subprocess
import sys
from pathlib import Path

from cityprize.platform import Endpoints
from tests.bench.consumer_drain import Drain, backlog, drain_alone, on_platform
from tests.bench.e2e_platform import BENCH_SERVICE_ENV
from tests.bench.figures import BENCH_DIR
from tests.bench.processes import cpu_seconds_of

TOP = 40


def _drain(durable: str, events: int, raw: Path) -> Drain:
    async def drain(endpoints: Endpoints, pid: int) -> None:
        async with backlog(endpoints, "bench-profile", events) as js:
            spy = await asyncio.create_subprocess_exec(
                str(Path(sys.executable).with_name("py-spy")),
                *("record", "--pid", str(pid), "--format", "raw", "--rate", "200"),
                *("--output", str(raw), "--nonblocking"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            await asyncio.sleep(1.0)
            cpu = cpu_seconds_of(pid)
            await drain_alone(js, durable)
            cpu = cpu_seconds_of(pid) - cpu
            print(f"{durable}: {1000 * cpu / events:.2f} ms of CPU per event (user + system)")
            spy.send_signal(2)  # SIGINT: py-spy writes what it sampled and exits
            await asyncio.wait_for(spy.wait(), 60)

    return drain


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
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    raw = BENCH_DIR / f"profile-{durable}.raw"
    on_platform(
        durable, dict(BENCH_SERVICE_ENV), "cityprize-profile-", _drain(durable, events, raw)
    )
    summary = BENCH_DIR / f"profile-{durable}.txt"
    summary.write_text(summarise(raw))
    return summary


if __name__ == "__main__":
    print(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 500).read_text())
