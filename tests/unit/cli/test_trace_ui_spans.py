"""Spans read back from the trace UI's REST API keep their service, ids and tree."""

from __future__ import annotations

from cityprize.traces.phoenix import flat, row
from cityprize.traces.tree import render

ANSWER = {
    "name": "prize.review.scored process",
    "context": {"trace_id": "0C4B1C59007647246749B33D3C8AF571", "span_id": "db2b11e2f4276f04"},
    "parent_id": "377d08fb91af9e0b",
    "start_time": "2026-11-29T19:11:21.806911+00:00",
    "end_time": "2026-11-29T19:11:21.817046+00:00",
    "status_code": "UNSET",
    "attributes": {
        "cityprize.service": "review",
        "cityprize": {"submission_id": "24f4f594ad754cc199c548f057bfe262"},
        "messaging.system": "nats",
    },
}


def test_nested_attributes_read_as_the_dotted_names_spans_were_given():
    assert flat({"cityprize": {"submission_id": "s"}, "a.b": 1}) == {
        "cityprize.submission_id": "s",
        "a.b": 1,
    }


def test_a_span_from_the_ui_prints_with_its_service_and_duration():
    span = row(ANSWER)
    assert span.trace_id == "0c4b1c59007647246749b33d3c8af571"
    assert span.attributes["cityprize.submission_id"] == "24f4f594ad754cc199c548f057bfe262"
    assert render([span]) == ["review   prize.review.scored process  10.1 ms  UNSET"]
