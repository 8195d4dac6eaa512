"""Notify reads its contests from a copy in memory; a renamed contest is named by the next
email all the same (the copy's own rules: tests/integration/test_contest_copy.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from fastapi import FastAPI

import notify.main
from contracts.contest import Contest
from contracts.envelope import utc_now
from contracts.events import ContestConfigured
from notify.notifier import Notifier
from servicekit.broker import publish_event
from servicekit.embedded import SmtpCatcher
from tests.support.notify import CONTEST, caught, fast_settings, received, review_stand_in
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually


@pytest.fixture
async def notify_app(
    nats_url: str, smtp_catcher: SmtpCatcher
) -> AsyncIterator[tuple[FastAPI, Notifier]]:
    parts = notify.main.bootstrap(fast_settings(nats_url, smtp_catcher))
    app = notify.main.app_of(parts)
    async with running(app), review_stand_in(nats_url):
        yield app, parts.notifier


async def configured(app: FastAPI, notifier: Notifier, contest: Contest, minutes: int) -> None:
    later = utc_now() + timedelta(minutes=minutes)
    event = ContestConfigured(contest_id=CONTEST, contest=contest, occurred_at=later)
    await publish_event(broker_of(app), event)
    await eventually(
        lambda: notifier.contest_name(CONTEST),
        until=lambda name: name == contest.name,
        what=f"notify's copy of {contest.name}",
    )


async def test_a_receipt_after_the_contest_is_renamed_carries_the_new_name(
    notify_app: tuple[FastAPI, Notifier], smtp_catcher: SmtpCatcher, seoul_contest: Contest
):
    app, notifier = notify_app
    await configured(app, notifier, seoul_contest, 0)
    await publish_event(broker_of(app), received(submission_id="sub-1"))
    [first] = await caught(smtp_catcher, 1)
    assert first.message["Subject"].startswith("Seoul Smart City Prize 2027: ")

    renamed = seoul_contest.model_copy(update={"name": "Seoul Smart City Prize 2028"})
    await configured(app, notifier, renamed, 1)
    await publish_event(broker_of(app), received(submission_id="sub-2"))

    emails = await caught(smtp_catcher, 2)
    assert emails[1].message["Subject"].startswith("Seoul Smart City Prize 2028: ")
