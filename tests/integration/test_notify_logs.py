"""No email address, token or message body in any log line notify writes."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

import pytest

import notify.main
from contracts.envelope import Contact, utc_now
from contracts.events import JudgeRegistered, NotificationFailed, ReviewAssigned
from servicekit.broker import publish_event
from servicekit.embedded import SmtpCatcher
from servicekit.logs import JsonFormatter
from tests.support.notify import (
    CONTEST,
    caught,
    fast_settings,
    received,
    review_stand_in,
    stored_events,
)
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually

ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


async def test_the_logs_hold_no_email_address_token_or_body(
    nats_url: str, smtp_catcher: SmtpCatcher, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    settings = fast_settings(nats_url, smtp_catcher, smtp_password="smtp-pa55word")
    app = notify.main.create_app(settings)
    async with review_stand_in(nats_url), running(app):
        broker = broker_of(app)
        # A deferral and a refusal whose replies quote the address, as real servers do.
        smtp_catcher.fail_next(451, "4.2.0 <ana.lima@curitiba.example> greylisted")
        await publish_event(broker, received(title="Body-title-marker"))
        smtp_catcher.fail_next(550, "5.1.1 <kim@seoul.example> no such user")
        await publish_event(
            broker, received(submission_id="sub-2", name="김서울", email="kim@seoul.example")
        )
        contact = Contact(name="Jane Judge", email="jane@judges.example")
        await publish_event(
            broker,
            JudgeRegistered(
                contest_id=CONTEST, judge_id="j-1", name="Jane", country="NZ", contact=contact
            ),
        )
        await publish_event(
            broker,
            ReviewAssigned(
                contest_id=CONTEST,
                round="panel",
                assignment_id="a-1",
                judge_id="j-1",
                submission_id="sub-1",
                submission_version=1,
                batch_id="b-1",
                due_at=utc_now() + timedelta(days=30),
            ),
        )
        await caught(smtp_catcher, 2)
        await eventually(lambda: stored_events(broker, NotificationFailed), what="the refusal")

    formatter = JsonFormatter("notify")
    # `mail.*` is aiosmtpd, the test's mail server: its lines are not notify's.
    records = [r for r in caplog.records if not r.name.startswith("mail.")]
    lines = [formatter.format(record) for record in records]
    assert any('"email deferred"' in line for line in lines), "the deferral was logged"
    assert any('"email failed"' in line for line in lines), "the refusal was logged"
    for line in lines:
        assert not ADDRESS.search(line), line
        for secret in ("tok-j-1", "s3cret", "smtp-pa55word", "Body-title-marker", "김서울"):
            assert secret not in line, line
