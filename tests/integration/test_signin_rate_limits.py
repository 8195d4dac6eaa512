"""Failed sign-ins are limited per client on every authenticated API (issue 18): intake's
applicant keys and archive's staff token. (The judge API's limits are review's own.)"""

from __future__ import annotations

import uuid
from typing import Any

import archive.main
from archive.settings import ArchiveSettings
from contracts.contest import Contest
from servicekit.embedded import S3Server
from tests.support.intake import application, bearer, harness, open_contest, settings_for
from tests.support.service_apps import running

TOKEN = "staff-secret-for-rate-limit-tests"


async def test_a_client_guessing_the_staff_token_is_refused_429_even_with_the_right_one(
    nats_url: str, mongo_client: Any
) -> None:
    name = f"archive_{uuid.uuid4().hex[:12]}"
    settings = ArchiveSettings(
        nats_url=nats_url, mongodb_database=name, staff_token=TOKEN, signin_max_failures=5
    )
    async with running(archive.main.create_app(settings, mongo_client=mongo_client)) as client:
        guesses = [
            await client.get("/v1/archive/submissions", headers=bearer(f"guess-{n}"))
            for n in range(5)
        ]
        limited = await client.get("/v1/archive/submissions", headers=bearer(TOKEN))

    assert [guess.status_code for guess in guesses] == [401] * 5
    assert limited.status_code == 429
    assert limited.headers["content-type"] == "application/problem+json"
    assert limited.json()["type"] == "urn:cityprize:problem:sign-in-rate-limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    assert TOKEN not in limited.text
    await mongo_client.drop_database(name)


async def test_a_client_guessing_api_keys_is_refused_429_with_retry_after(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> None:
    settings = settings_for(nats_url, s3_server, s3_bucket, signin_max_failures=5)
    async with harness(settings, open_contest(seoul_contest)) as intake:
        key = await intake.applicant()
        mine = intake.url("s-unknown")
        guesses = [
            await intake.client.get(mine, headers=bearer(f"cpk_{n:016x}_guess")) for n in range(5)
        ]
        limited = await intake.send(key.api_key, application(), [])

    assert [guess.status_code for guess in guesses] == [401] * 5
    assert limited.status_code == 429
    assert limited.json()["type"] == "urn:cityprize:problem:sign-in-rate-limited"
    assert int(limited.headers["Retry-After"]) >= 1
