"""Restarts keep the record: `cityprize up` stopped and started again on the same `var/`, at
once and repeatedly, starts every time with the archive, its chain and every record intact."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from cityprize import bus
from cityprize.contest_cli import with_window_around_now
from cityprize.demo import applying
from cityprize.demo.data import APPLICANTS
from cityprize.platform import EmbeddedPlatform, Endpoints
from contracts.archive_commands import VERIFY_CHAIN, ChainReport, VerifyChain
from contracts.contest import load_contest
from contracts.events import ContestConfigured
from tests.support.waiting import eventually

CONTEST_FILE = Path(__file__).resolve().parents[2] / "contests" / "seoul-smart-city-prize.yaml"
CONTEST = with_window_around_now(load_contest(CONTEST_FILE), hours=2)
STARTS = 3


def start_up(var: Path) -> subprocess.Popen[bytes]:
    """`cityprize up` as an operator runs it, in its own process group."""
    (var / "endpoints.json").unlink(missing_ok=True)
    unset = {"NATS_URL", "S3_ENDPOINT", "STAFF_TOKEN"}  # `up` generates the staff token
    env = {k: v for k, v in os.environ.items() if k not in unset}
    log = (var.parent / "up.log").open("ab")
    return subprocess.Popen(
        [str(Path(sys.executable).parent / "cityprize"), "up", "--var", str(var)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        start_new_session=True,
    )


def wait_up(var: Path, process: subprocess.Popen[bytes], timeout: float = 120) -> Endpoints:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = (var.parent / "up.log").read_text()[-3000:]
            raise AssertionError(f"cityprize up exited with {process.returncode}:\n{tail}")
        if (var / "endpoints.json").exists():
            return Endpoints.read(var / "endpoints.json")
        time.sleep(0.1)
    raise AssertionError(f"cityprize up was not up within {timeout}s")


def stop_up(process: subprocess.Popen[bytes]) -> None:
    """Ctrl-C, as an operator stops it; it must exit by itself."""
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=120) == 0


async def chain_of(endpoints: Endpoints) -> ChainReport:
    async with bus.connected(endpoints.nats) as client:
        report = await bus.request(
            client, VERIFY_CHAIN, VerifyChain(contest_id=CONTEST.id), ChainReport
        )
    assert isinstance(report, ChainReport)
    return report


async def apply_once(endpoints: Endpoints, seed: int) -> None:
    applicant = APPLICANTS[seed % len(APPLICANTS)]
    async with bus.connected(endpoints.nats) as client, httpx.AsyncClient(timeout=60) as http:
        if seed == 0:
            await bus.publish(client, ContestConfigured(contest_id=CONTEST.id, contest=CONTEST))

        async def served() -> int:
            response = await http.get(f"{endpoints.intake}/v1/contests/{CONTEST.id}")
            return response.status_code

        await eventually(served, until=lambda s: s == 200, what="intake to know the contest")
        key = await applying.register(client, CONTEST.id, applicant)
        await applying.apply(http, endpoints.intake, CONTEST.id, key, applicant, seed + 1)


async def sealed_events(endpoints: Endpoints, at_least: int) -> ChainReport:
    return await eventually(
        lambda: chain_of(endpoints),
        until=lambda r: r.intact and r.contests[0].checked >= at_least and r.complete,
        what=f"at least {at_least} events sealed",
        timeout=60,
    )


def test_cityprize_up_restarted_at_once_keeps_the_archive_and_its_chain(tmp_path: Path):
    var = tmp_path / "var"
    var.mkdir()
    seen = 0
    tokens = set()
    for start in range(STARTS):
        process = start_up(var)
        try:
            endpoints = wait_up(var, process)
            kept = asyncio.run(chain_of(endpoints))
            assert kept.intact, kept
            assert kept.complete, kept
            assert (kept.contests[0].checked if kept.contests else 0) >= seen, "events lost"
            asyncio.run(apply_once(endpoints, start))
            report = asyncio.run(sealed_events(endpoints, seen + 1))
            seen = report.contests[0].checked
            tokens.add((var / "staff-token").read_text().strip())
            staff = {"Authorization": f"Bearer {min(tokens)}"}
            chain = httpx.get(f"{endpoints.archive}/v1/archive/chain", headers=staff, timeout=60)
            assert chain.status_code == 200, chain.text  # archive's staff API is on, with it
        finally:
            stop_up(process)
    assert seen >= STARTS * 3  # each start added a configuration, a receipt, a screening...
    [token] = tokens  # generated once, kept across restarts
    assert (var / "staff-token").stat().st_mode & 0o777 == 0o600
    for written in [var / "endpoints.json", tmp_path / "up.log", *(var / "logs").glob("*.log")]:
        assert token not in written.read_text(), f"the staff token leaked into {written}"


@pytest.mark.parametrize("server", ["nats", "s3", "mongo"])
def test_each_infrastructure_server_restarted_alone_loses_nothing(tmp_path: Path, server: str):
    platform = EmbeddedPlatform(tmp_path / "var")  # every server embedded, so each restarts
    with platform:
        endpoints = platform.start()
        asyncio.run(apply_once(endpoints, 0))
        before = asyncio.run(sealed_events(endpoints, 3)).contests[0].checked
        restartable = {"nats": platform.nats, "s3": platform.s3, "mongo": platform.mongo}[server]
        assert restartable is not None
        restartable.restart()
        asyncio.run(apply_once(endpoints, 1))
        after = asyncio.run(sealed_events(endpoints, before + 3))

    assert after.contests[0].checked > before
    assert json.loads((tmp_path / "var" / "endpoints.json").read_text())["nats"] == endpoints.nats
