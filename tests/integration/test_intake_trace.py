"""An applicant's `201` names its trace, and that trace is found by the new submission's id."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from contracts.contest import Contest
from servicekit.embedded import S3Server
from tests.support.intake import Harness, application, harness, open_contest, pdf, settings_for

EXPORTER = InMemorySpanExporter()


@pytest.fixture
async def intake(
    nats_url: str, s3_server: S3Server, s3_bucket: str, seoul_contest: Contest
) -> AsyncIterator[Harness]:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(EXPORTER))
    settings = settings_for(nats_url, s3_server, s3_bucket)
    async with harness(settings, open_contest(seoul_contest), tracer_provider=provider) as running:
        yield running


async def test_an_upload_answers_with_its_trace_and_every_span_of_it_names_the_submission(
    intake: Harness,
):
    key = await intake.applicant()
    EXPORTER.clear()
    response = await intake.send(
        key.api_key, application(), [("files", "overview.pdf", pdf(20_000), "application/pdf")]
    )
    assert response.status_code == 201, response.text
    submission_id = response.json()["submission_id"]
    version, trace_id, span_id, _flags = response.headers["traceresponse"].split("-")
    assert version == "00"

    in_trace = [
        s for s in EXPORTER.get_finished_spans() if f"{s.context.trace_id:032x}" == trace_id
    ]
    (request,) = [s for s in in_trace if f"{s.context.span_id:016x}" == span_id]
    assert request.name == "POST /v1/contests/{contest_id}/submissions"
    for span in in_trace:
        assert dict(span.attributes or {}).get("cityprize.submission_id") == submission_id, (
            span.name
        )
    assert any(s.name == "prize.submission.received publish" for s in in_trace)
    assert key.api_key not in str([dict(s.attributes or {}) for s in in_trace])
