"""The per-city cap counts a city however its name is spelt: invisible characters, full-width
letters and case make no new city, and a name imitating another script is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from test_intake_errors import PDF, assert_problem  # type: ignore[import-not-found]

from contracts.contest import Contest
from servicekit.embedded import S3Server
from tests.support.intake import Harness, application, harness, open_contest, pdf, settings_for

LETTER = ("endorsement", "endorsement.pdf", pdf(seed=3), "application/pdf")


@pytest.fixture
async def intake(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> AsyncIterator[Harness]:
    settings = settings_for(nats_url, s3_server, s3_bucket, rate_limit_burst=50)
    async with harness(settings, open_contest(seoul_contest)) as running:
        yield running


async def fill_seoul(intake: Harness) -> None:
    seoul = await intake.applicant(city="Seoul", country="KR")
    for _ in range(intake.contest.per_city_cap):
        assert (await intake.send(seoul.api_key, application(), [PDF])).status_code == 201


async def test_seoul_spelt_with_an_invisible_character_is_refused_past_seouls_cap(
    intake: Harness,
):
    await fill_seoul(intake)
    for spelling in ("Seoul\u200b", "Seoul\u2060", "Se\u00adoul", "ＳＥＯＵＬ", " seoul "):
        key = await intake.applicant(applicant_type="institution", city="Seoul", country="KR")
        form = application(applicant_type="institution", on_behalf_of_city=spelling)
        refused = await intake.send(key.api_key, form, [PDF, LETTER])
        assert_problem(refused, 422, "city-cap-reached")
    assert len(await intake.events("prize.submission.received")) == intake.contest.per_city_cap


async def test_a_city_name_imitating_another_script_is_refused_with_the_field_named(
    intake: Harness,
):
    key = await intake.applicant(applicant_type="institution", city="Seoul", country="KR")
    form = application(applicant_type="institution", on_behalf_of_city="Sеoul")  # Cyrillic е
    body = assert_problem(await intake.send(key.api_key, form, [PDF, LETTER]), 422, "form-invalid")
    assert [e["field"] for e in body["errors"]] == ["on_behalf_of_city"]
    assert "look-alike" in body["errors"][0]["message"]
