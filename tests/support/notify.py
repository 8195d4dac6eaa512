"""Notify's test support: fast settings, a stand-in for review's portal-link answer, events.

Review answers `JUDGE_PORTAL_LINK` in production; tests run this small responder instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from typing import Any, TypeVar

from faststream.nats import NatsBroker
from nats.js.api import StreamInfo

from contracts.envelope import Contact, Event, StoredFile, utc_now
from contracts.events import SubmissionReceived
from contracts.queries import JUDGE_PORTAL_LINK, JudgePortalLink, JudgePortalLinkQuery, Refusal
from contracts.subjects import Stream
from notify.domain.headers import OUTGOING, mailbox_value, subject_value
from notify.domain.mail import Recipient, Rendered
from notify.domain.wire import TEMPLATE_HEADER
from notify.settings import NotifySettings
from servicekit.broker import jetstream
from servicekit.embedded import SmtpCatcher
from servicekit.embedded.smtp import CaughtMessage

E = TypeVar("E", bound=Event)
CONTEST = "seoul-smart-city-prize-2027"


def fast_settings(nats_url: str, smtp: SmtpCatcher, **overrides: Any) -> NotifySettings:
    """Everything that waits, shortened so a test takes a second rather than minutes."""
    values: dict[str, Any] = {
        "nats_url": nats_url,
        "smtp_host": smtp.host,
        "smtp_port": smtp.port,
        "smtp_timeout_seconds": 2.0,
        "smtp_backoff_initial_seconds": 0.05,
        "smtp_rate_per_minute": 60_000.0,
        "smtp_rate_burst": 100,
        "max_deliveries": 5,
        "backoff_initial_seconds": 0.05,
        "backoff_max_seconds": 0.3,
        "graceful_timeout_seconds": 5.0,
        "schedule_scan_seconds": 0.1,
        "assignment_settle_seconds": 0.2,
        "staff_email": "secretariat@wego.example",
        **overrides,
    }
    return NotifySettings(**values)


def portal_url(judge_id: str) -> str:
    return f"https://judges.example/login?token=tok-{judge_id}-s3cret"


@asynccontextmanager
async def review_stand_in(nats_url: str) -> AsyncIterator[list[JudgePortalLinkQuery]]:
    """Answers portal-link queries as review will; yields the queries it was asked."""
    asked: list[JudgePortalLinkQuery] = []
    broker = NatsBroker(nats_url)

    @broker.subscriber(JUDGE_PORTAL_LINK, queue="review")
    async def portal_link(query: JudgePortalLinkQuery) -> JudgePortalLink | Refusal:
        asked.append(query)
        if query.judge_id.startswith("unknown"):
            return Refusal(kind="judge-not-found")
        return JudgePortalLink(url=portal_url(query.judge_id), expires_at=utc_now() + timedelta(7))

    await broker.start()
    try:
        yield asked
    finally:
        await broker.stop()


def received(
    name: str = "Ana Lima",
    email: str = "ana.lima@curitiba.example",
    language: str = "en",
    **fields: Any,
) -> SubmissionReceived:
    values: dict[str, Any] = {
        "contest_id": CONTEST,
        "submission_id": "sub-1",
        "version": 1,
        "applicant_id": "app-1",
        "applicant_type": "city_government",
        "category": "tech-innovacity",
        "sectors": ("mobility",),
        "title": "Smart buses for everyone",
        "city": "Curitiba",
        "country": "BR",
        "contact": Contact(name=name, email=email, language=language),
        "files": (
            StoredFile(
                name="plan.pdf",
                size=10,
                sha256="0" * 64,
                content_type="application/pdf",
                object_key="k/1",
            ),
        ),
        "manifest_key": "m/1",
        "application": {},
        **fields,
    }
    return SubmissionReceived(**values)


async def stored_events(broker: NatsBroker, model: type[E]) -> list[E]:
    """Every event of `model`'s type in the domain stream, oldest first."""
    js = jetstream(broker)
    info: StreamInfo = await js.stream_info(Stream.EVENTS)
    found: list[E] = []
    for sequence in range(info.state.first_seq, info.state.last_seq + 1):
        message = await js.get_msg(Stream.EVENTS, sequence)
        if message.subject == model.subject:
            found.append(model.model_validate_json(message.data or b""))
    return found


async def caught(smtp: SmtpCatcher, count: int, timeout: float = 10.0) -> list[CaughtMessage]:
    """The catcher's `wait_for` blocks; off the event loop, so notify keeps running meanwhile."""
    return await asyncio.to_thread(smtp.wait_for, count, timeout)


def stdlib_compose(
    rendered: Rendered,
    recipient: Recipient,
    *,
    sender: str,
    message_id: str,
    date: datetime,
    template: str = "",
) -> EmailMessage:
    """The email as the standard library's `email` package builds it: what notify sent until it
    wrote the bytes itself (`notify.domain.wire`), kept as the reference they must equal."""
    message = EmailMessage(policy=OUTGOING)
    sender_name, sender_address = parseaddr(sender)
    message.set_raw("From", mailbox_value(sender_name, sender_address))
    message.set_raw("To", mailbox_value(recipient.name, recipient.address))
    message.set_raw("Subject", subject_value(" ".join(rendered.subject.split())))
    message["Message-ID"] = message_id
    message["Date"] = format_datetime(date)
    if template:
        message[TEMPLATE_HEADER] = template
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    message["Content-Language"] = recipient.language
    return message
