"""Load for the consumer scenarios: `prize.submission.received` events published straight to
the stream, each pointing at objects put into S3 first (as intake would have stored them)."""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import time
from concurrent.futures import ThreadPoolExecutor

from minio import Minio
from nats.js import JetStreamContext

from cityprize.demo.applying import application_form
from cityprize.demo.data import DemoApplicant
from cityprize.demo.documents import pdf_with_text
from contracts.envelope import Contact, StoredFile
from contracts.events import SubmissionReceived
from contracts.subjects import Header, Stream
from tests.chaos.ledger import Accepted, Ledger, StoredPart
from tests.chaos.rig import BUCKET


def applicant(run: str, n: int) -> DemoApplicant:
    return DemoApplicant(
        key=f"c{run}-{n}",
        applicant_type="city_government",
        name=f"Chaos City {run} {n} Government",
        city=f"Chaos City {run} {n}",
        country="KR",
        organisation=f"Chaos City {run} {n} Government",
        language="en",
        category="tech-innovacity",
        sectors=("mobility",),
        title=f"Open mobility data, trial {n}",
        quality=5.0,
    )


def _store(client: Minio, key: str, body: bytes, content_type: str) -> None:
    client.put_object(BUCKET, key, io.BytesIO(body), len(body), content_type=content_type)


def prepare(client: Minio, contest_id: str, run: str, count: int) -> list[SubmissionReceived]:
    """Objects first (file and manifest), then the events that point at them."""
    events: list[SubmissionReceived] = []
    puts: list[tuple[str, bytes, str]] = []
    for n in range(count):
        who = applicant(run, n)
        submission_id = f"sub-{run}-{n:06d}"
        prefix = f"contests/{contest_id}/submissions/{submission_id}/v1"
        body = pdf_with_text(who.title, [f"{who.city}: submission {n} of the chaos run {run}"])
        stored = StoredFile(
            name="project-overview.pdf",
            size=len(body),
            sha256=hashlib.sha256(body).hexdigest(),
            content_type="application/pdf",
            object_key=f"{prefix}/f-{n:06d}",
        )
        manifest = json.dumps({"status": "published", "files": [stored.model_dump()]}).encode()
        puts += [(stored.object_key, body, "application/pdf")]
        puts += [(f"{prefix}/manifest.json", manifest, "application/json")]
        events.append(
            SubmissionReceived(
                contest_id=contest_id,
                submission_id=submission_id,
                version=1,
                applicant_id=f"app-{run}-{n:06d}",
                applicant_type=who.applicant_type,
                category=who.category,
                sectors=who.sectors,
                title=who.title,
                city=who.city,
                country=who.country,
                organisation=who.organisation,
                contact=Contact(name=f"{who.name} team", email=who.email, language="en"),
                files=(stored,),
                manifest_key=f"{prefix}/manifest.json",
                application=application_form(who),
            )
        )
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda put: _store(client, *put), puts))
    return events


def accepted(event: SubmissionReceived) -> Accepted:
    parts = tuple(StoredPart(f.object_key, f.name, f.size, f.sha256) for f in event.files)
    return Accepted(event.submission_id, str(event.contact.email), parts)


async def publish_all(
    js: JetStreamContext, events: list[SubmissionReceived], ledger: Ledger, per_second: float
) -> None:
    """Publish at a steady pace; a publish that fails is retried with the same event id
    (the stream's duplicate window drops a copy) until the stream acknowledges it."""
    started = time.monotonic()
    for index, event in enumerate(events):
        delay = started + index / per_second - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        body = event.model_dump_json().encode()
        headers = {Header.MSG_ID: event.event_id, Header.EVENT_TYPE: event.event_type}
        while True:
            ledger.attempts += 1
            try:
                await js.publish(
                    event.subject, body, stream=Stream.EVENTS, headers=headers, timeout=2
                )
                break
            except Exception as error:
                ledger.refuse(type(error).__name__)
                await asyncio.sleep(0.2)
        ledger.accept(accepted(event))
