"""Files of several S3 parts, streamed in small network chunks, arrive byte for byte."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator

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

MIB = 1024 * 1024
PART = 5 * MIB
RECEIVED = "prize.submission.received"


def report(size: int) -> bytes:
    """A PDF whose every part differs, so a part stored twice or out of order shows."""
    return pdf(64) + os.urandom(size - 64)


async def in_pieces(body: bytes, piece: int = 64 * 1024) -> AsyncIterator[bytes]:
    for start in range(0, len(body), piece):
        yield body[start : start + piece]


async def post_in_pieces(intake: Harness, data: bytes) -> tuple[int, str]:
    key = await intake.applicant()
    body, content_type = multipart(application(), [("files", "report.pdf", data, "x")])
    response = await intake.client.post(
        intake.url(),
        content=in_pieces(body),
        headers={**bearer(key.api_key), "Content-Type": content_type},
    )
    return response.status_code, response.text


def lingering_uploads(intake: Harness) -> list[object]:
    return list(intake.store.client._list_multipart_uploads(intake.store.bucket).uploads)


async def test_files_of_several_parts_sent_at_once_are_each_stored_as_sent(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    contest = open_contest(seoul_contest, max_file_bytes=13 * MIB, max_submission_bytes=40 * MIB)
    settings = settings_for(nats_url, s3_server, s3_bucket, upload_part_bytes=PART)
    async with harness(settings, contest) as intake:
        # Whole parts only; between half a part and a part; two parts and a tail.
        files = [report(2 * PART), report(3 * MIB), report(12 * MIB + 123)]
        answers = await asyncio.gather(*(post_in_pieces(intake, data) for data in files))
        assert [status for status, _ in answers] == [201, 201, 201], answers
        stored = {f["sha256"]: f for e in await intake.events(RECEIVED) for f in e["files"]}
        for data in files:
            found = stored[hashlib.sha256(data).hexdigest()]
            assert found["size"] == len(data)
            kept = intake.store.client.get_object(intake.store.bucket, found["object_key"])
            assert kept.read() == data
        assert lingering_uploads(intake) == []


async def test_a_file_cut_off_before_its_first_part_went_out_leaves_no_upload_behind(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
):
    # The multipart upload starts at half a part; a 4 MiB limit cuts the file off before
    # the first 5 MiB part is complete.
    contest = open_contest(seoul_contest, max_file_bytes=4 * MIB, max_submission_bytes=40 * MIB)
    settings = settings_for(nats_url, s3_server, s3_bucket, upload_part_bytes=PART)
    async with harness(settings, contest) as intake:
        status, _ = await post_in_pieces(intake, report(4 * MIB + 1))
        assert status == 413
        assert await intake.objects() == []
        assert lingering_uploads(intake) == []
