"""The bytes notify writes are, to the byte, those the standard library writes for the email."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notify.domain.mail import Recipient, Rendered
from notify.domain.wire import compose
from notify.templates import Renderer
from tests.support.notify import stdlib_compose

SENDER = "Cityprize <no-reply@cityprize.example>"
HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
TEXT = st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs"))
LINE = st.text(st.one_of(HANGUL, TEXT, st.sampled_from(" =.\t")), max_size=120)
BODY = st.lists(LINE, max_size=14).map("\n".join) | st.text(TEXT, max_size=300)
WORDS = st.lists(st.text(st.one_of(HANGUL, TEXT), min_size=1, max_size=12), min_size=1).map(
    " ".join
)


def _both(rendered: Rendered, recipient: Recipient, **fields: Any) -> tuple[bytes, bytes]:
    """Ours, and the standard library's flattened with the same (random) boundary."""
    ours = compose(rendered, recipient, sender=SENDER, **fields)
    boundary = re.search(rb'boundary="([^"]+)"', ours)
    assert boundary is not None
    theirs = stdlib_compose(rendered, recipient, sender=SENDER, **fields)
    theirs.set_boundary(boundary.group(1).decode("ascii"))
    return ours, theirs.as_bytes()


@settings(max_examples=300, deadline=None)
@given(
    subject=WORDS,
    text=BODY,
    html=BODY,
    name=WORDS,
    language=st.sampled_from(["en", "ko"]),
    template=st.sampled_from(["", "receipt", "sign_in_link"]),
)
def test_any_email_is_written_as_the_standard_library_writes_it(
    subject: str, text: str, html: str, name: str, language: str, template: str
):
    ours, theirs = _both(
        Rendered(subject, text, html),
        Recipient("app-1", name, "ana@city.example", language),
        message_id="<0123456789abcdef0123456789abcdef@notify.cityprize.example>",
        date=datetime(2027, 5, 1, 9, 30, tzinfo=UTC),
        template=template,
    )
    assert ours == theirs


def test_every_template_in_both_languages_is_written_as_the_standard_library_writes_it():
    renderer = Renderer()
    context = {
        "contest_name": "서울 스마트시티 어워드 2027",
        "recipient_name": "김서울",
        "greeting": {"organisation": True, "name": "부산광역시"},
        "title": "한강 공원 스마트 조명 " * 6,
        "submission_id": "sub-1",
        "version": 2,
        "amended": True,
        "file_count": 3,
        "outcome": "ineligible",
        "reasons": ["late", "no endorsement letter " * 5],
        "category": "tech-innovacity",
        "rank": 3,
        "rank_ordinal": "3rd",
        "tied": True,
        "round": "expert",
        "assignments": [{"submission_id": "s-1", "title": "x", "applicant": "", "due_at": ""}],
        "portal_url": "https://judges.example/sign-in/" + "t" * 90,
        "portal_expires_at": "2027-05-08 09:30 UTC",
        "days": 3,
        "due_at": "2027-05-11 09:30 UTC",
        "judge_id": "j-1",
        "judge_name": "Kim",
        "assignment_id": "a-1",
    }
    templates = ["receipt", "screening", "assignment", "reminder", "overdue", "results"]
    for template in [*templates, "winner", "sign_in_link"]:
        for language in ("en", "ko"):
            rendered = renderer.render("prize", language, template, context)
            ours, theirs = _both(
                rendered,
                Recipient("app-1", "김서울", "kim@seoul.example", language),
                message_id="<m-1@notify.example>",
                date=datetime(2027, 3, 1, tzinfo=UTC),
                template=template,
            )
            assert ours == theirs, (template, language)


@pytest.mark.parametrize("count", [10, 11, 12, 30])
@pytest.mark.parametrize(
    "line",
    [
        "a long line " * 9,
        "the Han River park of Seoul, 공원, with its new lights = " * 2,
        "ends in space " * 7,
    ],
)
def test_a_quoted_printable_body_of_many_long_lines_is_written_as_the_standard_library_does(
    count: int, line: str
):
    body = "\n".join(f"{n} {line}" for n in range(count))
    ours, theirs = _both(
        Rendered("Subject", body, f"<p>{body}</p>"),
        Recipient("app-1", "Ana", "ana@city.example", "en"),
        message_id="<m-1@notify.example>",
        date=datetime(2027, 3, 1, tzinfo=UTC),
    )
    assert b"quoted-printable" in ours
    assert ours == theirs
