"""Schema-driven fuzzing (schemathesis) over intake's OpenAPI: no request earns a 5xx, and
the document gives an example for every body and every problem type."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator

import httpx
import nats
import pytest
import uvicorn

from contracts.contest import Contest
from contracts.envelope import Contact
from contracts.events import ContestConfigured
from contracts.intake_commands import APPLICANT_ADD, AddApplicant, ApplicantKey
from contracts.queries import SUBMISSION_STATUS, Refusal, SubmissionStatusQuery
from contracts.subjects import Header, Stream
from intake.main import create_app
from intake.problems import CATALOGUE
from servicekit.embedded import S3Server
from servicekit.embedded.ports import free_port
from tests.support.intake import application, multipart, open_contest, pdf, settings_for
from tests.support.openapi_fuzzing import examples_per_operation, fuzz
from tests.support.service_apps import broker_of

EXAMPLES_PER_OPERATION = 40


@pytest.fixture
def served(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> Iterator[tuple[str, str, Contest]]:
    """Intake on a real port (uvicorn in a thread), a contest open now, one applicant's key."""
    contest = open_contest(seoul_contest)
    port = free_port()
    app = create_app(settings_for(nats_url, s3_server, s3_bucket, rate_limit_burst=100_000))
    # Archive answers status queries elsewhere; a stand-in on the same subject, same broker.
    broker_of(app).subscriber(SUBMISSION_STATUS, queue="archive")(archive_not_yet)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "intake did not start"
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    try:
        key = asyncio.run(prepare(nats_url, contest, base))
        yield base, key, contest
    finally:
        server.should_exit = True
        thread.join(timeout=20)


async def archive_not_yet(query: SubmissionStatusQuery) -> dict[str, object]:
    return Refusal(kind="not-found", detail=query.submission_id).model_dump(mode="json")


async def prepare(nats_url: str, contest: Contest, base: str) -> str:
    client = await nats.connect(nats_url)
    try:
        event = ContestConfigured(contest_id=contest.id, contest=contest)
        await client.jetstream().publish(
            event.subject,
            event.model_dump_json().encode(),
            stream=Stream.EVENTS,
            headers={Header.MSG_ID: event.event_id},
        )
        async with httpx.AsyncClient(base_url=base) as http:
            for _ in range(200):
                if (await http.get(f"/v1/contests/{contest.id}")).status_code == 200:
                    break
                await asyncio.sleep(0.05)
        command = AddApplicant(
            contest_id=contest.id,
            applicant_type="city_government",
            name="Fuzz City",
            city="Fuzz",
            country="KR",
            contact=Contact(name="F", email="f@example.org"),
        )
        reply = await client.request(APPLICANT_ADD, command.model_dump_json().encode(), timeout=10)
        return ApplicantKey.model_validate_json(reply.data).api_key
    finally:
        await client.drain()


def test_fuzzing_the_openapi_finds_no_server_error_and_no_answer_off_its_document(
    served: tuple[str, str, Contest],
):
    base, key, contest = served
    content, content_type = multipart(application(), [("files", "a.pdf", pdf(), "application/pdf")])
    created = httpx.post(
        f"{base}/v1/contests/{contest.id}/submissions",
        content=content,
        headers={"Authorization": f"Bearer {key}", "Content-Type": content_type},
    )
    assert created.status_code == 201, created.text
    submission_id = created.json()["submission_id"]
    real = {"contest_id": contest.id, "submission_id": submission_id}
    headers = {"Authorization": f"Bearer {key}"}
    report = fuzz(base, headers, real, examples=examples_per_operation(EXAMPLES_PER_OPERATION))
    assert report.failures == []
    assert report.operations >= 4
    assert report.calls >= report.operations * 10


def test_the_openapi_has_an_example_for_every_body_and_problem_type(
    served: tuple[str, str, Contest],
):
    base, _, _ = served
    document = httpx.get(f"{base}/openapi.json").json()
    documented: set[str] = set()
    for name, path in document["paths"].items():
        if not name.startswith("/v1/"):
            continue  # /healthz, /readyz, /asyncapi.json belong to servicekit
        for operation in path.values():
            body = operation.get("requestBody", {}).get("content", {})
            for media in body.values():
                assert media.get("examples") or media.get("example"), operation["summary"]
            for status, response in operation["responses"].items():
                for media_type, media in response.get("content", {}).items():
                    if media_type == "application/problem+json":
                        documented |= {e["value"]["type"] for e in media["examples"].values()}
                    elif status.startswith("2"):
                        schema = media["schema"]
                        ref = schema.get("$ref", "").rsplit("/", 1)[-1]
                        component = document["components"]["schemas"].get(ref, schema)
                        assert component.get("examples") or media.get("examples"), status
    assert documented == {f"urn:cityprize:problem:{kind}" for kind in CATALOGUE}
