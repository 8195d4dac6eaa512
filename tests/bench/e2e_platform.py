"""The whole platform for the end-to-end benchmarks: servers and the four services as
processes, limits raised for load, telemetry on (OpenTelemetry SDK and FastStream's
middleware active) but spans exported nowhere, and one contest per benchmark phase."""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import time
from pathlib import Path

import httpx
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from cityprize import bus
from cityprize.contest_cli import with_window_around_now
from cityprize.platform import SERVICE_START_TIMEOUT, EmbeddedPlatform, Progress
from contracts.contest import Contest, load_contest
from contracts.events import ContestConfigured
from contracts.subjects import Stream
from servicekit.embedded import LOOPBACK, ManagedProcess, http_status

CONTEST_FILE = Path("contests/seoul-smart-city-prize.yaml")
STAFF_TOKEN = secrets.token_urlsafe(24)
BENCH_SERVICE_ENV = {
    # Per-key and per-provider limits protect production; under load they would be the figure.
    "RATE_LIMIT_PER_SECOND": "100000",
    "RATE_LIMIT_BURST": "100000",
    "SMTP_RATE_PER_MINUTE": "6000000",
    "SMTP_RATE_BURST": "100000",
    # The burst keeps 64 uploads open from one address; the per-client cap would refuse them.
    "HTTP_UPLOADS_PER_CLIENT": "1000",
    "STAFF_TOKEN": STAFF_TOKEN,
}


class BenchPlatform(EmbeddedPlatform):
    """`EmbeddedPlatform` sets CITYPRIZE_TRACES_FILE after `service_env`, so it cannot be
    switched off from there; the benchmark wants spans made (telemetry on) but not written."""

    def _start_service(self, name: str, env: dict[str, str], progress: Progress) -> ManagedProcess:
        progress(f"starting {name}")
        port = self.ports[name]
        process_env = {
            **os.environ,
            **env,
            **self.service_env,
            "HTTP_HOST": LOOPBACK,
            "HTTP_PORT": str(port),
            # `BENCH_TRACES=1` writes them, to find what a slow upload waited on.
            "CITYPRIZE_TRACES_FILE": (
                str(self.var / "traces" / f"{name}.jsonl") if os.environ.get("BENCH_TRACES") else ""
            ),
        }
        for unset in ("MONGODB_URL", "OTEL_EXPORTER_OTLP_ENDPOINT"):
            if unset not in env:
                process_env.pop(unset, None)
        process = ManagedProcess(name, [sys.executable, "-m", name], self.var / "logs", process_env)
        process.start(
            lambda: http_status(f"http://{LOOPBACK}:{port}/readyz") == 200,
            timeout=SERVICE_START_TIMEOUT,
        )
        return process


def bench_contest(contest_id: str) -> Contest:
    """The Seoul contest, open now, with no per-city cap in the way of thousands of uploads."""
    contest = with_window_around_now(load_contest(CONTEST_FILE), hours=3)
    return contest.model_copy(update={"id": contest_id, "per_city_cap": 1_000_000})


async def configure(client: Client, http: httpx.AsyncClient, intake: str, contest_id: str) -> None:
    contest = bench_contest(contest_id)
    await bus.publish(client, ContestConfigured(contest_id=contest.id, contest=contest))
    deadline = time.monotonic() + 30
    while (await http.get(f"{intake}/v1/contests/{contest_id}")).status_code != 200:
        if time.monotonic() > deadline:
            raise TimeoutError(f"intake did not learn contest {contest_id}")
        await sleep_briefly()
    await settled(client.jetstream())


async def sleep_briefly(seconds: float = 0.05) -> None:
    await asyncio.sleep(seconds)


async def durables(js: JetStreamContext) -> list[str]:
    """The services' durable consumers; a watcher's ordered consumer (ephemeral) is not one."""
    return [
        info.name for info in await js.consumers_info(Stream.EVENTS) if info.config.durable_name
    ]


async def drained(js: JetStreamContext, durable: str) -> bool:
    info = await js.consumer_info(Stream.EVENTS, durable)
    return bool(info.num_pending == 0 and info.num_ack_pending == 0)


async def drained_or_gone(js: JetStreamContext, durable: str) -> bool:
    """Drained, or deleted since it was listed (nothing of it is left to wait for)."""
    try:
        return await drained(js, durable)
    except NotFoundError:
        return True


async def until_drained(js: JetStreamContext, durable: str, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not await drained(js, durable):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{durable} did not drain in {timeout:g}s")
        await sleep_briefly(0.01)


async def settled(js: JetStreamContext, timeout: float = 180) -> float:
    """Wait until every durable on the stream has delivered and acked everything."""
    started = time.monotonic()
    while True:
        states = [await drained_or_gone(js, name) for name in await durables(js)]
        if all(states):
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise TimeoutError(f"the consumers did not settle in {timeout:g}s")
        await sleep_briefly(0.1)


async def pause_all_but(js: JetStreamContext, keep: str | None) -> None:
    """Server-side pause: a paused durable delivers nothing, its service stays up and idle."""
    for name in await durables(js):
        if name == keep:
            await js.resume_consumer(Stream.EVENTS, name)
        else:
            await js.pause_consumer(Stream.EVENTS, name, "2099-01-01T00:00:00Z")


async def resume_all(js: JetStreamContext) -> None:
    for name in await durables(js):
        await js.resume_consumer(Stream.EVENTS, name)
