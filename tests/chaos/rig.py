"""The platform under test: real servers and the four services as processes, plus the knobs
a fault needs (restart a killed service, reconfigure the contest, S3 access from outside)."""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from minio import Minio

from cityprize import bus
from cityprize.contest_cli import with_window_around_now
from cityprize.platform import SERVICE_START_TIMEOUT, EmbeddedPlatform, Endpoints, External
from contracts.contest import Contest, load_contest
from contracts.events import ContestConfigured
from servicekit.embedded import LOOPBACK, ManagedProcess, free_port, http_status

CONTEST_FILE = Path("contests/seoul-smart-city-prize.yaml")
BUCKET = "cityprize-submissions"
STAFF_TOKEN = "chaos-staff-token"  # a throwaway token for this run's archive only
FAST_ENV = {
    "BACKOFF_INITIAL_SECONDS": "0.2",
    "BACKOFF_MAX_SECONDS": "2",
    "ACK_WAIT_SECONDS": "10",
    "GRACEFUL_TIMEOUT_SECONDS": "5",
    "MAX_DELIVERIES": "20",
    "SMTP_RATE_PER_MINUTE": "1000000",
    "SMTP_RATE_BURST": "100000",
    "SMTP_BACKOFF_INITIAL_SECONDS": "0.2",
    "RATE_LIMIT_BURST": "100000",
    "RATE_LIMIT_PER_SECOND": "100000",
    "OUTBOX_INTERVAL_SECONDS": "1",
    "SEAL_INTERVAL_SECONDS": "2",
    "SCHEDULE_SCAN_SECONDS": "5",
    "STAFF_TOKEN": STAFF_TOKEN,
    "LOG_LEVEL": "WARNING",
}


@dataclass
class Rig:
    var: Path
    service_env: dict[str, str] = field(default_factory=dict)
    external: External = field(default_factory=External)
    platform: EmbeddedPlatform | None = None
    endpoints: Endpoints | None = None
    contest: Contest | None = None
    s3_access: tuple[str, str, str] | None = None

    def start(self) -> Endpoints:
        shutil.rmtree(self.var, ignore_errors=True)
        self.var.mkdir(parents=True)
        env = {**FAST_ENV, **self.service_env}
        self.platform = EmbeddedPlatform(self.var.resolve(), self.external, env)
        self.endpoints = self.platform.start()
        s3 = self.platform.s3
        assert s3 is not None, "the chaos rig always runs the embedded S3"
        self.s3_access = (s3.endpoint, s3.access_key, s3.secret_key)
        return self.endpoints

    @property
    def ep(self) -> Endpoints:
        assert self.endpoints is not None
        return self.endpoints

    @property
    def contest_id(self) -> str:
        assert self.contest is not None
        return self.contest.id

    def minio(self) -> Minio:
        assert self.s3_access is not None
        endpoint, access, secret = self.s3_access
        return Minio(endpoint, access_key=access, secret_key=secret, secure=False)

    def restart_service(self, name: str) -> float:
        """Start a stopped or killed service again on its port; seconds until ready."""
        assert self.platform is not None
        port = self.platform.ports[name]
        started = time.monotonic()
        self.platform.services[name].start(
            lambda: http_status(f"http://{LOOPBACK}:{port}/readyz") == 200,
            timeout=SERVICE_START_TIMEOUT,
        )
        return time.monotonic() - started

    def start_replica(self, name: str) -> ManagedProcess:
        """A second replica of a service (same durables, own HTTP port), as in production."""
        assert self.platform is not None
        first = self.platform.services[name]
        port = free_port()
        env = {**(first._env or {}), "HTTP_PORT": str(port)}
        env["CITYPRIZE_TRACES_FILE"] = str(self.var.resolve() / "traces" / f"{name}-2.jsonl")
        replica = ManagedProcess(f"{name}-2", first.argv, first.workdir, env)
        replica.start(
            lambda: http_status(f"http://{LOOPBACK}:{port}/readyz") == 200,
            timeout=SERVICE_START_TIMEOUT,
        )
        return replica

    async def configure_contest(self) -> Contest:
        contest = with_window_around_now(load_contest(CONTEST_FILE), hours=6)
        self.contest = contest
        async with bus.connected(self.ep.nats) as client:
            await bus.publish(client, ContestConfigured(contest_id=contest.id, contest=contest))
        async with httpx.AsyncClient(timeout=10) as http:
            deadline = time.monotonic() + 60
            url = f"{self.ep.intake}/v1/contests/{contest.id}"
            while (await http.get(url)).status_code != 200:
                if time.monotonic() > deadline:
                    raise TimeoutError("intake never learnt the contest")
                await asyncio.sleep(0.2)
        # The other services record it on their own consumers; a submission event that
        # overtakes it is redelivered, so this only spares needless redeliveries.
        await asyncio.sleep(2)
        return contest

    def stop(self) -> None:
        if self.platform is not None:
            self.platform.stop()
