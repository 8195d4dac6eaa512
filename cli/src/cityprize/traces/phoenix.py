"""Spans from the trace UI of `cityprize up --traces` (Phoenix), through its REST API.

`GET /v1/projects/{project}/spans` filters by `attribute=key:value` and by `trace_id`; it
pages with `next_cursor`. Phoenix keeps no resource attributes, so the service comes from
the `cityprize.service` span attribute every Cityprize span carries.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any, Final

import httpx

from cityprize.traces.tree import SUBMISSION, SpanRow, hex_id

PROJECT: Final = "default"
_PAGE: Final = 1000


def flat(attributes: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """`{"cityprize": {"submission_id": ...}}` (Phoenix nests) as `cityprize.submission_id`."""
    out: dict[str, Any] = {}
    for key, value in attributes.items():
        if isinstance(value, Mapping):
            out.update(flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def row(span: Mapping[str, Any]) -> SpanRow:
    attributes = flat(span.get("attributes") or {})
    return SpanRow(
        trace_id=hex_id(span["context"]["trace_id"]) or "",
        span_id=hex_id(span["context"]["span_id"]) or "",
        parent_id=hex_id(span.get("parent_id")),
        service=str(attributes.get("cityprize.service") or "?"),
        name=span["name"],
        start=datetime.fromisoformat(span["start_time"]),
        end=datetime.fromisoformat(span["end_time"]),
        status=span.get("status_code") or "UNSET",
        attributes=attributes,
    )


def _pages(client: httpx.Client, params: list[tuple[str, str]]) -> Iterator[SpanRow]:
    cursor: str | None = None
    while True:
        query = [*params, ("limit", str(_PAGE))] + ([("cursor", cursor)] if cursor else [])
        answer = client.get(f"/v1/projects/{PROJECT}/spans", params=tuple(query))
        answer.raise_for_status()
        body = answer.json()
        yield from (row(span) for span in body["data"])
        cursor = body.get("next_cursor")
        if not cursor:
            return


def read_submission(base_url: str, submission_id: str) -> list[SpanRow]:
    """Every span of every trace where a span carries the submission id."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        marked = list(_pages(client, [("attribute", f"{SUBMISSION}:{json.dumps(submission_id)}")]))
        trace_ids = sorted({span.trace_id for span in marked})
        if not trace_ids:
            return []
        return list(_pages(client, [("trace_id", t) for t in trace_ids]))


def trace_url(base_url: str, trace_id: str) -> str:
    """The UI page of one trace: `<base>/projects/<project global id>/traces/<trace id>`."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        answer = client.get("/v1/projects")
        answer.raise_for_status()
        project = next(p["id"] for p in answer.json()["data"] if p["name"] == PROJECT)
    return f"{base_url}/projects/{project}/traces/{trace_id}"
