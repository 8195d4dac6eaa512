"""End to end: the four services as processes on the real servers, telemetry on.

    python -m tests.bench end_to_end      # or `make bench`; figures in var/bench/end_to_end.json

1. events per second through review's, notify's and archive's consumer of
   `prize.submission.received`, each against a raw nats-py loop doing that consumer's I/O
   (and a bare pull-and-ack loop) in the same run;
2. latency from an upload's `201` to its archived record and to its receipt email, p50 / p99
   at half the maximum sustainable upload rate (found by a short ramp first);
3. a deadline burst of 2,000 submissions offered in 60 s: all archived, the time to drain,
   and a plot of throughput and latency over the burst (`var/bench/end_to_end_burst.png`);
4. 20 contests side by side against one at the same total rates: p99 latency of uploads,
   scores and results emails.

Each phase runs on a fresh platform. See docs/benchmarks.md for what each figure means.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import httpx

from cityprize import bus
from cityprize.platform import Endpoints, External
from tests.bench import e2e_burst, e2e_consumers, e2e_contests, e2e_latency
from tests.bench.e2e_load import phase
from tests.bench.e2e_panel import PANEL_SERVICE_ENV
from tests.bench.e2e_platform import BENCH_SERVICE_ENV, BenchPlatform, configure
from tests.bench.e2e_round_trips import Counters
from tests.bench.figures import BENCH_DIR, Figure

CONSUMER_EVENTS = int(os.environ.get("BENCH_E2E_EVENTS", "500"))
MEASURES = {"latency": e2e_latency.measure, "burst": e2e_burst.measure}
PHASE_SERVICE_ENV = {"contests": PANEL_SERVICE_ENV}
# Each phase takes 1-6 minutes on 2 cores; the longest waits inside one are bounded by 200 s.
PHASE_DEADLINE_SECONDS = float(os.environ.get("BENCH_E2E_PHASE_DEADLINE", "900"))
PHASES = tuple(os.environ.get("BENCH_E2E_PHASES", "consumers,latency,burst,contests").split(","))


async def play(name: str, endpoints: Endpoints, counters: Counters) -> list[Figure]:
    contest_id = f"bench-{name}"
    async with (
        bus.connected(endpoints.nats) as client,
        httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=200)) as http,
    ):
        await configure(client, http, endpoints.intake, contest_id)
        if name == "contests":  # configures its own 21 contests
            found = await e2e_contests.measure(client, http, endpoints)
        elif name == "consumers":
            found = await e2e_consumers.measure(
                client, contest_id, CONSUMER_EVENTS, endpoints, counters
            )
        else:
            async with phase(client, http, endpoints, contest_id) as uploads:
                found = await MEASURES[name](uploads)
    report(name, found)
    return found


def report(name: str, figures: list[Figure]) -> None:
    print(f"{name}:", flush=True)
    for figure in figures:
        ratio = f" (ratio {figure.ratio:.3f})" if figure.ratio is not None else ""
        print(f"  {figure.name}: {figure.value:g} {figure.unit}{ratio}", flush=True)
        if figure.met is False:
            print(f"    missed: {figure.why or 'no cause measured'}", flush=True)


async def within_deadline(name: str, phase: Coroutine[Any, Any, list[Figure]]) -> list[Figure]:
    """A phase that stalls fails loudly, naming itself, instead of holding `make bench`; a
    timeout raised inside the phase (a wait of its own) keeps its own message."""
    task = asyncio.ensure_future(phase)
    done, _ = await asyncio.wait([task], timeout=PHASE_DEADLINE_SECONDS)
    if not done:
        task.cancel()
        raise TimeoutError(f"phase {name!r} did not finish in {PHASE_DEADLINE_SECONDS:g} s")
    return task.result()


def on_fresh_platform(name: str) -> list[Figure]:
    """Each phase on its own platform, so one phase's backlog or archive size is not the
    next one's starting point."""
    var = Path(tempfile.mkdtemp(prefix="cityprize-bench-e2e-"))
    # MONGODB_URL: archive on that server; unset, on SecantusDB started for the phase.
    external = External(mongodb_url=os.environ.get("MONGODB_URL") or None)
    env = {**BENCH_SERVICE_ENV, **PHASE_SERVICE_ENV.get(name, {})}
    platform = BenchPlatform(var, external=external, service_env=env)
    try:
        endpoints = platform.start(lambda step: print(f"  {name}: {step}", flush=True))
        counters = Counters(
            platform.nats.monitor_url if platform.nats else "",  # a NATS elsewhere: not counted
            endpoints.mongodb,
            servers=servers_of(platform),
        )
        return asyncio.run(within_deadline(name, play(name, endpoints, counters)))
    finally:
        platform.stop()
        if os.environ.get("BENCH_TRACES"):  # kept for reading: var/bench/traces-<phase>/
            shutil.copytree(var / "traces", BENCH_DIR / f"traces-{name}", dirs_exist_ok=True)
        shutil.rmtree(var, ignore_errors=True)


def servers_of(platform: BenchPlatform) -> dict[str, int]:
    """The pids of the servers the platform started, by name."""
    started = {
        "nats-server": platform.nats.pid if platform.nats else None,
        "SecantusDB": platform.mongo.pid if platform.mongo else None,
        "SMTP catcher": platform.smtp.pid if platform.smtp else None,
    }
    return {name: pid for name, pid in started.items() if pid is not None}


def run() -> list[Figure]:
    return [figure for name in PHASES for figure in on_fresh_platform(name)]
