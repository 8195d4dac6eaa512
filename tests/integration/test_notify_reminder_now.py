"""A reminder staff ask for now (the console's Progress page): notify emails the judge at once,
listing only the reviews they have still to score, once per request."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from faststream.nats import NatsBroker

import notify.main
from contracts.envelope import Contact, utc_now
from contracts.events import JudgeRegistered, NotificationSent, ReviewAssigned, ReviewScored
from contracts.notify_commands import JudgeReminded, NotifyCommand, RemindJudge
from contracts.queries import Refusal
from notify.records import AssignmentState
from notify.settings import NotifySettings
from notify.store import assignment_key
from servicekit.broker import publish_event
from servicekit.embedded import SmtpCatcher
from tests.support.notify import CONTEST, caught, fast_settings, review_stand_in, stored_events
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually


@pytest.fixture
async def settings(nats_url: str, smtp_catcher: SmtpCatcher) -> AsyncIterator[NotifySettings]:
    async with review_stand_in(nats_url):
        yield fast_settings(nats_url, smtp_catcher)


def judge(judge_id: str, email: str) -> JudgeRegistered:
    contact = Contact(name=f"Judge {judge_id}", email=email)
    return JudgeRegistered(
        contest_id=CONTEST, judge_id=judge_id, name=contact.name, country="NZ", contact=contact
    )


def assigned(number: int) -> ReviewAssigned:
    return ReviewAssigned(
        contest_id=CONTEST,
        round="panel",
        assignment_id=f"a-{number}",
        judge_id="j-1",
        submission_id=f"sub-{number}",
        submission_version=1,
        batch_id="batch-1",
        due_at=utc_now() + timedelta(days=20),
    )


def scored(number: int) -> ReviewScored:
    return ReviewScored(
        contest_id=CONTEST,
        round="panel",
        assignment_id=f"a-{number}",
        judge_id="j-1",
        submission_id=f"sub-{number}",
        submission_version=1,
        scores={"impact": 4.0},
        revision=1,
    )


async def is_scored(broker: NatsBroker, assignment_id: str) -> bool:
    kv = await broker.key_value("notify-assignments")
    try:
        entry = await kv.get(assignment_key(assignment_id))
    except Exception:  # not written yet
        return False
    return AssignmentState.model_validate_json(entry.value or b"").scored


async def remind(broker: NatsBroker, judge_id: str, request_id: str = "") -> dict[str, Any]:
    command = RemindJudge(
        request_id=request_id or str(uuid.uuid4()),
        contest_id=CONTEST,
        judge_id=judge_id,
        requested_by="Mina Staff",
    )
    reply = await broker.request(command, NotifyCommand.REMIND_JUDGE, timeout=10)
    body: dict[str, Any] = await reply.decode()  # type: ignore[assignment]
    return body


async def test_a_reminder_sent_now_lists_only_the_judges_unscored_reviews_once_per_request(
    settings: NotifySettings, smtp_catcher: SmtpCatcher
):
    app = notify.main.create_app(settings)
    async with running(app):
        broker = broker_of(app)
        await publish_event(broker, judge("j-1", "jane@judges.example"))
        for event in (assigned(1), assigned(2), scored(1)):
            await publish_event(broker, event)
        await caught(smtp_catcher, 1)  # the batch email
        await eventually(lambda: is_scored(broker, "a-1"), what="notify heard a-1 was scored")

        request_id = str(uuid.uuid4())
        first = JudgeReminded.model_validate(await remind(broker, "j-1", request_id))
        again = JudgeReminded.model_validate(await remind(broker, "j-1", request_id))
        [_, reminder] = await caught(smtp_catcher, 2)
        sent = await eventually(
            lambda: stored_events(broker, NotificationSent),
            until=lambda events: any(e.template == "reminder" for e in events),
            what="the reminder's sent event",
        )

    assert first.open_reviews == again.open_reviews == 1
    assert reminder.rcpt_tos == ("jane@judges.example",)
    body = reminder.message.get_body(("plain",))
    assert body is not None
    text = body.get_content()
    assert "sub-2" in text
    assert "sub-1" not in text
    assert "1 review still to score" in str(reminder.message["Subject"])
    assert len(smtp_catcher.messages) == 2, "asked twice with one request id: one email"
    [reminded] = [e for e in sent if e.template == "reminder"]
    assert (reminded.recipient_id, reminded.requested_by) == ("j-1", "Mina Staff")
    assert reminded.cause_event_id == request_id


async def test_a_judge_with_nothing_left_to_score_or_unknown_is_refused(
    settings: NotifySettings, smtp_catcher: SmtpCatcher
):
    app = notify.main.create_app(settings)
    async with running(app):
        broker = broker_of(app)
        await publish_event(broker, judge("j-1", "jane@judges.example"))
        await publish_event(broker, judge("j-2", "kim@judges.example"))
        await publish_event(broker, assigned(1))
        await publish_event(broker, scored(1))
        await eventually(lambda: is_scored(broker, "a-1"), what="notify heard a-1 was scored")
        done = Refusal.model_validate(await remind(broker, "j-1"))
        idle = Refusal.model_validate(await remind(broker, "j-2"))
        unknown = Refusal.model_validate(await remind(broker, "nobody"))

    assert (done.kind, idle.kind, unknown.kind) == (
        "no-open-reviews",
        "no-open-reviews",
        "judge-unknown",
    )
    subjects = [str(m.message["Subject"]) for m in smtp_catcher.messages]
    assert not [s for s in subjects if "still to score" in s], "a refusal sends nothing"
