"""Applicants submit, amend and follow their applications over the real NATS and S3 servers."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator

import pytest

from contracts.contest import Contest
from servicekit.embedded import S3Server
from tests.support.intake import Harness, application, harness, open_contest, pdf, png, settings_for
from tests.support.waiting import eventually

RECEIVED = "prize.submission.received"
AMENDED = "prize.submission.amended"


@pytest.fixture
async def intake(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> AsyncIterator[Harness]:
    contest = open_contest(
        seoul_contest, max_file_bytes=2 * 1024 * 1024, max_submission_bytes=3 * 1024 * 1024
    )
    async with harness(settings_for(nats_url, s3_server, s3_bucket), contest) as running:
        yield running


async def test_a_city_submits_and_its_files_are_stored_as_sent(intake: Harness):
    key = await intake.applicant()
    overview, photo = pdf(300_000), png(5000)
    response = await intake.send(
        key.api_key,
        application(),
        [
            ("files", "overview.pdf", overview, "application/pdf"),
            ("files", "site.png", photo, "image/png"),
        ],
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"].endswith(body["submission_id"])
    assert body["version"] == 1
    assert [(f["name"], f["size"], f["sha256"], f["content_type"]) for f in body["files"]] == [
        ("overview.pdf", len(overview), hashlib.sha256(overview).hexdigest(), "application/pdf"),
        ("site.png", len(photo), hashlib.sha256(photo).hexdigest(), "image/png"),
    ]
    [event] = await intake.events(RECEIVED)
    assert event["submission_id"] == body["submission_id"]
    assert event["applicant_id"] == key.applicant_id
    assert [f["sha256"] for f in event["files"]] == [f["sha256"] for f in body["files"]]
    for stored in event["files"]:
        assert stored["object_key"].startswith(
            f"contests/{intake.contest.id}/submissions/{body['submission_id']}/v1/"
        )
        data = intake.store.client.get_object(intake.store.bucket, stored["object_key"]).read()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (stored["size"], stored["sha256"])
    await eventually(
        lambda: intake.objects("outbox/"),
        until=lambda markers: markers == [],
        what="the outbox marker gone once published",
    )
    manifest = await intake.store.get_json(event["manifest_key"])
    assert manifest is not None
    assert manifest["status"] == "published"
    assert manifest["event"]["event_id"] == event["event_id"]
    assert manifest["parts"] == {f["object_key"]: "files" for f in event["files"]}


async def test_a_file_larger_than_an_s3_part_is_stored_in_parts_intact_or_not_at_all(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    mib = 1024 * 1024
    contest = open_contest(seoul_contest, max_file_bytes=13 * mib, max_submission_bytes=40 * mib)
    settings = settings_for(nats_url, s3_server, s3_bucket, upload_part_bytes=5 * mib)
    async with harness(settings, contest) as intake:
        key = await intake.applicant()
        report = pdf(12 * mib + 123)
        response = await intake.send(
            key.api_key, application(), [("files", "report.pdf", report, "application/pdf")]
        )
        assert response.status_code == 201, response.text
        [stored] = (await intake.events(RECEIVED))[0]["files"]
        data = intake.store.client.get_object(intake.store.bucket, stored["object_key"]).read()
        assert data == report
        before = await intake.objects()

        too_big = ("files", "report.pdf", pdf(13 * mib + 1), "application/pdf")
        refused = await intake.send(key.api_key, application(), [too_big])
        assert refused.status_code == 413
        assert await intake.objects() == before
        uploads = intake.store.client._list_multipart_uploads(intake.store.bucket)
        assert list(uploads.uploads) == [], "the cut-off multipart upload was aborted"
