"""A judge's assignment email lists one submission per line, by title, blind when the contest is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from contracts.envelope import Contact
from notify.domain import judge_notices
from notify.domain.mail import Rendered
from notify.domain.schedule import Job
from notify.records import AssignedReview, JudgeBatch, JudgeContact, SubmissionContact
from notify.templates import Renderer

DUE = datetime(2027, 7, 1, 9, 0, tzinfo=UTC)
PROJECTS = {
    "s-1": ("시민 참여형 데이터 개방 사업", "Busan Metropolitan City", "Busan"),
    "s-2": ("Flood early-warning sensor mesh", "", "Nairobi"),
}


def _kept(submission_id: str) -> SubmissionContact:
    title, organisation, city = PROJECTS[submission_id]
    return SubmissionContact(
        submission_id=submission_id,
        applicant_id=f"a-{submission_id}",
        version=1,
        title=title,
        category="tech-innovacity",
        contact=Contact(name="Contact", email="c@city.example"),
        applicant_type="city_government",
        organisation=organisation,
        city=city,
    )


async def _link() -> dict[str, str]:
    return {"portal_url": "https://judges.example/login", "portal_expires_at": "2027-07-08"}


def _email(language: str, *, blind: bool, known: tuple[str, ...] = ("s-1", "s-2")) -> Rendered:
    reviews = tuple(
        AssignedReview(submission_id=sid, assignment_id=f"as-{sid}", due_at=DUE)
        for sid in ("s-2", "s-1", "s-3")
    )
    job = Job(
        key="batch.x",
        kind="assignment",
        contest_id="c",
        judge_id="j-1",
        cause_event_id="e-1",
        fire_at=DUE,
        batch_id="b-1",
        round="panel",
    )
    judge = JudgeContact(
        judge_id="j-1", name="Park", contact=Contact(name="Park", email="park@judges.example")
    )
    projects = {sid: _kept(sid) for sid in known}
    batch = JudgeBatch(batch_id="b-1", judge_id="j-1", reviews=reviews)
    email = judge_notices.assignment(job, batch, judge, "Prize", _link, projects, blind=blind)
    context = {**email.context, "portal_url": "https://p.example", "portal_expires_at": "soon"}
    return Renderer().render("c", language, email.template, context)


def _items(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("language", ["en", "ko"])
def test_each_assignment_is_its_own_line_with_its_title_in_a_blind_contest(language: str):
    due = "due" if language == "en" else "마감"
    assert _items(_email(language, blind=True).text) == [
        f"- 시민 참여형 데이터 개방 사업 (s-1), {due} 2027-07-01 09:00 UTC",
        f"- Flood early-warning sensor mesh (s-2), {due} 2027-07-01 09:00 UTC",
        f"- s-3, {due} 2027-07-01 09:00 UTC",
    ]


def test_a_blind_email_names_no_applicant_in_either_part():
    rendered = _email("en", blind=True)
    for part in (rendered.text, rendered.html):
        assert "Busan" not in part
        assert "Nairobi" not in part


def test_an_open_contest_also_names_who_proposes_each_project():
    assert _items(_email("en", blind=False).text)[:2] == [
        "- 시민 참여형 데이터 개방 사업 (s-1), Busan Metropolitan City, Busan, "
        "due 2027-07-01 09:00 UTC",
        "- Flood early-warning sensor mesh (s-2), Nairobi, due 2027-07-01 09:00 UTC",
    ]


def test_the_html_part_lists_the_titles_escaped():
    rendered = _email("en", blind=True)
    assert rendered.html.count("<li>") == 3
    assert "<li><em>Flood early-warning sensor mesh</em> (s-2), due 2027-07-01 09:00 UTC</li>" in (
        rendered.html
    )
