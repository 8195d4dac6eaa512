"""Uploads through intake's public API, timestamped at their `201`, and the two watchers that
timestamp what follows: the archived record and the receipt email.

- archived: archive acknowledges an event only after it has stored the event and refolded
  the submission's record, and it takes one message at a time in stream order, so the
  record of the event at stream sequence s exists once the durable `archive-archive-event`
  has an ack floor ≥ s. The watcher reads that from the server every `POLL_SECONDS`
  (no load on archive), learning each submission's sequence from an ordered consumer.
  The records are then fetched once each from archive's staff API to confirm them.
- receipt: the SMTP catcher writes each email to the mail folder (`.part`, then renamed, so
  the file's mtime is when it was caught); the watcher scans the folder every `POLL_SECONDS`
  and uses that mtime, so the polling interval does not add to the figure.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import email.parser
import json
import os
import time
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import httpx
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import Error as NatsError
from nats.js.api import DeliverPolicy

from cityprize.demo import applying
from cityprize.demo.data import APPLICANTS, DemoApplicant
from cityprize.demo.documents import pdf_with_text
from contracts.intake_commands import ApplicantKey
from contracts.subjects import Stream, Subject

POLL_SECONDS = 0.005
RETRIES = 5
UNSUBSCRIBE_SECONDS = 2.0
ARCHIVE_DURABLE = "archive-archive-event"
PDF = pdf_with_text("Benchmark project", ["Problem, approach, budget and outcomes, in brief."])


@dataclass
class Upload:
    key: str
    submission_id: str = ""
    status: int = 0
    sent_at: float = 0.0  # wall clock (time.time), comparable with file mtimes
    answered_at: float = 0.0
    retries: int = 0
    archived_at: float | None = None
    receipt_at: float | None = None


class Archivable(Protocol):
    """What the archive watcher stamps: an upload, or a judge's score (e2e_scores)."""

    archived_at: float | None


@dataclass
class Tracker:
    """Every upload by its key (also its contact address and Idempotency-Key); `by_id` holds
    what the archive watcher stamps, by the id its events carry (a submission's, for uploads)."""

    uploads: dict[str, Upload] = field(default_factory=dict)
    by_id: dict[str, Archivable] = field(default_factory=dict)
    sequences: dict[int, str] = field(default_factory=dict)
    floor: int = 0

    def done(self) -> list[Upload]:
        return [u for u in self.uploads.values() if u.status == 201]


async def register(client: Client, contest_id: str, count: int) -> list[ApplicantKey]:
    """Applicants in as many cities: the per-city claim is one KV key per city, and a burst
    from a single city would measure contention on it that no real deadline produces."""
    return [
        await applying.register(
            client,
            contest_id,
            dataclasses.replace(APPLICANTS[0], key=f"a{i}", city=f"Bench City {i}"),
        )
        for i in range(count)
    ]


async def upload(
    http: httpx.AsyncClient,
    intake: str,
    contest_id: str,
    key: ApplicantKey,
    tracker: Tracker,
    n: int,
) -> Upload:
    applicant: DemoApplicant = dataclasses.replace(
        APPLICANTS[0], key=f"u{n}-{contest_id}", title=f"Benchmark project {n}"
    )
    record = tracker.uploads.setdefault(applicant.key, Upload(applicant.key))
    record.sent_at = time.time()
    files: list[tuple[str, tuple[str | None, bytes | str, str]]] = [
        (
            "application",
            (None, json.dumps(applying.application_form(applicant)), "application/json"),
        ),
        ("files", ("project-overview.pdf", PDF, "application/pdf")),
    ]
    headers = {"Authorization": f"Bearer {key.api_key}", "Idempotency-Key": applicant.key}
    url = f"{intake}/v1/contests/{contest_id}/submissions"
    for _ in range(RETRIES):
        try:
            response = await http.post(url, headers=headers, files=files)
        except httpx.TransportError:
            response = None  # dropped mid-request: the same Idempotency-Key makes a retry safe
        # 409: an earlier try of this key is still running; 503: try again, nothing was kept.
        if response is not None and response.status_code not in (409, 503):
            break
        record.retries += 1
        await asyncio.sleep(0.2)
    if response is None:
        record.answered_at, record.status = time.time(), -1
        return record
    record.answered_at, record.status = time.time(), response.status_code
    if response.status_code == 201:
        record.submission_id = response.json()["submission_id"]
        tracker.by_id[record.submission_id] = record
        stamp_archived(tracker)
    return record


