from __future__ import annotations

import io
import json
import logging
from decimal import Decimal

from opentelemetry.sdk.trace import TracerProvider

from servicekit.logs import EmptyFetchIsNotAnError, JsonFormatter, current_event_id


def capture(logger_name: str) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("review"))
    logger = logging.getLogger(logger_name)
    logger.handlers[:] = [handler]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_a_log_line_inside_a_span_carries_the_trace_id_and_the_event_being_handled():
    logger, stream = capture("test.json-logs.traced")
    tracer = TracerProvider().get_tracer("test")
    token = current_event_id.set("evt-42")
    try:
        with tracer.start_as_current_span("screen_submission") as span:
            logger.info("screened", extra={"outcome": "eligible"})
            expected_trace = format(span.get_span_context().trace_id, "032x")
    finally:
        current_event_id.reset(token)

    line = json.loads(stream.getvalue())
    assert line["trace_id"] == expected_trace
    assert line["event_id"] == "evt-42"
    assert line["service"] == "review"
    assert line["message"] == "screened"
    assert line["outcome"] == "eligible"


def test_a_log_line_outside_any_span_or_event_has_neither_id():
    logger, stream = capture("test.json-logs.plain")
    logger.warning("starting")
    line = json.loads(stream.getvalue())
    assert line["level"] == "WARNING"
    assert "trace_id" not in line
    assert "event_id" not in line


def test_a_log_line_keeps_korean_as_written_and_a_value_json_lacks_as_its_text():
    logger, stream = capture("test.json-logs.values")
    logger.info("접수됨", extra={"version": Decimal("1.5"), "city": "서울"})
    raw = stream.getvalue()
    assert "서울" in raw  # not \uc11c\uc6b8: the lines are read by people too
    line = json.loads(raw)
    assert (line["message"], line["version"], line["city"]) == ("접수됨", "1.5", "서울")


def _supervisor_error(logger: logging.Logger, error: BaseException) -> None:
    try:
        raise error
    except BaseException:
        logger.exception("Task-11 raised an exception, retrying...\nplease consider opening issue")


def test_an_empty_pulls_bare_timeout_is_info_but_any_other_task_failure_stays_an_error():
    logger, stream = capture("test.json-logs.supervisor")
    logger.handlers[0].addFilter(EmptyFetchIsNotAnError())

    _supervisor_error(logger, TimeoutError())
    _supervisor_error(logger, ConnectionResetError("broker gone"))

    empty_pull, failure = (json.loads(line) for line in stream.getvalue().splitlines())
    assert empty_pull["level"] == "INFO"
    assert "exception" not in empty_pull
    assert failure["level"] == "ERROR"
    assert "ConnectionResetError" in failure["exception"]
