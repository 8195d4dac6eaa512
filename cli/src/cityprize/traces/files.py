"""Spans from the JSON-lines files of the embedded default (`var/traces/<service>.jsonl`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from cityprize.traces.tree import SpanRow, hex_id


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def row(span: dict[str, Any]) -> SpanRow:
    """One span as the SDK's `ReadableSpan.to_json` wrote it."""
    attributes = span.get("attributes") or {}
    resource = (span.get("resource") or {}).get("attributes") or {}
    links = tuple(hex_id(link["context"]["trace_id"]) or "" for link in span.get("links") or [])
    return SpanRow(
        trace_id=hex_id(span["context"]["trace_id"]) or "",
        span_id=hex_id(span["context"]["span_id"]) or "",
        parent_id=hex_id(span.get("parent_id")),
        service=str(resource.get("service.name") or attributes.get("cityprize.service") or "?"),
        name=span["name"],
        start=_time(span["start_time"]),
        end=_time(span["end_time"]),
        status=(span.get("status") or {}).get("status_code") or "UNSET",
        attributes=attributes,
        links=links,
    )


def read_folder(folder: Path) -> Iterator[SpanRow]:
    """Every span in every `*.jsonl` file of the folder; a line cut by a crash is skipped."""
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                yield row(json.loads(line))
            except (ValueError, KeyError):
                continue
