"""Staff commands are spans whose context travels to the services in NATS headers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import typer
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from typer.testing import CliRunner

from cityprize import bus, tracing
from contracts.queries import JudgePortalLink, JudgePortalLinkQuery

SUBJECT = "cityprize.query.review.judge-portal-link"


@dataclass
class Reply:
    data: bytes


@dataclass
class RecordingClient:
    """Stands in for a NATS connection: answers every request and keeps its headers."""

    headers: list[dict[str, str]] = field(default_factory=list)

    async def request(self, subject: str, data: bytes, **kwargs: Any) -> Reply:
        self.headers.append(kwargs["headers"])
        link = JudgePortalLink(url="https://judges.example/x", expires_at="2027-04-01T00:00:00Z")
        return Reply(link.model_dump_json().encode())


def recording() -> InMemorySpanExporter:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing.use(provider)
    return exporter


async def test_a_request_is_a_span_whose_traceparent_goes_with_it():
    exporter = recording()
    client = RecordingClient()
    query = JudgePortalLinkQuery(contest_id="seoul-2027", judge_id="j-7")
    await bus.request(client, SUBJECT, query, JudgePortalLink)  # type: ignore[arg-type]

    (span,) = exporter.get_finished_spans()
    assert span.name == f"{SUBJECT} request"
    assert dict(span.attributes or {})["cityprize.judge_id"] == "j-7"
    (headers,) = client.headers
    _, trace_id, span_id, _ = headers["traceparent"].split("-")
    assert (trace_id, span_id) == (
        f"{span.context.trace_id:032x}",
        f"{span.context.span_id:016x}",
    )


def test_a_staff_command_is_the_root_of_its_requests():
    exporter = recording()
    app = typer.Typer()

    @app.command()
    def assign() -> None:
        import asyncio

        async def run() -> None:
            with tracing.command_span():
                query = JudgePortalLinkQuery(contest_id="seoul-2027", judge_id="j-7")
                await bus.request(RecordingClient(), SUBJECT, query, JudgePortalLink)  # type: ignore[arg-type]

        asyncio.run(run())

    @app.command()
    def other() -> None:
        """A second command, so Typer keeps `assign` as a named subcommand."""

    result = CliRunner().invoke(app, ["assign"])
    assert result.exit_code == 0, result.output
    spans = {span.name: span for span in exporter.get_finished_spans()}
    command = next(s for name, s in spans.items() if name.endswith("assign"))
    request = spans[f"{SUBJECT} request"]
    assert request.parent is not None
    assert request.parent.span_id == command.context.span_id
    assert command.parent is None
