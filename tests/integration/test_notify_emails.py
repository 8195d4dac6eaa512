"""Each fact notify consumes yields the right email: recipient, language, subject, both parts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from email.message import EmailMessage

import pytest
from fastapi import FastAPI

import notify.main
from contracts.contest import Contest
from contracts.envelope import Contact, utc_now
from contracts.events import (
    ContestConfigured,
    JudgeRegistered,
    NotificationSent,
    RankedSubmission,
    ResultsPublished,
    ReviewAssigned,
    ScreeningOverridden,
    SubmissionAmended,
    SubmissionScreened,
)
from servicekit.broker import publish_event
from servicekit.embedded import SmtpCatcher
from tests.support.notify import (
    CONTEST,
    caught,
    fast_settings,
    portal_url,
    received,
    review_stand_in,
    stored_events,
)
from tests.support.service_apps import broker_of, running
from tests.support.waiting import eventually


@pytest.fixture
async def app(
    nats_url: str, smtp_catcher: SmtpCatcher, seoul_contest: Contest
) -> AsyncIterator[FastAPI]:
    parts = notify.main.bootstrap(fast_settings(nats_url, smtp_catcher))
    app = notify.main.app_of(parts)
    async with running(app), review_stand_in(nats_url):
        notifier = parts.notifier
        await publish_event(
            broker_of(app), ContestConfigured(contest_id=CONTEST, contest=seoul_contest)
        )
        await eventually(
            lambda: notifier.contest_name(CONTEST),
            until=lambda name: name == seoul_contest.name,
            what="notify's copy of the contest",
        )
        yield app


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None, "a plain-text part"
    assert html is not None, "an HTML part"
    return str(text.get_content()), str(html.get_content())


async def test_a_received_submission_is_acknowledged_to_its_contact_in_english(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    event = received(title="Smart buses & <trams>")
    await publish_event(broker_of(app), event)

    [email] = await caught(smtp_catcher, 1)
    assert email.rcpt_tos == ("ana.lima@curitiba.example",)
    message = email.message
    assert message["To"] == "Ana Lima <ana.lima@curitiba.example>"
    assert message["Subject"] == (
        "Seoul Smart City Prize 2027: submission received — Smart buses & <trams>"
    )
    assert message["Content-Language"] == "en"
    text, html = parts(message)
    assert text.startswith("Dear Curitiba team,"), "a city government is greeted as its team"
    assert "sub-1" in text
    assert '"Smart buses & <trams>"' in text
    assert "<em>Smart buses &amp; &lt;trams&gt;</em>" in html, "HTML is autoescaped"
    [sent] = await eventually(
        lambda: stored_events(broker_of(app), NotificationSent), what="the sent event"
    )
    assert sent.cause_event_id == event.event_id
    assert sent.recipient_id == "app-1", "an applicant id, never an address"
    assert sent.message_id == message["Message-ID"]
    assert sent.template == "receipt"


async def test_a_korean_applicant_gets_a_korean_receipt_with_an_encoded_subject(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    event = received(
        name="김서울",
        email="kim@seoul.example",
        language="ko",
        title="스마트 버스",
        applicant_type="individual",
        category="leadership",
    )
    await publish_event(broker_of(app), event)

    [email] = await caught(smtp_catcher, 1)
    head = email.raw.split(b"\r\n\r\n", 1)[0]
    assert head.isascii()
    assert b"=?utf-8?" in head, "headers travel RFC 2047 encoded"
    message = email.message
    assert message["Subject"] == "Seoul Smart City Prize 2027: 응모작 접수 완료 — 스마트 버스"
    assert message["To"].addresses[0].display_name == "김서울"
    text, html = parts(message)
    assert text.startswith("김서울 님께,"), "a person is greeted by name"
    assert "마감 전까지 수정하실 수 있습니다" in text
    assert '<html lang="ko">' in html
    assert "<em>스마트 버스</em>" in html


async def test_an_amendment_is_acknowledged_as_a_new_version(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    first = received()
    fields = first.model_dump(exclude={"event_id", "event_type", "version"})
    amended = SubmissionAmended(**fields, version=2)
    await publish_event(broker_of(app), first)
    await publish_event(broker_of(app), amended)

    emails = await caught(smtp_catcher, 2)
    subjects = sorted(c.message["Subject"] for c in emails)
    assert subjects[0].endswith("amendment received — Smart buses for everyone")
    assert any("version 2 of your submission" in parts(c.message)[0] for c in emails)


async def test_the_screening_outcome_reaches_the_contact_kept_from_the_receipt(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    broker = broker_of(app)
    await publish_event(broker, received(name="김서울", email="kim@seoul.example", language="ko"))
    await publish_event(broker, received(submission_id="sub-2", applicant_id="app-2"))
    await caught(smtp_catcher, 2)
    await publish_event(
        broker,
        SubmissionScreened(
            contest_id=CONTEST, submission_id="sub-1", version=1, outcome="eligible"
        ),
    )
    await publish_event(
        broker,
        SubmissionScreened(
            contest_id=CONTEST,
            submission_id="sub-2",
            version=1,
            outcome="ineligible",
            reasons=("endorsement letter missing",),
        ),
    )

    emails = (await caught(smtp_catcher, 4))[2:]
    by_address = {c.rcpt_tos[0]: c.message for c in emails}
    korean = by_address["kim@seoul.example"]
    assert korean["Subject"] == "Seoul Smart City Prize 2027: 자격 심사 통과"
    assert "전문가 심사로 넘어갑니다" in parts(korean)[0]
    english = by_address["ana.lima@curitiba.example"]
    assert english["Subject"] == "Seoul Smart City Prize 2027: your submission is not eligible"
    text, html = parts(english)
    assert "- endorsement letter missing" in text
    assert "<li>endorsement letter missing</li>" in html


async def test_a_staff_override_reaches_the_applicant_with_the_decision_and_its_reason(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    broker = broker_of(app)
    await publish_event(broker, received())
    await caught(smtp_catcher, 1)
    await publish_event(
        broker,
        ScreeningOverridden(
            contest_id=CONTEST,
            submission_id="sub-1",
            outcome="ineligible",
            reason="the city's endorsement letter is unsigned",
            decided_by="staff-1",
        ),
    )

    [_, override] = await caught(smtp_catcher, 2)
    assert override.rcpt_tos == ("ana.lima@curitiba.example",)
    assert override.message["Subject"] == (
        "Seoul Smart City Prize 2027: your submission is not eligible"
    )
    assert "- the city's endorsement letter is unsigned" in parts(override.message)[0]


async def test_a_judge_gets_one_email_per_batch_with_a_portal_link_asked_at_send_time(
    app: FastAPI, smtp_catcher: SmtpCatcher, nats_url: str
):
    broker = broker_of(app)
    await publish_event(
        broker,
        JudgeRegistered(
            contest_id=CONTEST,
            judge_id="j-1",
            name="박심사",
            country="KR",
            contact=Contact(name="박심사", email="park@judges.example", language="ko"),
        ),
    )
    due = utc_now() + timedelta(days=30)
    for n in (1, 2):
        await publish_event(
            broker,
            ReviewAssigned(
                contest_id=CONTEST,
                round="panel",
                assignment_id=f"a-{n}",
                judge_id="j-1",
                submission_id=f"sub-{n}",
                submission_version=1,
                batch_id="batch-1",
                due_at=due,
            ),
        )

    [email] = await caught(smtp_catcher, 1)
    assert email.rcpt_tos == ("park@judges.example",)
    assert email.message["Subject"] == "Seoul Smart City Prize 2027: 심사 배정 2건"
    text, html = parts(email.message)
    listed = [line for line in text.splitlines() if line.startswith("- ")]
    assert [line.split(",")[0] for line in listed] == ["- sub-1", "- sub-2"], "one per line"
    assert portal_url("j-1") in text
    assert portal_url("j-1").replace("&", "&amp;") in html
    [sent] = await eventually(
        lambda: stored_events(broker, NotificationSent), what="the sent event"
    )
    assert sent.recipient_id == "j-1"
    assert sent.template == "assignment"
    assert len(smtp_catcher.messages) == 1, "one email for the whole batch"


async def test_a_judge_id_used_by_two_contests_reaches_each_contests_own_judge(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    # Judge ids are chosen by each contest's staff: "j-1" here is Park, elsewhere Lee.
    broker = broker_of(app)
    for contest_id, name, address in (
        (CONTEST, "박심사", "park@judges.example"),
        ("another-prize-2027", "Lee", "lee@judges.example"),
    ):
        await publish_event(
            broker,
            JudgeRegistered(
                contest_id=contest_id,
                judge_id="j-1",
                name=name,
                country="KR",
                contact=Contact(name=name, email=address, language="ko"),
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
            batch_id="batch-1",
            due_at=utc_now() + timedelta(days=30),
        ),
    )

    [email] = await caught(smtp_catcher, 1)
    assert email.rcpt_tos == ("park@judges.example",), "the contest's own judge, not the last"


async def test_results_tell_each_applicant_its_own_outcome_and_congratulate_winners(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    broker = broker_of(app)
    await publish_event(broker, received(name="김서울", email="kim@seoul.example", language="ko"))
    await publish_event(
        broker, received(submission_id="sub-2", applicant_id="app-2", title="Green roofs")
    )
    await caught(smtp_catcher, 2)
    ranking = (
        RankedSubmission(submission_id="sub-1", rank=1, raw_score=9.1, normalised_score=1.2),
        RankedSubmission(submission_id="sub-2", rank=2, raw_score=7.0, normalised_score=0.1),
    )
    await publish_event(
        broker,
        ResultsPublished(
            contest_id=CONTEST,
            round="committee",
            rankings={"tech-innovacity": ranking},
            winners={"tech-innovacity": ("sub-1",)},
            method="z-score",
        ),
    )

    emails = (await caught(smtp_catcher, 4))[2:]
    by_address = {c.rcpt_tos[0]: c.message for c in emails}
    winner = by_address["kim@seoul.example"]
    assert (
        winner["Subject"]
        == '축하합니다! "Smart buses for everyone" Seoul Smart City Prize 2027 수상'
    )
    assert "수상작으로 선정되었습니다" in parts(winner)[0]
    other = by_address["ana.lima@curitiba.example"]
    assert other["Subject"] == 'Seoul Smart City Prize 2027: results for "Green roofs"'
    text, _ = parts(other)
    assert "ranked 2 in its category" in text
    assert "not among the winners" in text
    templates = {
        e.template
        for e in await eventually(
            lambda: stored_events(broker, NotificationSent),
            until=lambda s: len(s) == 4,
            what="four sent events",
        )
    }
    assert templates == {"receipt", "winner", "results"}


async def test_a_judges_list_gives_each_title_on_its_own_line_and_no_applicant_when_blind(
    app: FastAPI, smtp_catcher: SmtpCatcher
):
    broker = broker_of(app)
    titles = {"sub-1": "시민 참여형 데이터 개방 사업", "sub-2": "Smart buses for everyone"}
    for submission_id, title in titles.items():
        await publish_event(
            broker, received(submission_id=submission_id, title=title, city="Busan")
        )
    await caught(smtp_catcher, 2)  # the two receipts: notify now knows both titles
    await publish_event(
        broker,
        JudgeRegistered(
            contest_id=CONTEST,
            judge_id="j-2",
            name="Lee",
            country="KR",
            contact=Contact(name="Lee", email="lee@judges.example"),
        ),
    )
    for n, submission_id in enumerate(titles, start=1):
        await publish_event(
            broker,
            ReviewAssigned(
                contest_id=CONTEST,
                round="panel",
                assignment_id=f"a-{n}",
                judge_id="j-2",
                submission_id=submission_id,
                submission_version=1,
                batch_id="batch-2",
            ),
        )

    emails = await caught(smtp_catcher, 3)
    [email] = [e for e in emails if e.rcpt_tos == ("lee@judges.example",)]
    text, html = parts(email.message)
    assert [line for line in text.splitlines() if line.startswith("- ")] == [
        "- 시민 참여형 데이터 개방 사업 (sub-1)",
        "- Smart buses for everyone (sub-2)",
    ]
    assert "Busan" not in text + html, "the Seoul prize is judged blind"
