"""Spans as a tree of lines: service, span, duration, status. No I/O here."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

SUBMISSION: Final = "cityprize.submission_id"


@dataclass(frozen=True)
class SpanRow:
    trace_id: str
    span_id: str
    parent_id: str | None
    service: str
    name: str
    start: datetime
    end: datetime
    status: str
    attributes: Mapping[str, Any]
    links: tuple[str, ...] = ()
    """Trace ids this span links to (the cause of deferred work)."""

    @property
    def milliseconds(self) -> float:
        return (self.end - self.start).total_seconds() * 1000


def hex_id(value: str | None) -> str | None:
    """`0xabc` (the SDK's JSON) and `abc` (OTLP, Phoenix) alike, lower case, no prefix."""
    if not value:
        return None
    return value.lower().removeprefix("0x")


def by_trace(spans: Iterable[SpanRow]) -> dict[str, list[SpanRow]]:
    traces: defaultdict[str, list[SpanRow]] = defaultdict(list)
    for span in spans:
        traces[span.trace_id].append(span)
    return dict(traces)


def about(spans: Iterable[SpanRow], submission_id: str) -> set[str]:
    """The trace ids where a span carries the submission id."""
    return {s.trace_id for s in spans if s.attributes.get(SUBMISSION) == submission_id}


def roots(spans: list[SpanRow]) -> list[SpanRow]:
    """Spans whose parent is not in the trace (the root, or one whose parent was not kept)."""
    ids = {s.span_id for s in spans}
    return sorted((s for s in spans if s.parent_id not in ids), key=lambda s: s.start)


def started_by(spans: list[SpanRow], submission_id: str) -> bool:
    """A trace about the submission from its first span (an upload, a judge's scoring)."""
    return any(r.attributes.get(SUBMISSION) == submission_id for r in roots(spans))


def render(spans: list[SpanRow]) -> list[str]:
    """One line per span, children indented under their parent, in start order."""
    children: defaultdict[str | None, list[SpanRow]] = defaultdict(list)
    for span in spans:
        children[span.parent_id].append(span)
    lines: list[str] = []

    def walk(span: SpanRow, depth: int) -> None:
        links = f"  links to {', '.join(span.links)}" if span.links else ""
        lines.append(
            f"{'  ' * depth}{span.service:<8} {span.name}  "
            f"{span.milliseconds:.1f} ms  {span.status}{links}"
        )
        for child in sorted(children[span.span_id], key=lambda s: s.start):
            walk(child, depth + 1)

    for root in roots(spans):
        walk(root, 0)
    return lines
