"""A hostile-input corpus: each answer is a 4xx problem, nothing is stored, no event leaves."""

from __future__ import annotations

import zipfile
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

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
    zip_bytes,
)

MIB = 1024 * 1024


@dataclass(frozen=True)
class Hostile:
    name: str
    body: Callable[[], tuple[bytes, str]]
    status: int
    kind: str


def _file(name: str, data: bytes, declared: str = "application/pdf") -> tuple[bytes, str]:
    return multipart(application(), [("files", name, data, declared)])


def _zip_bomb() -> bytes:
    # 64 MiB of zeros deflate to ~64 KiB: a ratio near 1000, far over the contest's 100.
    return zip_bytes({"zeros.bin": b"\0" * 64 * MIB})


def _crowded_zip() -> bytes:
    return zip_bytes({f"{i}.txt": b"x" for i in range(1001)}, compression=zipfile.ZIP_STORED)


def _truncated() -> tuple[bytes, str]:
    content, content_type = _file("overview.pdf", pdf(200_000))
    return content[: len(content) // 2], content_type


CORPUS = [
    Hostile(
        "spoofed content type",
        lambda: _file("tool.pdf", b"MZ\x90\0" + b"\0" * 4000),
        415,
        "file-type-not-allowed",
    ),
    Hostile(
        "double extension", lambda: _file("overview.pdf.exe", pdf()), 415, "file-name-mismatch"
    ),
    Hostile(
        "NUL byte in the name", lambda: _file("overview\0.pdf", pdf()), 422, "file-name-invalid"
    ),
    Hostile(
        "path traversal in the name",
        lambda: _file("../../etc/overview.pdf", pdf()),
        422,
        "file-name-invalid",
    ),
    Hostile(
        "windows path in the name",
        lambda: _file("..\\..\\boot.pdf", pdf()),
        422,
        "file-name-invalid",
    ),
    Hostile(
        "a ZIP bomb",
        lambda: _file("annex.zip", _zip_bomb(), "application/zip"),
        422,
        "unsafe-archive",
    ),
    Hostile(
        "a ZIP with too many entries",
        lambda: _file("annex.zip", _crowded_zip(), "application/zip"),
        422,
        "unsafe-archive",
    ),
    Hostile(
        "a ZIP that is not one",
        lambda: _file("annex.zip", b"PK\x03\x04" + b"\xff" * 900, "application/zip"),
        422,
        "unsafe-archive",
    ),
    Hostile("an empty file", lambda: _file("overview.pdf", b""), 422, "empty-file"),
    Hostile("a truncated multipart body", _truncated, 400, "malformed-request"),
    Hostile(
        "a form that is not JSON",
        lambda: multipart(b"{not json", [("files", "a.pdf", pdf(), "application/pdf")]),
        422,
        "form-invalid",
    ),
]


@pytest.fixture
async def intake(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> AsyncIterator[Harness]:
    contest = open_contest(seoul_contest, max_file_bytes=2 * MIB, max_submission_bytes=3 * MIB)
    settings = settings_for(nats_url, s3_server, s3_bucket, rate_limit_burst=100)
    async with harness(settings, contest) as running:
        yield running


async def assert_nothing_kept(intake: Harness) -> None:
    assert await intake.objects("contests/") == []
    assert await intake.objects("outbox/") == []
    assert await intake.events("prize.submission.received") == []


@pytest.mark.parametrize("hostile", CORPUS, ids=[h.name for h in CORPUS])
async def test_a_hostile_input_is_refused_and_leaves_nothing(intake: Harness, hostile: Hostile):
    key = await intake.applicant()
    content, content_type = hostile.body()
    response = await intake.client.post(
        intake.url(), content=content, headers={**bearer(key.api_key), "Content-Type": content_type}
    )
    assert response.status_code == hostile.status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"] == f"urn:cityprize:problem:{hostile.kind}"
    await assert_nothing_kept(intake)


async def test_an_endless_body_without_content_length_is_cut_off(intake: Harness):
    key = await intake.applicant()
    head, content_type = multipart(application(), [])
    opening = head.rsplit(b"--", 2)[0]  # keep the form, drop the closing boundary
    sent = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal sent
        boundary = content_type.split("boundary=")[1]
        yield (
            opening
            + (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                f'filename="huge.pdf"\r\n\r\n'
            ).encode()
        )
        chunk = pdf(64 * 1024)
        while sent < 64 * MIB:
            sent += len(chunk)
            yield chunk

    response = await intake.client.post(
        intake.url(),
        content=endless(),
        headers={**bearer(key.api_key), "Content-Type": content_type},
    )
    assert response.status_code == 413, response.text
    assert response.json()["type"].endswith(("file-too-large", "submission-too-large"))
    assert "content-length" not in response.request.headers
    assert sent < 4 * MIB, "the body was read far past the limit"
    await assert_nothing_kept(intake)
