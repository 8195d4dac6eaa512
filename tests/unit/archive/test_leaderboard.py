"""The leaderboard as of a moment: provisional from scores, then the published ranking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from archive.domain.results import leaderboard
from contracts.envelope import Contact, Event
from contracts.events import (
    RankedSubmission,
    ResultsPublished,
    ReviewScored,
    ReviewUnassigned,
    SubmissionReceived,
)

T0 = datetime(2027, 5, 1, tzinfo=UTC)


def received(sid: str, minute: int) -> SubmissionReceived:
    return SubmissionReceived(
        contest_id="c",
        occurred_at=T0 + timedelta(minutes=minute),
        submission_id=sid,
        version=1,
        applicant_id=f"a-{sid}",
        applicant_type="city_government",
        category="tech-innovacity",
        sectors=(),
        title=sid,
        city="x",
        country="KR",
        contact=Contact(name="n", email="n@x.org"),
        files=(),
        manifest_key="m",
        application={},
    )


def scored(sid: str, score: float, minute: int, revision: int = 1) -> ReviewScored:
    return ReviewScored(
        contest_id="c",
        occurred_at=T0 + timedelta(minutes=minute),
        round="panel",
        assignment_id=f"{sid}-j",
        judge_id="j",
        submission_id=sid,
        submission_version=1,
        scores={"impact": score},
        revision=revision,
    )


def story() -> list[Event]:
    return [
        received("a", 0),
        received("b", 1),
        scored("a", 9, 2),
        scored("b", 5, 3),
        scored("a", 2, 4, revision=2),  # a judge lowers a score: only the latest revision counts
        ResultsPublished(
            contest_id="c",
            occurred_at=T0 + timedelta(minutes=10),
            round="panel",
            rankings={
                "tech-innovacity": (
                    RankedSubmission(submission_id="b", rank=1, raw_score=5, normalised_score=1),
                    RankedSubmission(submission_id="a", rank=2, raw_score=2, normalised_score=-1),
                )
            },
            winners={"tech-innovacity": ("b",)},
            method="mean",
        ),
    ]


def order(board: dict[str, Any], round_slug: str = "panel") -> list[str]:
    return [r["submission_id"] for r in board["rounds"][round_slug]["rankings"]["tech-innovacity"]]


def test_before_any_score_there_is_no_leaderboard():
    assert leaderboard(story(), T0 + timedelta(minutes=1))["rounds"] == {}


def test_the_provisional_leaderboard_follows_the_scores_known_at_that_moment():
    assert order(leaderboard(story(), T0 + timedelta(minutes=3))) == ["a", "b"]
    later = leaderboard(story(), T0 + timedelta(minutes=5))
    assert later["rounds"]["panel"]["source"] == "provisional"
    assert order(later) == ["b", "a"]


def test_from_publication_on_the_leaderboard_is_the_published_ranking():
    published = story()[-1]
    assert isinstance(published, ResultsPublished)
    board = leaderboard(story(), published.occurred_at)
    assert board["rounds"]["panel"]["source"] == "published"
    assert board["rounds"]["panel"]["rankings"] == published.model_dump(mode="json")["rankings"]


def provisional(events: list[Event]) -> list[tuple[str, int]]:
    board = leaderboard(events, T0 + timedelta(minutes=9))
    ranked = board["rounds"]["panel"]["rankings"]["tech-innovacity"]
    return [(r["submission_id"], r["rank"]) for r in ranked]


def test_equal_provisional_scores_share_a_rank_and_the_next_keeps_its_place():
    events: list[Event] = [received(s, 0) for s in "abcd"]
    events += [scored("a", 7, 1), scored("b", 9, 1), scored("c", 7, 1), scored("d", 7, 1)]
    assert provisional(events) == [("b", 1), ("a", 2), ("c", 2), ("d", 2)]


def test_a_superseded_review_no_longer_counts_on_the_provisional_board():
    superseded = ReviewUnassigned(
        contest_id="c",
        occurred_at=T0 + timedelta(minutes=3),
        round="panel",
        assignment_id="a-j",
        judge_id="j",
        submission_id="a",
        reason="superseded by version 2",
    )
    events: list[Event] = [received("a", 0), received("b", 0), scored("a", 9, 1), scored("b", 5, 1)]
    assert provisional([*events, superseded]) == [("b", 1)]
