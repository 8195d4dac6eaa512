"""Fixtures for the contract tests: the default contest file and one example of every event."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from contracts import events as ev
from contracts.contest import Contest, load_contest
from contracts.envelope import Contact, Event, StoredFile

DEFAULT_CONTEST_FILE = Path(__file__).parents[3] / "contests" / "seoul-smart-city-prize.yaml"
CONTEST_ID = "seoul-smart-city-prize-2027"
SHA = "ab" * 32


@pytest.fixture
def default_contest() -> Contest:
    return load_contest(DEFAULT_CONTEST_FILE)


@pytest.fixture
def contest_data() -> dict[str, Any]:
    """The default contest file as plain data, fresh for each test to edit."""
    data: dict[str, Any] = yaml.safe_load(DEFAULT_CONTEST_FILE.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def write_contest(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    def write(data: dict[str, Any]) -> Path:
        path = tmp_path / "edited-contest.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        return path

    return write


def _examples(contest: Contest) -> dict[type[Event], Event]:
    at = datetime(2027, 4, 1, 3, 0, tzinfo=UTC)
    common: dict[str, Any] = {"contest_id": CONTEST_ID, "occurred_at": at}
    contact = Contact(name="Min-ji Kim", email="minji@example.org", language="ko")
    stored = StoredFile(
        name="plan.pdf", size=1024, sha256=SHA, content_type="application/pdf", object_key="k/1"
    )
    version: dict[str, Any] = {
        "submission_id": "sub-1",
        "version": 1,
        "applicant_id": "app-1",
        "applicant_type": "city_government",
        "category": "tech-innovacity",
        "sectors": ("mobility",),
        "title": "Night buses on demand",
        "city": "Seoul",
        "country": "KR",
        "contact": contact,
        "files": (stored,),
        "manifest_key": "manifests/sub-1/1.json",
        "application": {"summary": "Buses that come when called.", "partners": []},
    }
    review: dict[str, Any] = {"round": "panel", "judge_id": "j-1", "submission_id": "sub-1"}
    ranked = ev.RankedSubmission(
        submission_id="sub-1", rank=1, raw_score=8.5, normalised_score=1.2, peer_group="high"
    )
    notice: dict[str, Any] = {"cause_event_id": "e-1", "template": "receipt", "attempts": 2}
    examples: list[Event] = [
        ev.ContestConfigured(**common, contest=contest, revision=1),
        ev.ApplicantRegistered(
            **common,
            applicant_id="app-1",
            applicant_type="city_government",
            name="Seoul Metropolitan Government",
            city="Seoul",
            country="KR",
            contact=contact,
        ),
        ev.SubmissionReceived(**common, **version),
        ev.SubmissionAmended(**common, **{**version, "version": 2}),
        ev.SubmissionScreened(
            **common, submission_id="sub-1", version=1, outcome="eligible", reasons=("ok",)
        ),
        ev.ScreeningOverridden(
            **common, submission_id="sub-1", outcome="eligible", reason="late fax", decided_by="s"
        ),
        ev.JudgeRegistered(
            **common, judge_id="j-1", name="Ana Lima", country="BR", contact=contact
        ),
        ev.JudgeLinkRequested(**common, judge_id="j-1"),
        ev.ConflictRecorded(
            **common,
            judge_id="j-1",
            submission_id="sub-1",
            conflicted=True,
            source="rule",
            reason="same country",
        ),
        ev.RoundStarted(**common, round="panel", due_at=at),
        ev.RoundClosed(**common, round="panel"),
        ev.JudgeWithdrawn(**common, judge_id="j-1", reason="illness", decided_by="staff-1"),
        ev.AssignmentCommitted(
            **common,
            round="panel",
            batch_id="b-1",
            proposal_id="p-1",
            pairs=(("j-1", "sub-1"),),
            input_hash="0" * 64,
            proofs={"main": {"solver": "ortools-min-cost-flow", "seed": 7}},
            due_at=at,
        ),
        ev.ReviewAssigned(
            **common, **review, assignment_id="a-1", submission_version=1, batch_id="b-1"
        ),
        ev.ReviewUnassigned(**common, **review, assignment_id="a-1", reason="conflict found"),
        ev.ReviewScored(
            **common,
            **review,
            assignment_id="a-1",
            submission_version=1,
            scores={"value-generation": 7.0},
            revision=1,
            files_seen=(SHA,),
        ),
        ev.FinalistsSelected(**common, round="panel", finalists={"tech-innovacity": ("sub-1",)}),
        ev.ResultsPublished(
            **common,
            round="committee",
            rankings={"tech-innovacity": (ranked,)},
            winners={"tech-innovacity": ("sub-1",)},
            method="z-score",
        ),
        ev.NotificationSent(**common, **notice, recipient_id="app-1", message_id="<m@x>"),
        ev.NotificationFailed(**common, **notice, recipient_id="app-1", reason="mailbox full"),
    ]
    return {type(event): event for event in examples}


@pytest.fixture
def example_events(default_contest: Contest) -> dict[type[Event], Event]:
    """One realistic instance of every event type in `ALL_EVENT_TYPES`."""
    return _examples(default_contest)
