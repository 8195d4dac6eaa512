"""The contact notify keeps of each submission is its newest version's, whatever the order."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

import notify.main
from contracts.events import SubmissionAmended
from notify.main import Notify
from servicekit.broker import publish_event
from servicekit.embedded import SmtpCatcher
from tests.support.notify import caught, fast_settings, received
from tests.support.service_apps import broker_of, running


@pytest.fixture
def parts(nats_url: str, smtp_catcher: SmtpCatcher) -> Notify:
    return notify.main.bootstrap(fast_settings(nats_url, smtp_catcher))


@pytest.fixture
async def app(parts: Notify) -> AsyncIterator[FastAPI]:
    app = notify.main.app_of(parts)
    async with running(app):
        yield app


def amendment(email: str) -> SubmissionAmended:
    fields = received(email=email).model_dump(exclude={"event_id", "event_type", "version"})
    return SubmissionAmended(**fields, version=2)


async def test_a_first_version_is_kept_as_the_submissions_contact(
    app: FastAPI, parts: Notify, smtp_catcher: SmtpCatcher
):
    await publish_event(broker_of(app), received())
    await caught(smtp_catcher, 1)

    kept = await parts.notifier.contact_of("sub-1")
    assert (kept.version, str(kept.contact.email)) == (1, "ana.lima@curitiba.example")


async def test_an_amendment_replaces_the_contact_kept_from_the_first_version(
    app: FastAPI, parts: Notify, smtp_catcher: SmtpCatcher
):
    await publish_event(broker_of(app), received())
    await caught(smtp_catcher, 1)
    await publish_event(broker_of(app), amendment("office@curitiba.example"))
    await caught(smtp_catcher, 2)

    kept = await parts.notifier.contact_of("sub-1")
    assert (kept.version, str(kept.contact.email)) == (2, "office@curitiba.example")


async def test_a_first_version_arriving_after_its_amendment_leaves_the_amendments_contact(
    app: FastAPI, parts: Notify, smtp_catcher: SmtpCatcher
):
    await publish_event(broker_of(app), amendment("office@curitiba.example"))
    await caught(smtp_catcher, 1)
    await publish_event(broker_of(app), received())
    await caught(smtp_catcher, 2)

    kept = await parts.notifier.contact_of("sub-1")
    assert (kept.version, str(kept.contact.email)) == (2, "office@curitiba.example")
