"""Reminders before a review is due, and the overdue notice, survive notify being stopped."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

import pytest
from faststream.nats import NatsBroker
from nats.js.errors import NoKeysError

import notify.main
from contracts.envelope import Contact, Event, utc_now
from contracts.events import JudgeRegistered, ReviewAssigned, ReviewScored, ReviewUnassigned
from notify.settings import NotifySettings
from servicekit.broker import publish_event
from servicekit.embedded import SmtpCatcher
from tests.support.notify import CONTEST, caught, fast_settings, portal_url, review_stand_in
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually


@pytest.fixture
async def settings(nats_url: str, smtp_catcher: SmtpCatcher) -> AsyncIterator[NotifySettings]:
    async with review_stand_in(nats_url):
        yield fast_settings(nats_url, smtp_catcher)


def assigned(due_at: datetime) -> ReviewAssigned:
    return ReviewAssigned(
        contest_id=CONTEST,
        round="panel",
        assignment_id="a-1",
        judge_id="j-1",
        submission_id="sub-1",
        submission_version=1,
        batch_id="batch-1",
        due_at=due_at,
    )


async def assign(broker: NatsBroker, due_at: datetime) -> ReviewAssigned:
    contact = Contact(name="Jane Judge", email="jane@judges.example")
    judge = JudgeRegistered(
        contest_id=CONTEST, judge_id="j-1", name="Jane Judge", country="NZ", contact=contact
    )
    await publish_event(broker, judge)
    event = assigned(due_at)
    await publish_event(broker, event)
    return event


async def scheduled(broker: NatsBroker) -> list[str]:
    kv = await broker.key_value("notify-schedule")
    try:
        return sorted(await kv.keys())
    except NoKeysError:
        return []


async def pass_time_until(moment: datetime) -> None:
    """Time going by while notify is stopped: there is nothing to poll for."""
    await asyncio.sleep(max((moment - utc_now()).total_seconds(), 0) + 0.1)


async def test_a_reminder_due_while_notify_is_stopped_is_sent_once_when_it_starts_again(
    settings: NotifySettings, smtp_catcher: SmtpCatcher
):
    due = utc_now() + timedelta(days=3, seconds=6)  # room for a slow start
    first = notify.main.create_app(settings)
    async with running(first):
        await assign(broker_of(first), due)
        [batch_email] = await caught(smtp_catcher, 1)
        keys = await eventually(
            lambda: scheduled(broker_of(first)),
            until=lambda keys: [k.split(".")[0] for k in keys] == ["overdue", "remind"],
            what="one reminder (the 7-day one had passed) and the overdue notice, nothing else",
        )
    assert len(keys) == 2

    await pass_time_until(due - timedelta(days=3))
    assert len(smtp_catcher.messages) == 1, "nothing is sent while notify is stopped"

    second = notify.main.bootstrap(settings)
    async with running(notify.main.app_of(second)):
        emails = await caught(smtp_catcher, 2)
        assert await second.scheduler.scan() == 0, "fired once"
    reminder = emails[1].message
    assert emails[1].rcpt_tos == ("jane@judges.example",)
    assert reminder["Subject"] == f"{CONTEST}: review due in 3 days"
    text = reminder.get_body(("plain",))
    assert text is not None
    assert portal_url("j-1") in text.get_content()
    assert batch_email.message["Message-ID"] != reminder["Message-ID"]
    assert len(smtp_catcher.messages) == 2


def scored(assignment_id: str) -> Event:
    return ReviewScored(
        contest_id=CONTEST,
        round="panel",
        assignment_id=assignment_id,
        judge_id="j-1",
        submission_id="sub-1",
        submission_version=1,
        scores={"impact": 4.0},
        revision=1,
    )


def withdrawn(assignment_id: str) -> Event:
    return ReviewUnassigned(
        contest_id=CONTEST,
        round="panel",
        assignment_id=assignment_id,
        judge_id="j-1",
        submission_id="sub-1",
        reason="conflict of interest declared",
    )


@pytest.mark.parametrize("ending", [scored, withdrawn])
async def test_a_scored_or_withdrawn_review_cancels_its_reminders(
    ending: Callable[[str], Event], settings: NotifySettings, smtp_catcher: SmtpCatcher
):
    due = utc_now() + timedelta(days=3, seconds=2)
    parts = notify.main.bootstrap(settings)
    async with running(notify.main.app_of(parts)):
        broker = parts.broker
        event = await assign(broker, due)
        await caught(smtp_catcher, 1)
        await eventually(
            lambda: scheduled(broker), until=lambda keys: keys != [], what="reminders planned"
        )
        await publish_event(broker, ending(event.assignment_id))
        await eventually(
            lambda: scheduled(broker), until=lambda keys: keys == [], what="the reminders cancelled"
        )
        await pass_time_until(due - timedelta(days=3))
        assert await parts.scheduler.scan() == 0
    assert len(smtp_catcher.messages) == 1, "only the assignment email"


async def test_a_review_not_scored_by_its_due_date_is_reported_to_staff(
    settings: NotifySettings, smtp_catcher: SmtpCatcher
):
    app = notify.main.create_app(settings)
    async with running(app):
        await assign(broker_of(app), utc_now() + timedelta(seconds=1))
        emails = await caught(smtp_catcher, 2)
    [overdue] = [e for e in emails if e.rcpt_tos == ("secretariat@wego.example",)]
    assert overdue.message["Subject"] == (
        f"{CONTEST}: review overdue — judge j-1, submission sub-1"
    )
    text = overdue.message.get_body(("plain",))
    assert text is not None
    assert "by judge Jane Judge (j-1)" in text.get_content()
