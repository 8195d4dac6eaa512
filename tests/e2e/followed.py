"""What staff see when they follow a contest's work by its traces (issue 21), checked from the
platform's trace and log files after a run."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from cityprize.demo.report import leaks
from cityprize.traces.files import read_folder
from cityprize.traces.tree import SpanRow, about, by_trace, roots, started_by

FOUR = {"intake", "review", "notify", "archive"}
COMMIT = "cityprize.command.review.round-commit request"
EMAIL = "notify assignment email"


def upload_trace(traces: dict[str, list[SpanRow]], submission_id: str) -> list[SpanRow]:
    """The one trace that starts with the submission's upload, found by its id alone."""
    found = [
        traces[t]
        for t in about((s for rows in traces.values() for s in rows), submission_id)
        if started_by(traces[t], submission_id)
        and roots(traces[t])[0].name == "POST /v1/contests/{contest_id}/submissions"
    ]
    assert len(found) == 1, f"{submission_id}: {len(found)} upload traces"
    return found[0]


def check_every_upload_is_one_trace_through_four_services(
    traces_folder: Path, submission_ids: Iterable[str]
) -> None:
    traces = by_trace(read_folder(traces_folder))
    for submission_id in submission_ids:
        rows = upload_trace(traces, submission_id)
        assert {s.service for s in rows} >= FOUR, (submission_id, {s.service for s in rows})
        (request,) = [s for s in rows if s.parent_id is None]
        assert request.attributes["http.method"] == "POST"
        assert request.attributes["cityprize.submission_id"] == submission_id
        assert not [s.name for s in rows if s.name.startswith("_INBOX")]


def check_the_commit_is_linked_from_every_assignment_email(
    traces_folder: Path, assignment_emails: int
) -> None:
    spans = list(read_folder(traces_folder))
    (commit,) = [s for s in spans if s.name == COMMIT]
    emails = [s for s in spans if s.name == EMAIL and s.status != "ERROR"]
    assert len(emails) == assignment_emails
    assert all(s.links == (commit.trace_id,) for s in emails), [s.links for s in emails]
    assert len({s.trace_id for s in emails}) == assignment_emails
    sent_in = defaultdict(set)
    for span in spans:
        if span.name == "prize.notification.sent publish":
            sent_in[span.trace_id].add(span.name)
    assert all(sent_in[s.trace_id] for s in emails), "an assignment email's trace sent nothing"


def check_no_secret_in_spans_or_logs(var: Path, secrets: list[str]) -> None:
    """The real values handed out in the run, searched for in every trace and log file."""
    assert [s for s in secrets if s]
    assert list((var / "traces").glob("*.jsonl"))
    assert list((var / "logs").glob("*.log"))
    assert leaks(var, secrets) == []


def log_lines_about(var: Path, submission_id: str) -> int:
    """How many JSON log lines of the services name the submission."""
    count = 0
    for path in (var / "logs").glob("*.log"):
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("{") and json.loads(line).get("cityprize.submission_id") == (
                submission_id
            ):
                count += 1
    return count


def emails_of(mail: Path, template: str) -> int:
    return sum(
        f"X-Cityprize-Template: {template}" in path.read_text(errors="replace")
        for path in mail.glob("*.eml")
    )
