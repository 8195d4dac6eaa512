"""Load for the intake scenarios: applicants registered over NATS (staff command), then
multipart uploads over HTTP, retried as a careful client would (same Idempotency-Key)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import time

import httpx
from nats.aio.client import Client

from cityprize.demo.applying import application_form, register
from cityprize.demo.documents import pdf_with_text
from contracts.intake_commands import ApplicantKey
from tests.chaos.events import applicant
from tests.chaos.ledger import Accepted, Ledger, StoredPart

RETRY_FOR = 90.0  # seconds a client keeps retrying one upload through an outage
RETRIED = {429, 503, 409}  # rate-limited, unavailable, same key still in flight


async def register_all(client: Client, contest_id: str, run: str, count: int) -> list[ApplicantKey]:
    gate = asyncio.Semaphore(8)

    async def one(n: int) -> ApplicantKey:
        async with gate:
            return await register(client, contest_id, applicant(run, n))

    return list(await asyncio.gather(*(one(n) for n in range(count))))


async def upload(
    http: httpx.AsyncClient,
    intake: str,
    contest_id: str,
    key: ApplicantKey,
    run: str,
    n: int,
    nth: int,
    ledger: Ledger,
) -> None:
    who = applicant(run, n)
    body = pdf_with_text(who.title, [f"{who.city}: upload {nth} of applicant {n}, run {run}"])
    part = StoredPart(None, "project-overview.pdf", len(body), hashlib.sha256(body).hexdigest())
    form = json.dumps(application_form(who))
    deadline = time.monotonic() + RETRY_FOR
    while True:
        ledger.attempts += 1
        try:
            response = await http.post(
                f"{intake}/v1/contests/{contest_id}/submissions",
                headers={
                    "Authorization": f"Bearer {key.api_key}",
                    "Idempotency-Key": f"chaos-{run}-{n}-{nth}",
                },
                files=[
                    ("application", (None, form, "application/json")),
                    ("files", ("project-overview.pdf", body, "application/pdf")),
                ],
            )
        except httpx.HTTPError as error:
            ledger.refuse(type(error).__name__)
        else:
            if response.status_code == 201:
                answer = response.json()
                told = answer["files"][0]
                if (told["size"], told["sha256"]) != (part.size, part.sha256):
                    ledger.refuse("201 with another size or SHA-256")
                ledger.accept(Accepted(answer["submission_id"], who.email, (part,)))
                return
            ledger.refuse(str(response.status_code))
            if response.status_code not in RETRIED:
                kind = str(response.json().get("type", "")).rsplit(":", 1)[-1]
                ledger.refuse(f"final {response.status_code} {kind}: chaos-{run}-{n}-{nth}")
                return
        if time.monotonic() > deadline:
            ledger.refuse("gave up")
            return
        await asyncio.sleep(0.5)


async def upload_all(
    http: httpx.AsyncClient,
    intake: str,
    contest_id: str,
    keys: list[ApplicantKey],
    run: str,
    count: int,
    ledger: Ledger,
    per_second: float,
    concurrency: int = 16,
) -> None:
    """`count` uploads, two per applicant (the per-city cap), started at a steady pace,
    at most `concurrency` at a time."""
    gate = asyncio.Semaphore(concurrency)
    started = time.monotonic()

    async def one(index: int) -> None:
        n, nth = divmod(index, 2)
        await asyncio.sleep(max(0.0, started + index / per_second - time.monotonic()))
        async with gate:
            await upload(http, intake, contest_id, keys[n], run, n, nth, ledger)

    await asyncio.gather(*(one(i) for i in range(count)))
