"""Helpers for intake's tests and benchmark: a contest open now, applicants, bodies, events.

Kept under tests/ (never shipped with the service) so that tests and `make bench` build
requests the same way.
"""

from __future__ import annotations

import io
import json
import uuid
import zipfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from faststream.nats import NatsBroker
from nats.js.errors import KeyNotFoundError

from contracts.contest import Contest
from contracts.contest_parts import FileRules, Window
from contracts.envelope import Contact
from contracts.events import ContestConfigured
from contracts.intake_commands import APPLICANT_ADD, AddApplicant, ApplicantKey
from contracts.subjects import Stream, kv_bucket
from intake.main import create_app
from intake.openapi_examples import example_application
from intake.settings import IntakeSettings
from intake.storage import ObjectStore
from servicekit.broker import jetstream, publish_event
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually

PDF_HEAD = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
PNG_HEAD = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
FileSpec = tuple[str, str, bytes, str]  # part, name, bytes, declared content type


def open_contest(base: Contest, **file_rules: Any) -> Contest:
    """`base` with its window open now and, optionally, other file rules."""
    now = datetime.now(UTC)
    window = Window(opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30))
    rules = FileRules.model_validate({**base.file_rules.model_dump(), **file_rules})
    return base.model_copy(update={"window": window, "file_rules": rules})


async def configure(broker: NatsBroker, contest: Contest) -> ContestConfigured:
    event = ContestConfigured(contest_id=contest.id, contest=contest)
    await publish_event(broker, event)
    return event


async def register(
    broker: NatsBroker,
    contest_id: str,
    *,
    applicant_type: str = "city_government",
    city: str | None = None,
    country: str = "DE",
) -> ApplicantKey:
    command = AddApplicant(
        contest_id=contest_id,
        applicant_type=applicant_type,
        name=f"Applicant {uuid.uuid4().hex[:6]}",
        city=city or f"City {uuid.uuid4().hex[:8]}",
        country=country,
        contact=Contact(name="Jane Doe", email="jane.doe@example.org"),
    )
    client = broker.connection
    reply = await client.request(APPLICANT_ADD, command.model_dump_json().encode(), timeout=10)
    return ApplicantKey.model_validate_json(reply.data)


def pdf(size: int = 4096, seed: int = 0) -> bytes:
    filler = bytes((i * 31 + seed) % 251 for i in range(256))
    body = PDF_HEAD + filler * (size // len(filler) + 1)
    return body[:size]


def png(size: int = 2048) -> bytes:
    return (PNG_HEAD + b"\x00" * size)[:size]


def zip_bytes(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx() -> bytes:
    return zip_bytes(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document/>",
            "_rels/.rels": b"<Relationships/>",
        }
    )


def application(**changes: Any) -> dict[str, Any]:
    return {**example_application(), **changes}


def multipart(
    form: dict[str, Any] | bytes | None,
    files: list[FileSpec],
    *,
    boundary: str | None = None,
) -> tuple[bytes, str]:
    """A multipart body (built by hand so tests can make it hostile) and its content type."""
    mark = boundary or uuid.uuid4().hex
    chunks: list[bytes] = []
    if form is not None:
        raw = form if isinstance(form, bytes) else json.dumps(form).encode()
        chunks.append(
            f'--{mark}\r\nContent-Disposition: form-data; name="application"\r\n'
            f"Content-Type: application/json\r\n\r\n".encode()
            + raw
            + b"\r\n"
        )
    for part, name, data, declared in files:
        chunks.append(
            f'--{mark}\r\nContent-Disposition: form-data; name="{part}"; filename="'.encode()
            + name.encode()
            + f'"\r\nContent-Type: {declared}\r\n\r\n'.encode()
            + data
            + b"\r\n"
        )
    chunks.append(f"--{mark}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={mark}"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def settings_for(nats_url: str, s3: Any, bucket: str, **overrides: Any) -> IntakeSettings:
    """Settings against the test servers (`s3` is a servicekit S3Server), fast retries."""
    values: dict[str, Any] = {
        "nats_url": nats_url,
        "s3_endpoint": s3.endpoint,
        "s3_access_key": s3.access_key,
        "s3_secret_key": s3.secret_key,
        "s3_bucket": bucket,
        "backoff_initial_seconds": 0.05,
        "graceful_timeout_seconds": 5,
        "outbox_interval_seconds": 0.2,
        "publish_timeout_seconds": 1.0,
        **overrides,
    }
    return IntakeSettings(**values)


@dataclass
class Harness:
    app: FastAPI
    client: httpx.AsyncClient
    broker: NatsBroker
    store: ObjectStore
    contest: Contest

    async def applicant(self, **kwargs: Any) -> ApplicantKey:
        return await register(self.broker, self.contest.id, **kwargs)

    def url(self, submission_id: str | None = None, contest_id: str | None = None) -> str:
        base = f"/v1/contests/{contest_id or self.contest.id}/submissions"
        return f"{base}/{submission_id}" if submission_id else base

    async def send(
        self,
        key: str,
        form: dict[str, Any] | bytes | None,
        files: list[FileSpec],
        *,
        method: str = "POST",
        submission_id: str | None = None,
        contest_id: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        content, content_type = multipart(form, files)
        return await self.client.request(
            method,
            self.url(submission_id, contest_id),
            content=content,
            headers={**bearer(key), "Content-Type": content_type, **(headers or {})},
        )

    async def assigned(self, submission_id: str) -> bool:
        """Whether intake has noted that judges are assigned to this submission."""
        js = jetstream(self.broker)
        kv = await js.key_value(kv_bucket("intake", "assignments"))
        try:
            await kv.get(f"{self.contest.id}.{submission_id}")
        except KeyNotFoundError:
            return False
        return True

    async def objects(self, prefix: str = "contests/") -> list[str]:
        return await self.store.keys(prefix)

    async def events(self, subject: str) -> list[dict[str, Any]]:
        """Every message on `subject` in the domain stream, oldest first."""
        js = jetstream(self.broker)
        info = await js.stream_info(Stream.EVENTS, subjects_filter=subject)
        count = (info.state.subjects or {}).get(subject, 0)
        found: list[dict[str, Any]] = []
        if count == 0:
            return found
        sub = await js.subscribe(subject, ordered_consumer=True)
        try:
            while len(found) < count:
                message = await sub.next_msg(timeout=10)
                found.append(json.loads(message.data))
        finally:
            await sub.unsubscribe()
        return found


@asynccontextmanager
async def harness(
    settings: IntakeSettings, contest: Contest, **adapters: Any
) -> AsyncIterator[Harness]:
    """Intake running in-process, `contest` configured and served; `adapters` go to
    `create_app` (`objects` defaults to the store the settings name)."""
    store: ObjectStore = adapters.pop("objects", None) or ObjectStore.from_settings(settings)
    app = create_app(settings, objects=store, **adapters)
    async with running(app) as client:
        broker = broker_of(app)
        await configure(broker, contest)
        await eventually(
            lambda: client.get(f"/v1/contests/{contest.id}"),
            until=lambda response: response.status_code == 200,
            what="the contest configured in intake",
        )
        yield Harness(app=app, client=client, broker=broker, store=store, contest=contest)
