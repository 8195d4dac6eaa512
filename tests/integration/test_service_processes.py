"""Each service as its own process: it becomes ready, logs JSON, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from servicekit.embedded import S3Server, free_port
from tests.support.waiting import eventually


async def ready(url: str) -> bool:
    try:
        async with httpx.AsyncClient(timeout=2) as client:
            return (await client.get(url)).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.parametrize("service", ["intake", "review", "notify", "archive"])
async def test_a_service_process_becomes_ready_and_stops_cleanly_on_sigterm(
    service: str,
    nats_url: str,
    s3_server: S3Server,
    s3_bucket: str,
    mongo_url: str,
    tmp_path: Path,
):
    port = free_port()
    env = {
        **os.environ,
        "NATS_URL": nats_url,
        "HTTP_PORT": str(port),
        "S3_ENDPOINT": s3_server.endpoint,
        "S3_ACCESS_KEY": s3_server.access_key,
        "S3_SECRET_KEY": s3_server.secret_key,
        "S3_BUCKET": s3_bucket,
        "MONGODB_URL": mongo_url,
        "MONGODB_DATABASE": f"processes_{port}",
    }
    log_path = tmp_path / f"{service}.log"
    with log_path.open("wb") as log:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", service, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    try:
        await eventually(
            lambda: ready(f"http://127.0.0.1:{port}/readyz"),
            timeout=30,
            what=f"{service} to be ready ({log_path})",
        )
        process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(process.wait(), 20) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    lines = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    assert all(line["service"] == service for line in lines)
    messages = [line["message"] for line in lines]
    assert "service started" in messages
    assert "service stopped" in messages
    assert not any("STAND-IN" in m for m in messages), "every store is a real server"
    assert not [line for line in lines if line["level"] == "ERROR"]
