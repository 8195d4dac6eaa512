"""A judge's scores replace the sheet only over the revision the judge read, and a score
counts once on its submission, the newest revision winning."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from review.domain.documents import RuleBrokenError
from review.domain.reviews import AssignmentDoc, Draft, ScoreSheet
from review.domain.submissions import Rating, SubmissionDoc

NOW = datetime(2026, 5, 1, tzinfo=UTC)


def assignment(revision: int = 0) -> AssignmentDoc:
    return AssignmentDoc(
        contest_id="c",
        assignment_id="a-1",
        round="panel",
        judge_id="j-1",
        submission_id="s-1",
        submission_version=1,
        batch_id="b-1",
        due_at=NOW,
        revision=revision,
        draft=Draft(scores={"impact": "7"}, saved_at=NOW),
    )


def submission() -> SubmissionDoc:
    return SubmissionDoc(
        contest_id="c",
        submission_id="s-1",
        version=1,
        received_at=NOW,
        applicant_id="a",
        applicant_type="city_government",
        category="tech",
        sectors=("mobility",),
        title="Buses",
        city="Lyon",
        country="FR",
    )


def rating(revision: int, score: float) -> Rating:
    return Rating(judge_id="j-1", scores={"impact": score}, revision=revision)


def test_scoring_keeps_the_sheet_as_the_next_revision_and_clears_the_draft() -> None:
    sheet = ScoreSheet({"impact": 8.0}, "clear plan", {"impact": "strong", "budget": ""})

    scored = assignment().scored(sheet, read_revision=0)

    assert (scored.scores, scored.comment, scored.revision) == ({"impact": 8.0}, "clear plan", 1)
    assert scored.criterion_comments == {"impact": "strong"}
    assert scored.draft is None


def test_scores_saved_over_a_revision_replaced_meanwhile_are_refused() -> None:
    with pytest.raises(RuleBrokenError) as refused:
        assignment(revision=2).scored(ScoreSheet({"impact": 8.0}), read_revision=1)
    assert refused.value.kind == "score-conflict"


def test_the_same_sheet_has_the_same_fingerprint_and_another_sheet_another() -> None:
    sheet = ScoreSheet({"impact": 8.0, "budget": 6.0}, "ok")

    assert sheet.fingerprint() == ScoreSheet({"budget": 6.0, "impact": 8.0}, "ok").fingerprint()
    assert (
        sheet.fingerprint()
        == ScoreSheet({"impact": 8.0, "budget": 6.0}, "ok", {"x": ""}).fingerprint()
    )
    assert sheet.fingerprint() != ScoreSheet({"impact": 8.0, "budget": 6.0}, "ok!").fingerprint()
    assert (
        sheet.fingerprint()
        != ScoreSheet({"impact": 8.0, "budget": 6.0}, "ok", {"x": "y"}).fingerprint()
    )


def test_a_score_counts_once_by_its_event_and_only_a_newer_revision_replaces_it() -> None:
    once = submission().rated("e-1", "a-1", rating(2, 8.0))

    assert once.rated("e-1", "a-1", rating(3, 1.0)) is once
    assert once.rated("e-0", "a-1", rating(1, 1.0)).ratings["a-1"].scores == {"impact": 8.0}
    assert once.rated("e-2", "a-1", rating(3, 9.0)).ratings["a-1"].scores == {"impact": 9.0}
    assert once.handled == ("e-1",)


def test_staff_screening_decision_wins_over_the_automatic_outcome() -> None:
    screened = submission().model_copy(update={"screening": "eligible"})

    ruled = screened.overridden("ineligible", "no endorsement letter")

    assert (ruled.state, ruled.override_reason) == ("ineligible", "no endorsement letter")
    assert not ruled.eligible
