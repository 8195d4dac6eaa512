"""Work about a submission says so on every span and log line; replies say what they answer."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pydantic import BaseModel

from contracts.events import ReviewAssigned, SubmissionScreened
from servicekit.attribution import about, ids_in, ids_in_json
from servicekit.broker_spans import ids_of_body, reply_name
from servicekit.links import current_traceparent, linked_root_span
from servicekit.logs import JsonFormatter
from servicekit.telemetry import attach_ids


def recording() -> tuple[TracerProvider, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    attach_ids(provider)
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider, exporter


def test_ids_are_read_from_an_event_body_and_nothing_else_is():
    body = {"contest_id": "c-1", "submission_id": "s-1", "api_key": "k", "judge_id": 7}
    assert ids_in(body) == {"cityprize.contest_id": "c-1", "cityprize.submission_id": "s-1"}
    assert ids_in_json(b"not json") == {}
    assert ids_in_json(json.dumps(body).encode())["cityprize.submission_id"] == "s-1"


def test_each_body_gives_its_own_ids_however_often_and_in_whatever_order_it_is_read(
    monkeypatch,
):
    first = json.dumps({"contest_id": "c-1", "submission_id": "s-1"}).encode()
    second = json.dumps({"contest_id": "c-1", "submission_id": "s-2"}).encode()
    parsed: list[bytes] = []
    loads = json.loads

    def counted(data: bytes) -> Any:
        parsed.append(data)
        return loads(data)

    monkeypatch.setattr(json, "loads", counted)

    read = [ids_in_json(body)["cityprize.submission_id"] for body in (first, first, second)]
    read += [ids_in_json(first)["cityprize.submission_id"], ids_in_json(b"[]").get("x", "none")]
    ids_in_json(first).clear()  # a caller's copy: changing it changes no later answer

    assert read == ["s-1", "s-1", "s-2", "s-1", "none"]
    assert ids_in_json(first)["cityprize.submission_id"] == "s-1"
    assert parsed == [first, second, first, b"[]", first]  # twice in a row: parsed once


def test_every_span_started_during_work_about_a_submission_carries_its_ids():
    provider, exporter = recording()
    tracer = provider.get_tracer("test")
    with (
        about({"cityprize.contest_id": "c-1", "cityprize.submission_id": "s-1"}),
        tracer.start_as_current_span("prize.submission.received process"),
        tracer.start_as_current_span("store the record"),
    ):
        pass
    with tracer.start_as_current_span("unrelated"):
        pass
    spans = {span.name: dict(span.attributes or {}) for span in exporter.get_finished_spans()}
    assert spans["store the record"]["cityprize.submission_id"] == "s-1"
    assert spans["prize.submission.received process"]["cityprize.contest_id"] == "c-1"
    assert "cityprize.submission_id" not in spans["unrelated"]


def test_a_log_line_during_work_about_a_submission_carries_its_ids():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("review"))
    logger = logging.getLogger("test.attribution")
    logger.handlers[:] = [handler]
    logger.propagate = False
    with about({"cityprize.submission_id": "s-9"}):
        logger.warning("screened")
    assert json.loads(stream.getvalue())["cityprize.submission_id"] == "s-9"


def test_a_published_event_gives_its_ids_to_the_publish_span():
    event = ReviewAssigned.model_validate(
        {
            "contest_id": "c-1",
            "assignment_id": "a-1",
            "batch_id": "b-1",
            "judge_id": "j-1",
            "submission_id": "s-1",
            "round": "panel",
            "submission_version": 1,
        }
    )
    assert ids_of_body(event) == {
        "cityprize.contest_id": "c-1",
        "cityprize.judge_id": "j-1",
        "cityprize.submission_id": "s-1",
    }


class _Reminder(BaseModel):
    contest_id: str
    assignment: str

    @property
    def submission_id(self) -> str:
        return self.assignment.partition("/")[2]


def test_a_published_model_gives_the_ids_it_has_as_fields_or_properties_and_no_others():
    screened = SubmissionScreened(
        contest_id="c-1", submission_id="s-1", version=1, outcome="eligible"
    )
    assert ids_of_body(screened) == {
        "cityprize.contest_id": "c-1",
        "cityprize.submission_id": "s-1",
    }
    assert ids_of_body(_Reminder(contest_id="c-2", assignment="j-1/s-2")) == {
        "cityprize.contest_id": "c-2",
        "cityprize.submission_id": "s-2",
    }


def test_a_reply_is_named_after_the_request_it_answers_not_its_random_inbox():
    assert reply_name("_INBOX.x7Yq2.abc", "cityprize.review.round.assign") == (
        "cityprize.review.round.assign reply"
    )
    assert reply_name("prize.review.assigned", "cityprize.review.round.assign") == (
        "prize.review.assigned"
    )


def test_deferred_work_is_a_new_trace_linked_to_the_work_that_planned_it():
    provider, exporter = recording()
    tracer = provider.get_tracer("test")
    with tracer.start_as_current_span("staff committed the assignment") as cause:
        planned = current_traceparent()
    with (
        linked_root_span(tracer, "notify assignment email", planned, {"cityprize.judge_id": "j"}),
        tracer.start_as_current_span("smtp send"),
    ):
        pass
    spans = {span.name: span for span in exporter.get_finished_spans()}
    email = spans["notify assignment email"]
    cause_context = cause.get_span_context()
    assert email.context.trace_id != cause_context.trace_id
    assert email.parent is None
    assert [link.context.span_id for link in email.links] == [cause_context.span_id]
    assert spans["smtp send"].context.trace_id == email.context.trace_id
    assert dict(spans["smtp send"].attributes or {})["cityprize.judge_id"] == "j"
