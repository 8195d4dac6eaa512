"""Published results, read per submission."""

from __future__ import annotations

from contracts.events import RankedSubmission, ResultsPublished
from notify.domain.results import SubmissionOutcome, ordinal, outcomes


def ranked(submission_id: str, rank: int) -> RankedSubmission:
    return RankedSubmission(
        submission_id=submission_id, rank=rank, raw_score=1.0, normalised_score=0.0
    )


def test_each_submission_has_its_own_outcome_and_winners_are_marked():
    results = ResultsPublished(
        contest_id="prize",
        round="committee",
        rankings={"tech": (ranked("s-1", 1), ranked("s-2", 2)), "human": (ranked("s-3", 1),)},
        winners={"tech": ("s-1",), "mentions": ("s-9",)},
        method="z-score",
    )

    assert outcomes(results) == [
        SubmissionOutcome("s-3", "human", 1, winner=False),
        SubmissionOutcome("s-9", "mentions", None, winner=True),
        SubmissionOutcome("s-1", "tech", 1, winner=True),
        SubmissionOutcome("s-2", "tech", 2, winner=False),
    ]


def test_submissions_sharing_a_rank_are_tied_and_the_next_keeps_its_place():
    results = ResultsPublished(
        contest_id="prize",
        round="committee",
        rankings={"tech": (ranked("s-1", 1), ranked("s-2", 1), ranked("s-3", 1), ranked("s-4", 4))},
        winners={},
        method="normalised",
    )

    assert [(o.rank, o.tied) for o in outcomes(results)] == [
        (1, True),
        (1, True),
        (1, True),
        (4, False),
    ]


def test_english_ordinals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111, 112, 123)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th",
        "112th", "123rd",
    ]  # fmt: skip
