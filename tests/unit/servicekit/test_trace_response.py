"""Every answer of an API names its trace (`traceresponse`) and its span names the submission."""

from __future__ import annotations

import re

import httpx
from fastapi import Depends, FastAPI
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from servicekit.attribution import attribute
from servicekit.http_tracing import TraceResponse, attribute_path

TRACERESPONSE = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


def traced_app() -> tuple[FastAPI, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    app = FastAPI(dependencies=[Depends(attribute_path)])
    app.add_middleware(TraceResponse)

    @app.get("/v1/contests/{contest_id}/submissions/{submission_id}")
    async def status(contest_id: str, submission_id: str) -> dict[str, str]:
        return {"submission_id": submission_id}

    @app.post("/v1/contests/{contest_id}/submissions", status_code=201)
    async def submit(contest_id: str) -> dict[str, str]:
        attribute(submission_id="s-new")
        return {"submission_id": "s-new"}

    FastAPIInstrumentor.instrument_app(
        app, tracer_provider=provider, exclude_spans=["receive", "send"]
    )
    return app, exporter


async def test_a_201_names_the_trace_that_holds_the_new_submission():
    app, exporter = traced_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        answer = await c.post("/v1/contests/c-1/submissions")
    assert answer.status_code == 201
    match = TRACERESPONSE.match(answer.headers["traceresponse"])
    assert match is not None
    (server,) = exporter.get_finished_spans()
    assert match.group(1) == format(server.context.trace_id, "032x")
    assert match.group(2) == format(server.context.span_id, "016x")
    attributes = dict(server.attributes or {})
    assert attributes["cityprize.contest_id"] == "c-1"
    assert attributes["cityprize.submission_id"] == "s-new"


async def test_a_read_of_a_submission_is_found_by_the_submission_in_its_path():
    app, exporter = traced_app()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url="http://t") as c:
        answer = await c.get("/v1/contests/c-1/submissions/s-7")
    assert answer.status_code == 200
    assert TRACERESPONSE.match(answer.headers["traceresponse"])
    (server,) = exporter.get_finished_spans()
    assert dict(server.attributes or {})["cityprize.submission_id"] == "s-7"
