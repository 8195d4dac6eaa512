"""The slowest traces to a given span, each laid out span by span, from JSON-lines span files.

    BENCH_TRACES=1 BENCH_E2E_PHASES=contests python -m tests.bench end_to_end
    python -m tests.bench.slow_traces var/bench/traces-contests \
        "prize.submission.received process" notify

For every trace holding a span of that name from that service, the time from the trace's
first span's start to that span's end; prints the distribution (p50, p99, max) and the slowest
traces' spans in order of start (offset from the trace's start, duration, service, name), so
a stall shows as the gap it is: before a consumer took the message, or inside a step.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

Span = dict[str, Any]
SHOWN = 8


def spans_by_trace(folder: Path) -> dict[str, list[Span]]:
    traces: dict[str, list[Span]] = defaultdict(list)
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(errors="replace").splitlines():
            span = json.loads(line)
            span["_start"] = _seconds(span["start_time"])
            span["_end"] = _seconds(span["end_time"])
            span["_service"] = span["resource"]["attributes"].get("service.name", "?")
            traces[span["context"]["trace_id"]].append(span)
    return traces


def _seconds(stamp: str) -> float:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


def to_span(traces: dict[str, list[Span]], name: str, service: str) -> list[tuple[float, str]]:
    """(ms from the trace's first span to the named span's end, trace id), slowest first."""
    found = []
    for trace_id, spans in traces.items():
        ends = [s["_end"] for s in spans if s["name"] == name and s["_service"] == service]
        if ends:
            found.append((1000 * (min(ends) - min(s["_start"] for s in spans)), trace_id))
    return sorted(found, reverse=True)


def laid_out(spans: list[Span]) -> list[str]:
    origin = min(s["_start"] for s in spans)
    return [
        f"  {1000 * (s['_start'] - origin):8.1f} ms  {1000 * (s['_end'] - s['_start']):7.1f} ms"
        f"  {s['_service']:<8} {s['name']}"
        for s in sorted(spans, key=lambda s: s["_start"])
    ]


def main(folder: str, name: str, service: str) -> int:
    traces = spans_by_trace(Path(folder))
    found = to_span(traces, name, service)
    if not found:
        print(f"no trace holds {name!r} from {service}")
        return 1
    times = sorted(ms for ms, _ in found)
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
    print(
        f"{len(times)} traces to {service} {name!r}: p50 {statistics.median(times):.1f} ms, "
        f"p99 {p99:.1f} ms, max {times[-1]:.1f} ms"
    )
    for ms, trace_id in found[:SHOWN]:
        print(f"trace {trace_id}: {ms:.1f} ms")
        print("\n".join(laid_out(traces[trace_id])))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
