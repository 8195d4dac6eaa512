"""Text bound for an email header, and addresses the mail server cannot reach, get a 422."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from contracts.contest import Contest
from servicekit.embedded import S3Server
from tests.support.intake import (
    Harness,
    application,
    bearer,
    harness,
    multipart,
    open_contest,
    pdf,
    settings_for,
)


@pytest.fixture
async def intake(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> AsyncIterator[Harness]:
    settings = settings_for(nats_url, s3_server, s3_bucket, rate_limit_burst=100)
    async with harness(settings, open_contest(seoul_contest)) as running:
        yield running


async def _submit(intake: Harness, **changes: Any) -> Any:
    key = await intake.applicant()
    content, content_type = multipart(
        application(**changes), [("files", "overview.pdf", pdf(), "application/pdf")]
    )
    headers = {**bearer(key.api_key), "Content-Type": content_type}
    return await intake.client.post(intake.url(), content=content, headers=headers)


def _contact(**changes: str) -> dict[str, str]:
    return {**application()["contact"], **changes}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"contact": _contact(name="Ana\r\nBcc: spy@evil.example")}, "contact.name"),
        ({"contact": _contact(email="민준@부산시청.example")}, "contact.email"),
        ({"title": "Seoul open data platform\u202e for all"}, "title"),
    ],
    ids=["crlf-in-the-contact-name", "korean-local-part", "bidi-override-in-the-title"],
)
async def test_a_form_that_would_break_its_emails_is_refused_naming_the_field(
    intake: Harness, changes: dict[str, Any], field: str
):
    response = await _submit(intake, **changes)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "urn:cityprize:problem:form-invalid"
    assert [error["field"] for error in problem["errors"]] == [field]
    assert await intake.events("prize.submission.received") == []


async def test_a_korean_contact_name_and_title_are_accepted(intake: Harness):
    response = await _submit(
        intake,
        title="시민 참여형 데이터 개방 사업과 교통 약자 이동 지원",
        contact=_contact(name="김민준", email="minjun@부산시청.example"),
    )
    assert response.status_code == 201, response.text