def stamp_archived(tracker: Tracker) -> None:
    now = time.time()
    for seq in [s for s in tracker.sequences if s <= tracker.floor]:
        found = tracker.by_id.get(tracker.sequences[seq])
        if found is None:
            continue  # its answer (201; a score's 200) has not arrived yet: stamped when it does
        if found.archived_at is None:
            # Stamped at or after its 201; an ack that came first counts as no wait at all.
            found.archived_at = now
        del tracker.sequences[seq]


async def watch_archive(
    client: Client,
    tracker: Tracker,
    contest_ids: Container[str],
    subject: Subject = Subject.SUBMISSION_RECEIVED,
    key: str = "submission_id",
) -> None:
    """Runs until cancelled; stamps `tracker.by_id[event[key]]` once archive has stored
    each `subject` event of these contests (one watcher for them all, so many contests cost
    the server no more polling than one)."""
    js = client.jetstream()

    async def learn(message: Msg) -> None:
        body = json.loads(message.data)
        if body.get("contest_id") in contest_ids:
            tracker.sequences[message.metadata.sequence.stream] = body[key]

    subscription = await js.subscribe(
        subject,
        stream=Stream.EVENTS,
        ordered_consumer=True,
        cb=learn,
        deliver_policy=DeliverPolicy.NEW,
    )
    this = asyncio.current_task()
    try:
        # A cancellation landing inside nats-py's request can be swallowed there; the loop
        # asks for one itself, or the watcher would poll on after being told to stop.
        while this is None or not this.cancelling():
            info = await js.consumer_info(Stream.EVENTS, ARCHIVE_DURABLE)
            tracker.floor = info.ack_floor.stream_seq if info.ack_floor else 0
            stamp_archived(tracker)
            await asyncio.sleep(POLL_SECONDS)
    finally:
        # Bounded: unsubscribing must not hold the phase.
        with contextlib.suppress(TimeoutError, NatsError):
            await asyncio.wait_for(subscription.unsubscribe(), UNSUBSCRIBE_SECONDS)


def receipt_of(path: str) -> str | None:
    """The upload key a receipt email was sent to (its address's local part), else None."""
    with open(path, "rb") as handle:
        headers = email.parser.BytesHeaderParser().parse(handle)
    if headers.get("X-Cityprize-Template") != "receipt":
        return None
    return str(headers.get("To", "")).partition("@")[0].rpartition("<")[2]


async def watch_mail(folder: Path, tracker: Tracker) -> None:
    """Runs until cancelled; stamps each upload's receipt with the email file's mtime.

    Read emails are deleted (the folder is the benchmark's own), so each scan lists only new
    ones however many thousands arrived before.
    """
    while True:
        for entry in os.scandir(folder):
            if not entry.name.endswith(".eml"):
                continue
            key = receipt_of(entry.path)
            found = tracker.uploads.get(key) if key else None
            if found is not None and found.receipt_at is None:
                found.receipt_at = entry.stat().st_mtime
            os.remove(entry.path)
        await asyncio.sleep(POLL_SECONDS * 4)


async def confirm_archived(
    http: httpx.AsyncClient, archive: str, token: str, contest_id: str, uploads: list[Upload]
) -> Counter[int]:
    """The status archive's staff API answers for each of these submissions' records."""
    answers: Counter[int] = Counter()
    for record in uploads:
        response = await http.get(
            f"{archive}/v1/archive/contests/{contest_id}/submissions/{record.submission_id}",
            headers={"Authorization": f"Bearer {token}"},
        )
        answers[response.status_code] += 1
    return answers
