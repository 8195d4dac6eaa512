"""`cityprize up`'s platform: every service as its own process on the embedded servers."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import psutil
import pytest
from typer.testing import CliRunner

from cityprize.cli import app
from cityprize.platform import EmbeddedPlatform, Endpoints, External
from tests.support.waiting import eventually

CONTEST_FILE = Path(__file__).resolve().parents[2] / "contests" / "seoul-smart-city-prize.yaml"


async def contest_served(endpoints: Endpoints, contest_id: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=5) as client:
        return await client.get(f"{endpoints.intake}/v1/contests/{contest_id}")


async def test_the_platform_starts_serves_an_applied_contest_and_stops_leaving_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    platform = EmbeddedPlatform(tmp_path / "var", External.mongodb_from_environment())
    with platform:
        endpoints = platform.start()
        written = json.loads((tmp_path / "var" / "endpoints.json").read_text())
        assert written["nats"] == endpoints.nats
        assert "secret" not in json.dumps(written).lower()
        assert written["judge_portal"] == f"{endpoints.review}/judge/"
        async with httpx.AsyncClient(timeout=5) as client:
            portal = await client.get(written["judge_portal"])
        assert portal.status_code == 401, "the portal answers, asking for the emailed link"
        assert "Sign in with the link from your email" in portal.text
        pids = [p.pid for p in platform.services.values() if p.pid is not None]
        assert len(pids) == 5, "the four services and the staff console"
        async with httpx.AsyncClient(timeout=5) as client:
            console = await client.get(f"{written['console']}sign-in")
        assert "Sign in to the console" in console.text

        monkeypatch.setenv("NATS_URL", endpoints.nats)
        # The CLI runs its own event loop, so it gets a thread of its own.
        applied = await asyncio.to_thread(
            CliRunner().invoke,
            app,
            ["contest", "apply", str(CONTEST_FILE), "--open-for-hours", "2"],
        )
        assert applied.exit_code == 0, applied.output
        contest_id = "seoul-smart-city-prize-2027"
        served = await eventually(
            lambda: contest_served(endpoints, contest_id),
            until=lambda response: response.status_code == 200,
            what="intake to serve the applied contest",
        )
        window = served.json()["window"]
        assert window["opens_at"] < window["closes_at"]

    assert not any(
        psutil.pid_exists(pid) and psutil.Process(pid).status() != "zombie" for pid in pids
    )
    logs = {p.name: p.read_text() for p in (tmp_path / "var" / "logs").glob("*.log")}
    for service in ("intake", "review", "notify", "archive"):
        assert '"message": "service stopped"' in logs[f"{service}.log"]
