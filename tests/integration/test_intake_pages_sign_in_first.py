"""Every applicant page but the contest's asks for a session: without one, the sign-in form."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from contracts.contest import Contest
from servicekit.embedded import S3Server
from tests.support.intake import Harness, harness, open_contest, settings_for

PAGES_FOR_THE_SIGNED_IN = [
    ("GET", "/apply/new"),
    ("POST", "/apply/new"),
    ("GET", "/apply/submissions/3f2b8c0d9e5a4f1b8c7d6e5f4a3b2c1d"),
    ("GET", "/apply/submissions/3f2b8c0d9e5a4f1b8c7d6e5f4a3b2c1d/amend"),
    ("POST", "/apply/submissions/3f2b8c0d9e5a4f1b8c7d6e5f4a3b2c1d/amend"),
]


@pytest.fixture
async def intake(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> AsyncIterator[Harness]:
    async with harness(
        settings_for(nats_url, s3_server, s3_bucket), open_contest(seoul_contest)
    ) as running:
        yield running


async def test_a_visitor_without_a_session_is_shown_the_sign_in_form_with_401(intake: Harness):
    for method, path in PAGES_FOR_THE_SIGNED_IN:
        answer = await intake.client.request(
            method, path, content=b"x" if method == "POST" else None
        )

        assert answer.status_code == 401, (method, path)
        assert 'name="key"' in answer.text, (method, path)
        assert "cityprize_apply_form" in answer.headers["set-cookie"], (method, path)


async def test_my_submissions_without_a_session_is_the_sign_in_form_itself(intake: Harness):
    answer = await intake.client.get("/apply/")

    assert answer.status_code == 200
    assert 'name="key"' in answer.text
