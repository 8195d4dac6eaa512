"""Every refusal of the applicant API is a problem document with a stable type per cause."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from contracts.contest import Contest
from contracts.envelope import utc_now
from contracts.intake_commands import (
    APPLICANT_REVOKE,
    APPLICANT_ROTATE,
    ApplicantKey,
    RevokeApplicant,
    RotateApplicantKey,
)
from contracts.subjects import kv_bucket
from intake.submission_repository import CityClaims, city_key
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

MIB = 1024 * 1024
PDF = ("files", "overview.pdf", pdf(), "application/pdf")


def assert_problem(response: httpx.Response, status: int, kind: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["type"] == f"urn:cityprize:problem:{kind}"
    assert body["status"] == status
    return body


@pytest.fixture
async def intake(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> AsyncIterator[Harness]:
    contest = open_contest(seoul_contest, max_file_bytes=2 * MIB, max_submission_bytes=3 * MIB)
    settings = settings_for(nats_url, s3_server, s3_bucket, rate_limit_burst=50)
    async with harness(settings, contest) as running:
        yield running


async def command(intake: Harness, subject: str, payload: Any) -> ApplicantKey | None:
    client = intake.broker.connection
    reply = await client.request(subject, payload.model_dump_json().encode(), timeout=10)
    return ApplicantKey.model_validate_json(reply.data) if subject == APPLICANT_ROTATE else None


async def test_a_missing_or_unknown_key_is_refused(intake: Harness):
    content, content_type = multipart(application(), [PDF])
    anonymous = await intake.client.post(
        intake.url(), content=content, headers={"Content-Type": content_type}
    )
    assert_problem(anonymous, 401, "invalid-api-key")
    forged = await intake.send("cpk_0123456789abcdef_not-the-secret", application(), [PDF])
    assert_problem(forged, 401, "invalid-api-key")


async def test_a_revoked_key_is_refused_at_once_and_a_rotated_one_replaces_it(intake: Harness):
    first = await intake.applicant()
    rotated = await command(
        intake,
        APPLICANT_ROTATE,
        RotateApplicantKey(contest_id=intake.contest.id, applicant_id=first.applicant_id),
    )
    assert rotated is not None
    assert_problem(await intake.send(first.api_key, application(), [PDF]), 401, "invalid-api-key")
    assert (await intake.send(rotated.api_key, application(), [PDF])).status_code == 201
    await command(
        intake,
        APPLICANT_REVOKE,
        RevokeApplicant(contest_id=intake.contest.id, applicant_id=first.applicant_id),
    )
    refused = await intake.send(rotated.api_key, application(), [PDF])
    assert_problem(refused, 401, "invalid-api-key")


async def test_a_key_cannot_submit_to_another_contest(intake: Harness, seoul_contest: Contest):
    key = await intake.applicant()
    unknown = await intake.send(key.api_key, application(), [PDF], contest_id="no-such-prize")
    assert_problem(unknown, 404, "contest-not-found")
    other = open_contest(seoul_contest).model_copy(update={"id": "busan-prize-2027"})
    from tests.support.intake import configure

    await configure(intake.broker, other)
    from tests.support.waiting import eventually

    await eventually(
        lambda: intake.client.get("/v1/contests/busan-prize-2027"),
        until=lambda r: r.status_code == 200,
        what="second contest",
    )
    wrong = await intake.send(key.api_key, application(), [PDF], contest_id=other.id)
    assert_problem(wrong, 403, "wrong-contest")


async def test_a_city_cannot_read_or_amend_another_citys_submission(intake: Harness):
    owner, other = await intake.applicant(), await intake.applicant()
    created = await intake.send(owner.api_key, application(), [PDF])
    submission_id = created.json()["submission_id"]
    read = await intake.client.get(intake.url(submission_id), headers=bearer(other.api_key))
    assert_problem(read, 404, "submission-not-found")
    amend = await intake.send(
        other.api_key, application(), [PDF], method="PUT", submission_id=submission_id
    )
    assert_problem(amend, 404, "submission-not-found")


async def test_every_bad_field_of_the_form_is_named(intake: Harness):
    key = await intake.applicant()
    form = application(
        category="leadership",
        sectors=["mobility", "space-travel"],
        title="Hi",
        consent=False,
        nickname="unknown fields are refused",
    )
    body = assert_problem(await intake.send(key.api_key, form, [PDF]), 422, "form-invalid")
    fields = {error["field"] for error in body["errors"]}
    assert fields >= {"category", "title", "consent", "nickname"}


async def test_a_yes_written_as_text_is_not_consent_over_http(intake: Harness):
    key = await intake.applicant()
    body = assert_problem(
        await intake.send(key.api_key, application(consent="true"), [PDF]), 422, "form-invalid"
    )
    assert [error["field"] for error in body["errors"]] == ["consent"]


async def test_an_individual_enters_leadership_only(intake: Harness):
    key = await intake.applicant(applicant_type="individual")
    form = application(applicant_type="individual", category="tech-innovacity")
    body = assert_problem(await intake.send(key.api_key, form, [PDF]), 422, "form-invalid")
    assert [e["field"] for e in body["errors"]] == ["category"]
    leadership = application(
        applicant_type="individual", category="leadership", sectors=["culture"]
    )
    assert (await intake.send(key.api_key, leadership, [PDF])).status_code == 201


async def test_an_institution_must_attach_the_citys_endorsement_letter(intake: Harness):
    key = await intake.applicant(applicant_type="institution")
    form = application(applicant_type="institution", on_behalf_of_city="Gwangju")
    body = assert_problem(await intake.send(key.api_key, form, [PDF]), 422, "form-invalid")
    assert [e["field"] for e in body["errors"]] == ["endorsement"]
    letter = ("endorsement", "endorsement.pdf", pdf(seed=3), "application/pdf")
    accepted = await intake.send(key.api_key, form, [PDF, letter])
    assert accepted.status_code == 201, accepted.text
    [event] = await intake.events("prize.submission.received")
    [endorsement] = [f for f in event["files"] if f["name"] == "endorsement.pdf"]
    assert event["endorsement_key"] == endorsement["object_key"]
    assert event["on_behalf_of_city"] == "Gwangju"


async def test_a_city_reaches_its_cap_of_applications(intake: Harness):
    key = await intake.applicant(city="Tallinn", country="EE")
    for _ in range(intake.contest.per_city_cap):
        assert (await intake.send(key.api_key, application(), [PDF])).status_code == 201
    one_more = await intake.send(key.api_key, application(), [PDF])
    assert_problem(one_more, 422, "city-cap-reached")


async def leave_places_claimed(intake: Harness, city: str, claimed_at: datetime) -> None:
    """What a request that failed half-way leaves: the city's places claimed, no submission
    written, and the broker gone before they could be given back."""
    kv = await intake.broker.key_value(kv_bucket("intake", "submissions"))
    left = tuple(uuid.uuid4().hex for _ in range(intake.contest.per_city_cap))
    claims = CityClaims(submission_ids=left, claimed_at=dict.fromkeys(left, claimed_at))
    place = f"city.{intake.contest.id}.{city_key('EE', city)}"
    await kv.put(place, claims.model_dump_json().encode())


async def test_places_a_failed_request_left_claimed_are_freed_after_the_lease(intake: Harness):
    key = await intake.applicant(city="Tartu", country="EE")
    await leave_places_claimed(intake, "Tartu", utc_now() - timedelta(minutes=5))
    assert (await intake.send(key.api_key, application(), [PDF])).status_code == 201


async def test_places_claimed_a_moment_ago_ask_the_client_to_try_again(intake: Harness):
    # Uploads in flight (or failed a moment ago) may still give their places back.
    key = await intake.applicant(city="Narva", country="EE")
    await leave_places_claimed(intake, "Narva", utc_now())
    response = await intake.send(key.api_key, application(), [PDF])
    assert_problem(response, 503, "submission-contended")
    assert int(response.headers["Retry-After"]) > 0


async def test_a_body_declared_too_large_is_refused_before_it_is_read(intake: Harness):
    key = await intake.applicant()
    content, content_type = multipart(application(), [PDF])
    response = await intake.client.post(
        intake.url(),
        content=content,
        headers={
            **bearer(key.api_key),
            "Content-Type": content_type,
            "Content-Length": str(5 * MIB),
        },
    )
    assert_problem(response, 413, "body-too-large")


async def test_a_file_over_the_limit_is_cut_off_while_streaming(intake: Harness):
    key = await intake.applicant()
    big = ("files", "big.pdf", pdf(2 * MIB + 1), "application/pdf")
    assert_problem(await intake.send(key.api_key, application(), [big]), 413, "file-too-large")
    files = [
        ("files", f"part-{i}.pdf", pdf(MIB + 100, seed=i), "application/pdf") for i in range(3)
    ]
    together = await intake.send(key.api_key, application(), files)
    assert_problem(together, 413, "submission-too-large")
    assert await intake.objects() == []
    assert await intake.events("prize.submission.received") == []


async def test_a_file_whose_bytes_are_not_allowed_is_refused(intake: Harness):
    key = await intake.applicant()
    exe = ("files", "overview.pdf", b"MZ\x90\x00" + b"\x00" * 500, "application/pdf")
    refused = await intake.send(key.api_key, application(), [exe])
    assert_problem(refused, 415, "file-type-not-allowed")


async def test_a_request_that_is_not_multipart_is_refused(intake: Harness):
    key = await intake.applicant()
    response = await intake.client.post(
        intake.url(), json=application(), headers=bearer(key.api_key)
    )
    assert_problem(response, 415, "not-multipart")


async def test_a_10_kb_idempotency_key_is_refused_with_a_title_that_names_the_header(
    intake: Harness,
):
    key = await intake.applicant()
    response = await intake.send(
        key.api_key,
        application(),
        [("files", "overview.pdf", pdf(), "application/pdf")],
        headers={"Idempotency-Key": "k" * 10_240},
    )
    assert_problem(response, 400, "idempotency-key-invalid")
    assert "Idempotency-Key" in response.json()["title"]
    assert await intake.objects() == []


async def test_a_closed_window_refuses_submissions(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    # The Seoul file's window opens in March 2027.
    async with harness(settings_for(nats_url, s3_server, s3_bucket), seoul_contest) as intake:
        key = await intake.applicant()
        body = assert_problem(
            await intake.send(key.api_key, application(), [PDF]), 409, "window-closed"
        )
        assert body["opens_at"].startswith("2027-03-02")


async def test_too_many_requests_are_answered_429_with_retry_after(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    settings = settings_for(
        nats_url, s3_server, s3_bucket, rate_limit_burst=2, rate_limit_per_second=0.1
    )
    async with harness(settings, open_contest(seoul_contest)) as intake:
        key = await intake.applicant()
        for _ in range(2):
            await intake.client.get(intake.url("0" * 32), headers=bearer(key.api_key))
        limited = await intake.client.get(intake.url("0" * 32), headers=bearer(key.api_key))
        assert_problem(limited, 429, "rate-limited")
        assert int(limited.headers["retry-after"]) >= 1
