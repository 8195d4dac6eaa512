"""Published results, read per submission."""

from __future__ import annotations

from contracts.events import RankedSubmission, ResultsPublished
from notify.domain.outcomes import SubmissionOutcome, outcomes


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
