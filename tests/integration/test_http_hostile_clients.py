"""Intake behind uvicorn as every service runs it, against clients that misbehave on the
wire: slow or missing bodies, heads that never end, ambiguous framing (issue 18)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from contracts.contest import Contest
from servicekit.embedded import S3Server
from tests.support.intake import (
    Harness,
    application,
    harness,
    multipart,
    open_contest,
    pdf,
    settings_for,
)
from tests.support.raw_http import RawConnection
from tests.support.service_apps import serving_http
from tests.support.waiting import eventually

CHUNK_TIMEOUT = 1.0
BODY_TIMEOUT = 20.0
HEAD_TIMEOUT = 1.0
SLACK = 1.5  # scheduling on a shared 2-core machine


@dataclass
class Served:
    harness: Harness
    base: str
    key: str

    def head(self, body_length: int, content_type: str, *extra: str) -> bytes:
        lines = [
            f"POST {self.harness.url()} HTTP/1.1",
            "Host: intake",
            f"Authorization: Bearer {self.key}",
            f"Content-Type: {content_type}",
            f"Content-Length: {body_length}",
            *extra,
        ]
        return ("\r\n".join(lines) + "\r\n\r\n").encode()


@pytest.fixture
async def served(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> AsyncIterator[Served]:
    settings = settings_for(
        nats_url,
        s3_server,
        s3_bucket,
        http_body_chunk_timeout_seconds=CHUNK_TIMEOUT,
        http_body_timeout_seconds=BODY_TIMEOUT,
        http_headers_timeout_seconds=HEAD_TIMEOUT,
        http_uploads_per_client=2,
    )
    async with (
        harness(settings, open_contest(seoul_contest)) as h,
        serving_http(h.app, settings) as base,
    ):
        yield Served(h, base, (await h.applicant()).api_key)


async def test_a_body_shorter_than_its_content_length_is_answered_408_within_the_chunk_timeout(
    served: Served,
) -> None:
    content, content_type = multipart(
        application(), [("files", "overview.pdf", pdf(), "application/pdf")]
    )
    connection = await RawConnection.open(served.base)
    await connection.send(served.head(len(content) + 10_000, content_type) + content)

    answer = await connection.answer(timeout=CHUNK_TIMEOUT + SLACK + 5)

    assert answer.status == 408
    assert answer.problem()["type"] == "urn:cityprize:problem:request-body-timeout"
    assert answer.seconds < CHUNK_TIMEOUT + SLACK
    assert answer.headers["connection"] == "close"
    assert await connection.closed_by_server(timeout=5)
    # The 408 goes out first; only then does intake see the client gone and delete the file
    # it had stored, so the bucket empties shortly after the answer, not before it.
    left = await eventually(
        served.harness.objects, until=lambda keys: keys == [], what="the partial upload deleted"
    )
    assert left == []


async def test_a_large_file_on_a_slow_link_is_still_accepted(served: Served) -> None:
    content, content_type = multipart(
        application(), [("files", "big.pdf", pdf(1_500_000), "application/pdf")]
    )
    connection = await RawConnection.open(served.base)
    await connection.send(served.head(len(content), content_type))
    chunk = 64 * 1024
    for start in range(0, len(content), chunk):  # ~24 chunks, each well under the timeout
        await connection.send(content[start : start + chunk])
        await asyncio.sleep(CHUNK_TIMEOUT / 3)

    answer = await connection.answer(timeout=BODY_TIMEOUT)

    assert answer.status == 201, answer.body
    assert answer.seconds > 4 * CHUNK_TIMEOUT  # the upload as a whole took far longer


async def test_a_body_trickled_past_the_whole_body_deadline_is_answered_408(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> None:
    settings = settings_for(
        nats_url,
        s3_server,
        s3_bucket,
        http_body_chunk_timeout_seconds=1.0,
        http_body_timeout_seconds=2.0,
    )
    async with (
        harness(settings, open_contest(seoul_contest)) as h,
        serving_http(h.app, settings) as base,
    ):
        served = Served(h, base, (await h.applicant()).api_key)
        content, content_type = multipart(
            application(), [("files", "a.pdf", pdf(), "application/pdf")]
        )
        connection = await RawConnection.open(base)
        await connection.send(served.head(len(content), content_type))
        reading = asyncio.create_task(connection.answer(timeout=10))
        for byte in range(len(content)):
            if reading.done():
                break
            await connection.send(content[byte : byte + 1])
            await asyncio.sleep(0.3)
        answer = await reading

    assert answer.status == 408
    assert "within 2 s" in answer.problem()["detail"]
    assert answer.seconds < 2.0 + SLACK


async def test_a_request_head_that_never_ends_is_cut_within_the_head_timeout(
    served: Served,
) -> None:
    connection = await RawConnection.open(served.base)
    await connection.send(b"GET /healthz HTTP/1.1\r\nHost: intake\r\n")
    reading = asyncio.create_task(connection.answer(timeout=10))
    for line in range(20):  # a header line every 0.3 s: each byte would reset a keep-alive
        if reading.done():
            break
        await connection.send(f"X-Slow-{line}: yes\r\n".encode())
        await asyncio.sleep(0.3)
    answer = await reading

    assert answer.status == 408
    assert answer.problem()["type"] == "urn:cityprize:problem:request-head-timeout"
    assert answer.seconds < HEAD_TIMEOUT + SLACK
    assert await connection.closed_by_server(timeout=5)


AMBIGUOUS = {
    "Content-Length with Transfer-Encoding": ("Content-Length: 5", "Transfer-Encoding: chunked"),
    "a repeated, equal Content-Length": ("Content-Length: 5", "Content-Length: 5"),
    "two different Content-Lengths": ("Content-Length: 5", "Content-Length: 6"),
    "a Content-Length list": ("Content-Length: 5, 5",),
    "a Content-Length that is not a number": ("Content-Length: 5x",),
    "a negative Content-Length": ("Content-Length: -5",),
}


@pytest.mark.parametrize("framing", AMBIGUOUS.values(), ids=AMBIGUOUS.keys())
async def test_ambiguous_framing_is_refused_400_and_nothing_is_stored(
    served: Served, framing: tuple[str, ...]
) -> None:
    lines = [f"POST {served.harness.url()} HTTP/1.1", "Host: intake", *framing]
    connection = await RawConnection.open(served.base)
    await connection.send(("\r\n".join(lines) + "\r\n\r\n").encode() + b"0\r\n\r\n")

    answer = await connection.answer(timeout=10)

    assert answer.status == 400
    assert answer.problem()["type"] in {
        "urn:cityprize:problem:ambiguous-framing",
        "urn:cityprize:problem:malformed-http",
    }
    assert await connection.closed_by_server(timeout=5)
    assert await served.harness.objects() == []


async def test_a_client_with_too_many_uploads_in_flight_is_told_to_retry_later(
    served: Served,
) -> None:
    content, content_type = multipart(application(), [("files", "a.pdf", pdf(), "application/pdf")])
    slow = [await RawConnection.open(served.base) for _ in range(2)]
    for connection in slow:
        await connection.send(served.head(len(content), content_type) + content[:100])
    await asyncio.sleep(0.2)  # both uploads have begun their bodies
    third = await RawConnection.open(served.base)
    await third.send(served.head(len(content), content_type) + content)

    answer = await third.answer(timeout=CHUNK_TIMEOUT - 0.1)

    assert answer.status == 429
    assert answer.problem()["type"] == "urn:cityprize:problem:too-many-uploads"
    assert int(answer.headers["retry-after"]) > 0
    for connection in [*slow, third]:
        await connection.close()


async def test_over_the_wire_routing_errors_are_problems_and_405_allows_every_method(
    served: Served,
) -> None:
    submission = served.harness.url("s-unknown")
    connection = await RawConnection.open(served.base)
    await connection.send(b"GET /no/such/thing HTTP/1.1\r\nHost: intake\r\n\r\n")
    missing = await connection.answer(timeout=10)
    await connection.send(f"DELETE {submission} HTTP/1.1\r\nHost: intake\r\n\r\n".encode())
    wrong_method = await connection.answer(timeout=10)
    await connection.close()

    assert missing.status == 404
    assert missing.problem()["type"] == "urn:cityprize:problem:not-found"
    assert wrong_method.status == 405
    assert wrong_method.problem()["type"] == "urn:cityprize:problem:method-not-allowed"
    assert wrong_method.headers["allow"] == "GET, PUT"


async def test_a_body_still_trickling_after_the_answer_is_cut_within_the_head_timeout(
    served: Served,
) -> None:
    connection = await RawConnection.open(served.base)
    contest = f"/v1/contests/{served.harness.contest.id}"
    await connection.send(
        f"GET {contest} HTTP/1.1\r\nHost: i\r\nContent-Length: 99\r\n\r\n".encode()
    )
    answer = await connection.answer(timeout=10)

    async def trickle() -> None:
        for _ in range(40):  # a byte every 0.2 s: never idle long enough for a keep-alive cut
            await connection.send(b"x")
            await asyncio.sleep(0.2)

    trickling = asyncio.create_task(trickle())
    closed = await connection.closed_by_server(timeout=HEAD_TIMEOUT + SLACK)
    trickling.cancel()

    assert answer.status == 200
    assert closed
