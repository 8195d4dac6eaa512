"""Published results with a shared rank reach each applicant as a tie, in English and Korean
(issue 16): never "ranked 2" for a submission that shares first place."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from fastapi import FastAPI

import notify.main
from contracts.contest import Contest
from contracts.events import ContestConfigured, RankedSubmission, ResultsPublished
from servicekit.broker import publish_event
from servicekit.embedded import SmtpCatcher
from tests.support.notify import CONTEST, caught, fast_settings, received, review_stand_in
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually


@pytest.fixture
async def app(
    nats_url: str, smtp_catcher: SmtpCatcher, seoul_contest: Contest
) -> AsyncIterator[FastAPI]:
    parts = notify.main.bootstrap(fast_settings(nats_url, smtp_catcher))
    app = notify.main.app_of(parts)
    async with running(app), review_stand_in(nats_url):
        await publish_event(
            broker_of(app), ContestConfigured(contest_id=CONTEST, contest=seoul_contest)
        )
        await eventually(
            lambda: parts.notifier.contest_name(CONTEST),
            until=lambda name: name == seoul_contest.name,
            what="notify's copy of the contest",
        )
        yield app


def ranked(submission_id: str, rank: int) -> RankedSubmission:
    return RankedSubmission(
        submission_id=submission_id, rank=rank, raw_score=7.0, normalised_score=0.0
    )


async def test_applicants_sharing_first_place_are_told_they_tied_for_first(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    broker = broker_of(app)
    await publish_event(broker, received(name="김서울", email="kim@seoul.example", language="ko"))
    await publish_event(
        broker, received(submission_id="sub-2", applicant_id="app-2", title="Green roofs")
    )
    await publish_event(
        broker,
        received(
            submission_id="sub-3",
            applicant_id="app-3",
            title="Quiet streets",
            email="lee@lima.example",
        ),
    )
    await caught(smtp_catcher, 3)
    await publish_event(
        broker,
        ResultsPublished(
            contest_id=CONTEST,
            round="committee",
            rankings={
                "tech-innovacity": (ranked("sub-1", 1), ranked("sub-2", 1), ranked("sub-3", 3))
            },
            winners={},
            method="normalised",
        ),
    )

    emails = {c.rcpt_tos[0]: c.message for c in (await caught(smtp_catcher, 6))[3:]}
    text = {address: str(m.get_body(("plain",)).get_content()) for address, m in emails.items()}  # type: ignore[union-attr]
    assert "부문 공동 1위(=1)입니다" in text["kim@seoul.example"]
    assert "ranked =1 (tied for 1st) in its category" in text["ana.lima@curitiba.example"]
    assert "ranked 3 in its category" in text["lee@lima.example"]
    assert "tied" not in text["lee@lima.example"]
