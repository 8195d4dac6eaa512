"""`cityprize trace` prints a submission's trace as a tree: service, span, duration, status."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cityprize.cli import app

TRACE = "0x" + "a" * 32
OTHER = "0x" + "b" * 32


def span(
    name: str,
    service: str,
    span_id: str,
    parent: str | None,
    start: int,
    *,
    trace_id: str = TRACE,
    submission: str | None = None,
    status: str = "UNSET",
) -> str:
    attributes = {"cityprize.submission_id": submission} if submission else {}
    return json.dumps(
        {
            "name": name,
            "context": {"trace_id": trace_id, "span_id": "0x" + span_id * 16},
            "parent_id": "0x" + parent * 16 if parent else None,
            "start_time": f"2026-11-29T10:00:0{start}.000000Z",
            "end_time": f"2026-11-29T10:00:0{start}.250000Z",
            "status": {"status_code": status},
            "attributes": attributes,
            "links": [],
            "resource": {"attributes": {"service.name": service}},
        }
    )


def write_traces(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "intake.jsonl").write_text(
        span("POST /v1/contests/{contest_id}/submissions", "intake", "1", None, 0, submission="s-1")
        + "\n"
    )
    (folder / "review.jsonl").write_text(
        span("prize.submission.received process", "review", "2", "1", 1, submission="s-1")
        + "\n"
        + span("cityprize.review.round.assign reply", "review", "3", None, 5, trace_id=OTHER)
        + "\n"
        + span(
            "prize.review.assigned publish", "review", "4", "3", 6, trace_id=OTHER, submission="s-1"
        )
        + "\n"
    )
    (folder / "notify.jsonl").write_text(
        span("send receipt", "notify", "5", "2", 2, submission="s-1", status="ERROR") + "\n"
    )


def test_a_submissions_upload_trace_prints_as_a_tree_with_service_duration_and_status(
    tmp_path: Path,
):
    write_traces(tmp_path / "traces")
    result = CliRunner().invoke(app, ["trace", "s-1", "--var", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"trace {'a' * 32}")
    assert lines[1].startswith("intake   POST /v1/contests/{contest_id}/submissions  250.0 ms")
    assert lines[2].startswith("  review   prize.submission.received process  250.0 ms  UNSET")
    assert lines[3].startswith("    notify   send receipt  250.0 ms  ERROR")
    assert f"also in trace {'b' * 32}: cityprize.review.round.assign reply" in result.output


def test_an_unknown_submission_has_no_trace(tmp_path: Path):
    write_traces(tmp_path / "traces")
    result = CliRunner().invoke(app, ["trace", "s-404", "--var", str(tmp_path)])
    assert result.exit_code == 1
    assert "no trace carries cityprize.submission_id=s-404" in result.output
