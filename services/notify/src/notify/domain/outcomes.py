"""What published results mean for each submission: its category, rank, and whether it won."""

from __future__ import annotations

from dataclasses import dataclass

from contracts.events import ResultsPublished


@dataclass(frozen=True)
class SubmissionOutcome:
    submission_id: str
    category: str
    rank: int | None
    winner: bool


def outcomes(results: ResultsPublished) -> list[SubmissionOutcome]:
    """Every ranked or winning submission once; a winner not in the ranking still wins."""
    found: dict[str, SubmissionOutcome] = {}
    for category, ranked in results.rankings.items():
        winners = set(results.winners.get(category, ()))
        for entry in ranked:
            found[entry.submission_id] = SubmissionOutcome(
                entry.submission_id, category, entry.rank, entry.submission_id in winners
            )
    for category, winners_of in results.winners.items():
        for submission_id in winners_of:
            if submission_id not in found:
                found[submission_id] = SubmissionOutcome(submission_id, category, None, True)
    return sorted(found.values(), key=lambda o: (o.category, o.rank or 0, o.submission_id))
