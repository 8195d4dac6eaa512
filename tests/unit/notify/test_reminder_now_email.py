"""The reminder staff send now is the scheduled reminder's template listing the reviews still
to score, one per line, in the judge's language, naming who asked."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from contracts.envelope import Contact
from contracts.notify_commands import RemindJudge
from notify.domain import judge_notices
from notify.domain.mail import Outgoing, Rendered
from notify.records import AssignedReview, JudgeContact
from notify.templates import Renderer

DUE = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)
COMMAND = RemindJudge(request_id="r-1", contest_id="c", judge_id="j-1", requested_by="Mina")


async def _link() -> dict[str, str]:
    return {"portal_url": "https://judges.example/login", "portal_expires_at": "2027-07-08"}


def _email(language: str) -> Outgoing:
    contact = Contact(name="Park", email="park@judges.example", language=language)
    judge = JudgeContact(judge_id="j-1", name="Park", contact=contact)
    reviews = [AssignedReview(submission_id="s-2", assignment_id="a-2", due_at=DUE)]
    items = judge_notices.assigned_items(reviews, {}, blind=True)
    return judge_notices.reminder_now(COMMAND, judge, "Prize", _link, items)


def _rendered(email: Outgoing) -> Rendered:
    context = {**email.context, "portal_url": "https://p.example", "portal_expires_at": "soon"}
    return Renderer().render("c", email.recipient.language, email.template, context)


@pytest.mark.parametrize(
    ("language", "subject", "line"),
    [
        ("en", "Prize: 1 review still to score", "- s-2, due 2027-07-01 09:00 UTC"),
        ("ko", "Prize: 아직 채점하지 않은 심사 1건", "- s-2, 마감 2027-07-01 09:00 UTC"),
    ],
)
def test_the_reminder_lists_each_review_still_to_score(language: str, subject: str, line: str):
    rendered = _rendered(_email(language))

    assert rendered.subject == subject
    assert line in rendered.text.splitlines()
    assert rendered.html.count("<li>") == 1


def test_one_request_is_one_email_to_the_judge_naming_who_asked():
    email = _email("en")

    assert email.key == _email("en").key
    assert (email.template, email.recipient.recipient_id) == ("reminder", "j-1")
    assert (email.cause_event_id, email.requested_by) == ("r-1", "Mina")
